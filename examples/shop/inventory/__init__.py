"""Stock per warehouse: the app whose migrations show each risk the unsafe-migration rule reports."""

"""The shop on PostgreSQL: the settings, with the database from UNTANGLE_DATABASE_URL (postgresql://user@host:port/name)."""
import os
from urllib.parse import urlparse

from .settings import *  # noqa: F401,F403

_url = urlparse(os.environ["UNTANGLE_DATABASE_URL"])
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": _url.path.lstrip("/"),
        "USER": _url.username or "",
        "PASSWORD": _url.password or "",
        "HOST": _url.hostname or "",
        "PORT": str(_url.port or ""),
    }
}

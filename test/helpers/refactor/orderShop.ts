/**
 * A small shop that runs without Django: `Order.objects` is an in-memory stand-in, so a script can
 * call its views before and after a fix and compare what they return. Its `checkout` view has
 * logic to move into a controller; tests add their own views after it.
 */
export const ORDER_SHOP = `
  #- shop/__init__.py
  #- shop/models.py
  class _Manager:
      def __init__(self):
          self.rows = []

      def create(self, **fields):
          row = dict(fields, pk=len(self.rows) + 1)
          self.rows.append(row)
          return row

      def filter(self, **fields):
          return [r for r in self.rows if all(r.get(k) == v for k, v in fields.items())]


  class Order:
      objects = _Manager()
  #- shop/views.py
  from .models import Order


  def checkout(request):
      customer = request["customer"]
      for line in request["lines"]:
          Order.objects.create(customer=customer, sku=line["sku"], qty=line["qty"])
      placed = Order.objects.filter(customer=customer)
      total = 0
      for order in placed:
          if order["qty"] > 10:
              total += order["qty"] * 9
          else:
              total += order["qty"] * 10
      Order.objects.create(customer=customer, sku="receipt", qty=0)
      Order.objects.filter(sku="receipt")
      return {"customer": customer, "total": total}
`;

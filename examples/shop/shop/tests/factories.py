"""Small builders for the tests: one place that knows how to make a valid object."""
from decimal import Decimal

from shop.models import Address, Category, Coupon, Customer, Order, OrderItem, Product, ShippingRate


def make_customer(name="Ada", email=None, **fields):
    return Customer.objects.create(name=name, email=email or f"{name.lower()}@example.com", **fields)


def make_category(name="Books", parent=None):
    return Category.objects.create(name=name, parent=parent)


def make_product(sku="BOOK-1", price="10.00", stock=10, category=None, **fields):
    fields.setdefault("name", f"Product {sku}")
    return Product.objects.create(sku=sku, price=Decimal(price), stock=stock, category=category or make_category(name=f"Category {sku}"), **fields)


def make_address(customer, country="FR", **fields):
    fields.setdefault("line1", "1 rue de la Paix")
    fields.setdefault("city", "Paris")
    fields.setdefault("postcode", "75002")
    return Address.objects.create(customer=customer, country=country, **fields)


def make_order(customer, items=(), status="new", **fields):
    order = Order.objects.create(customer=customer, status=status, **fields)
    for product, quantity in items:
        OrderItem.objects.create(order=order, product=product, quantity=quantity, unit_price=product.price)
    order.recalculate()
    return order


def make_coupon(code="SAVE10", percent_off=10, **fields):
    return Coupon.objects.create(code=code, percent_off=percent_off, **fields)


def make_rates():
    ShippingRate.objects.create(country="FR", max_weight_grams=2000, price=Decimal("4.90"))
    ShippingRate.objects.create(country="FR", max_weight_grams=10000, price=Decimal("9.90"))
    ShippingRate.objects.create(country="*", max_weight_grams=10000, price=Decimal("19.90"))

import json
from decimal import Decimal

from django.core import mail
from django.test import TestCase

from shop.models import Address, Cart, Order

from .factories import make_coupon, make_customer, make_product, make_rates

ADDRESS = {"line1": "1 rue de la Paix", "city": "Paris", "postcode": "75002", "country": "fr"}


class CheckoutTests(TestCase):
    def setUp(self):
        make_rates()
        self.customer = make_customer()
        self.book = make_product(sku="BOOK-1", price="10.00", stock=5)
        self.pen = make_product(sku="PEN-1", price="2.50", stock=100)

    def post(self, **payload):
        body = {"customer_id": self.customer.pk, "address": ADDRESS, "items": [{"product_id": self.book.pk, "quantity": 2}]}
        body.update(payload)
        return self.client.post("/checkout/", json.dumps(body), content_type="application/json")

    def test_places_the_order_reserves_stock_and_mails(self):
        response = self.post()
        self.assertEqual(response.status_code, 201, response.content)
        order = Order.objects.get(pk=response.json()["order"])
        self.assertEqual(order.subtotal, Decimal("20.00"))
        self.assertEqual(order.shipping_cost, Decimal("4.90"))
        self.assertEqual(order.total, Decimal("28.90"))
        self.book.refresh_from_db()
        self.assertEqual(self.book.stock, 3)
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("28.90", mail.outbox[0].body)
        self.assertEqual(order.shipping_address.country, "FR")

    def test_free_shipping_above_the_threshold(self):
        response = self.post(items=[{"product_id": self.pen.pk, "quantity": 24}])
        self.assertEqual(response.json()["shipping"], "0.00")
        self.assertEqual(response.json()["total"], "72.00")

    def test_coupon_discount_and_use(self):
        coupon = make_coupon(percent_off=50)
        response = self.post(coupon="save10")
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["discount"], "10.00")
        coupon.refresh_from_db()
        self.assertEqual(coupon.used_count, 1)

    def test_vip_only_coupon_is_refused(self):
        make_coupon(code="VIP", vip_only=True)
        response = self.post(coupon="VIP")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Order.objects.count(), 0)

    def test_address_is_validated(self):
        response = self.post(address={"line1": "", "city": "Paris", "postcode": "75-002", "country": "FRA"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.json()["errors"],
            {"line1": "This field is required.", "country": "Use a two-letter country code.", "postcode": "Letters and digits only."},
        )
        self.assertEqual(Address.objects.count(), 0)

    def test_not_enough_stock(self):
        response = self.post(items=[{"product_id": self.book.pk, "quantity": 6}])
        self.assertEqual(response.status_code, 409)
        self.assertIn("only 5 left", response.json()["error"])

    def test_unknown_product_and_empty_cart(self):
        self.assertEqual(self.post(items=[{"product_id": 999}]).status_code, 400)
        self.assertEqual(self.post(items=[]).status_code, 400)
        self.assertEqual(self.client.post("/checkout/", "not json", content_type="application/json").status_code, 400)

    def test_checks_out_the_open_cart(self):
        Cart.objects.create(customer=self.customer)
        self.post()
        self.assertFalse(Cart.objects.filter(customer=self.customer, checked_out=False).exists())


class QuoteTests(TestCase):
    def setUp(self):
        make_rates()
        self.book = make_product(sku="BOOK-1", price="10.00", weight_grams=3000)

    def test_quote_matches_checkout_pricing(self):
        response = self.client.post("/quote/", {"items": [{"product_id": self.book.pk, "quantity": 2}], "country": "de"}, content_type="application/json")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"subtotal": "20.00", "discount": "0.00", "shipping": "19.90", "tax": "4.00", "total": "43.90", "currency": "EUR"})

    def test_quote_ignores_an_invalid_coupon_and_rejects_unknown_products(self):
        make_coupon(code="DONE", max_uses=1, used_count=1)
        response = self.client.post("/quote/", {"items": [{"product_id": self.book.pk, "quantity": 5}], "coupon": "DONE"}, content_type="application/json")
        self.assertEqual(response.json()["discount"], "0.00")
        self.assertEqual(response.json()["shipping"], "0.00")
        missing = self.client.post("/quote/", {"items": [{"product_id": 404}]}, content_type="application/json")
        self.assertEqual(missing.status_code, 400)

import json
from datetime import timedelta
from decimal import Decimal

from django.core import mail
from django.test import TestCase
from django.utils import timezone

from shop.models import Address, Cart, Customer, Notification, Review
from shop.tasks import refresh_vip_statuses, remind_abandoned_carts, search_products

from .factories import make_address, make_customer, make_order, make_product


def post_json(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


class CustomerViewTests(TestCase):
    def setUp(self):
        self.customer = make_customer(loyalty_points=7)
        product = make_product(price="10.00")
        self.paid = make_order(self.customer, [(product, 1)], status="paid")
        make_order(self.customer, [(product, 1)], status="new")

    def test_customer_detail(self):
        make_address(self.customer, is_default=True)
        data = self.client.get(f"/customers/{self.customer.pk}/").json()
        self.assertEqual(data["orders"], 2)
        self.assertEqual(data["spent"], "12.00")
        self.assertEqual(data["points"], 7)
        self.assertIn("Paris", data["address"])

    def test_summary_api_has_the_same_figures_and_reviews(self):
        Review.objects.create(product=self.paid.items.get().product, customer=self.customer, rating=4, is_published=True)
        data = self.client.get(f"/customers/{self.customer.pk}/summary/").json()
        self.assertEqual(data["orders"], 2)
        self.assertEqual(data["spent"], "12.00")
        self.assertEqual(data["reviews"], 1)
        self.assertFalse(data["vip"])

    def test_unknown_customer(self):
        self.assertEqual(self.client.get("/customers/999/").status_code, 404)


class AddressViewTests(TestCase):
    def setUp(self):
        self.customer = make_customer()

    def test_create_address_becomes_default_when_first(self):
        response = post_json(self.client, f"/customers/{self.customer.pk}/addresses/", {"line1": "2 Main St", "city": "Leeds", "postcode": "LS1 1AA", "country": "gb"})
        self.assertEqual(response.status_code, 201, response.content)
        address = Address.objects.get(pk=response.json()["address"])
        self.assertTrue(address.is_default)
        self.assertEqual(address.country, "GB")

    def test_create_address_validates(self):
        response = post_json(self.client, f"/customers/{self.customer.pk}/addresses/", {"city": "Leeds"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.json()["errors"]), {"line1", "postcode", "country"})

    def test_update_address(self):
        address = make_address(self.customer)
        response = post_json(self.client, f"/addresses/{address.pk}/", {"line1": "3 Quai", "city": "Lyon", "postcode": "69001", "country": "fr"})
        self.assertEqual(response.status_code, 200)
        address.refresh_from_db()
        self.assertEqual((address.city, address.country), ("Lyon", "FR"))
        bad = post_json(self.client, f"/addresses/{address.pk}/", {"line1": "3 Quai", "city": "Lyon", "postcode": "69 001!", "country": "FR"})
        self.assertEqual(bad.json()["errors"], {"postcode": "Letters and digits only."})


class CartAndWishlistViewTests(TestCase):
    def setUp(self):
        self.customer = make_customer()
        self.product = make_product(sku="MUG-1", price="8.00", stock=3)

    def test_cart_add_caps_at_stock_and_skips_unknown(self):
        response = post_json(self.client, f"/customers/{self.customer.pk}/cart/", {"items": [{"sku": "MUG-1", "quantity": 5}, {"sku": "NOPE"}]})
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["added"], ["MUG-1"])
        self.assertEqual(response.json()["subtotal"], "24.00")
        contents = self.client.get(f"/customers/{self.customer.pk}/cart/").json()
        self.assertEqual(contents["items"], [{"sku": "MUG-1", "quantity": 3}])

    def test_empty_cart(self):
        self.assertEqual(self.client.get(f"/customers/{self.customer.pk}/cart/").json(), {"items": [], "subtotal": "0.00"})

    def test_wishlist_toggle(self):
        url = f"/customers/{self.customer.pk}/wishlist/{self.product.pk}/"
        self.assertEqual(self.client.post(url).json(), {"added": True, "count": 1})
        self.assertEqual(self.client.post(url).json(), {"added": False, "count": 0})


class TaskTests(TestCase):
    def test_remind_abandoned_carts_of_customers_who_opted_in(self):
        keen = make_customer("Keen", marketing_opt_in=True)
        quiet = make_customer("Quiet")
        product = make_product(price="4.00")
        for customer in (keen, quiet):
            cart = Cart.objects.create(customer=customer, created_at=timezone.now() - timedelta(days=3))
            cart.add(product, 2)
        Cart.objects.create(customer=keen)
        self.assertEqual(remind_abandoned_carts(), 1)
        self.assertEqual(mail.outbox[0].to, [keen.email])
        self.assertIn("8.00 EUR", Notification.objects.get(customer=keen).body)

    def test_refresh_vip_statuses(self):
        rich = make_customer("Rich")
        make_order(rich, [(make_product(price="1000.00"), 1)], status="paid")
        make_customer("Poor")
        self.assertEqual(refresh_vip_statuses(), 1)
        self.assertTrue(Customer.objects.get(pk=rich.pk).is_vip)

    def test_search_products(self):
        make_product(sku="ATLAS-1", name="World atlas")
        self.assertEqual([p.sku for p in search_products("atlas")], ["ATLAS-1"])
        self.assertEqual(list(search_products("   ")), [])
        self.assertEqual(Decimal("1"), Decimal("1.0"))

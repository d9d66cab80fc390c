from datetime import timedelta
from decimal import Decimal

from django.test import TestCase
from django.utils import timezone
from rest_framework.test import APIClient

from shop.models import Payment, Refund

from .factories import make_category, make_customer, make_order, make_product


class ProductApiTests(TestCase):
    def setUp(self):
        self.api = APIClient()
        books = make_category("Books")
        novels = make_category("Novels", parent=books)
        self.atlas = make_product(sku="ATLAS", name="Atlas", price="30.00", stock=0, category=books)
        self.novel = make_product(sku="NOVEL", name="Novel", price="12.00", stock=4, category=novels)

    def test_list_filters_by_category_tree_stock_and_price(self):
        self.assertEqual({p["sku"] for p in self.api.get("/api/products/", {"category": "books"}).json()}, {"ATLAS", "NOVEL"})
        self.assertEqual([p["sku"] for p in self.api.get("/api/products/", {"in_stock": "1"}).json()], ["NOVEL"])
        self.assertEqual([p["sku"] for p in self.api.get("/api/products/", {"max_price": "20"}).json()], ["NOVEL"])
        self.assertEqual([p["sku"] for p in self.api.get("/api/products/", {"ordering": "-price"}).json()], ["ATLAS", "NOVEL"])
        self.assertEqual(self.api.get("/api/products/", {"category": "none"}).json(), [])

    def test_detail_has_the_price_with_vat(self):
        data = self.api.get(f"/api/products/{self.novel.pk}/").json()
        self.assertEqual(data["price_with_vat"], "14.40")
        self.assertEqual(data["category"], "novels")

    def test_restock_action(self):
        response = self.api.post(f"/api/products/{self.atlas.pk}/restock/", {"quantity": 3}, format="json")
        self.assertEqual(response.json(), {"sku": "ATLAS", "stock": 3, "movements": 1})
        self.assertEqual(self.api.post(f"/api/products/{self.atlas.pk}/restock/", {"quantity": -1}, format="json").status_code, 400)
        self.assertEqual(self.api.post(f"/api/products/{self.atlas.pk}/restock/", {"quantity": "x"}, format="json").status_code, 400)

    def test_reviews_action(self):
        customer = make_customer()
        make_order(customer, [(self.novel, 1)], status="delivered")
        response = self.api.post(f"/api/products/{self.novel.pk}/reviews/", {"customer": customer.pk, "rating": 4, "comment": "Good"}, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertTrue(response.json()["published"])
        self.assertEqual(len(self.api.get(f"/api/products/{self.novel.pk}/reviews/").json()), 1)
        bad = self.api.post(f"/api/products/{self.atlas.pk}/reviews/", {"customer": customer.pk, "rating": 9}, format="json")
        self.assertEqual(bad.status_code, 400)

    def test_search_endpoint_is_thin(self):
        self.assertEqual([p["sku"] for p in self.api.get("/search/", {"q": "atlas"}).json()], ["ATLAS"])


class OrderApiAndReportTests(TestCase):
    def setUp(self):
        self.api = APIClient()
        self.customer = make_customer()
        self.books = make_category("Books")
        self.product = make_product(sku="BOOK", price="10.00", category=self.books)

    def test_orders_are_listed_with_items(self):
        order = make_order(self.customer, [(self.product, 2)])
        data = self.api.get("/api/orders/").json()
        self.assertEqual(data[0]["id"], order.pk)
        self.assertEqual(data[0]["items"], [{"sku": "BOOK", "quantity": 2, "unit_price": "10.00"}])
        self.assertEqual(data[0]["customer"], self.customer.email)

    def test_sales_report(self):
        order = make_order(self.customer, [(self.product, 3)], status="paid")
        make_order(self.customer, [(self.product, 1)], status="new")
        payment = Payment.objects.create(order=order, amount=order.total, status="captured")
        Refund.objects.create(payment=payment, amount=Decimal("5.00"), reason="late")
        today = timezone.now().date()
        data = self.client.get("/reports/sales/", {"from": (today - timedelta(days=1)).isoformat(), "to": today.isoformat()}).json()
        self.assertEqual(data["days"], {today.isoformat(): {"orders": 1, "revenue": "36.00"}})
        self.assertEqual(data["categories"], {"Books": {"units": 3, "revenue": "30.00"}})
        self.assertEqual(data["top_customers"], [{"email": self.customer.email, "spent": "36.00"}])
        self.assertEqual(data["refunds"], "5.00")

    def test_sales_report_rejects_a_reversed_range(self):
        self.assertEqual(self.client.get("/reports/sales/", {"from": "2026-02-01", "to": "2026-01-01"}).status_code, 400)

    def test_low_stock_and_health(self):
        make_product(sku="LOW", stock=1)
        self.assertEqual(self.client.get("/reports/low-stock/").json(), {"products": [{"sku": "LOW", "stock": 1}]})
        self.assertEqual(self.client.get("/health/").json()["status"], "ok")

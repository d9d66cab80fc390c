from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from shop.models import Address, Category, Coupon, Review, ShippingRate, Supplier

from .factories import make_address, make_category, make_customer, make_product


class BackofficeApiTests(TestCase):
    def setUp(self):
        self.api = APIClient()
        self.books = make_category("Books")
        self.ada = make_customer("Ada")
        self.atlas = make_product(sku="ATLAS", category=self.books)

    def test_categories_list_create_and_change_by_slug(self):
        make_category("Novels", parent=self.books)
        self.assertEqual([c["slug"] for c in self.api.get("/backoffice/categories/", {"top": "1"}).json()], ["books"])
        created = self.api.post("/backoffice/categories/", {"name": "Comics"}, format="json")
        self.assertEqual((created.status_code, created.json()["slug"]), (201, "comics"))
        self.assertEqual(self.api.patch("/backoffice/categories/comics/", {"name": "Comic books"}, format="json").json()["name"], "Comic books")
        self.assertEqual(self.api.delete("/backoffice/categories/comics/").status_code, 204)
        self.assertFalse(Category.objects.filter(slug="comics").exists())
        self.assertEqual(self.api.head("/backoffice/categories/books/").status_code, 405, "@api_view lists no HEAD")

    def test_reviews_create_answers_200_and_an_update_unpublishes(self):
        created = self.api.post("/backoffice/reviews/", {"product": self.atlas.pk, "customer": self.ada.pk, "rating": 5}, format="json")
        self.assertEqual(created.status_code, 200)
        review = Review.objects.get(pk=created.json()["id"])
        Review.objects.filter(pk=review.pk).update(is_published=True)
        changed = self.api.put(f"/backoffice/reviews/{review.pk}/", {"product": self.atlas.pk, "customer": self.ada.pk, "rating": 2}, format="json")
        self.assertEqual((changed.status_code, changed.json()["is_published"]), (200, False))
        self.assertEqual(self.api.patch(f"/backoffice/reviews/{review.pk}/", {"rating": 3}, format="json").status_code, 405)
        with self.assertLogs("shop.backoffice_views", "INFO"):
            self.assertEqual(self.api.delete(f"/backoffice/reviews/{review.pk}/").status_code, 204)

    def test_addresses_of_a_customer(self):
        address = make_address(self.ada)
        self.assertEqual([a["id"] for a in self.api.get(f"/backoffice/customers/{self.ada.pk}/addresses/").json()], [address.pk])
        created = self.api.post(f"/backoffice/customers/{self.ada.pk}/addresses/", {"line1": "2 Main St", "city": "Lyon", "postcode": "69001"}, format="json")
        self.assertEqual(Address.objects.get(pk=created.json()["id"]).customer, self.ada)
        self.assertEqual(self.api.patch(f"/backoffice/addresses/{address.pk}/", {"city": "Nice"}, format="json").json()["city"], "Nice")
        self.assertEqual(self.api.put(f"/backoffice/addresses/{address.pk}/", {}, format="json").status_code, 405)
        self.assertEqual(self.api.get("/backoffice/customers/999/").content, b"")

    def test_shipping_rates_list_create_replace_and_delete(self):
        created = self.api.post(reverse("backoffice:shipping-rate-list"), {"country": "FR", "max_weight_grams": 1000, "price": "5.50"}, format="json")
        self.assertEqual(created.status_code, 201)
        detail = reverse("backoffice:shipping-rate-detail", args=[created.json()["id"]])
        self.assertEqual(self.api.put(detail, {"country": "FR", "max_weight_grams": 2000, "price": "7.00"}, format="json").json()["max_weight_grams"], 2000)
        self.assertEqual(self.api.patch(detail, {"price": "1.00"}, format="json").status_code, 405, "no partial update")
        self.assertEqual(self.api.head(detail).status_code, 405, "@api_view answers no HEAD")
        self.assertEqual([r["price"] for r in self.api.get(reverse("backoffice:shipping-rate-list")).json()], ["7.00"])
        self.assertEqual(self.api.delete(detail).status_code, 204)
        self.assertFalse(ShippingRate.objects.exists())

    def test_coupons_list_create_replace_and_delete(self):
        created = self.api.post(reverse("backoffice:coupon-list"), {"code": "SPRING", "percent_off": 10}, format="json")
        self.assertEqual(created.status_code, 201)
        detail = reverse("backoffice:coupon-detail", args=[created.json()["id"]])
        self.assertEqual(self.api.put(detail, {"code": "SPRING", "percent_off": 15}, format="json").json()["percent_off"], 15)
        self.assertEqual(self.api.patch(detail, {"percent_off": 1}, format="json").status_code, 405, "no partial update")
        self.assertEqual(self.api.head(detail).status_code, 200, "the detail, a class, answers HEAD")
        self.assertEqual(self.api.head(reverse("backoffice:coupon-list")).status_code, 405, "the list, an @api_view, does not")
        self.assertEqual(sorted(self.api.options(reverse("backoffice:coupon-list"))["Allow"].split(", ")), ["GET", "OPTIONS", "POST"], "@api_view lists its methods from a set")
        self.assertEqual(self.api.options(detail)["Allow"], "GET, PUT, DELETE, HEAD, OPTIONS")
        self.assertEqual(self.api.delete(detail).status_code, 204)
        self.assertFalse(Coupon.objects.exists())

    def test_suppliers_list_create_replace_and_delete_by_name(self):
        Supplier.objects.create(name="Zeta", email="z@example.com", is_active=False)
        created = self.api.post(reverse("backoffice:supplier-list"), {"name": "Acme", "email": "acme@example.com"}, format="json")
        self.assertEqual(created.status_code, 201)
        self.assertEqual([s["name"] for s in self.api.get(reverse("backoffice:supplier-list")).json()], ["Acme", "Zeta"])
        detail = reverse("backoffice:supplier-detail", args=[created.json()["id"]])
        replaced = self.api.put(detail, {"name": "Acme Ltd", "email": "acme@example.com", "lead_time_days": 3}, format="json")
        self.assertEqual(replaced.json()["lead_time_days"], 3)
        self.assertEqual(self.api.patch(detail, {"name": "x"}, format="json").status_code, 405, "no partial update")
        self.assertEqual(self.api.delete(reverse("backoffice:supplier-list")).status_code, 405)
        with self.assertLogs("shop.backoffice_views", "INFO"):
            self.assertEqual(self.api.delete(detail).status_code, 204)

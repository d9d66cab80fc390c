"""The buyers' supplier pages: a form to add a supplier and one to edit it."""
from django.test import TestCase
from django.urls import reverse

from shop.models import Supplier


class SupplierPagesTests(TestCase):
    def setUp(self):
        self.acme = Supplier.objects.create(name="Acme", email="acme@example.com", lead_time_days=3)

    def test_new_shows_a_blank_form(self):
        response = self.client.get(reverse("supplier-new"))
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "shop/supplier_form.html")
        self.assertContains(response, "<title>New supplier</title>", html=False)
        self.assertFalse(response.context["form"].is_bound)
        self.assertIn("no-cache", response["Cache-Control"])

    def test_new_saves_and_goes_back_to_the_list(self):
        response = self.client.post(reverse("supplier-new"), {"name": "Bolt", "email": "bolt@example.com", "lead_time_days": 5})
        self.assertRedirects(response, reverse("backoffice:supplier-list"), fetch_redirect_response=False)
        self.assertEqual(Supplier.objects.get(name="Bolt").lead_time_days, 5)

    def test_new_shows_the_errors(self):
        response = self.client.post(reverse("supplier-new"), {"name": "Bolt", "email": "not an email"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].errors["email"], ["Enter a valid email address."])
        self.assertFalse(Supplier.objects.filter(name="Bolt").exists())

    def test_edit_shows_the_supplier(self):
        response = self.client.get(reverse("supplier-edit", args=[self.acme.pk]))
        self.assertContains(response, "<title>Acme</title>")
        self.assertEqual(response.context["form"].instance, self.acme)

    def test_edit_saves(self):
        response = self.client.post(reverse("supplier-edit", args=[self.acme.pk]), {"name": "Acme Ltd", "email": "acme@example.com", "lead_time_days": 3, "is_active": "on"})
        self.assertRedirects(response, reverse("backoffice:supplier-list"), fetch_redirect_response=False)
        self.acme.refresh_from_db()
        self.assertEqual(self.acme.name, "Acme Ltd")

    def test_edit_of_a_missing_supplier_is_404(self):
        self.assertEqual(self.client.get(reverse("supplier-edit", args=[999])).status_code, 404)

    def test_other_methods_are_not_allowed(self):
        for method in ("put", "delete", "head", "options"):
            response = getattr(self.client, method)(reverse("supplier-edit", args=[self.acme.pk]))
            self.assertEqual(response.status_code, 405, method)
            self.assertEqual(response["Allow"], "GET, POST")

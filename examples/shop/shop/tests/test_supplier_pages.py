"""The buyers' supplier pages: the directory, a supplier's page, the lead times, a form to add a supplier and one to edit it."""
from django.contrib.auth.models import Permission, User
from django.contrib.messages import constants, get_messages
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
        self.assertEqual([str(message) for message in get_messages(response.wsgi_request)], ["Supplier saved: 100% up to date."])

    def test_contact_asks_to_sign_in_first_whatever_the_method(self):
        url = reverse("supplier-contact", args=[self.acme.pk])
        for method in ("get", "post", "put"):
            response = getattr(self.client, method)(url)
            self.assertRedirects(response, f"/accounts/login/?back={url}", fetch_redirect_response=False, msg_prefix=method)

    def test_contact_saves_with_an_info_message_and_tells_about_errors(self):
        self.client.force_login(User.objects.create_user("buyer"))
        url = reverse("supplier-contact", args=[self.acme.pk])
        self.assertEqual(self.client.put(url).status_code, 405)
        self.assertEqual(self.client.get(url).context["form"].instance, self.acme)
        invalid = self.client.post(url, {"name": "Acme", "email": "nope"})
        self.assertEqual(invalid.status_code, 200)
        self.assertEqual([(m.level, str(m)) for m in get_messages(invalid.wsgi_request)], [(constants.ERROR, "The contact details have errors.")])
        saved = self.client.post(url, {"name": "Acme", "email": "sales@acme.example", "lead_time_days": 3, "is_active": "on"})
        self.assertRedirects(saved, reverse("supplier-page", args=[self.acme.pk]), fetch_redirect_response=False)
        # The form page shows no messages: the error stays stored until a page does.
        self.assertEqual([(m.level, str(m)) for m in get_messages(saved.wsgi_request)], [(constants.ERROR, "The contact details have errors."), (constants.INFO, "Contact details updated.")])
        self.acme.refresh_from_db()
        self.assertEqual(self.acme.email, "sales@acme.example")

    def test_edit_of_a_missing_supplier_is_404(self):
        self.assertEqual(self.client.get(reverse("supplier-edit", args=[999])).status_code, 404)

    def test_other_methods_are_not_allowed(self):
        for method in ("put", "delete", "head", "options"):
            response = getattr(self.client, method)(reverse("supplier-edit", args=[self.acme.pk]))
            self.assertEqual(response.status_code, 405, method)
            self.assertEqual(response["Allow"], "GET, POST")

    def test_directory_lists_the_active_suppliers_two_to_a_page(self):
        Supplier.objects.create(name="Bolt", email="bolt@example.com")
        Supplier.objects.create(name="Cogs", email="cogs@example.com")
        Supplier.objects.create(name="Zeta", email="zeta@example.com", is_active=False)
        first = self.client.get(reverse("supplier-directory"))
        self.assertTemplateUsed(first, "shop/supplier_directory.html")
        self.assertEqual([supplier.name for supplier in first.context["page_obj"]], ["Acme", "Bolt"])
        self.assertContains(first, "Page 1 of 2")
        second = self.client.get(reverse("supplier-directory"), {"page": 2})
        self.assertEqual([supplier.name for supplier in second.context["page_obj"]], ["Cogs"])

    def test_directory_shows_the_last_page_past_the_end_and_the_first_for_a_bad_number(self):
        Supplier.objects.create(name="Bolt", email="bolt@example.com")
        Supplier.objects.create(name="Cogs", email="cogs@example.com")
        self.assertEqual(self.client.get(reverse("supplier-directory"), {"page": 9}).context["page_obj"].number, 2)
        self.assertEqual(self.client.get(reverse("supplier-directory"), {"page": "x"}).context["page_obj"].number, 1)

    def sign_in_allowed_to_view_suppliers(self):
        planner = User.objects.create_user("planner")
        planner.user_permissions.add(Permission.objects.get(content_type__app_label="shop", codename="view_supplier"))
        self.client.force_login(planner)

    def test_lead_times_are_for_those_allowed_to_view_suppliers(self):
        self.assertEqual(self.client.get(reverse("supplier-lead-times")).status_code, 403)
        self.client.force_login(User.objects.create_user("buyer"))
        self.assertEqual(self.client.get(reverse("supplier-lead-times")).status_code, 403)

    def test_lead_times_are_listed_shortest_first(self):
        Supplier.objects.create(name="Bolt", email="bolt@example.com", lead_time_days=1)
        self.sign_in_allowed_to_view_suppliers()
        response = self.client.get(reverse("supplier-lead-times"))
        self.assertEqual(self.client.post(reverse("supplier-lead-times")).context["suppliers"][0].name, "Bolt", "no method is refused")
        self.assertEqual([supplier.name for supplier in response.context["suppliers"]], ["Bolt", "Acme"])

    def test_page_shows_the_supplier(self):
        response = self.client.get(reverse("supplier-page", args=[self.acme.pk]))
        self.assertContains(response, "<title>Acme</title>")
        self.assertEqual(response.context["supplier"], self.acme)
        self.assertEqual(self.client.head(reverse("supplier-page", args=[self.acme.pk])).status_code, 200)
        self.assertEqual(self.client.get(reverse("supplier-page", args=[999])).status_code, 404)

    def test_read_pages_answer_only_reads(self):
        self.sign_in_allowed_to_view_suppliers()
        for name, args in (("supplier-directory", []), ("supplier-page", [self.acme.pk])):
            self.assertEqual(self.client.post(reverse(name, args=args)).status_code, 405, name)

    def test_quick_add_saves_and_goes_back_to_the_directory(self):
        self.assertFalse(self.client.get(reverse("supplier-quick-add")).context["form"].is_bound)
        response = self.client.post(reverse("supplier-quick-add"), {"name": "Bolt", "email": "bolt@example.com", "lead_time_days": 2})
        self.assertRedirects(response, reverse("supplier-directory"), fetch_redirect_response=False)
        self.assertTrue(Supplier.objects.filter(name="Bolt").exists())
        invalid = self.client.post(reverse("supplier-quick-add"), {"name": ""})
        self.assertEqual(invalid.status_code, 200)
        self.assertIn("name", invalid.context["form"].errors)
        self.assertEqual([(m.level, str(m)) for m in get_messages(invalid.wsgi_request)], [(constants.WARNING, "The supplier was not added.")])
        self.assertEqual(self.client.put(reverse("supplier-quick-add")).status_code, 405)

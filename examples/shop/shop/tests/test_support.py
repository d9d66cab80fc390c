from datetime import timedelta

from django.contrib.auth.models import User
from django.test import TestCase
from django.utils import timezone
from rest_framework.test import APIClient

from shop.models import ProductQuestion, ReturnRequest, SupportTicket

from .factories import make_customer, make_order, make_product


class SupportApiTests(TestCase):
    def setUp(self):
        self.api = APIClient()
        self.ada = make_customer("Ada")
        self.bob = make_customer("Bob")
        self.product = make_product(sku="LAMP")

    def test_return_requests_are_listed_per_customer_of_their_order(self):
        mine = ReturnRequest.objects.create(order=make_order(self.ada), reason="broken")
        ReturnRequest.objects.create(order=make_order(self.bob), reason="too late")
        listed = self.api.get("/api/returns/", {"customer": self.ada.pk}).json()
        self.assertEqual([r["id"] for r in listed], [mine.pk])
        self.assertEqual(len(self.api.get("/api/returns/").json()), 2)

    def test_tickets_are_listed_per_customer_newest_first(self):
        older = SupportTicket.objects.create(customer=self.ada, subject="Where is my parcel?", body="…")
        newer = SupportTicket.objects.create(customer=self.ada, subject="Invoice", body="…")
        SupportTicket.objects.create(customer=self.bob, subject="Hello", body="…")
        SupportTicket.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=3))
        listed = self.api.get("/api/tickets/", {"customer": self.ada.pk}).json()
        self.assertEqual([t["id"] for t in listed], [newer.pk, older.pk])
        self.assertEqual(SupportTicket.objects.filter(customer=self.ada).latest().pk, newer.pk)

    def test_creating_a_ticket_stamps_it_and_ignores_the_status_sent(self):
        with self.assertLogs("shop.support", "INFO") as logs:
            response = self.api.post("/api/tickets/", {"customer": self.ada.pk, "subject": "Refund", "body": "Please", "status": "closed"}, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        data = response.json()
        self.assertEqual(data["status"], "open")
        self.assertRegex(data["created_at"], r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")
        self.assertEqual(data["created_at"], data["updated_at"][: len(data["created_at"])])
        self.assertIn(f"SupportTicket {data['id']} opened", logs.output[0])

    def test_questions_are_answered_later_and_recent_for_two_days(self):
        response = self.api.post("/api/questions/", {"product": self.product.pk, "customer": self.bob.pk, "question": "Is it dimmable?", "answer": "yes"}, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        question = ProductQuestion.objects.get(pk=response.json()["id"])
        self.assertEqual(question.answer, "")
        self.assertTrue(question.is_recent())
        ProductQuestion.objects.filter(pk=question.pk).update(created_at=timezone.now() - timedelta(days=3))
        question.refresh_from_db()
        self.assertFalse(question.is_recent())
        self.assertEqual([q["id"] for q in self.api.get("/api/questions/", {"customer": self.ada.pk}).json()], [])


class SupportAdminTests(TestCase):
    def setUp(self):
        self.client.force_login(User.objects.create_superuser("admin", "admin@example.com", "secret"))
        ada = make_customer("Ada")
        ReturnRequest.objects.create(order=make_order(ada), reason="broken")
        SupportTicket.objects.create(customer=ada, subject="Lost parcel", body="Not arrived")

    def test_changelists_filter_by_date_and_search(self):
        returns = self.client.get("/admin/shop/returnrequest/")
        self.assertEqual(returns.status_code, 200)
        self.assertEqual(returns.context["cl"].result_count, 1)
        tickets = self.client.get("/admin/shop/supportticket/", {"q": "parcel"})
        self.assertContains(tickets, "Lost parcel")
        self.assertEqual(self.client.get("/admin/shop/supportticket/", {"q": "nothing"}).context["cl"].result_count, 0)

    def test_change_form_shows_the_timestamps_read_only(self):
        ticket = SupportTicket.objects.get()
        form = self.client.get(f"/admin/shop/supportticket/{ticket.pk}/change/")
        self.assertEqual(form.status_code, 200)
        self.assertNotContains(form, 'name="created_at"')
        self.assertContains(form, "Created at")

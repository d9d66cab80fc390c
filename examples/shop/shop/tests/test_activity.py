"""
Queries per request of the activity pages, with 2 rows and then 5: each page reads the customer
of every row, so as written it makes one more query per row (N+1). Untangle's
example test applies its n-plus-one code actions to a copy of the shop and runs this module with
SHOP_EXPECT_CONSTANT_QUERIES=1: then the count must not depend on the rows.
"""
import json
import os

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from shop.models import LoyaltyTransaction, Notification

from .factories import make_customer

EXPECT_CONSTANT = os.environ.get("SHOP_EXPECT_CONSTANT_QUERIES") == "1"


class ActivityQueryCountTests(TestCase):
    def setUp(self):
        self.rows = 0

    def new_customer(self):
        self.rows += 1
        return make_customer(name=f"Customer{self.rows}")

    def queries(self, client, url):
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(context)

    def assert_queries_per_row(self, client, url, add_row):
        for _ in range(2):
            add_row()
        with_two = self.queries(client, url)
        for _ in range(3):
            add_row()
        with_five = self.queries(client, url)
        report = os.environ.get("SHOP_QUERY_COUNTS")
        if report:
            with open(report, "a", encoding="utf-8") as out:
                out.write(json.dumps({"url": url, "rows2": with_two, "rows5": with_five}) + "\n")
        if EXPECT_CONSTANT:
            self.assertEqual(with_five, with_two)
        else:
            self.assertEqual(with_five - with_two, 3, "one query per added row")

    def test_loyalty_feed(self):
        self.assert_queries_per_row(self.client, "/activity/loyalty/", lambda: LoyaltyTransaction.objects.create(customer=self.new_customer(), points=5, reason="order"))

    def test_notification_list(self):
        self.assert_queries_per_row(APIClient(), "/activity/notifications/", lambda: Notification.objects.create(customer=self.new_customer(), subject="Hello", body="Hi"))

    def test_notification_admin(self):
        staff = get_user_model().objects.create_superuser("admin", "admin@example.com", "secret")
        self.client.force_login(staff)
        self.assert_queries_per_row(self.client, "/admin/shop/notification/", lambda: Notification.objects.create(customer=self.new_customer(), subject="Hello", body="Hi"))

from datetime import datetime, timezone

from django.test import TestCase

from .models import Subscription

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


class NewsletterTests(TestCase):
    def setUp(self):
        Subscription.objects.create(email="ada@example.com", topic="deals", frequency="daily", created_at=WHEN)
        Subscription.objects.create(email="bob@example.com", topic="deals", created_at=WHEN)
        Subscription.objects.create(email="cy@example.com", topic="news", frequency="monthly", created_at=WHEN)

    def test_lists_subscriptions_by_frequency(self):
        response = self.client.get("/newsletter/subscriptions/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual([row["frequency"] for row in response.json()], ["daily", "monthly", "weekly"])

    def test_filters_on_frequency(self):
        response = self.client.get("/newsletter/subscriptions/?frequency=weekly")
        self.assertEqual([row["email"] for row in response.json()], ["bob@example.com"])

    def test_creates_and_changes_the_frequency(self):
        created = self.client.post("/newsletter/subscriptions/", {"email": "di@example.com", "topic": "news", "frequency": "daily"}, content_type="application/json")
        self.assertEqual(created.status_code, 201, created.content)
        self.assertEqual(created.json()["frequency"], "daily")
        changed = self.client.patch(f"/newsletter/subscriptions/{created.json()['id']}/", {"frequency": "monthly"}, content_type="application/json")
        self.assertEqual(changed.json()["frequency"], "monthly")
        self.assertEqual(Subscription.objects.get(email="di@example.com").frequency, "monthly")

    def test_rejects_a_frequency_too_long(self):
        response = self.client.post("/newsletter/subscriptions/", {"email": "ed@example.com", "topic": "news", "frequency": "fortnightly!"}, content_type="application/json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("frequency", response.json())

    def test_digest_counts_each_frequency(self):
        response = self.client.get("/newsletter/digest/")
        self.assertEqual(response.json(), {
            "counts": [{"frequency": "daily", "subscribers": 1}, {"frequency": "monthly", "subscribers": 1}, {"frequency": "weekly", "subscribers": 1}],
            "daily": ["ada@example.com"],
        })

    def test_pausing_a_topic_sets_its_frequency(self):
        response = self.client.post("/newsletter/topics/deals/pause/")
        self.assertEqual(response.json(), {"paused": 2})
        self.assertEqual(sorted(Subscription.objects.values_list("frequency", flat=True)), ["monthly", "never", "never"])

    def test_the_model_reads_and_writes_the_frequency(self):
        subscription = Subscription(email="fay@example.com", topic="news", frequency="daily")
        subscription.save()
        self.assertTrue(Subscription.objects.get(pk=subscription.pk).is_daily())
        subscription.frequency = "weekly"
        subscription.save(update_fields=["frequency"])
        subscription.refresh_from_db(fields=["frequency"])
        self.assertEqual(str(subscription), "fay@example.com: news, weekly")

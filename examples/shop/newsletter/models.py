"""Newsletter subscriptions. `frequency` is the field Untangle's safe field move is proven on."""
from django.db import models
from django.utils import timezone


class Subscription(models.Model):
    email = models.EmailField()
    topic = models.CharField(max_length=40)
    frequency = models.CharField(max_length=10, default="weekly")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.email}: {self.topic}, {self.frequency}"

    def is_daily(self):
        return self.frequency == "daily"

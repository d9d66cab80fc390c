"""The admin of notifications, imported by admin.py so that autodiscovery registers it."""
from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "subject", "customer_email"]

    @admin.display(description="Customer")
    def customer_email(self, notification):
        return notification.customer.email

"""Activity pages: the loyalty feed and the notification log (each reads the customer of every row)."""
from django.http import HttpResponse
from rest_framework.generics import ListAPIView

from .activity_serializers import NotificationSerializer
from .models import LoyaltyTransaction, Notification


def loyalty_feed(request):
    transactions = LoyaltyTransaction.objects.order_by("-created_at")
    lines = [f"{transaction.customer.name}: {transaction.points:+d} ({transaction.reason})" for transaction in transactions]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


class NotificationListAPIView(ListAPIView):
    serializer_class = NotificationSerializer
    queryset = Notification.objects.all()

from rest_framework import serializers

from .models import Customer, Notification


class CustomerBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Customer
        fields = ["id", "name", "email"]


class NotificationSerializer(serializers.ModelSerializer):
    customer = CustomerBriefSerializer(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "customer", "subject", "sent_at"]

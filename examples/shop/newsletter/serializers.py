from rest_framework import serializers

from .models import Subscription


class SubscriptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Subscription
        fields = ["id", "email", "topic", "frequency", "created_at"]
        read_only_fields = ["created_at"]

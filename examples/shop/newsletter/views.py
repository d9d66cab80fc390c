from django.db.models import Count
from django.http import JsonResponse
from django.views.decorators.http import require_POST
from rest_framework import viewsets

from .models import Subscription
from .serializers import SubscriptionSerializer


class SubscriptionViewSet(viewsets.ModelViewSet):
    serializer_class = SubscriptionSerializer

    def get_queryset(self):
        subscriptions = Subscription.objects.order_by("frequency", "email")
        wanted = self.request.query_params.get("frequency")
        return subscriptions.filter(frequency=wanted) if wanted else subscriptions


def digest(request):
    """How many subscribers each frequency has, and who reads daily."""
    counts = Subscription.objects.values("frequency").annotate(subscribers=Count("id")).order_by("frequency")
    daily = Subscription.objects.filter(frequency__in=["daily"]).values_list("email", flat=True)
    return JsonResponse({"counts": list(counts), "daily": sorted(daily)})


@require_POST
def pause_topic(request, topic):
    paused = Subscription.objects.filter(topic=topic).exclude(frequency="never").update(frequency="never")
    return JsonResponse({"paused": paused})

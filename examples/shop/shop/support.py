"""The support desk's API: return requests, tickets and product questions, each listed per customer."""
import logging

from rest_framework import viewsets

from .models import ProductQuestion, ReturnRequest, SupportTicket
from .serializers import ProductQuestionSerializer, ReturnRequestSerializer, SupportTicketSerializer

logger = logging.getLogger(__name__)


class ReturnRequestViewSet(viewsets.ModelViewSet):
    queryset = ReturnRequest.objects.select_related("order")
    serializer_class = ReturnRequestSerializer
    customer_lookup = "order__customer_id"

    def get_queryset(self):
        queryset = super().get_queryset()
        customer_id = self.request.query_params.get("customer")
        if customer_id:
            queryset = queryset.filter(**{self.customer_lookup: customer_id})
        return queryset

    def perform_create(self, serializer):
        instance = serializer.save()
        logger.info("%s %s opened", type(instance).__name__, instance.pk)


class SupportTicketViewSet(viewsets.ModelViewSet):
    queryset = SupportTicket.objects.select_related("customer")
    serializer_class = SupportTicketSerializer
    customer_lookup = "customer_id"

    def get_queryset(self):
        queryset = super().get_queryset()
        customer_id = self.request.query_params.get("customer")
        if customer_id:
            queryset = queryset.filter(**{self.customer_lookup: customer_id})
        return queryset

    def perform_create(self, serializer):
        instance = serializer.save()
        logger.info("%s %s opened", type(instance).__name__, instance.pk)


class ProductQuestionViewSet(viewsets.ModelViewSet):
    queryset = ProductQuestion.objects.select_related("product", "customer")
    serializer_class = ProductQuestionSerializer
    customer_lookup = "customer_id"

    def get_queryset(self):
        queryset = super().get_queryset()
        customer_id = self.request.query_params.get("customer")
        if customer_id:
            queryset = queryset.filter(**{self.customer_lookup: customer_id})
        return queryset

    def perform_create(self, serializer):
        instance = serializer.save()
        logger.info("%s %s opened", type(instance).__name__, instance.pk)

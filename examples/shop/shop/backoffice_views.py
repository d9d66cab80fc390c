"""
The back office API, written by hand the way DRF's tutorial starts: function views with
`@api_view` and APIView classes that list, create, retrieve, update and delete one model each
(the shipping rates' pair of functions agreeing on everything, the coupons' pair of a function
and a class), and the suppliers' pair of generic views, written since.
"""
import logging

from django.http import Http404
from django.shortcuts import get_object_or_404
from rest_framework import generics, status
from rest_framework.decorators import api_view
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .backoffice_serializers import AddressSerializer, CategorySerializer, CouponSerializer, CustomerSerializer, ShippingRateSerializer, SupplierSerializer
from .models import Address, Category, Coupon, Customer, Review, ShippingRate, Supplier
from .serializers import ReviewSerializer

logger = logging.getLogger(__name__)


@api_view(["GET", "POST"])
def category_list(request):
    """The categories, top-level ones with `?top=1`; a new category."""
    if request.method == "GET":
        categories = Category.objects.all()
        if request.query_params.get("top"):
            categories = categories.filter(parent__isnull=True)
        serializer = CategorySerializer(categories, many=True)
        return Response(serializer.data)
    elif request.method == "POST":
        serializer = CategorySerializer(data=request.data)
        if serializer.is_valid():
            serializer.save()
            return Response(serializer.data, status=status.HTTP_201_CREATED)
        return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)


@api_view(["GET", "PUT", "PATCH", "DELETE"])
def category_detail(request, slug):
    category = get_object_or_404(Category, slug=slug)
    if request.method == "GET":
        serializer = CategorySerializer(category)
        return Response(serializer.data)
    elif request.method == "PUT":
        serializer = CategorySerializer(category, data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)
    elif request.method == "PATCH":
        serializer = CategorySerializer(category, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)
    elif request.method == "DELETE":
        category.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)



@api_view(["GET", "POST"])
def shipping_rate_list(request):
    """The shipping rates by country and weight; a new rate."""
    if request.method == "GET":
        rates = ShippingRate.objects.all()
        serializer = ShippingRateSerializer(rates, many=True)
        return Response(serializer.data)
    elif request.method == "POST":
        serializer = ShippingRateSerializer(data=request.data)
        if serializer.is_valid():
            serializer.save()
            return Response(serializer.data, status=status.HTTP_201_CREATED)
        return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)


@api_view(["GET", "PUT", "DELETE"])
def shipping_rate_detail(request, pk):
    """One shipping rate: read, replace or delete it."""
    rate = get_object_or_404(ShippingRate, pk=pk)
    if request.method == "GET":
        serializer = ShippingRateSerializer(rate)
        return Response(serializer.data)
    elif request.method == "PUT":
        serializer = ShippingRateSerializer(rate, data=request.data)
        if serializer.is_valid():
            serializer.save()
            return Response(serializer.data)
        return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
    elif request.method == "DELETE":
        rate.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


@api_view(["GET", "POST"])
def coupon_list(request):
    """The coupons; a new coupon."""
    if request.method == "GET":
        serializer = CouponSerializer(Coupon.objects.all(), many=True)
        return Response(serializer.data)
    elif request.method == "POST":
        serializer = CouponSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data, status=status.HTTP_201_CREATED)


class CouponDetail(APIView):
    """One coupon: read, replace or delete it (a class, unlike the list: it answers HEAD)."""

    def get(self, request, pk):
        coupon = get_object_or_404(Coupon, pk=pk)
        return Response(CouponSerializer(coupon).data)

    def put(self, request, pk):
        coupon = get_object_or_404(Coupon, pk=pk)
        serializer = CouponSerializer(coupon, data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)

    def delete(self, request, pk):
        coupon = get_object_or_404(Coupon, pk=pk)
        coupon.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReviewList(APIView):
    """Published reviews; a review posted here answers 200, as it always has."""

    permission_classes = [AllowAny]

    def get(self, request):
        reviews = Review.objects.filter(is_published=True).order_by("pk")
        return Response(ReviewSerializer(reviews, many=True).data)

    def post(self, request):
        serializer = ReviewSerializer(data=request.data)
        if serializer.is_valid():
            serializer.save()
            return Response(serializer.data)
        return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)


class ReviewDetail(APIView):
    """One review: read, replace or delete it (there is no partial update)."""

    def get(self, request, review_id):
        review = get_object_or_404(Review, pk=review_id)
        serializer = ReviewSerializer(review)
        return Response(serializer.data)

    def put(self, request, review_id):
        review = get_object_or_404(Review, pk=review_id)
        serializer = ReviewSerializer(review, data=request.data)
        if serializer.is_valid():
            serializer.save(is_published=False)
            return Response(serializer.data)
        return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)

    def delete(self, request, review_id):
        review = get_object_or_404(Review, pk=review_id)
        logger.info("review %s deleted by the back office", review.pk)
        review.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class CustomerAddressList(APIView):
    """A customer's addresses; a new one for the customer."""

    def get(self, request, customer_id):
        addresses = Address.objects.filter(customer_id=customer_id).order_by("pk")
        serializer = AddressSerializer(addresses, many=True)
        return Response(serializer.data)

    def post(self, request, customer_id):
        serializer = AddressSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save(customer=get_object_or_404(Customer, pk=customer_id))
        return Response(serializer.data, status=status.HTTP_201_CREATED)


class AddressDetail(APIView):
    """One address: read it, change some of its fields, or delete it."""

    def get_object(self, pk):
        try:
            return Address.objects.get(pk=pk)
        except Address.DoesNotExist:
            raise Http404

    def get(self, request, pk):
        address = self.get_object(pk)
        serializer = AddressSerializer(address)
        return Response(serializer.data)

    def patch(self, request, pk):
        address = self.get_object(pk)
        serializer = AddressSerializer(address, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)

    def delete(self, request, pk):
        address = self.get_object(pk)
        address.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class CustomerDetail(APIView):
    """One customer; a missing one answers an empty 404, not DRF's `{"detail": "Not found."}`."""

    def get(self, request, pk):
        try:
            customer = Customer.objects.get(pk=pk)
        except Customer.DoesNotExist:
            return Response(status=status.HTTP_404_NOT_FOUND)
        serializer = CustomerSerializer(customer)
        return Response(serializer.data)


class SupplierList(generics.ListCreateAPIView):
    """The suppliers by name; a new supplier."""

    queryset = Supplier.objects.all()
    serializer_class = SupplierSerializer

    def perform_create(self, serializer):
        supplier = serializer.save()
        logger.info("supplier %s added by the back office", supplier.pk)


class SupplierDetail(generics.RetrieveUpdateDestroyAPIView):
    """One supplier: read, replace or delete it (no partial update)."""

    queryset = Supplier.objects.all()
    serializer_class = SupplierSerializer
    http_method_names = ["get", "put", "delete", "head", "options"]

    def perform_destroy(self, instance):
        logger.info("supplier %s deleted by the back office", instance.pk)
        instance.delete()

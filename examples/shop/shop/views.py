import json
import logging
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from rest_framework import status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import (
    CURRENCY,
    FREE_SHIPPING_THRESHOLD,
    LOYALTY_POINTS_PER_EURO,
    VAT_RATE,
    Address,
    Cart,
    Category,
    Coupon,
    Customer,
    Notification,
    Order,
    OrderItem,
    Payment,
    Product,
    Refund,
    Review,
    Shipment,
    ShippingRate,
    StockMovement,
    Wishlist,
    money,
)
from .serializers import OrderSerializer, ProductSerializer, ReviewSerializer
from .tasks import search_products

logger = logging.getLogger(__name__)


def _json_body(request):
    try:
        return json.loads(request.body or b"{}")
    except ValueError:
        return None


@require_GET
def health(request):
    return JsonResponse({"status": "ok", "time": timezone.now().isoformat()})


@csrf_exempt
@require_POST
def checkout(request):
    data = _json_body(request)
    if data is None:
        return JsonResponse({"error": "invalid JSON"}, status=400)
    customer = get_object_or_404(Customer, pk=data.get("customer_id"))
    address_data = data.get("address") or {}
    data_items = data.get("items") or []
    if not data_items:
        return JsonResponse({"error": "the cart is empty"}, status=400)

    errors = {}
    for field in ("line1", "city", "postcode", "country"):
        if not str(address_data.get(field, "")).strip():
            errors[field] = "This field is required."
    if address_data.get("country") and len(str(address_data["country"])) != 2:
        errors["country"] = "Use a two-letter country code."
    if address_data.get("postcode") and not str(address_data["postcode"]).replace(" ", "").isalnum():
        errors["postcode"] = "Letters and digits only."
    if errors:
        return JsonResponse({"errors": errors}, status=400)

    lines = []
    for entry in data_items:
        try:
            product = Product.objects.get(pk=entry.get("product_id"), is_active=True)
        except Product.DoesNotExist:
            return JsonResponse({"error": f"unknown product {entry.get('product_id')}"}, status=400)
        quantity = int(entry.get("quantity", 1))
        if quantity <= 0:
            return JsonResponse({"error": "quantities must be positive"}, status=400)
        if product.stock < quantity:
            return JsonResponse({"error": f"only {product.stock} left of {product.sku}"}, status=409)
        lines.append({"product": product, "quantity": quantity})

    coupon = None
    if data.get("coupon"):
        coupon = Coupon.objects.filter(code__iexact=data["coupon"]).first()
        if coupon is None or not coupon.is_valid():
            return JsonResponse({"error": "this coupon is not valid"}, status=400)
        if coupon.vip_only and not customer.is_vip:
            return JsonResponse({"error": "this coupon is for VIP customers"}, status=400)
    country = str(address_data.get("country", "FR")).upper()

    subtotal = Decimal("0")
    weight = 0
    for line in lines:
        subtotal += line["product"].price * line["quantity"]
        weight += line["product"].weight_grams * line["quantity"]
    discount = coupon.discount_for(subtotal) if coupon else Decimal("0.00")
    shipping = Decimal("0.00") if subtotal - discount >= FREE_SHIPPING_THRESHOLD else ShippingRate.price_for(country, weight)
    tax = money((subtotal - discount) * VAT_RATE)
    total = money(subtotal - discount + tax + shipping)

    with transaction.atomic():
        address = Address.objects.create(
            customer=customer,
            line1=address_data["line1"],
            line2=address_data.get("line2", ""),
            city=address_data["city"],
            postcode=address_data["postcode"],
            country=country,
        )
        order = Order.objects.create(
            customer=customer,
            shipping_address=address,
            coupon=coupon,
            subtotal=money(subtotal),
            discount=discount,
            shipping_cost=shipping,
            tax=tax,
            total=total,
            notes=data.get("notes", ""),
        )
        for line in lines:
            OrderItem.objects.create(order=order, product=line["product"], quantity=line["quantity"], unit_price=line["product"].price)
            line["product"].reserve(line["quantity"], reason=f"order {order.pk}")
        if coupon:
            coupon.use()
        Cart.objects.filter(customer=customer, checked_out=False).update(checked_out=True)

    send_mail(
        f"Your order {order.pk}",
        f"Thank you {customer.name}! We received your order of {total} {CURRENCY}.",
        settings.DEFAULT_FROM_EMAIL,
        [customer.email],
    )
    logger.info("order %s placed by %s for %s", order.pk, customer.email, total)
    return JsonResponse({"order": order.pk, "total": str(total), "shipping": str(shipping), "discount": str(discount)}, status=201)


@api_view(["POST"])
def quote(request):
    coupon = Coupon.objects.filter(code__iexact=request.data.get("coupon", "")).first() if request.data.get("coupon") else None
    if coupon is not None and not coupon.is_valid():
        coupon = None
    country = str(request.data.get("country", "FR")).upper()
    lines = []
    for entry in request.data.get("items", []):
        product = Product.objects.filter(pk=entry.get("product_id"), is_active=True).first()
        if product is None:
            return Response({"error": f"unknown product {entry.get('product_id')}"}, status=status.HTTP_400_BAD_REQUEST)
        lines.append({"product": product, "quantity": int(entry.get("quantity", 1))})

    subtotal = Decimal("0")
    weight = 0
    for line in lines:
        subtotal += line["product"].price * line["quantity"]
        weight += line["product"].weight_grams * line["quantity"]
    discount = coupon.discount_for(subtotal) if coupon else Decimal("0.00")
    shipping = Decimal("0.00") if subtotal - discount >= FREE_SHIPPING_THRESHOLD else ShippingRate.price_for(country, weight)
    tax = money((subtotal - discount) * VAT_RATE)
    total = money(subtotal - discount + tax + shipping)

    return Response(
        {
            "subtotal": str(money(subtotal)),
            "discount": str(discount),
            "shipping": str(shipping),
            "tax": str(tax),
            "total": str(total),
            "currency": CURRENCY,
        }
    )


@api_view(["POST"])
def reorder(request, order_id):
    previous = get_object_or_404(Order, pk=order_id)
    coupon = None
    country = previous.shipping_address.country if previous.shipping_address else "FR"
    items = []
    missing = []
    for item in previous.items.select_related("product"):
        if item.product.is_available(item.quantity):
            items.append({"product": item.product, "quantity": item.quantity})
        else:
            missing.append(item.product.sku)
    if not items:
        return Response({"error": "nothing from this order is available", "missing": missing}, status=status.HTTP_409_CONFLICT)

    subtotal = Decimal("0")
    weight = 0
    for line in items:
        subtotal += line["product"].price * line["quantity"]
        weight += line["product"].weight_grams * line["quantity"]
    discount = coupon.discount_for(subtotal) if coupon else Decimal("0.00")
    shipping = Decimal("0.00") if subtotal - discount >= FREE_SHIPPING_THRESHOLD else ShippingRate.price_for(country, weight)
    tax = money((subtotal - discount) * VAT_RATE)
    total = money(subtotal - discount + tax + shipping)

    with transaction.atomic():
        order = Order.objects.create(
            customer=previous.customer,
            shipping_address=previous.shipping_address,
            subtotal=money(subtotal),
            discount=discount,
            shipping_cost=shipping,
            tax=tax,
            total=total,
            notes=f"Reorder of order {previous.pk}",
        )
        for line in items:
            OrderItem.objects.create(order=order, product=line["product"], quantity=line["quantity"], unit_price=line["product"].price)
            line["product"].reserve(line["quantity"], reason=f"order {order.pk}")
    return Response({"order": order.pk, "total": str(total), "missing": missing}, status=status.HTTP_201_CREATED)


@csrf_exempt
@require_POST
def pay_order(request, order_id):
    order = get_object_or_404(Order, pk=order_id)
    data = _json_body(request) or {}
    if order.status != "new":
        return JsonResponse({"error": f"order {order.pk} is {order.status}"}, status=409)
    method = data.get("method", "card")
    if method not in ("card", "transfer", "voucher"):
        return JsonResponse({"error": f"unknown payment method {method}"}, status=400)
    try:
        amount = Decimal(str(data.get("amount", order.total)))
    except InvalidOperation:
        return JsonResponse({"error": "amount must be a number"}, status=400)
    if amount < order.total:
        return JsonResponse({"error": f"amount {amount} is less than the total {order.total}"}, status=400)

    with transaction.atomic():
        payment = Payment.objects.create(order=order, amount=order.total, method=method)
        payment.capture(reference=data.get("reference") or f"PAY-{order.pk}-{payment.pk}")
        order.mark_paid()
        points = int(order.total) * LOYALTY_POINTS_PER_EURO
        if order.customer.is_vip:
            points *= 2
        order.customer.add_points(points, f"order {order.pk}")
        order.customer.refresh_vip_status()

    body = "\n".join([f"Hello {order.customer.name},", "", f"Your order {order.pk} is now {order.get_status_display().lower()}.", f"Total: {order.total} {CURRENCY}", "", "The Shop team"])
    send_mail(f"Order {order.pk} is {order.status}", body, settings.DEFAULT_FROM_EMAIL, [order.customer.email])
    Notification.objects.create(customer=order.customer, subject=f"Order {order.pk} is {order.status}", body=body)
    logger.info("notified %s about order %s (%s)", order.customer.email, order.pk, order.status)

    return JsonResponse({"order": order.pk, "status": order.status, "payment": payment.pk, "points": order.customer.loyalty_points})


@csrf_exempt
@require_POST
def ship_order(request, order_id):
    order = get_object_or_404(Order, pk=order_id)
    data = _json_body(request) or {}
    if order.status != "paid":
        return JsonResponse({"error": f"order {order.pk} is {order.status}, not paid"}, status=409)
    carrier = data.get("carrier", "post")
    tracking = data.get("tracking_number", "")
    if carrier != "pickup" and not tracking:
        return JsonResponse({"error": "a tracking number is required"}, status=400)
    shipment, _ = Shipment.objects.get_or_create(order=order, defaults={"carrier": carrier})
    shipment.carrier = carrier
    shipment.save(update_fields=["carrier"])
    shipment.mark_shipped(tracking)
    order.refresh_from_db()

    body = "\n".join([f"Hello {order.customer.name},", "", f"Your order {order.pk} is now {order.get_status_display().lower()}.", f"Total: {order.total} {CURRENCY}", "", "The Shop team"])
    send_mail(f"Order {order.pk} is {order.status}", body, settings.DEFAULT_FROM_EMAIL, [order.customer.email])
    Notification.objects.create(customer=order.customer, subject=f"Order {order.pk} is {order.status}", body=body)
    logger.info("notified %s about order %s (%s)", order.customer.email, order.pk, order.status)

    return JsonResponse({"order": order.pk, "status": order.status, "tracking_number": shipment.tracking_number})


@csrf_exempt
@require_POST
def cancel_order(request, order_id):
    order = get_object_or_404(Order, pk=order_id)
    data = _json_body(request) or {}
    if not order.can_cancel():
        return JsonResponse({"error": f"order {order.pk} is {order.status} and cannot be cancelled"}, status=409)
    refunded = Decimal("0")
    with transaction.atomic():
        for payment in order.payments.filter(status="captured"):
            amount = payment.refundable_amount()
            if amount > 0:
                Refund.objects.create(payment=payment, amount=amount, reason="order cancelled")
                refunded += amount
                payment.status = "refunded"
                payment.save(update_fields=["status"])
        was_paid = order.status == "paid"
        order.cancel(reason=data.get("reason", ""))
        if was_paid:
            order.customer.add_points(-int(order.total) * LOYALTY_POINTS_PER_EURO, f"order {order.pk} cancelled")
        if order.coupon:
            order.coupon.used_count = max(0, order.coupon.used_count - 1)
            order.coupon.save(update_fields=["used_count"])

    body = "\n".join([f"Hello {order.customer.name},", "", f"Your order {order.pk} is now {order.get_status_display().lower()}.", f"Total: {order.total} {CURRENCY}", "", "The Shop team"])
    send_mail(f"Order {order.pk} is {order.status}", body, settings.DEFAULT_FROM_EMAIL, [order.customer.email])
    Notification.objects.create(customer=order.customer, subject=f"Order {order.pk} is {order.status}", body=body)
    logger.info("notified %s about order %s (%s)", order.customer.email, order.pk, order.status)

    return JsonResponse({"order": order.pk, "status": order.status, "refunded": str(money(refunded))})


@csrf_exempt
@require_POST
def refund_payment(request, payment_id):
    payment = get_object_or_404(Payment, pk=payment_id)
    data = _json_body(request) or {}
    try:
        amount = money(Decimal(str(data.get("amount", "0"))))
    except InvalidOperation:
        return JsonResponse({"error": "amount must be a number"}, status=400)
    refund = Refund(payment=payment, amount=amount, reason=data.get("reason", "customer request"))
    try:
        refund.full_clean()
    except ValidationError as error:
        return JsonResponse({"errors": error.message_dict}, status=400)
    refund.save()
    if payment.refundable_amount() == 0:
        payment.status = "refunded"
        payment.save(update_fields=["status"])
        if not payment.order.payments.exclude(status="refunded").exists():
            Order.objects.filter(pk=payment.order_id).update(status="refunded")
    return JsonResponse({"refund": refund.pk, "left": str(payment.refundable_amount())}, status=201)


def customer_detail(request, customer_id):
    customer = get_object_or_404(Customer, pk=customer_id)

    orders = list(Order.objects.filter(customer=customer).order_by("-created_at"))
    paid = [o for o in orders if o.status in ("paid", "shipped", "delivered")]
    summary = {
        "id": customer.pk,
        "name": customer.name,
        "email": customer.email,
        "orders": len(orders),
        "spent": str(sum((o.total for o in paid), Decimal("0"))),
        "points": customer.loyalty_points,
        "vip": customer.is_vip,
        "last_order": orders[0].created_at.isoformat() if orders else None,
    }

    address = customer.default_address()
    summary["address"] = str(address) if address else None
    return JsonResponse(summary)


class CustomerSummaryAPIView(APIView):
    def get(self, request, customer_id):
        client = get_object_or_404(Customer, pk=customer_id)

        orders = list(Order.objects.filter(customer=client).order_by("-created_at"))
        paid = [o for o in orders if o.status in ("paid", "shipped", "delivered")]
        summary = {
            "id": client.pk,
            "name": client.name,
            "email": client.email,
            "orders": len(orders),
            "spent": str(sum((o.total for o in paid), Decimal("0"))),
            "points": client.loyalty_points,
            "vip": client.is_vip,
            "last_order": orders[0].created_at.isoformat() if orders else None,
        }

        summary["reviews"] = Review.objects.filter(customer=client, is_published=True).count()
        return Response(summary)


@csrf_exempt
@require_POST
def create_address(request, customer_id):
    customer = get_object_or_404(Customer, pk=customer_id)
    data = _json_body(request) or {}

    errors = {}
    for field in ("line1", "city", "postcode", "country"):
        if not str(data.get(field, "")).strip():
            errors[field] = "This field is required."
    if data.get("country") and len(str(data["country"])) != 2:
        errors["country"] = "Use a two-letter country code."
    if data.get("postcode") and not str(data["postcode"]).replace(" ", "").isalnum():
        errors["postcode"] = "Letters and digits only."

    if errors:
        return JsonResponse({"errors": errors}, status=400)
    address = Address.objects.create(
        customer=customer,
        line1=data["line1"],
        line2=data.get("line2", ""),
        city=data["city"],
        postcode=data["postcode"],
        country=str(data["country"]).upper(),
    )
    if data.get("default") or customer.addresses.count() == 1:
        address.make_default()
    return JsonResponse({"address": address.pk, "label": address.as_label()}, status=201)


@csrf_exempt
@require_POST
def update_address(request, address_id):
    address = get_object_or_404(Address, pk=address_id)
    data = _json_body(request) or {}

    errors = {}
    for field in ("line1", "city", "postcode", "country"):
        if not str(data.get(field, "")).strip():
            errors[field] = "This field is required."
    if data.get("country") and len(str(data["country"])) != 2:
        errors["country"] = "Use a two-letter country code."
    if data.get("postcode") and not str(data["postcode"]).replace(" ", "").isalnum():
        errors["postcode"] = "Letters and digits only."

    if errors:
        return JsonResponse({"errors": errors}, status=400)
    for field in ("line1", "line2", "city", "postcode"):
        setattr(address, field, data.get(field, ""))
    address.country = str(data["country"]).upper()
    address.save()
    return JsonResponse({"address": address.pk, "label": address.as_label()})


@require_GET
def sales_report(request):
    start = parse_date(request.GET.get("from", "")) or (timezone.now() - timedelta(days=30)).date()
    end = parse_date(request.GET.get("to", "")) or timezone.now().date()
    if start > end:
        return JsonResponse({"error": "from must be before to"}, status=400)
    orders = Order.objects.paid().filter(created_at__date__gte=start, created_at__date__lte=end)
    by_day = defaultdict(lambda: {"orders": 0, "revenue": Decimal("0")})
    by_category = defaultdict(lambda: {"units": 0, "revenue": Decimal("0")})
    best_customers = defaultdict(Decimal)
    for order in orders.select_related("customer"):
        day = order.created_at.date().isoformat()
        by_day[day]["orders"] += 1
        by_day[day]["revenue"] += order.total
        best_customers[order.customer.email] += order.total
        for item in order.items.select_related("product__category"):
            category = item.product.category.name
            by_category[category]["units"] += item.quantity
            by_category[category]["revenue"] += item.line_total()
    top = sorted(best_customers.items(), key=lambda pair: pair[1], reverse=True)[:5]
    refunds = Refund.objects.filter(created_at__date__gte=start, created_at__date__lte=end).aggregate(total=Sum("amount"))["total"] or Decimal("0")
    return JsonResponse(
        {
            "from": start.isoformat(),
            "to": end.isoformat(),
            "days": {day: {"orders": v["orders"], "revenue": str(money(v["revenue"]))} for day, v in sorted(by_day.items())},
            "categories": {name: {"units": v["units"], "revenue": str(money(v["revenue"]))} for name, v in sorted(by_category.items())},
            "top_customers": [{"email": email, "spent": str(money(spent))} for email, spent in top],
            "refunds": str(money(refunds)),
        }
    )


@require_GET
def low_stock(request):
    products = Product.objects.low_stock().order_by("stock")
    return JsonResponse({"products": [{"sku": p.sku, "stock": p.stock} for p in products]})


@api_view(["GET"])
def product_search(request):
    products = search_products(request.query_params.get("q", ""))
    return Response(ProductSerializer(products, many=True).data)


@csrf_exempt
@require_POST
def apply_coupon(request, order_id):
    order = get_object_or_404(Order, pk=order_id)
    data = _json_body(request) or {}
    if order.status != "new":
        return JsonResponse({"error": "coupons apply to new orders only"}, status=409)
    coupon = Coupon.objects.filter(code__iexact=data.get("code", "")).first()
    if coupon is None:
        return JsonResponse({"error": "unknown coupon"}, status=404)
    if not coupon.is_valid():
        return JsonResponse({"error": "this coupon has expired"}, status=400)
    if coupon.vip_only and not order.customer.is_vip:
        return JsonResponse({"error": "this coupon is for VIP customers"}, status=400)
    if order.coupon_id == coupon.pk:
        return JsonResponse({"order": order.pk, "total": str(order.total)})
    order.coupon = coupon
    order.save(update_fields=["coupon"])
    total = order.recalculate()
    coupon.use()
    return JsonResponse({"order": order.pk, "discount": str(order.discount), "total": str(total)})


@csrf_exempt
@require_POST
def wishlist_toggle(request, customer_id, product_id):
    customer = get_object_or_404(Customer, pk=customer_id)
    product = get_object_or_404(Product, pk=product_id)
    wishlist, _ = Wishlist.objects.get_or_create(customer=customer)
    added = wishlist.toggle(product)
    return JsonResponse({"added": added, "count": wishlist.products.count()})


class CartView(View):
    def get(self, request, customer_id):
        cart = Cart.objects.filter(customer_id=customer_id, checked_out=False).first()
        if cart is None:
            return JsonResponse({"items": [], "subtotal": "0.00"})
        items = [{"sku": item.product.sku, "quantity": item.quantity} for item in cart.items.select_related("product")]
        return JsonResponse({"items": items, "subtotal": str(cart.subtotal())})

    def post(self, request, customer_id):
        customer = get_object_or_404(Customer, pk=customer_id)
        data = _json_body(request)
        if data is None:
            return JsonResponse({"error": "invalid JSON"}, status=400)
        cart = Cart.objects.filter(customer=customer, checked_out=False).first()
        if cart is None:
            cart = Cart.objects.create(customer=customer)
        added = []
        for entry in data.get("items", []):
            product = Product.objects.filter(sku=entry.get("sku"), is_active=True).first()
            if product is None:
                continue
            quantity = int(entry.get("quantity", 1))
            if quantity > product.stock:
                quantity = product.stock
            if quantity > 0:
                cart.add(product, quantity)
                added.append(product.sku)
        return JsonResponse({"cart": cart.pk, "added": added, "subtotal": str(cart.subtotal())}, status=201)


class ProductViewSet(viewsets.ModelViewSet):
    serializer_class = ProductSerializer

    def get_queryset(self):
        queryset = Product.objects.select_related("category")
        params = self.request.query_params
        if params.get("category"):
            category = Category.objects.filter(slug=params["category"]).first()
            queryset = category.all_products() if category else queryset.none()
        if params.get("in_stock") == "1":
            queryset = queryset.filter(stock__gt=0)
        if params.get("min_price"):
            queryset = queryset.filter(price__gte=Decimal(params["min_price"]))
        if params.get("max_price"):
            queryset = queryset.filter(price__lte=Decimal(params["max_price"]))
        if params.get("q"):
            queryset = queryset.filter(Q(name__icontains=params["q"]) | Q(sku__iexact=params["q"]))
        if params.get("ordering") in ("price", "-price", "name", "-name"):
            queryset = queryset.order_by(params["ordering"])
        return queryset

    @action(detail=True, methods=["post"])
    def restock(self, request, pk=None):
        product = self.get_object()
        try:
            quantity = int(request.data.get("quantity", 0))
        except (TypeError, ValueError):
            return Response({"error": "quantity must be a number"}, status=status.HTTP_400_BAD_REQUEST)
        if quantity <= 0:
            return Response({"error": "quantity must be positive"}, status=status.HTTP_400_BAD_REQUEST)
        product.restock(quantity, reason=request.data.get("reason", "manual restock"))
        movements = StockMovement.objects.filter(product=product).count()
        return Response({"sku": product.sku, "stock": product.stock, "movements": movements})

    @action(detail=True, methods=["get", "post"])
    def reviews(self, request, pk=None):
        product = self.get_object()
        if request.method == "GET":
            return Response(ReviewSerializer(product.reviews.filter(is_published=True), many=True).data)
        serializer = ReviewSerializer(data={**request.data, "product": product.pk})
        serializer.is_valid(raise_exception=True)
        review = serializer.save()
        published = review.publish()
        return Response({"review": review.pk, "published": published}, status=status.HTTP_201_CREATED)


class OrderViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrderSerializer

    def get_queryset(self):
        return Order.objects.select_related("customer").annotate(lines=Count("items"))


def order_invoice(request, order_id):
    order = get_object_or_404(Order, pk=order_id)
    lines = [f"Invoice for order {order.pk}", f"Customer: {order.customer.name}", ""]
    for item in order.items.select_related("product"):
        lines.append(f"{item.quantity} x {item.product.name}: {item.line_total()} {CURRENCY}")
    lines.extend(["", f"Subtotal: {order.subtotal}", f"Discount: {order.discount}", f"Shipping: {order.shipping_cost}", f"Tax: {order.tax}", f"Total: {order.total} {CURRENCY}"])
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")

"""Everything the shop stores: customers, the catalogue, orders, payments and shipping."""
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.text import slugify

CURRENCY = "EUR"
VAT_RATE = Decimal("0.20")
CENTS = Decimal("0.01")
FREE_SHIPPING_THRESHOLD = Decimal("50.00")
LOYALTY_POINTS_PER_EURO = 1
VIP_THRESHOLD = Decimal("500.00")
LOW_STOCK_LEVEL = 5

ORDER_STATUS_CHOICES = [
    ("new", "New"),
    ("paid", "Paid"),
    ("shipped", "Shipped"),
    ("delivered", "Delivered"),
    ("cancelled", "Cancelled"),
    ("refunded", "Refunded"),
]

PAYMENT_METHOD_CHOICES = [
    ("card", "Card"),
    ("transfer", "Bank transfer"),
    ("voucher", "Voucher"),
]

PAYMENT_STATUS_CHOICES = [
    ("pending", "Pending"),
    ("captured", "Captured"),
    ("failed", "Failed"),
    ("refunded", "Refunded"),
]

CARRIER_CHOICES = [
    ("post", "Post"),
    ("courier", "Courier"),
    ("pickup", "Pickup"),
]


def money(value):
    """Rounds a Decimal to cents the way the accountant wants it."""
    return Decimal(value).quantize(CENTS, rounding=ROUND_HALF_UP)


# Customers


class Customer(models.Model):
    name = models.CharField(max_length=120)
    email = models.EmailField(unique=True)
    phone = models.CharField(max_length=40, blank=True)
    is_vip = models.BooleanField(default=False)
    loyalty_points = models.IntegerField(default=0)
    marketing_opt_in = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    def default_address(self):
        return self.addresses.filter(is_default=True).first() or self.addresses.first()

    def lifetime_value(self):
        total = Order.objects.filter(customer=self, status__in=["paid", "shipped", "delivered"]).aggregate(total=Sum("total"))["total"]
        return money(total or 0)

    def open_orders(self):
        return Order.objects.filter(customer=self, status__in=["new", "paid"])

    def add_points(self, points, reason):
        if points == 0:
            return None
        self.loyalty_points = F("loyalty_points") + points
        self.save(update_fields=["loyalty_points"])
        self.refresh_from_db(fields=["loyalty_points"])
        return LoyaltyTransaction.objects.create(customer=self, points=points, reason=reason)

    def refresh_vip_status(self):
        should_be_vip = self.lifetime_value() >= VIP_THRESHOLD
        if should_be_vip != self.is_vip:
            self.is_vip = should_be_vip
            self.save(update_fields=["is_vip"])
        return self.is_vip


class Address(models.Model):
    customer = models.ForeignKey(Customer, related_name="addresses", on_delete=models.CASCADE)
    line1 = models.CharField(max_length=200)
    line2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100)
    postcode = models.CharField(max_length=20)
    country = models.CharField(max_length=2, default="FR")
    is_default = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "addresses"

    def __str__(self):
        return f"{self.line1}, {self.postcode} {self.city} ({self.country})"

    def make_default(self):
        with transaction.atomic():
            Address.objects.filter(customer=self.customer).update(is_default=False)
            self.is_default = True
            self.save(update_fields=["is_default"])

    def as_label(self):
        lines = [self.customer.name, self.line1]
        if self.line2:
            lines.append(self.line2)
        lines.append(f"{self.postcode} {self.city}")
        lines.append(self.country)
        return "\n".join(lines)


class LoyaltyTransaction(models.Model):
    customer = models.ForeignKey(Customer, related_name="loyalty_transactions", on_delete=models.CASCADE)
    points = models.IntegerField()
    reason = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.points:+d} points for {self.customer.name}: {self.reason}"


# Catalogue


class Category(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(unique=True, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, related_name="children", on_delete=models.CASCADE)

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    def path(self):
        names = []
        node = self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return " / ".join(reversed(names))

    def all_products(self):
        ids = [self.pk]
        frontier = [self]
        while frontier:
            children = list(Category.objects.filter(parent__in=frontier))
            ids.extend(child.pk for child in children)
            frontier = children
        return Product.objects.filter(category_id__in=ids, is_active=True)


class ProductQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def in_stock(self):
        return self.filter(stock__gt=0)

    def low_stock(self):
        return self.filter(stock__lte=LOW_STOCK_LEVEL, is_active=True)

    def search(self, text):
        return self.filter(Q(name__icontains=text) | Q(sku__iexact=text) | Q(description__icontains=text))


class Product(models.Model):
    category = models.ForeignKey(Category, related_name="products", on_delete=models.PROTECT)
    name = models.CharField(max_length=200)
    sku = models.CharField(max_length=40, unique=True)
    description = models.TextField(blank=True)
    price = models.DecimalField(max_digits=10, decimal_places=2)
    stock = models.IntegerField(default=0)
    weight_grams = models.PositiveIntegerField(default=500)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.sku})"

    def price_with_vat(self):
        return money(self.price * (1 + VAT_RATE))

    def is_available(self, quantity=1):
        return self.is_active and self.stock >= quantity

    def average_rating(self):
        ratings = [review.rating for review in self.reviews.filter(is_published=True)]
        if not ratings:
            return None
        return round(sum(ratings) / len(ratings), 1)

    def reserve(self, quantity, reason):
        if quantity <= 0:
            raise ValidationError("quantity must be positive")
        updated = Product.objects.filter(pk=self.pk, stock__gte=quantity).update(stock=F("stock") - quantity)
        if not updated:
            raise ValidationError(f"not enough stock for {self.sku}")
        self.refresh_from_db(fields=["stock"])
        StockMovement.objects.create(product=self, quantity=-quantity, reason=reason)
        return self.stock

    def units_sold(self):
        return OrderItem.objects.filter(product=self, order__status__in=["paid", "shipped", "delivered"]).aggregate(total=Sum("quantity"))["total"] or 0

    def revenue(self):
        lines = OrderItem.objects.filter(product=self, order__status__in=["paid", "shipped", "delivered"])
        return money(sum((line.unit_price * line.quantity for line in lines), Decimal("0")))

    def restock(self, quantity, reason="restock"):
        Product.objects.filter(pk=self.pk).update(stock=F("stock") + quantity)
        self.refresh_from_db(fields=["stock"])
        StockMovement.objects.create(product=self, quantity=quantity, reason=reason)
        return self.stock


class StockMovement(models.Model):
    product = models.ForeignKey(Product, related_name="movements", on_delete=models.CASCADE)
    quantity = models.IntegerField()
    reason = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.quantity:+d} {self.product.sku}: {self.reason}"


class Review(models.Model):
    product = models.ForeignKey(Product, related_name="reviews", on_delete=models.CASCADE)
    customer = models.ForeignKey(Customer, related_name="reviews", on_delete=models.CASCADE)
    rating = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    is_published = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        unique_together = [("product", "customer")]

    def __str__(self):
        return f"{self.rating}/5 for {self.product.name} by {self.customer.name}"

    def clean(self):
        if not 1 <= self.rating <= 5:
            raise ValidationError({"rating": "rating must be between 1 and 5"})

    def publish(self):
        bought = OrderItem.objects.filter(order__customer=self.customer, product=self.product, order__status__in=["paid", "shipped", "delivered"]).exists()
        self.is_published = bought
        self.save(update_fields=["is_published"])
        return bought


# Coupons


class Coupon(models.Model):
    code = models.CharField(max_length=30, unique=True)
    percent_off = models.PositiveSmallIntegerField(default=0)
    amount_off = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))
    minimum_total = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))
    valid_from = models.DateTimeField(default=timezone.now)
    valid_to = models.DateTimeField(null=True, blank=True)
    max_uses = models.PositiveIntegerField(default=0)
    used_count = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    vip_only = models.BooleanField(default=False)

    def __str__(self):
        return self.code

    def is_valid(self, when=None):
        when = when or timezone.now()
        if not self.is_active or when < self.valid_from:
            return False
        if self.valid_to is not None and when > self.valid_to:
            return False
        if self.max_uses and self.used_count >= self.max_uses:
            return False
        return True

    def discount_for(self, subtotal):
        if subtotal < self.minimum_total:
            return Decimal("0.00")
        discount = subtotal * Decimal(self.percent_off) / 100 + self.amount_off
        return money(min(discount, subtotal))

    def use(self):
        Coupon.objects.filter(pk=self.pk).update(used_count=F("used_count") + 1)
        self.refresh_from_db(fields=["used_count"])


# Carts and orders


class Cart(models.Model):
    customer = models.ForeignKey(Customer, related_name="carts", on_delete=models.CASCADE)
    created_at = models.DateTimeField(default=timezone.now)
    checked_out = models.BooleanField(default=False)

    def __str__(self):
        return f"Cart {self.pk} of {self.customer.name}"

    def add(self, product, quantity=1):
        item, created = CartItem.objects.get_or_create(cart=self, product=product, defaults={"quantity": quantity})
        if not created:
            item.quantity += quantity
            item.save(update_fields=["quantity"])
        return item

    def subtotal(self):
        return money(sum((item.product.price * item.quantity for item in self.items.select_related("product")), Decimal("0")))

    def weight_grams(self):
        return sum(item.product.weight_grams * item.quantity for item in self.items.select_related("product"))

    def is_stale(self):
        return timezone.now() - self.created_at > timedelta(days=14)


class CartItem(models.Model):
    cart = models.ForeignKey(Cart, related_name="items", on_delete=models.CASCADE)
    product = models.ForeignKey(Product, on_delete=models.CASCADE)
    quantity = models.PositiveIntegerField(default=1)

    def __str__(self):
        return f"{self.quantity} x {self.product.sku}"


class OrderQuerySet(models.QuerySet):
    def paid(self):
        return self.filter(status__in=["paid", "shipped", "delivered"])

    def for_customer(self, customer):
        return self.filter(customer=customer)

    def placed_between(self, start, end):
        return self.filter(created_at__gte=start, created_at__lt=end)

    def recent(self, days=None):
        """The newest orders first: all of them, or those of the last `days` days."""
        if days is None:
            return self.order_by("-created_at")
        return self.filter(created_at__gte=timezone.now() - timedelta(days=days)).order_by("-created_at")


class Order(models.Model):
    customer = models.ForeignKey(Customer, related_name="orders", on_delete=models.PROTECT)
    status = models.CharField(max_length=20, choices=ORDER_STATUS_CHOICES, default="new")
    shipping_address = models.ForeignKey(Address, null=True, blank=True, on_delete=models.SET_NULL)
    coupon = models.ForeignKey(Coupon, null=True, blank=True, on_delete=models.SET_NULL)
    subtotal = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    discount = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    shipping_cost = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    tax = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    total = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = OrderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Order {self.pk} ({self.status})"

    def recalculate(self):
        subtotal = Decimal("0")
        for item in self.items.all():
            subtotal += item.unit_price * item.quantity
        self.subtotal = money(subtotal)
        self.discount = self.coupon.discount_for(self.subtotal) if self.coupon else Decimal("0.00")
        self.tax = money((self.subtotal - self.discount) * VAT_RATE)
        self.total = money(self.subtotal - self.discount + self.tax + self.shipping_cost)
        self.save(update_fields=["subtotal", "discount", "tax", "total"])
        return self.total

    def item_count(self):
        return self.items.aggregate(count=Sum("quantity"))["count"] or 0

    def amount_paid(self):
        paid = self.payments.filter(status="captured").aggregate(total=Sum("amount"))["total"] or Decimal("0")
        refunded = Refund.objects.filter(payment__order=self).aggregate(total=Sum("amount"))["total"] or Decimal("0")
        return money(paid - refunded)

    def is_fully_paid(self):
        return self.amount_paid() >= self.total

    def can_cancel(self):
        return self.status in ("new", "paid")

    def mark_paid(self):
        if self.status != "new":
            raise ValidationError(f"order {self.pk} is {self.status}, not new")
        self.status = "paid"
        self.save(update_fields=["status"])

    def cancel(self, reason=""):
        if not self.can_cancel():
            raise ValidationError(f"order {self.pk} is {self.status} and cannot be cancelled")
        with transaction.atomic():
            for item in self.items.select_related("product"):
                item.product.restock(item.quantity, reason=f"order {self.pk} cancelled")
            self.status = "cancelled"
            if reason:
                self.notes = f"{self.notes}\nCancelled: {reason}".strip()
            self.save(update_fields=["status", "notes"])

    def summary(self):
        return {
            "id": self.pk,
            "status": self.status,
            "items": self.item_count(),
            "subtotal": str(self.subtotal),
            "discount": str(self.discount),
            "shipping": str(self.shipping_cost),
            "tax": str(self.tax),
            "total": str(self.total),
            "currency": CURRENCY,
        }


class OrderItem(models.Model):
    order = models.ForeignKey(Order, related_name="items", on_delete=models.CASCADE)
    product = models.ForeignKey(Product, on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField(default=1)
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)

    def __str__(self):
        return f"{self.quantity} x {self.product.sku} at {self.unit_price}"

    def line_total(self):
        return money(self.unit_price * self.quantity)


# Payments


class Payment(models.Model):
    order = models.ForeignKey(Order, related_name="payments", on_delete=models.PROTECT)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    method = models.CharField(max_length=20, choices=PAYMENT_METHOD_CHOICES, default="card")
    status = models.CharField(max_length=20, choices=PAYMENT_STATUS_CHOICES, default="pending")
    reference = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.amount} {CURRENCY} by {self.method} for order {self.order_id}"

    def capture(self, reference):
        if self.status != "pending":
            raise ValidationError(f"payment {self.pk} is {self.status}")
        self.status = "captured"
        self.reference = reference
        self.save(update_fields=["status", "reference"])

    def refundable_amount(self):
        refunded = self.refunds.aggregate(total=Sum("amount"))["total"] or Decimal("0")
        return money(self.amount - refunded)


class Refund(models.Model):
    payment = models.ForeignKey(Payment, related_name="refunds", on_delete=models.PROTECT)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    reason = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Refund of {self.amount} {CURRENCY} on payment {self.payment_id}"

    def clean(self):
        if self.amount <= 0:
            raise ValidationError({"amount": "a refund must be positive"})
        if self.amount > self.payment.refundable_amount():
            raise ValidationError({"amount": "more than what is left to refund"})


# Shipping


class ShippingRate(models.Model):
    country = models.CharField(max_length=2)
    max_weight_grams = models.PositiveIntegerField()
    price = models.DecimalField(max_digits=8, decimal_places=2)
    carrier = models.CharField(max_length=20, choices=CARRIER_CHOICES, default="post")

    class Meta:
        ordering = ["country", "max_weight_grams"]

    def __str__(self):
        return f"{self.country} up to {self.max_weight_grams} g: {self.price}"

    @classmethod
    def price_for(cls, country, weight_grams):
        rate = cls.objects.filter(country=country, max_weight_grams__gte=weight_grams).order_by("max_weight_grams").first()
        if rate is None:
            rate = cls.objects.filter(country="*", max_weight_grams__gte=weight_grams).order_by("max_weight_grams").first()
        return rate.price if rate else Decimal("25.00")


class Shipment(models.Model):
    order = models.OneToOneField(Order, related_name="shipment", on_delete=models.CASCADE)
    carrier = models.CharField(max_length=20, choices=CARRIER_CHOICES, default="post")
    tracking_number = models.CharField(max_length=64, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Shipment of order {self.order_id} by {self.carrier}"

    def mark_shipped(self, tracking_number):
        self.tracking_number = tracking_number
        self.shipped_at = timezone.now()
        self.save(update_fields=["tracking_number", "shipped_at"])
        Order.objects.filter(pk=self.order_id).update(status="shipped")

    def mark_delivered(self):
        self.delivered_at = timezone.now()
        self.save(update_fields=["delivered_at"])
        Order.objects.filter(pk=self.order_id).update(status="delivered")

    def days_in_transit(self):
        if not self.shipped_at:
            return None
        end = self.delivered_at or timezone.now()
        return (end - self.shipped_at).days


class Notification(models.Model):
    customer = models.ForeignKey(Customer, related_name="notifications", on_delete=models.CASCADE)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.subject} to {self.customer.email}"


# Gift cards and wishlists


class GiftCard(models.Model):
    code = models.CharField(max_length=32, unique=True)
    initial_amount = models.DecimalField(max_digits=8, decimal_places=2)
    balance = models.DecimalField(max_digits=8, decimal_places=2)
    purchased_by = models.ForeignKey(Customer, null=True, blank=True, related_name="gift_cards", on_delete=models.SET_NULL)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Gift card {self.code} ({self.balance} {CURRENCY} left)"

    def is_usable(self):
        if self.balance <= 0:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()

    def redeem(self, amount):
        if not self.is_usable():
            raise ValidationError(f"gift card {self.code} cannot be used")
        used = min(money(amount), self.balance)
        GiftCard.objects.filter(pk=self.pk).update(balance=F("balance") - used)
        self.refresh_from_db(fields=["balance"])
        return used


class Wishlist(models.Model):
    customer = models.OneToOneField(Customer, related_name="wishlist", on_delete=models.CASCADE)
    products = models.ManyToManyField(Product, blank=True, related_name="wishlisted_by")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Wishlist of {self.customer.name}"

    def toggle(self, product):
        if self.products.filter(pk=product.pk).exists():
            self.products.remove(product)
            added = False
        else:
            self.products.add(product)
            added = True
        self.updated_at = timezone.now()
        self.save(update_fields=["updated_at"])
        return added

    def available_now(self):
        return self.products.filter(is_active=True, stock__gt=0)


# Suppliers


class Supplier(models.Model):
    name = models.CharField(max_length=120)
    email = models.EmailField()
    lead_time_days = models.PositiveSmallIntegerField(default=7)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def open_purchase_orders(self):
        return self.purchase_orders.filter(received_at__isnull=True)

    def expected_delivery(self, ordered_at=None):
        ordered_at = ordered_at or timezone.now()
        return ordered_at + timedelta(days=self.lead_time_days)


class PurchaseOrder(models.Model):
    supplier = models.ForeignKey(Supplier, related_name="purchase_orders", on_delete=models.PROTECT)
    created_at = models.DateTimeField(default=timezone.now)
    received_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)

    def __str__(self):
        return f"Purchase order {self.pk} to {self.supplier.name}"

    def total_cost(self):
        return money(sum((line.unit_cost * line.quantity for line in self.lines.all()), Decimal("0")))

    def receive(self):
        if self.received_at is not None:
            raise ValidationError(f"purchase order {self.pk} was received already")
        with transaction.atomic():
            for line in self.lines.select_related("product"):
                line.product.restock(line.quantity, reason=f"purchase order {self.pk}")
            self.received_at = timezone.now()
            self.save(update_fields=["received_at"])


class PurchaseOrderLine(models.Model):
    purchase_order = models.ForeignKey(PurchaseOrder, related_name="lines", on_delete=models.CASCADE)
    product = models.ForeignKey(Product, related_name="purchase_lines", on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField()
    unit_cost = models.DecimalField(max_digits=10, decimal_places=2)

    def __str__(self):
        return f"{self.quantity} x {self.product.sku} at {self.unit_cost}"

    def margin(self):
        if self.unit_cost == 0:
            return None
        return round((self.product.price - self.unit_cost) / self.unit_cost * 100, 1)


# Support: returns, tickets and questions about products

SUPPORT_RECENT_DAYS = 2

RETURN_STATUS_CHOICES = [
    ("requested", "Requested"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]

TICKET_STATUS_CHOICES = [
    ("open", "Open"),
    ("waiting", "Waiting for the customer"),
    ("closed", "Closed"),
]


class ReturnRequest(models.Model):
    order = models.ForeignKey(Order, related_name="return_requests", on_delete=models.CASCADE)
    reason = models.TextField()
    status = models.CharField(max_length=20, choices=RETURN_STATUS_CHOICES, default="requested")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"Return of order {self.order_id} ({self.status})"

    def is_recent(self):
        return timezone.now() - self.created_at < timedelta(days=SUPPORT_RECENT_DAYS)


class SupportTicket(models.Model):
    customer = models.ForeignKey(Customer, related_name="tickets", on_delete=models.CASCADE)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=20, choices=TICKET_STATUS_CHOICES, default="open")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"Ticket {self.pk}: {self.subject}"

    def is_recent(self):
        return timezone.now() - self.created_at < timedelta(days=SUPPORT_RECENT_DAYS)


class ProductQuestion(models.Model):
    product = models.ForeignKey(Product, related_name="questions", on_delete=models.CASCADE)
    customer = models.ForeignKey(Customer, related_name="questions", on_delete=models.CASCADE)
    question = models.TextField()
    answer = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"Question on {self.product.sku}: {self.question[:40]}"

    def is_recent(self):
        return timezone.now() - self.created_at < timedelta(days=SUPPORT_RECENT_DAYS)

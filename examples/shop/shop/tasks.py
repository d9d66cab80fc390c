"""Work that would run in a task queue: kept as plain functions (no Celery in this example)."""
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from .models import Cart, Customer, Notification, Product


def search_products(text):
    text = text.strip()
    if not text:
        return Product.objects.active().none()
    return Product.objects.active().search(text).order_by("name")


def remind_abandoned_carts(days=2):
    cutoff = timezone.now() - timedelta(days=days)
    reminded = 0
    for cart in Cart.objects.filter(checked_out=False, created_at__lt=cutoff).select_related("customer"):
        if not cart.items.exists() or not cart.customer.marketing_opt_in:
            continue
        body = f"Hello {cart.customer.name}, your cart is waiting: {cart.subtotal()} EUR."
        send_mail("Your cart is waiting", body, settings.DEFAULT_FROM_EMAIL, [cart.customer.email])
        Notification.objects.create(customer=cart.customer, subject="Your cart is waiting", body=body)
        reminded += 1
    return reminded


def refresh_vip_statuses():
    changed = 0
    for customer in Customer.objects.all():
        before = customer.is_vip
        if customer.refresh_vip_status() != before:
            changed += 1
    return changed

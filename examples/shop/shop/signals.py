"""Signal receivers, connected when the app is ready (see apps.py)."""
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Customer, Product, Wishlist


@receiver(post_save, sender=Customer)
def create_wishlist(sender, instance, created, **kwargs):
    if created:
        Wishlist.objects.get_or_create(customer=instance)


@receiver(post_save, sender=Product)
def deactivate_discontinued(sender, instance, created, **kwargs):
    # A product renamed "DISCONTINUED ..." leaves the catalogue.
    if instance.is_active and instance.name.upper().startswith("DISCONTINUED"):
        Product.objects.filter(pk=instance.pk).update(is_active=False)

"""The admin of stock movements, imported by admin.py so that autodiscovery registers it."""
from django.contrib import admin

from .models import StockMovement


@admin.register(StockMovement)
class StockMovementAdmin(admin.ModelAdmin):
    list_display = ["created_at", "product_sku", "quantity", "reason"]

    @admin.display(description="SKU")
    def product_sku(self, movement):
        return movement.product.sku

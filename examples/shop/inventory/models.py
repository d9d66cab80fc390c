"""Warehouses and the stock they hold."""
from django.db import models


class Warehouse(models.Model):
    name = models.CharField(max_length=100)


class StockItem(models.Model):
    sku = models.CharField(max_length=40)
    quantity = models.BigIntegerField()
    bin_location = models.CharField(max_length=50)
    batch = models.CharField(max_length=20)
    remarks = models.TextField(blank=True)
    warehouse = models.ForeignKey(Warehouse, null=True, on_delete=models.SET_NULL, related_name="items")

    class Meta:
        indexes = [models.Index(fields=["sku"], name="inventory_sku_idx")]
        constraints = [models.CheckConstraint(check=models.Q(quantity__gte=0), name="inventory_quantity_positive")]

    def __str__(self):
        return f"{self.sku} × {self.quantity}"

    @property
    def location(self):
        """The name `bin_location` had: the serializer and the admin still show it."""
        return self.bin_location

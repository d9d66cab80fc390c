from django.test import TestCase

from .models import StockItem, Warehouse
from .serializers import StockItemSerializer


class StockItemTests(TestCase):
    def test_the_old_location_name_still_reads_the_bin(self):
        item = StockItem.objects.create(sku="A-1", quantity=3, bin_location="R2", batch="B7", warehouse=Warehouse.objects.create(name="North"))
        self.assertEqual(StockItemSerializer(item).data["location"], "R2")

    def test_quantities_stay_positive(self):
        from django.db import IntegrityError, transaction

        with self.assertRaises(IntegrityError), transaction.atomic():
            StockItem.objects.create(sku="A-2", quantity=-1, bin_location="R1", batch="B1")

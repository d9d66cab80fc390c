"""Every risk of unsafe-migration in one migration (docs/rules/unsafe-migration.md): fine on the
empty test database, each a lock, a failure or lost data on a production table."""
from django.db import migrations, models
import django.db.models.deletion

from inventory.models import StockItem


def clamp_quantities(apps, schema_editor):
    StockItem.objects.filter(quantity__lt=0).update(quantity=0)


class Migration(migrations.Migration):

    dependencies = [
        ('inventory', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='stockitem',
            name='batch',
            field=models.CharField(max_length=20),
        ),
        migrations.AlterField(
            model_name='stockitem',
            name='quantity',
            field=models.BigIntegerField(),
        ),
        migrations.AddIndex(
            model_name='stockitem',
            index=models.Index(fields=['sku'], name='inventory_sku_idx'),
        ),
        migrations.AddField(
            model_name='stockitem',
            name='warehouse',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='items', to='inventory.warehouse'),
        ),
        migrations.AddConstraint(
            model_name='stockitem',
            constraint=models.CheckConstraint(check=models.Q(quantity__gte=0), name='inventory_quantity_positive'),
        ),
        migrations.RenameField(
            model_name='stockitem',
            old_name='location',
            new_name='bin_location',
        ),
        migrations.AddField(
            model_name='stockitem',
            name='remarks',
            field=models.TextField(blank=True),
        ),
        migrations.RemoveField(
            model_name='stockitem',
            name='notes',
        ),
        migrations.RunPython(clamp_quantities),
    ]

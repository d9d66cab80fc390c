"""CSV exports for the back office: the customers and their addresses, one row per record."""
import csv

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from .models import Address, Customer


@require_GET
def export_customers(request):
    columns = [field.attname for field in Customer._meta.concrete_fields]
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="customers.csv"'
    writer = csv.writer(response)
    writer.writerow(columns)
    for row in Customer.objects.order_by("pk").values_list(*columns):
        writer.writerow(row)
    return response


@require_GET
def export_addresses(request):
    columns = [field.attname for field in Address._meta.concrete_fields]
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="addresses.csv"'
    writer = csv.writer(response)
    writer.writerow(columns)
    for row in Address.objects.order_by("pk").values_list(*columns):
        writer.writerow(row)
    return response

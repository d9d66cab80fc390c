"""Back-office pages for suppliers: the buyers add a supplier and edit one through a form."""
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .forms import SupplierForm
from .models import Supplier


@never_cache
@require_http_methods(["GET", "POST"])
def supplier_new(request):
    """A new supplier; the buyers go back to the list of suppliers once it is saved."""
    if request.method == "POST":
        form = SupplierForm(request.POST)
        if form.is_valid():
            form.save()
            return redirect("backoffice:supplier-list")
    else:
        form = SupplierForm()
    return render(request, "shop/supplier_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def supplier_edit(request, supplier_id):
    supplier = get_object_or_404(Supplier, pk=supplier_id)
    if request.method == "POST":
        form = SupplierForm(request.POST, instance=supplier)
        if form.is_valid():
            form.save()
            return redirect("backoffice:supplier-list")
    else:
        form = SupplierForm(instance=supplier)
    return render(request, "shop/supplier_form.html", {"form": form, "supplier": supplier})

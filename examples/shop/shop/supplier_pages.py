"""Back-office pages for suppliers: the buyers browse the directory, read a supplier's page, add a supplier and edit one through a form, signed-in buyers update a supplier's contact details, and those allowed to view suppliers compare lead times."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views import View
from django.views.decorators.http import require_GET, require_http_methods, require_safe

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
            messages.success(request, "Supplier saved: 100% up to date.")
            return redirect("backoffice:supplier-list")
    else:
        form = SupplierForm(instance=supplier)
    return render(request, "shop/supplier_form.html", {"form": form, "supplier": supplier})


@login_required(login_url="/accounts/login/", redirect_field_name="back")
@require_http_methods(["GET", "POST"])
def supplier_contact(request, supplier_id):
    """A supplier's contact details, for signed-in buyers; the supplier's page tells them how it went."""
    supplier = get_object_or_404(Supplier, pk=supplier_id)
    if request.method == "POST":
        form = SupplierForm(request.POST, instance=supplier)
        if form.is_valid():
            form.save()
            messages.info(request, "Contact details updated.")
            return redirect("supplier-page", supplier_id=supplier.pk)
        messages.error(request, "The contact details have errors.")
    else:
        form = SupplierForm(instance=supplier)
    return render(request, "shop/supplier_form.html", {"form": form, "supplier": supplier})



def supplier_lead_time(request, supplier_id):
    """A supplier's lead time, in one flow: a request without data (a GET, an empty POST) shows the form as it is."""
    supplier = get_object_or_404(Supplier, pk=supplier_id)
    form = SupplierForm(request.POST or None, instance=supplier)
    if form.is_valid():
        form.save()
        return redirect("supplier-page", supplier_id=supplier.pk)
    return render(request, "shop/supplier_form.html", {"form": form, "supplier": supplier})

class SupplierQuickAdd(View):
    """The buyers' quick add from the directory: back to the directory once saved, a warning when it is not."""

    def get(self, request):
        form = SupplierForm()
        return render(request, "shop/supplier_form.html", {"form": form})

    def post(self, request):
        form = SupplierForm(request.POST)
        if form.is_valid():
            form.save()
            return redirect("supplier-directory")
        messages.warning(request, "The supplier was not added.")
        return render(request, "shop/supplier_form.html", {"form": form})


@require_GET
def supplier_directory(request):
    """The active suppliers, by name, two to a page."""
    paginator = Paginator(Supplier.objects.filter(is_active=True), 2)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(request, "shop/supplier_directory.html", {"page_obj": page_obj})


@permission_required("shop.view_supplier", login_url="/accounts/login/", raise_exception=True)
def supplier_lead_times(request):
    """The lead times, shortest first, for the buyers allowed to view suppliers (whatever the method); others are answered 403."""
    suppliers = Supplier.objects.order_by("lead_time_days", "name")
    return render(request, "shop/supplier_lead_times.html", {"suppliers": suppliers})


@require_safe
def supplier_page(request, supplier_id):
    supplier = get_object_or_404(Supplier, pk=supplier_id)
    return render(request, "shop/supplier_page.html", {"supplier": supplier})

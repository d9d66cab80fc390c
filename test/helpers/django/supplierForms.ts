/** The plain Django form views' fixture project, shared by the conversion tests of each shape. */
import { PAGES_PROJECT } from './crudViews';

/** A project of suppliers edited through model forms (a catalogue with a file field), its views to be written. */
export const SUPPLIER_FORMS_PROJECT: Readonly<Record<string, string>> = {
  ...PAGES_PROJECT,
  'shop/models.py': `
    from django.db import models

    class Supplier(models.Model):
        name = models.CharField(max_length=100)
        code = models.SlugField(unique=True)

    class Catalogue(models.Model):
        supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE)
        scan = models.FileField(upload_to="catalogues")
  `,
  'shop/forms.py': `
    from django import forms
    from .models import Catalogue, Supplier

    class SupplierForm(forms.ModelForm):
        class Meta:
            model = Supplier
            fields = ["name", "code"]

    class CatalogueForm(forms.ModelForm):
        class Meta:
            model = Catalogue
            fields = ["supplier", "scan"]
  `,
  'shop/urls.py': `
    from django.urls import path
    from . import views

    urlpatterns = [
        path("suppliers/new/", views.supplier_new, name="supplier-new"),
        path("suppliers/<int:supplier_id>/edit/", views.supplier_edit, name="supplier-edit"),
        path("suppliers/<slug:code>/", views.supplier_by_code, name="supplier-by-code"),
        path("catalogues/new/", views.catalogue_new, name="catalogue-new"),
        path("suppliers/add/", views.SupplierAdd.as_view(), name="supplier-add"),
        path("suppliers/<int:supplier_id>/change/", views.SupplierChange.as_view(), name="supplier-change"),
    ]
  `,
  'shop/templates/shop/supplier_form.html': '{% extends "base.html" %}\n{% block content %}<form method="post">{% csrf_token %}{{ form }}</form>{% endblock %}\n',
  'shop/templates/shop/supplier_view.html': '{% extends "base.html" %}\n{% block content %}{{ view.request.path }} {{ form }}{% endblock %}\n',
  'shop/templates/shop/catalogue_form.html': '{{ form }}\n',
};

/** The imports of its views. */
export const SUPPLIER_FORMS_HEAD = `
  from django.shortcuts import get_object_or_404, redirect, render
  from django.views.decorators.http import require_http_methods
  from .forms import CatalogueForm, SupplierForm
  from .models import Supplier
`;

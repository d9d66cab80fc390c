from django import forms

from .models import Address, Review, Supplier


class AddressForm(forms.ModelForm):
    class Meta:
        model = Address
        fields = ["line1", "line2", "city", "postcode", "country"]

    def clean_country(self):
        return self.cleaned_data["country"].upper()


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["rating", "comment"]


class SupplierForm(forms.ModelForm):
    class Meta:
        model = Supplier
        fields = ["name", "email", "lead_time_days", "is_active"]

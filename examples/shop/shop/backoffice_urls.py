from django.urls import path

from . import backoffice_views as views

app_name = "backoffice"

urlpatterns = [
    path("categories/", views.category_list, name="category-list"),
    path("categories/<slug:slug>/", views.category_detail, name="category-detail"),
    path("shipping-rates/", views.shipping_rate_list, name="shipping-rate-list"),
    path("shipping-rates/<int:pk>/", views.shipping_rate_detail, name="shipping-rate-detail"),
    path("coupons/", views.coupon_list, name="coupon-list"),
    path("coupons/<int:pk>/", views.CouponDetail.as_view(), name="coupon-detail"),
    path("reviews/", views.ReviewList.as_view(), name="review-list"),
    path("reviews/<int:review_id>/", views.ReviewDetail.as_view(), name="review-detail"),
    path("customers/<int:customer_id>/addresses/", views.CustomerAddressList.as_view(), name="customer-addresses"),
    path("addresses/<int:pk>/", views.AddressDetail.as_view(), name="address"),
    path("customers/<int:pk>/", views.CustomerDetail.as_view(), name="customer"),
    path("suppliers/", views.SupplierList.as_view(), name="supplier-list"),
    path("suppliers/<int:pk>/", views.SupplierDetail.as_view(), name="supplier-detail"),
]

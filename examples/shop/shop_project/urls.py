from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("newsletter/", include("newsletter.urls")),
    path("backoffice/", include("shop.backoffice_urls")),
    path("", include("shop.urls")),
]

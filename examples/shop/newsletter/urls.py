from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("subscriptions", views.SubscriptionViewSet, basename="subscription")

urlpatterns = [
    path("digest/", views.digest, name="newsletter-digest"),
    path("topics/<str:topic>/pause/", views.pause_topic, name="newsletter-pause"),
    path("", include(router.urls)),
]

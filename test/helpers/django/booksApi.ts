/**
 * A Django REST framework project for protocol tests: `proj` settings and root URLs including
 * `books.urls`, a `Book` model and its `BookSerializer`; the caller adds `books/urls.py` and
 * `books/views.py`.
 */
export const BOOKS_API = `
#- proj/__init__.py
#- proj/settings.py
INSTALLED_APPS = ["rest_framework", "books"]
ROOT_URLCONF = "proj.urls"
#- proj/urls.py
from django.urls import include, path

urlpatterns = [path("", include("books.urls"))]
#- books/__init__.py
#- books/models.py
from django.db import models


class Book(models.Model):
    title = models.CharField(max_length=100)
#- books/serializers.py
from rest_framework import serializers
from .models import Book


class BookSerializer(serializers.ModelSerializer):
    class Meta:
        model = Book
        fields = ["id", "title"]
`;

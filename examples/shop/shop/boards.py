"""Boards: the latest reviews, each shown with its product and its customer (rendered by a template)."""
from django.shortcuts import render

from .models import Review


def reviews_board(request):
    reviews = Review.objects.order_by("-created_at")[:50]
    return render(request, "shop/reviews_board.html", {"reviews": reviews})

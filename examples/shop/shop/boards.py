"""
Boards: the latest reviews, each shown with its product and its customer (rendered by a
template), the open questions, each with its product, beside the latest reviews (what a class
view's get_context_data adds, and an inclusion tag), and the recent orders with their customers
(rows from the orders' own queryset method, `Order.objects.recent()`).
"""
from django.shortcuts import render
from django.views.generic import TemplateView

from .models import Order, ProductQuestion, Review


def reviews_board(request):
    reviews = Review.objects.order_by("-created_at")[:50]
    return render(request, "shop/reviews_board.html", {"reviews": reviews})


def orders_board(request):
    days = int(request.GET.get("days", 0)) or None
    orders = Order.objects.recent(days)[:50]
    return render(request, "shop/orders_board.html", {"orders": orders})


class QuestionsBoard(TemplateView):
    template_name = "shop/questions_board.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["questions"] = ProductQuestion.objects.filter(answer="")[:50]
        return context

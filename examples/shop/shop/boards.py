"""
Boards: the latest reviews, each shown with its product and its customer (rendered by a
template), and the open questions, each with its product, beside the latest reviews (what a class
view's get_context_data adds, and an inclusion tag).
"""
from django.shortcuts import render
from django.views.generic import TemplateView

from .models import ProductQuestion, Review


def reviews_board(request):
    reviews = Review.objects.order_by("-created_at")[:50]
    return render(request, "shop/reviews_board.html", {"reviews": reviews})


class QuestionsBoard(TemplateView):
    template_name = "shop/questions_board.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["questions"] = ProductQuestion.objects.filter(answer="")[:50]
        return context

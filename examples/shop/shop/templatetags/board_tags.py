"""Template tags of the boards: the latest reviews, each with its customer's name."""
from django import template

from ..models import Review

register = template.Library()


@register.inclusion_tag("shop/recent_reviews.html")
def recent_reviews(count=10):
    reviews = Review.objects.order_by("-pk")[:count]
    return {"reviews": reviews}

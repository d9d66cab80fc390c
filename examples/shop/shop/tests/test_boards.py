"""
Queries of the boards, with 2 rows and then 5. The reviews board's template reads the product and
the customer of every review; the questions board's reads the product of every open question
(from get_context_data), and its recent-reviews tag the customer of every review. As written each
row costs two more queries (N+1). The orders board reads the customer of every order that
`Order.objects.recent()` returns, through either of its returns (all orders, or the last days'):
one more query per row. Untangle's example test applies its n-plus-one code action to a copy of
the shop and runs this module with SHOP_EXPECT_CONSTANT_QUERIES=1: then each board makes the same
number of queries whatever the rows.
"""
import json
import os

from django.test import TestCase

from shop.models import ProductQuestion, Review

from .factories import make_customer, make_order, make_product

EXPECT_CONSTANT = os.environ.get("SHOP_EXPECT_CONSTANT_QUERIES") == "1"


class BoardQueryCounts:
    """A board's queries: `fixed` per page, and `per_row` more per row as written; `shown`: what each page shows of the last row."""

    url = ""
    fixed = 1
    per_row = 2
    shown = ("Product SKU-{}", "Customer{}")

    def setUp(self):
        self.rows = 0

    def add_row(self):
        self.rows += 1
        product = make_product(sku=f"SKU-{self.rows}")
        customer = make_customer(name=f"Customer{self.rows}")
        Review.objects.create(product=product, customer=customer, rating=4)
        ProductQuestion.objects.create(product=product, customer=customer, question=f"Question {self.rows}?")
        make_order(customer)

    def board_queries(self):
        expected = self.fixed if EXPECT_CONSTANT else self.fixed + self.per_row * self.rows
        with self.assertNumQueries(expected) as context:
            response = self.client.get(self.url)
        for shown in self.shown:
            self.assertContains(response, shown.format(self.rows))
        return len(context.captured_queries)

    def test_board(self):
        for _ in range(2):
            self.add_row()
        with_two = self.board_queries()
        for _ in range(3):
            self.add_row()
        with_five = self.board_queries()
        report = os.environ.get("SHOP_QUERY_COUNTS")
        if report:
            with open(report, "a", encoding="utf-8") as out:
                out.write(json.dumps({"url": self.url, "rows2": with_two, "rows5": with_five}) + "\n")


class ReviewsBoardQueryCountTests(BoardQueryCounts, TestCase):
    url = "/boards/reviews/"


class QuestionsBoardQueryCountTests(BoardQueryCounts, TestCase):
    url = "/boards/questions/"
    fixed = 2


class OrdersBoardQueryCountTests(BoardQueryCounts, TestCase):
    url = "/boards/orders/"
    per_row = 1
    shown = ("Customer{}",)


class LastDaysOrdersBoardQueryCountTests(OrdersBoardQueryCountTests):
    url = "/boards/orders/?days=7"

"""
Queries of the reviews board, with 2 reviews and then 5: its template reads the product and the
customer of every review, so as written each review costs two more queries (N+1). Untangle's
example test applies its n-plus-one code action to a copy of the shop and runs this module with
SHOP_EXPECT_CONSTANT_QUERIES=1: then the board makes one query whatever the rows.
"""
import json
import os

from django.test import TestCase

from shop.models import Review

from .factories import make_customer, make_product

EXPECT_CONSTANT = os.environ.get("SHOP_EXPECT_CONSTANT_QUERIES") == "1"
URL = "/boards/reviews/"


def expected_queries(rows):
    return 1 if EXPECT_CONSTANT else 1 + 2 * rows


class ReviewsBoardQueryCountTests(TestCase):
    def setUp(self):
        self.rows = 0

    def add_review(self):
        self.rows += 1
        Review.objects.create(product=make_product(sku=f"SKU-{self.rows}"), customer=make_customer(name=f"Customer{self.rows}"), rating=4)

    def board_queries(self):
        with self.assertNumQueries(expected_queries(self.rows)) as context:
            response = self.client.get(URL)
        self.assertContains(response, f"Product SKU-{self.rows}")
        self.assertContains(response, f"Customer{self.rows}")
        return len(context.captured_queries)

    def test_reviews_board(self):
        for _ in range(2):
            self.add_review()
        with_two = self.board_queries()
        for _ in range(3):
            self.add_review()
        with_five = self.board_queries()
        report = os.environ.get("SHOP_QUERY_COUNTS")
        if report:
            with open(report, "a", encoding="utf-8") as out:
                out.write(json.dumps({"url": URL, "rows2": with_two, "rows5": with_five}) + "\n")

import csv
import io

from django.test import TestCase

from .factories import make_address, make_customer


def rows_of(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


class ExportTests(TestCase):
    def setUp(self):
        self.ada = make_customer("Ada")
        self.bob = make_customer("Bob", is_vip=True)
        self.address = make_address(self.bob, city="Lyon", postcode="69001")

    def test_customers_export_has_a_row_per_customer_under_their_columns(self):
        response = self.client.get("/exports/customers.csv")
        self.assertEqual(response["Content-Type"], "text/csv")
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="customers.csv"')
        header, *rows = rows_of(response)
        self.assertEqual(header[:4], ["id", "name", "email", "phone"])
        self.assertEqual([row[:3] for row in rows], [[str(self.ada.pk), "Ada", "ada@example.com"], [str(self.bob.pk), "Bob", "bob@example.com"]])
        self.assertEqual(rows[1][header.index("is_vip")], "True")

    def test_addresses_export_names_the_customer_by_id(self):
        response = self.client.get("/exports/addresses.csv")
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="addresses.csv"')
        header, *rows = rows_of(response)
        self.assertEqual(header[:2], ["id", "customer_id"])
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0][:2], [str(self.address.pk), str(self.bob.pk)])
        self.assertEqual(rows[0][header.index("city")], "Lyon")

    def test_exports_answer_get_only(self):
        self.assertEqual(self.client.post("/exports/customers.csv").status_code, 405)
        self.assertEqual(self.client.post("/exports/addresses.csv").status_code, 405)

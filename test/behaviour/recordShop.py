"""
Records how the example shop answers a fixed list of requests, with Django's test client on a
fresh test database: for each request its status, body (JSON, or a page whole), the headers that
matter (Allow, Location, Content-Type, Cache-Control), the templates rendered, the messages stored, the number of SQL
queries and what the shop logged. Run from the shop's folder; prints the recording as JSON. The behaviour oracle runs it before and after a refactoring
and compares the two recordings.
"""
import base64
import json
import logging
import os
import re
import sys
import zlib

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop_project.settings")

import django  # noqa: E402

django.setup()

from decimal import Decimal  # noqa: E402

from django.db import connection  # noqa: E402
from django.test.runner import DiscoverRunner  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

HEADERS = ["Location", "Content-Type", "Cache-Control"]


class Captured(logging.Handler):
    def __init__(self):
        super().__init__()
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def seed():
    from django.contrib.auth.models import Permission, User
    from shop.models import Address, Category, Customer, Product, Review, Supplier

    books = Category.objects.create(name="Books")
    novels = Category.objects.create(name="Novels", parent=books)
    Category.objects.create(name="Games")
    ada = Customer.objects.create(name="Ada", email="ada@example.com")
    bob = Customer.objects.create(name="Bob", email="bob@example.com", is_vip=True)
    atlas = Product.objects.create(sku="ATLAS", name="Atlas", price=Decimal("30.00"), stock=2, category=books)
    novel = Product.objects.create(sku="NOVEL", name="Novel", price=Decimal("12.00"), stock=4, category=novels)
    Review.objects.create(product=atlas, customer=ada, rating=5, comment="great", is_published=True)
    Review.objects.create(product=novel, customer=ada, rating=3, comment="fine", is_published=False)
    Review.objects.create(product=novel, customer=bob, rating=4, comment="good", is_published=True)
    Address.objects.create(customer=ada, line1="1 rue de la Paix", city="Paris", postcode="75002")
    zeta = Supplier.objects.create(name="Zeta", email="zeta@example.com", is_active=False)
    acme = Supplier.objects.create(name="Acme", email="acme@example.com", lead_time_days=3)
    User.objects.create_user("buyer")
    planner = User.objects.create_user("planner")
    planner.user_permissions.add(Permission.objects.get(content_type__app_label="shop", codename="view_supplier"))
    return {"ada": ada.pk, "bob": bob.pk, "atlas": atlas.pk, "novel": novel.pk, "zeta": zeta.pk, "acme": acme.pk}


class Form(dict):
    """A request body sent as a browser's form (multipart), not as JSON."""


def requests(ids):
    """(method, path, body) in order; later requests see what earlier ones changed."""
    ada, bob, atlas, novel, zeta = ids["ada"], ids["bob"], ids["atlas"], ids["novel"], ids["zeta"]
    every = ["get", "post", "put", "patch", "delete", "options"]
    backoffice = [
        *[(m, "/backoffice/categories/", None) for m in every],
        ("get", "/backoffice/categories/?top=1", None),
        ("post", "/backoffice/categories/", {"name": "Comics", "parent": None}),
        ("post", "/backoffice/categories/", {"parent": 999}),
        ("get", "/backoffice/categories/comics/", None),
        ("get", "/backoffice/categories/nothing/", None),
        ("put", "/backoffice/categories/comics/", {"name": "Comic books", "slug": "comics"}),
        ("put", "/backoffice/categories/comics/", {"slug": "comics"}),
        ("patch", "/backoffice/categories/comics/", {"parent": 1}),
        ("patch", "/backoffice/categories/comics/", {"name": ""}),
        ("post", "/backoffice/categories/comics/", {}),
        ("head", "/backoffice/categories/comics/", None),
        ("delete", "/backoffice/categories/comics/", None),
        ("delete", "/backoffice/categories/comics/", None),
        *[(m, "/backoffice/reviews/", None) for m in every],
        ("post", "/backoffice/reviews/", {"product": atlas, "customer": bob, "rating": 4, "comment": "solid"}),
        ("post", "/backoffice/reviews/", {"product": atlas, "customer": bob, "rating": 9}),
        ("get", "/backoffice/reviews/", None),
        *[(m, "/backoffice/reviews/1/", None) for m in every if m != "delete"],
        ("put", "/backoffice/reviews/1/", {"product": atlas, "customer": ada, "rating": 2, "comment": "changed my mind"}),
        ("put", "/backoffice/reviews/1/", {"rating": 0}),
        ("get", "/backoffice/reviews/1/", None),
        ("get", "/backoffice/reviews/404/", None),
        ("delete", "/backoffice/reviews/3/", None),
        ("delete", "/backoffice/reviews/3/", None),
        *[(m, f"/backoffice/customers/{ada}/addresses/", None) for m in every],
        ("post", f"/backoffice/customers/{bob}/addresses/", {"line1": "2 Main St", "city": "Lyon", "postcode": "69001"}),
        ("post", f"/backoffice/customers/{bob}/addresses/", {"city": "Lyon"}),
        ("post", "/backoffice/customers/999/addresses/", {"line1": "x", "city": "y", "postcode": "z"}),
        ("get", f"/backoffice/customers/{bob}/addresses/", None),
        *[(m, "/backoffice/addresses/1/", None) for m in every if m != "delete"],
        ("patch", "/backoffice/addresses/1/", {"city": "Marseille"}),
        ("patch", "/backoffice/addresses/1/", {"country": "FRANCE"}),
        ("put", "/backoffice/addresses/1/", {"line1": "x", "city": "y", "postcode": "z"}),
        ("head", "/backoffice/addresses/1/", None),
        ("delete", "/backoffice/addresses/1/", None),
        ("get", "/backoffice/addresses/1/", None),
        ("patch", "/backoffice/addresses/1/", {"city": "Nice"}),
        *[(m, f"/backoffice/customers/{ada}/", None) for m in [*every, "head"]],
        *[(m, "/backoffice/customers/999/", None) for m in [*every, "head"]],
        *[(m, "/backoffice/suppliers/", None) for m in [*every, "head"]],
        ("post", "/backoffice/suppliers/", {"name": "Bolt", "email": "bolt@example.com"}),
        ("post", "/backoffice/suppliers/", {"name": "Bolt", "email": "not an email"}),
        ("get", "/backoffice/suppliers/", None),
        *[(m, f"/backoffice/suppliers/{zeta}/", None) for m in [*every, "head"] if m != "delete"],
        ("put", f"/backoffice/suppliers/{zeta}/", {"name": "Zeta", "email": "zeta@example.com", "is_active": True}),
        ("put", f"/backoffice/suppliers/{zeta}/", {"name": ""}),
        ("get", "/backoffice/suppliers/404/", None),
        ("delete", f"/backoffice/suppliers/{zeta}/", None),
        ("delete", f"/backoffice/suppliers/{zeta}/", None),
        ("get", "/backoffice/suppliers/", None),
        *[(m, "/backoffice/shipping-rates/", None) for m in [*every, "head"]],
        ("post", "/backoffice/shipping-rates/", {"country": "FR", "max_weight_grams": 1000, "price": "5.50"}),
        ("post", "/backoffice/shipping-rates/", {"country": "DE", "max_weight_grams": 500, "price": "4.00", "carrier": "courier"}),
        ("post", "/backoffice/shipping-rates/", {"country": "FR", "price": "x"}),
        ("get", "/backoffice/shipping-rates/", None),
        *[(m, "/backoffice/shipping-rates/1/", None) for m in [*every, "head"] if m != "delete"],
        ("put", "/backoffice/shipping-rates/1/", {"country": "FR", "max_weight_grams": 2000, "price": "7.00"}),
        ("put", "/backoffice/shipping-rates/1/", {"price": "-"}),
        ("patch", "/backoffice/shipping-rates/1/", {"price": "1.00"}),
        ("get", "/backoffice/shipping-rates/1/", None),
        ("get", "/backoffice/shipping-rates/404/", None),
        ("delete", "/backoffice/shipping-rates/2/", None),
        ("delete", "/backoffice/shipping-rates/2/", None),
        ("get", "/backoffice/shipping-rates/", None),
        *[(m, "/backoffice/coupons/", None) for m in [*every, "head"]],
        ("post", "/backoffice/coupons/", {"code": "SPRING", "percent_off": 10}),
        ("post", "/backoffice/coupons/", {"code": "SUMMER", "max_uses": 5, "is_active": False}),
        ("post", "/backoffice/coupons/", {"code": "SPRING"}),
        ("get", "/backoffice/coupons/", None),
        *[(m, "/backoffice/coupons/1/", None) for m in [*every, "head"] if m != "delete"],
        ("put", "/backoffice/coupons/1/", {"code": "SPRING", "percent_off": 15}),
        ("put", "/backoffice/coupons/1/", {"percent_off": "lots"}),
        ("get", "/backoffice/coupons/404/", None),
        ("delete", "/backoffice/coupons/2/", None),
        ("delete", "/backoffice/coupons/2/", None),
        ("head", "/backoffice/coupons/", None),
        ("get", "/backoffice/coupons/", None),
    ]
    acme = ids["acme"]
    pages = [
        *[(m, "/suppliers/new/", None) for m in [*every, "head"]],
        ("post", "/suppliers/new/", Form(name="Bolt Pages", email="bolt@example.com", lead_time_days="5")),
        ("post", "/suppliers/new/", Form(name="", email="not an email")),
        *[(m, f"/suppliers/{acme}/edit/", None) for m in [*every, "head"]],
        ("post", f"/suppliers/{acme}/edit/", Form(name="Acme Ltd", email="acme@example.com", lead_time_days="3")),
        ("post", f"/suppliers/{acme}/edit/", Form(email="still not an email")),
        ("get", f"/suppliers/{acme}/edit/", None),
        ("get", "/suppliers/999/edit/", None),
        ("post", "/suppliers/999/edit/", Form(name="Nobody")),
        # One flow: every method without data (an empty POST included) gets the form unbound, as it is.
        *[(m, f"/suppliers/{acme}/lead-time/", None) for m in [*every, "head"]],
        ("post", f"/suppliers/{acme}/lead-time/", Form(lead_time_days="many")),
        ("post", f"/suppliers/{acme}/lead-time/", Form(name="Acme", email="acme@example.com", lead_time_days="9")),
        ("put", f"/suppliers/{acme}/lead-time/", Form(name="Acme", email="acme@example.com", lead_time_days="1")),
        ("get", "/suppliers/999/lead-time/", None),
        *[(m, "/suppliers/quick-add/", None) for m in [*every, "head"]],
        ("post", "/suppliers/quick-add/", Form(name="Quick", email="quick@example.com", lead_time_days="4")),
        ("post", "/suppliers/quick-add/", Form(name="", email="nope")),
        *[(m, "/suppliers/", None) for m in [*every, "head"]],
        *[("get", f"/suppliers/?page={page}", None) for page in ["2", "99", "abc", "last", "0"]],
        *[(m, "/suppliers/lead-times/", None) for m in ["get", "post", "head", "options"]],
        *[(m, f"/suppliers/{acme}/", None) for m in [*every, "head"]],
        ("get", "/suppliers/999/", None),
        # A signed-in buyer's page: first as anyone (sent to sign in, whatever the method), then signed in.
        *[(m, f"/suppliers/{acme}/contact/?from=directory", None) for m in [*every, "head"]],
        ("post", f"/suppliers/{acme}/contact/", Form(name="Acme", email="acme@example.com")),
        ("login", "buyer", None),
        *[(m, f"/suppliers/{acme}/contact/", None) for m in [*every, "head"]],
        ("post", f"/suppliers/{acme}/contact/", Form(name="Acme", email="nope")),
        ("post", f"/suppliers/{acme}/contact/", Form(name="Acme", email="sales@acme.example", lead_time_days="3", is_active="on")),
        ("get", "/suppliers/999/contact/", None),
        # The lead times: answered 403 to anyone (above) and to a buyer, shown to one allowed to view suppliers.
        ("get", "/suppliers/lead-times/", None),
        ("login", "planner", None),
        *[(m, "/suppliers/lead-times/", None) for m in ["get", "post", "head", "options"]],
        ("logout", "", None),
    ]
    shop = [
        ("get", "/api/", None),
        ("get", "/api/products/", None),
        ("get", f"/api/products/{novel}/", None),
        ("get", "/api/orders/", None),
        ("get", f"/customers/{ada}/", None),
        ("get", f"/customers/{ada}/summary/", None),
        ("get", "/reports/low-stock/", None),
        ("get", "/search/?q=atlas", None),
    ]
    return backoffice + pages + shop


def body_of(response):
    if not response.content:
        return None
    if response.get("Content-Type", "").startswith("text/html"):
        # A page is compared whole; its CSRF token is new on every request.
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken" value="…"', response.content.decode())
        if response.status_code == 404:
            # The documented difference of an UpdateView: DEBUG's 404 page shows Http404's text
            # ("No supplier found matching the query", not get_object_or_404's) and the view
            # that raised it (the class); the 404 page without DEBUG shows neither.
            page = re.sub(r'<pre class="exception_value">.*?</pre>', '<pre class="exception_value">…</pre>', page)
            page = re.sub(r"(<th>Raised by:</th>\s*<td>).*?(</td>)", r"\1…\2", page)
        return page
    try:
        body = json.loads(response.content)
    except ValueError:
        return response.content.decode("utf-8", "replace")[:200]
    if is_options(response) and isinstance(body, dict):
        # The one documented difference of a generic view: its OPTIONS answer also describes
        # the serializer's fields under "actions" (DRF's SimpleMetadata asks any view with
        # get_serializer, looking the object up to check PUT's permissions); the rest of the
        # answer is compared.
        body.pop("actions", None)
    return body


def stored_messages(response):
    """The messages stored for the next page: the cookie's payload (level, tags, text), its signature's timestamp left out."""
    if "messages" not in response.cookies:
        return None
    payload = response.cookies["messages"].value.split(":")[0]
    if not payload:
        return ""
    # Django's signer compresses a longer payload with zlib and marks it with a leading ".".
    compressed = payload.startswith(".")
    data = base64.urlsafe_b64decode(payload.lstrip(".") + "=" * (-len(payload.lstrip(".")) % 4))
    return (zlib.decompress(data) if compressed else data).decode()


def is_options(response):
    return response.wsgi_request.method == "OPTIONS"


def allowed(response):
    """The Allow header as a set: @api_view builds it from a Python set, so its order varies by run."""
    return sorted(method.strip() for method in response["Allow"].split(",")) if response.has_header("Allow") else None


def main():
    setup_test_environment()
    runner = DiscoverRunner(verbosity=0, interactive=False)
    databases = runner.setup_databases()
    captured = Captured()
    logging.getLogger("shop").addHandler(captured)
    logging.getLogger("shop").setLevel(logging.INFO)
    try:
        client = APIClient()
        recording = []
        for method, path, data in requests(seed()):
            if method in ("login", "logout"):
                # Signs the client in as the user named by `path`, or out: the requests after it are that user's.
                from django.contrib.auth.models import User

                client.force_login(User.objects.get(username=path)) if method == "login" else client.logout()
                continue
            captured.messages = []
            with CaptureQueriesContext(connection) as queries:
                if isinstance(data, Form):
                    response = getattr(client, method)(path, dict(data))
                else:
                    response = getattr(client, method)(path, data, format="json") if data is not None else getattr(client, method)(path)
            recording.append({
                "request": f"{method.upper()} {path}",
                "status": response.status_code,
                "headers": {name: response[name] for name in HEADERS if response.has_header(name)},
                "allow": allowed(response),
                "body": body_of(response),
                "queries": None if is_options(response) else len(queries),
                "templates": [template.name for template in getattr(response, "templates", [])],
                "messages": stored_messages(response),
                "logged": captured.messages,
            })
        print(json.dumps(recording, indent=1, sort_keys=True))
    finally:
        runner.teardown_databases(databases)


if __name__ == "__main__":
    main()

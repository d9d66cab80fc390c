import json
from decimal import Decimal

from django.core import mail
from django.test import TestCase

from shop.models import Notification, Order, Payment, Refund, Shipment

from .factories import make_address, make_coupon, make_customer, make_order, make_product, make_rates


def post_json(client, url, payload=None):
    return client.post(url, json.dumps(payload or {}), content_type="application/json")


class PaymentTests(TestCase):
    def setUp(self):
        self.customer = make_customer()
        self.product = make_product(price="100.00", stock=10)
        self.order = make_order(self.customer, [(self.product, 1)])

    def test_pay_captures_marks_paid_awards_points_and_notifies(self):
        response = post_json(self.client, f"/orders/{self.order.pk}/pay/", {"method": "card"})
        self.assertEqual(response.status_code, 200, response.content)
        self.order.refresh_from_db()
        self.assertEqual(self.order.status, "paid")
        payment = Payment.objects.get(order=self.order)
        self.assertEqual(payment.status, "captured")
        self.assertEqual(payment.reference, f"PAY-{self.order.pk}-{payment.pk}")
        self.assertEqual(response.json()["points"], 120)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].subject, f"Order {self.order.pk} is paid")
        self.assertIn("is now paid", Notification.objects.get(customer=self.customer).body)

    def test_vip_customers_get_double_points(self):
        self.customer.is_vip = True
        self.customer.save()
        response = post_json(self.client, f"/orders/{self.order.pk}/pay/")
        self.assertEqual(response.json()["points"], 240)

    def test_refuses_bad_payments(self):
        self.assertEqual(post_json(self.client, f"/orders/{self.order.pk}/pay/", {"method": "bitcoin"}).status_code, 400)
        self.assertEqual(post_json(self.client, f"/orders/{self.order.pk}/pay/", {"amount": "abc"}).status_code, 400)
        self.assertEqual(post_json(self.client, f"/orders/{self.order.pk}/pay/", {"amount": "1.00"}).status_code, 400)
        post_json(self.client, f"/orders/{self.order.pk}/pay/")
        self.assertEqual(post_json(self.client, f"/orders/{self.order.pk}/pay/").status_code, 409)

    def test_refund_part_then_the_rest(self):
        post_json(self.client, f"/orders/{self.order.pk}/pay/")
        payment = Payment.objects.get(order=self.order)
        first = post_json(self.client, f"/payments/{payment.pk}/refund/", {"amount": "20.00"})
        self.assertEqual(first.status_code, 201)
        self.assertEqual(first.json()["left"], "100.00")
        too_much = post_json(self.client, f"/payments/{payment.pk}/refund/", {"amount": "500"})
        self.assertEqual(too_much.status_code, 400)
        rest = post_json(self.client, f"/payments/{payment.pk}/refund/", {"amount": "100.00"})
        self.assertEqual(rest.json()["left"], "0.00")
        self.order.refresh_from_db()
        self.assertEqual(self.order.status, "refunded")


class ShippingAndCancellingTests(TestCase):
    def setUp(self):
        self.customer = make_customer()
        self.product = make_product(price="10.00", stock=10)

    def test_ship_a_paid_order(self):
        order = make_order(self.customer, [(self.product, 1)], status="paid")
        self.assertEqual(post_json(self.client, f"/orders/{order.pk}/ship/", {"carrier": "post"}).status_code, 400)
        response = post_json(self.client, f"/orders/{order.pk}/ship/", {"carrier": "courier", "tracking_number": "TR-1"})
        self.assertEqual(response.json(), {"order": order.pk, "status": "shipped", "tracking_number": "TR-1"})
        self.assertEqual(Shipment.objects.get(order=order).carrier, "courier")
        self.assertEqual(mail.outbox[-1].subject, f"Order {order.pk} is shipped")

    def test_cannot_ship_a_new_order(self):
        order = make_order(self.customer, [(self.product, 1)])
        self.assertEqual(post_json(self.client, f"/orders/{order.pk}/ship/", {"tracking_number": "X"}).status_code, 409)

    def test_cancel_a_paid_order_refunds_and_takes_points_back(self):
        order = make_order(self.customer, [(self.product, 2)])
        post_json(self.client, f"/orders/{order.pk}/pay/")
        self.customer.refresh_from_db()
        points = self.customer.loyalty_points
        response = post_json(self.client, f"/orders/{order.pk}/cancel/", {"reason": "too late"})
        self.assertEqual(response.json(), {"order": order.pk, "status": "cancelled", "refunded": "24.00"})
        self.customer.refresh_from_db()
        self.assertEqual(self.customer.loyalty_points, points - 24)
        self.product.refresh_from_db()
        self.assertEqual(self.product.stock, 12, "the 2 items go back to stock (the factory did not reserve them)")
        self.assertEqual(Refund.objects.get().amount, Decimal("24.00"))
        self.assertEqual(mail.outbox[-1].subject, f"Order {order.pk} is cancelled")

    def test_cancel_gives_the_coupon_back_and_refuses_twice(self):
        coupon = make_coupon(used_count=1)
        order = make_order(self.customer, [(self.product, 1)], coupon=coupon)
        post_json(self.client, f"/orders/{order.pk}/cancel/")
        coupon.refresh_from_db()
        self.assertEqual(coupon.used_count, 0)
        self.assertEqual(post_json(self.client, f"/orders/{order.pk}/cancel/").status_code, 409)


class ReorderAndCouponTests(TestCase):
    def setUp(self):
        make_rates()
        self.customer = make_customer()
        self.address = make_address(self.customer, country="BE")

    def test_reorder_copies_what_is_available(self):
        book = make_product(sku="BOOK-1", price="10.00", stock=5)
        gone = make_product(sku="GONE-1", price="5.00", stock=0)
        previous = make_order(self.customer, [(book, 2), (gone, 1)], shipping_address=self.address)
        response = self.client.post(f"/orders/{previous.pk}/reorder/", {}, content_type="application/json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["missing"], ["GONE-1"])
        order = Order.objects.get(pk=response.json()["order"])
        self.assertEqual(order.total, Decimal("43.90"))
        self.assertEqual(order.notes, f"Reorder of order {previous.pk}")

    def test_reorder_with_nothing_available(self):
        gone = make_product(sku="GONE-1", stock=0)
        previous = make_order(self.customer, [(gone, 1)])
        self.assertEqual(self.client.post(f"/orders/{previous.pk}/reorder/", {}, content_type="application/json").status_code, 409)

    def test_apply_coupon_recalculates(self):
        order = make_order(self.customer, [(make_product(price="100.00"), 1)])
        make_coupon(code="TEN", percent_off=10)
        self.assertEqual(post_json(self.client, f"/orders/{order.pk}/coupon/", {"code": "nope"}).status_code, 404)
        response = post_json(self.client, f"/orders/{order.pk}/coupon/", {"code": "ten"})
        self.assertEqual(response.json(), {"order": order.pk, "discount": "10.00", "total": "108.00"})
        again = post_json(self.client, f"/orders/{order.pk}/coupon/", {"code": "TEN"})
        self.assertEqual(again.json(), {"order": order.pk, "total": "108.00"})

    def test_invoice_lists_the_lines(self):
        order = make_order(self.customer, [(make_product(name="Atlas", price="30.00"), 2)])
        response = self.client.get(f"/orders/{order.pk}/invoice/")
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        self.assertIn("2 x Atlas: 60.00 EUR", response.content.decode())
        self.assertIn("Total: 72.00 EUR", response.content.decode())

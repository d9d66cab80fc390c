from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone

from shop.models import (
    Cart,
    GiftCard,
    LoyaltyTransaction,
    Payment,
    PurchaseOrder,
    PurchaseOrderLine,
    Refund,
    Review,
    Shipment,
    ShippingRate,
    StockMovement,
    Supplier,
    Wishlist,
    money,
)

from .factories import make_address, make_category, make_coupon, make_customer, make_order, make_product, make_rates


class MoneyTests(TestCase):
    def test_rounds_half_up_to_cents(self):
        self.assertEqual(money(Decimal("1.005")), Decimal("1.01"))
        self.assertEqual(money("2"), Decimal("2.00"))


class CustomerTests(TestCase):
    def test_lifetime_value_counts_paid_orders_only(self):
        customer = make_customer()
        product = make_product(price="100.00")
        make_order(customer, [(product, 1)], status="paid")
        make_order(customer, [(product, 1)], status="new")
        self.assertEqual(customer.lifetime_value(), Decimal("120.00"))

    def test_add_points_records_a_transaction(self):
        customer = make_customer()
        customer.add_points(15, "welcome")
        customer.add_points(0, "nothing")
        self.assertEqual(customer.loyalty_points, 15)
        self.assertEqual(LoyaltyTransaction.objects.filter(customer=customer).count(), 1)

    def test_vip_status_follows_spending(self):
        customer = make_customer()
        self.assertFalse(customer.refresh_vip_status())
        make_order(customer, [(make_product(price="450.00"), 1)], status="paid")
        self.assertTrue(customer.refresh_vip_status())

    def test_a_new_customer_gets_a_wishlist(self):
        customer = make_customer()
        self.assertTrue(Wishlist.objects.filter(customer=customer).exists())

    def test_default_address(self):
        customer = make_customer()
        first = make_address(customer)
        second = make_address(customer, city="Lyon")
        second.make_default()
        self.assertEqual(customer.default_address(), second)
        first.refresh_from_db()
        self.assertFalse(first.is_default)
        self.assertIn("Lyon", second.as_label())


class CatalogueTests(TestCase):
    def test_category_path_and_products_of_subcategories(self):
        books = make_category("Books")
        novels = make_category("Novels", parent=books)
        make_product(sku="N-1", category=novels)
        make_product(sku="B-1", category=books)
        self.assertEqual(novels.path(), "Books / Novels")
        self.assertEqual(novels.slug, "novels")
        self.assertEqual(set(books.all_products().values_list("sku", flat=True)), {"N-1", "B-1"})

    def test_price_with_vat(self):
        self.assertEqual(make_product(price="10.00").price_with_vat(), Decimal("12.00"))

    def test_reserve_and_restock_record_movements(self):
        product = make_product(stock=3)
        self.assertEqual(product.reserve(2, "test"), 1)
        with self.assertRaises(ValidationError):
            product.reserve(2, "too many")
        self.assertEqual(product.restock(5), 6)
        self.assertEqual(list(StockMovement.objects.filter(product=product).order_by("pk").values_list("quantity", flat=True)), [-2, 5])

    def test_search_and_low_stock(self):
        make_product(sku="PEN-1", name="Blue pen", stock=2)
        make_product(sku="INK-1", name="Ink", stock=50)
        from shop.models import Product

        self.assertEqual([p.sku for p in Product.objects.search("pen")], ["PEN-1"])
        self.assertEqual([p.sku for p in Product.objects.low_stock()], ["PEN-1"])

    def test_discontinued_products_leave_the_catalogue(self):
        product = make_product(name="DISCONTINUED mug")
        product.refresh_from_db()
        self.assertFalse(product.is_active)

    def test_review_publishes_only_after_a_purchase(self):
        customer = make_customer()
        product = make_product()
        review = Review.objects.create(product=product, customer=customer, rating=5)
        self.assertFalse(review.publish())
        make_order(customer, [(product, 1)], status="paid")
        self.assertTrue(review.publish())
        self.assertEqual(product.average_rating(), 5.0)

    def test_units_sold_and_revenue(self):
        product = make_product(price="5.00")
        make_order(make_customer(), [(product, 3)], status="paid")
        make_order(make_customer("Bob"), [(product, 1)], status="cancelled")
        self.assertEqual(product.units_sold(), 3)
        self.assertEqual(product.revenue(), Decimal("15.00"))


class CouponTests(TestCase):
    def test_validity_window_and_uses(self):
        coupon = make_coupon(max_uses=1)
        self.assertTrue(coupon.is_valid())
        coupon.use()
        self.assertFalse(coupon.is_valid())
        expired = make_coupon(code="OLD", valid_to=timezone.now() - timedelta(days=1))
        self.assertFalse(expired.is_valid())

    def test_discount_respects_the_minimum_and_the_subtotal(self):
        coupon = make_coupon(percent_off=10, amount_off=Decimal("5"), minimum_total=Decimal("20"))
        self.assertEqual(coupon.discount_for(Decimal("10")), Decimal("0.00"))
        self.assertEqual(coupon.discount_for(Decimal("100")), Decimal("15.00"))


class OrderTests(TestCase):
    def test_recalculate_applies_coupon_and_vat(self):
        customer = make_customer()
        order = make_order(customer, [(make_product(price="50.00"), 2)], coupon=make_coupon(percent_off=10))
        self.assertEqual(order.subtotal, Decimal("100.00"))
        self.assertEqual(order.discount, Decimal("10.00"))
        self.assertEqual(order.tax, Decimal("18.00"))
        self.assertEqual(order.total, Decimal("108.00"))
        self.assertEqual(order.item_count(), 2)

    def test_cancel_restocks(self):
        product = make_product(stock=5)
        order = make_order(make_customer(), [(product, 2)])
        order.cancel("changed my mind")
        product.refresh_from_db()
        self.assertEqual(product.stock, 7)
        self.assertEqual(order.status, "cancelled")
        self.assertIn("changed my mind", order.notes)
        with self.assertRaises(ValidationError):
            order.cancel()

    def test_amount_paid_subtracts_refunds(self):
        order = make_order(make_customer(), [(make_product(price="10.00"), 1)])
        payment = Payment.objects.create(order=order, amount=order.total)
        payment.capture("REF")
        Refund.objects.create(payment=payment, amount=Decimal("2.00"), reason="damaged")
        self.assertEqual(order.amount_paid(), Decimal("10.00"))
        self.assertFalse(order.is_fully_paid())
        self.assertEqual(payment.refundable_amount(), Decimal("10.00"))

    def test_summary(self):
        order = make_order(make_customer(), [(make_product(price="10.00"), 1)])
        self.assertEqual(order.summary()["total"], "12.00")
        self.assertEqual(order.summary()["currency"], "EUR")


class ShippingTests(TestCase):
    def test_price_for_country_and_weight_with_fallback(self):
        make_rates()
        self.assertEqual(ShippingRate.price_for("FR", 1500), Decimal("4.90"))
        self.assertEqual(ShippingRate.price_for("FR", 5000), Decimal("9.90"))
        self.assertEqual(ShippingRate.price_for("DE", 5000), Decimal("19.90"))
        self.assertEqual(ShippingRate.price_for("DE", 50000), Decimal("25.00"))

    def test_shipment_updates_the_order(self):
        order = make_order(make_customer(), [(make_product(), 1)], status="paid")
        shipment = Shipment.objects.create(order=order)
        shipment.mark_shipped("TRACK1")
        order.refresh_from_db()
        self.assertEqual(order.status, "shipped")
        shipment.mark_delivered()
        order.refresh_from_db()
        self.assertEqual(order.status, "delivered")
        self.assertEqual(shipment.days_in_transit(), 0)


class CartAndExtrasTests(TestCase):
    def test_cart_adds_up(self):
        customer = make_customer()
        cart = Cart.objects.create(customer=customer)
        product = make_product(price="3.00")
        cart.add(product, 2)
        cart.add(product, 1)
        self.assertEqual(cart.items.get().quantity, 3)
        self.assertEqual(cart.subtotal(), Decimal("9.00"))
        self.assertEqual(cart.weight_grams(), 1500)

    def test_gift_card_redeems_what_is_left(self):
        card = GiftCard.objects.create(code="GIFT", initial_amount=Decimal("20"), balance=Decimal("20"))
        self.assertEqual(card.redeem(Decimal("15")), Decimal("15.00"))
        self.assertEqual(card.redeem(Decimal("15")), Decimal("5.00"))
        with self.assertRaises(ValidationError):
            card.redeem(Decimal("1"))

    def test_wishlist_toggle(self):
        customer = make_customer()
        product = make_product()
        wishlist = customer.wishlist
        self.assertTrue(wishlist.toggle(product))
        self.assertEqual(list(wishlist.available_now()), [product])
        self.assertFalse(wishlist.toggle(product))

    def test_purchase_order_receive_restocks_once(self):
        supplier = Supplier.objects.create(name="Paper Co", email="paper@example.com")
        product = make_product(stock=0, price="10.00")
        purchase = PurchaseOrder.objects.create(supplier=supplier)
        line = PurchaseOrderLine.objects.create(purchase_order=purchase, product=product, quantity=12, unit_cost=Decimal("8.00"))
        self.assertEqual(purchase.total_cost(), Decimal("96.00"))
        self.assertEqual(line.margin(), 25.0)
        purchase.receive()
        product.refresh_from_db()
        self.assertEqual(product.stock, 12)
        self.assertEqual(list(supplier.open_purchase_orders()), [])
        with self.assertRaises(ValidationError):
            purchase.receive()

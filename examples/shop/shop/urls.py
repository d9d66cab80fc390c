from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import activity, boards, exports, supplier_pages, support, views

router = DefaultRouter()
router.register("products", views.ProductViewSet, basename="product")
router.register("orders", views.OrderViewSet, basename="order")
router.register("returns", support.ReturnRequestViewSet, basename="return-request")
router.register("tickets", support.SupportTicketViewSet, basename="support-ticket")
router.register("questions", support.ProductQuestionViewSet, basename="product-question")

urlpatterns = [
    path("health/", views.health, name="health"),
    path("checkout/", views.checkout, name="checkout"),
    path("quote/", views.quote, name="quote"),
    path("orders/<int:order_id>/reorder/", views.reorder, name="reorder"),
    path("orders/<int:order_id>/pay/", views.pay_order, name="pay-order"),
    path("orders/<int:order_id>/ship/", views.ship_order, name="ship-order"),
    path("orders/<int:order_id>/cancel/", views.cancel_order, name="cancel-order"),
    path("orders/<int:order_id>/coupon/", views.apply_coupon, name="apply-coupon"),
    path("orders/<int:order_id>/invoice/", views.order_invoice, name="order-invoice"),
    path("payments/<int:payment_id>/refund/", views.refund_payment, name="refund-payment"),
    path("customers/<int:customer_id>/", views.customer_detail, name="customer-detail"),
    path("customers/<int:customer_id>/summary/", views.CustomerSummaryAPIView.as_view(), name="customer-summary"),
    path("customers/<int:customer_id>/addresses/", views.create_address, name="create-address"),
    path("customers/<int:customer_id>/cart/", views.CartView.as_view(), name="cart"),
    path("customers/<int:customer_id>/wishlist/<int:product_id>/", views.wishlist_toggle, name="wishlist-toggle"),
    path("addresses/<int:address_id>/", views.update_address, name="update-address"),
    path("reports/sales/", views.sales_report, name="sales-report"),
    path("reports/low-stock/", views.low_stock, name="low-stock"),
    path("search/", views.product_search, name="product-search"),
    path("exports/customers.csv", exports.export_customers, name="export-customers"),
    path("exports/addresses.csv", exports.export_addresses, name="export-addresses"),
    path("activity/loyalty/", activity.loyalty_feed, name="loyalty-feed"),
    path("activity/notifications/", activity.NotificationListAPIView.as_view(), name="notification-list"),
    path("boards/questions/", boards.QuestionsBoard.as_view(), name="questions-board"),
    path("boards/reviews/", boards.reviews_board, name="reviews-board"),
    path("boards/orders/", boards.orders_board, name="orders-board"),
    path("suppliers/", supplier_pages.supplier_directory, name="supplier-directory"),
    path("suppliers/lead-times/", supplier_pages.supplier_lead_times, name="supplier-lead-times"),
    path("suppliers/<int:supplier_id>/", supplier_pages.supplier_page, name="supplier-page"),
    path("suppliers/new/", supplier_pages.supplier_new, name="supplier-new"),
    path("suppliers/quick-add/", supplier_pages.SupplierQuickAdd.as_view(), name="supplier-quick-add"),
    path("suppliers/<int:supplier_id>/edit/", supplier_pages.supplier_edit, name="supplier-edit"),
    path("suppliers/<int:supplier_id>/contact/", supplier_pages.supplier_contact, name="supplier-contact"),
    path("suppliers/<int:supplier_id>/lead-time/", supplier_pages.supplier_lead_time, name="supplier-lead-time"),
    path("api/", include(router.urls)),
]

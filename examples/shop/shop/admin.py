from django.contrib import admin

from . import activity_admin  # noqa: F401  (registers NotificationAdmin)
from .models import Address, Category, Coupon, Customer, Order, OrderItem, Payment, Product, Refund, ReturnRequest, Shipment, SupportTicket


class OrderItemInline(admin.TabularInline):
    model = OrderItem
    extra = 0


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["id", "customer", "status", "total", "created_at"]
    list_filter = ["status"]
    inlines = [OrderItemInline]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["sku", "name", "price", "stock", "is_active"]
    search_fields = ["sku", "name"]


@admin.register(ReturnRequest)
class ReturnRequestAdmin(admin.ModelAdmin):
    list_display = ["id", "order", "status", "created_at"]
    list_filter = ["status", "created_at"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "updated_at"]
    list_per_page = 50


@admin.register(SupportTicket)
class SupportTicketAdmin(admin.ModelAdmin):
    list_display = ["id", "customer", "subject", "status", "created_at"]
    list_filter = ["status", "created_at"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "updated_at"]
    list_per_page = 50
    search_fields = ["subject", "body"]


admin.site.register(Customer)
admin.site.register(Address)
admin.site.register(Category)
admin.site.register(Coupon)
admin.site.register(Payment)
admin.site.register(Refund)
admin.site.register(Shipment)

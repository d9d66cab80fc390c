from rest_framework import serializers

from .models import Customer, Order, OrderItem, Product, ProductQuestion, ReturnRequest, Review, SupportTicket


class ProductSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    price_with_vat = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = ["id", "name", "sku", "category", "price", "price_with_vat", "stock", "is_active"]
        read_only_fields = ["stock"]

    def get_price_with_vat(self, product):
        return str(product.price_with_vat())


class OrderItemSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="product.sku", read_only=True)

    class Meta:
        model = OrderItem
        fields = ["sku", "quantity", "unit_price"]


class OrderSerializer(serializers.ModelSerializer):
    items = OrderItemSerializer(many=True, read_only=True)
    customer = serializers.EmailField(source="customer.email", read_only=True)

    class Meta:
        model = Order
        fields = ["id", "customer", "status", "subtotal", "discount", "shipping_cost", "tax", "total", "items", "created_at"]


class ReviewSerializer(serializers.ModelSerializer):
    customer = serializers.PrimaryKeyRelatedField(queryset=Customer.objects.all())

    class Meta:
        model = Review
        fields = ["id", "product", "customer", "rating", "comment", "is_published"]
        read_only_fields = ["is_published"]

    def validate_rating(self, value):
        if not 1 <= value <= 5:
            raise serializers.ValidationError("rating must be between 1 and 5")
        return value


class ReturnRequestSerializer(serializers.ModelSerializer):
    created_at = serializers.DateTimeField(read_only=True, format="%Y-%m-%d %H:%M")
    updated_at = serializers.DateTimeField(read_only=True, format="%Y-%m-%d %H:%M")

    class Meta:
        model = ReturnRequest
        fields = ["id", "order", "reason", "status", "created_at", "updated_at"]
        read_only_fields = ["status"]


class SupportTicketSerializer(serializers.ModelSerializer):
    created_at = serializers.DateTimeField(read_only=True, format="%Y-%m-%d %H:%M")
    updated_at = serializers.DateTimeField(read_only=True, format="%Y-%m-%d %H:%M")

    class Meta:
        model = SupportTicket
        fields = ["id", "customer", "subject", "body", "status", "created_at", "updated_at"]
        read_only_fields = ["status"]


class ProductQuestionSerializer(serializers.ModelSerializer):
    created_at = serializers.DateTimeField(read_only=True, format="%Y-%m-%d %H:%M")
    updated_at = serializers.DateTimeField(read_only=True, format="%Y-%m-%d %H:%M")

    class Meta:
        model = ProductQuestion
        fields = ["id", "product", "customer", "question", "answer", "created_at", "updated_at"]
        read_only_fields = ["answer"]

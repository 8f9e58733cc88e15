from rest_framework.routers import DefaultRouter

from order_payments_management.api.views.discounts import DiscountUsageViewSet, DiscountViewSet
from order_payments_management.api.views.order_pay import OrderPayViewSet
from order_payments_management.api.views.payments import OrderPaymentViewSet
from order_payments_management.api.views.wallets import WalletTransactionViewSet, WalletViewSet

router = DefaultRouter()
router.include_root_view = False
router.register(
    r"wallets/(?P<wallet_id>[0-9]+)/transactions",
    WalletTransactionViewSet,
    basename="wallet-transaction",
)
router.register("wallets", WalletViewSet, basename="wallet")
router.register("payments", OrderPaymentViewSet, basename="order-payment")
router.register(
    r"discounts/(?P<discount_id>[0-9]+)/usages", DiscountUsageViewSet, basename="discount-usage"
)
router.register("discounts", DiscountViewSet, basename="discount")

urlpatterns = router.urls

# `orders/{id}/pay/` keeps the order's URL (mounted beside `orders`' own routes).
order_router = DefaultRouter()
order_router.include_root_view = False
order_router.register("orders", OrderPayViewSet, basename="order")
order_urlpatterns = order_router.urls

"""Wallets and their ledgers: owners read them; admins open, credit and debit them."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.response import Response

from accounts.models import Role, User
from approvals.intercept import PENDING_RESPONSE, pending_if_required
from approvals.models import AdjustmentKind
from core.exceptions import DomainError
from core.idempotency import idempotent
from core.roles import RoleOutputMixin
from core.schema import IDEMPOTENCY_KEY_HEADER, error_responses
from order_payments_management.api import examples
from order_payments_management.api.serializers import (
    WALLET_TRANSACTION_OUTPUTS,
    WalletAdjustInput,
    WalletOpenInput,
    WalletOutput,
    WalletTransactionOutput,
)
from order_payments_management.filters import WalletFilter, WalletTransactionFilter
from order_payments_management.models import Wallet, WalletTransaction, WalletTransactionKind
from order_payments_management.services import wallet_credit, wallet_debit, wallet_open
from websites.permissions import IsAdmin
from websites.scoping import WebsiteScopedViewSet

TAGS = ["order-payments: wallets"]


def _wallet_owner_or_400(actor, user_id: int) -> User:
    """A client or writer the admin may see (their website's; any for a superadmin)."""
    owner = (
        User.objects.visible_to(actor)
        .filter(pk=user_id, role__in=(Role.CLIENT, Role.WRITER), is_active=True)
        .select_related("website")
        .first()
    )
    if owner is None:
        raise DomainError(
            f"User {user_id} is not an active client or writer of your website.",
            field="user_id",
            code="invalid_user_id",
        )
    return owner


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="List wallets (clients and writers: their own; admins: their website's)",
        responses={200: WalletOutput(many=True), **error_responses(400, 401, 404)},
        examples=[examples.page("A client's wallet", examples.WALLET)],
    ),
    retrieve=extend_schema(
        tags=TAGS,
        summary="Read one wallet",
        responses={200: WalletOutput, **error_responses(401, 404)},
        examples=[examples.response("A wallet", examples.WALLET)],
    ),
)
class WalletViewSet(ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet):
    queryset = Wallet.objects.select_related("website", "user")
    serializer_class = WalletOutput
    filterset_class = WalletFilter

    def get_permissions(self):
        if self.action in ("create", "credit", "debit"):
            return [IsAdmin()]
        return super().get_permissions()

    @extend_schema(
        tags=TAGS,
        summary="Open (or find) the wallet of a client or writer (admins)",
        description=(
            "Answers 201 with a new empty wallet, or 200 with the wallet the user already has."
        ),
        request=WalletOpenInput,
        responses={
            201: WalletOutput,
            200: WalletOutput,
            **error_responses(400, 401, 403),
        },
        examples=[
            examples.request("Open a wallet", {"user_id": 12}),
            examples.response("Opened", {**examples.WALLET, "balance": 0.0}, "201"),
        ],
    )
    def create(self, request):
        data = WalletOpenInput(data=request.data)
        data.is_valid(raise_exception=True)
        owner = _wallet_owner_or_400(request.user, data.validated_data["user_id"])
        wallet, created = wallet_open(user=owner, website=owner.website)
        return Response(
            WalletOutput(self.get_queryset().get(pk=wallet.pk)).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    def _adjust(self, request, *, move, kind: str, adjustment_kind: str):
        data = WalletAdjustInput(data=request.data)
        data.is_valid(raise_exception=True)
        wallet = self.get_object()
        pending = pending_if_required(
            self,
            request,
            kind=adjustment_kind,
            website_id=wallet.website_id,
            target=wallet,
            amount=data.validated_data["amount"],
            reason=data.validated_data["reason"],
        )
        if pending is not None:
            return pending
        entry = move(
            wallet=wallet,
            amount=data.validated_data["amount"],
            kind=kind,
            reason=data.validated_data["reason"],
            created_by=request.user,
        )
        return Response(WalletTransactionOutput(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAGS,
        summary="Credit a wallet with a reason (admins)",
        parameters=[IDEMPOTENCY_KEY_HEADER],
        request=WalletAdjustInput,
        responses={
            201: WalletTransactionOutput,
            202: PENDING_RESPONSE,
            **error_responses(400, 401, 403, 404, 409, 422),
        },
        examples=[
            examples.request(
                "Goodwill credit",
                {"amount": "50.00", "reason": "Goodwill credit for a late delivery"},
            ),
            examples.response("The ledger row", examples.ADMIN_CREDIT_ROW, "201"),
        ],
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def credit(self, request, pk=None):
        return self._adjust(
            request,
            move=wallet_credit,
            kind=WalletTransactionKind.ADMIN_CREDIT,
            adjustment_kind=AdjustmentKind.WALLET_CREDIT,
        )

    @extend_schema(
        tags=TAGS,
        summary="Debit a wallet with a reason (admins; never below zero: 409)",
        parameters=[IDEMPOTENCY_KEY_HEADER],
        request=WalletAdjustInput,
        responses={
            201: WalletTransactionOutput,
            202: PENDING_RESPONSE,
            **error_responses(400, 401, 403, 404, 409, 422),
        },
        examples=[
            examples.request(
                "Correct a double top-up", {"amount": "25.00", "reason": "Top-up recorded twice"}
            ),
            examples.response(
                "The ledger row",
                {
                    **examples.ADMIN_CREDIT_ROW,
                    "amount": -25.0,
                    "kind": "admin_debit",
                    "reason": "Top-up recorded twice",
                    "balance_after": 1225.0,
                },
                "201",
            ),
        ],
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def debit(self, request, pk=None):
        return self._adjust(
            request,
            move=wallet_debit,
            kind=WalletTransactionKind.ADMIN_DEBIT,
            adjustment_kind=AdjustmentKind.WALLET_DEBIT,
        )


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="A wallet's ledger, newest first (whoever may read the wallet)",
        description=(
            "Each role gets its own shape: admins `WalletTransactionOutput`; the wallet's client "
            "or writer `WalletTransactionOwnerOutput`, without `created_by_id`, where a tip "
            "earning's `reason` names only the tip (`Tip 41: your share`)."
        ),
        parameters=[
            OpenApiParameter("wallet_id", OpenApiTypes.INT, OpenApiParameter.PATH),
        ],
        responses={
            200: WALLET_TRANSACTION_OUTPUTS.schema,
            **error_responses(400, 401, 404),
        },
        examples=[
            examples.page("A payment (admin)", examples.LEDGER_ROW),
            examples.page("A payment (the wallet's client)", examples.LEDGER_ROW_OWNER),
            examples.page("A tip earning (the wallet's writer)", examples.TIP_EARNING_ROW_WRITER),
        ],
    ),
)
class WalletTransactionViewSet(RoleOutputMixin, ListModelMixin, WebsiteScopedViewSet):
    queryset = WalletTransaction.objects.select_related("payment")
    role_outputs = WALLET_TRANSACTION_OUTPUTS
    filterset_class = WalletTransactionFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return WalletTransaction.objects.none()
        wallet = get_object_or_404(
            Wallet.objects.visible_to(self.request.user), pk=self.kwargs["wallet_id"]
        )
        return super().get_queryset().filter(wallet_id=wallet.pk)

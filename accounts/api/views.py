from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import filters, status
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.views import TokenRefreshView

from accounts.api.examples import ADMIN_LOGIN_EXAMPLE, ERASED_USER_EXAMPLE
from accounts.api.serializers import (
    LoginInput,
    LoginOutput,
    LogoutInput,
    RefreshInput,
    TokenPairOutput,
    UserOutput,
)
from accounts.filters import UserFilter
from accounts.models import User
from accounts.services import access_token_revoke, auth_tokens_issue, user_erase, user_login
from core.client_ip import client_ip
from core.exceptions import DomainError
from core.schema import ERROR_RESPONSES, RETRY_AFTER_HEADER, error_responses
from websites.permissions import IsAdmin
from websites.scoping import WebsiteScopedViewSet


class LoginView(APIView):
    permission_classes = (AllowAny,)
    authentication_classes = ()
    throttle_classes = ()

    @extend_schema(
        tags=["auth"],
        summary="Log in with username or email",
        description=(
            "After `LOGIN_MAX_FAILURES_PER_USERNAME` failures in a row for an account (its "
            "username and email count together), or `LOGIN_MAX_FAILURES_PER_IP` for a client "
            "address, each further attempt must wait 1, 2, 4, ... seconds (at most "
            "`LOGIN_MAX_DELAY_SECONDS`): an attempt made sooner answers 429 with `Retry-After`, "
            "even with the right password. The Django admin login shares these counts."
        ),
        request=LoginInput,
        parameters=[RETRY_AFTER_HEADER],
        responses={
            200: LoginOutput,
            400: ERROR_RESPONSES[400],
            401: ERROR_RESPONSES[401],
            429: ERROR_RESPONSES[429],
        },
        examples=[ADMIN_LOGIN_EXAMPLE],
    )
    def post(self, request):
        credentials = LoginInput(data=request.data)
        credentials.is_valid(raise_exception=True)
        user = user_login(
            identifier=credentials.validated_data["username"],
            password=credentials.validated_data["password"],
            ip=client_ip(request),
        )
        refresh = auth_tokens_issue(user=user)
        payload = {
            "access": str(refresh.access_token),
            "refresh": str(refresh),
            "user": UserOutput(user).data,
        }
        return Response(payload)


@extend_schema_view(
    post=extend_schema(
        tags=["auth"],
        summary="Exchange a refresh token for a new pair (the old one is blacklisted)",
        description=(
            "401 when the token is invalid, expired or blacklisted (after its rotation, a logout "
            "or a password change), or when its user no longer exists, is inactive or belongs to "
            "a deactivated website."
        ),
        request=RefreshInput,
        responses={200: TokenPairOutput, **error_responses(400, 401)},
    )
)
class RefreshView(TokenRefreshView):
    serializer_class = RefreshInput
    throttle_classes = ()


class LogoutView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=["auth"],
        summary="Log out: blacklist the refresh token and revoke the access token",
        description=(
            "The refresh token sent is blacklisted, and the access token that authenticated this "
            "request answers 401 (`token_not_valid`) from now on."
        ),
        request=LogoutInput,
        responses={
            205: OpenApiResponse(description="Logged out."),
            400: ERROR_RESPONSES[400],
            401: ERROR_RESPONSES[401],
        },
    )
    def post(self, request):
        data = LogoutInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            token = RefreshToken(data.validated_data["refresh"])
        except TokenError as error:
            raise DomainError(str(error), field="refresh", code="token_not_valid") from None
        if str(token.get("user_id")) != str(request.user.pk):
            raise DomainError(
                "This refresh token belongs to another user.",
                field="refresh",
                code="token_not_valid",
            )
        token.blacklist()
        if request.auth is not None:
            access_token_revoke(token=request.auth)
        return Response(status=status.HTTP_205_RESET_CONTENT)


class MeView(APIView):
    @extend_schema(
        tags=["auth"],
        summary="The authenticated user",
        responses={200: UserOutput, 401: ERROR_RESPONSES[401]},
    )
    def get(self, request):
        return Response(UserOutput(request.user).data)


@extend_schema_view(
    list=extend_schema(
        tags=["users"],
        summary="List the users you may see (admins: their website's writers and clients)",
        responses={200: UserOutput(many=True), **error_responses(400, 401, 403, 404)},
    ),
    retrieve=extend_schema(
        tags=["users"],
        summary="Read one user",
        responses={200: UserOutput, **error_responses(401, 403, 404)},
    ),
)
class UserViewSet(ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet):
    queryset = User.objects.select_related("website")
    serializer_class = UserOutput
    permission_classes = (IsAdmin,)
    filterset_class = UserFilter
    filter_backends = (
        *WebsiteScopedViewSet.filter_backends,
        filters.SearchFilter,
        filters.OrderingFilter,
    )
    search_fields = ("username", "email", "first_name", "last_name")
    ordering_fields = ("id", "username", "date_joined")
    ordering = ("id",)

    @extend_schema(
        tags=["users"],
        summary="Erase a client's or writer's personal data (admins; the books stay)",
        description=(
            "Name, email and username become a stable pseudonym; the free text the person wrote "
            "(tip reasons, appeal reasons, redemption fulfilment details, a writer's pen name) is "
            "replaced; every token is revoked and the account can no longer log in. Every "
            "payment, tip, ledger row, redemption and statistic keeps its amounts, so reports and "
            "balances are unchanged to the cent. Refused (409 `user_erasure_blocked`, with the "
            "reasons) while a payment is pending, points are held or a redemption is not "
            "delivered; 409 `user_not_erasable` for admins and superadmins, "
            "`user_already_erased` the second time. The audit log keeps only fingerprints of the "
            "erased values."
        ),
        request=None,
        responses={200: UserOutput, **error_responses(401, 403, 404, 409)},
        examples=[ERASED_USER_EXAMPLE],
    )
    @action(detail=True, methods=["post"])
    def erase(self, request, pk=None):
        user = user_erase(user=self.get_object())
        return Response(UserOutput(User.objects.select_related("website").get(pk=user.pk)).data)

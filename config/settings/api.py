"""The API: CORS, Django REST framework, JWT and the OpenAPI schema."""

from datetime import timedelta

from config.settings.environment import CURRENCY, SECRET_KEY, env

CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ("accounts.authentication.ActiveWebsiteJWTAuthentication",),
    "DEFAULT_PERMISSION_CLASSES": ("rest_framework.permissions.IsAuthenticated",),
    "DEFAULT_PAGINATION_CLASS": "core.pagination.LimitOffsetPagination",
    # orjson: DRF's output, rendered several times faster (core/renderers.py).
    "DEFAULT_RENDERER_CLASSES": (
        "core.renderers.FastJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ),
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ("core.filters.FilterBackend",),
    "DEFAULT_SCHEMA_CLASS": "core.schema_codes.ErrorCodesAutoSchema",
    "EXCEPTION_HANDLER": "core.exceptions.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ("core.throttling.UserRateThrottleWithHeaders",),
    # Failed logins have their own limits (LOGIN_MAX_FAILURES_*, below).
    "DEFAULT_THROTTLE_RATES": {
        "user": env.str("THROTTLE_USER_RATE", default="1000/min"),
        # Each change of a website's zone rebuilds its tip statistics: a few per hour at most.
        "website_time_zone": env.str("THROTTLE_WEBSITE_TIME_ZONE_RATE", default="6/hour"),
    },
    "COERCE_DECIMAL_TO_STRING": False,
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # JSON nested too deeply or holding strings PostgreSQL cannot store is a 400 (core.parsers).
    "DEFAULT_PARSER_CLASSES": (
        "core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ),
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_TOKEN_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_TOKEN_DAYS", default=7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "ALGORITHM": "HS256",
    # An empty JWT_SIGNING_KEY (as compose passes it when unset) means "use SECRET_KEY".
    "SIGNING_KEY": env.str("JWT_SIGNING_KEY", default="") or SECRET_KEY,
    "AUTH_HEADER_TYPES": ("Bearer",),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Writing System API",
    "DESCRIPTION": (
        "REST API of a multi-website academic-writing platform: tips with a writer/platform split, "
        "loyalty points and redemption, order payments, class installments and fines. "
        "Authenticate with `POST /api/v1/auth/login/`, then use **Authorize** with the access "
        f"token. Amounts of money are JSON numbers in {CURRENCY}, the deployment's one currency "
        "(`CURRENCY`), rounded to cents."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"persistAuthorization": True, "displayRequestDuration": True},
    "ENUM_NAME_OVERRIDES": {
        "OrderStatusEnum": "orders.models.OrderStatus",
        # Payments' `method` and tips' `payment_method` share one choice set: name it once.
        "PaymentMethodEnum": "order_payments_management.models.PaymentMethod",
        # Loyalty ledger rows and milestones both have a `kind`: name each choice set.
        "LoyaltyTransactionKindEnum": "loyalty_management.models.LoyaltyTransactionKind",
        "LoyaltyMilestoneKindEnum": "loyalty_management.models.MilestoneKind",
        # Each role's shape of a row (core.roles) shares its choice sets: keep one name each.
        "ClassBundleOutputStatusEnum": "class_management.models.ClassBundleStatus",
        "FineOutputStatusEnum": "fines.models.FineStatus",
        "OrderPaymentOutputStatusEnum": "order_payments_management.models.PaymentStatus",
        "RedemptionRequestOutputStatusEnum": "loyalty_management.models.RedemptionStatus",
        "WalletTransactionOutputKindEnum": (
            "order_payments_management.models.WalletTransactionKind"
        ),
        "WebhookEndpointStatusEnum": "webhooks.models.EndpointStatus",
        "WebhookDeliveryStatusEnum": "webhooks.models.DeliveryStatus",
        "AuditSourceEnum": "audit.models.AuditSource",
        # Items' type and policies' item types share one choice set.
        "RedemptionTypeEnum": "loyalty_management.models.RedemptionType",
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums"],
}

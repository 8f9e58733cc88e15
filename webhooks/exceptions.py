from core.exceptions import Conflict, DomainError
from webhooks.error_codes import ErrorCode


class WebhookUrlRefused(DomainError):
    code = ErrorCode.WEBHOOK_URL_REFUSED
    default_message = "Webhooks cannot be sent to this URL."

    def __init__(self, message: str | None = None):
        super().__init__(message, field="url")


class UnknownEventType(DomainError):
    code = ErrorCode.UNKNOWN_EVENT_TYPE
    default_message = "Unknown event type."


class TooManyEndpoints(Conflict):
    code = ErrorCode.TOO_MANY_ENDPOINTS
    default_message = "This website has as many webhook endpoints as it may have."


class DeliveryNotFinished(Conflict):
    code = ErrorCode.DELIVERY_PENDING
    default_message = "This delivery is still being tried; it cannot be re-sent yet."

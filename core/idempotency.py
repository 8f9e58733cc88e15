"""Idempotency keys for POSTs that move money or points.

A request names its operation with an `Idempotency-Key` header. The key is scoped to the user and
the endpoint (method and path). Rules:

- missing key → 400;
- first use: a row is claimed (`in_progress`, committed at once so a concurrent duplicate sees
  it), the view runs in a transaction, and a 2xx response is stored in that same transaction as
  its effect; any other outcome (4xx/5xx, an exception) frees the key so the client can fix and
  retry;
- the same key again with the same body → the stored response is replayed (24 h);
- with a different body → 422; while the first is still running → 409.

A claim older than `STALE_CLAIM` (a worker that died mid-request) may be taken over.
"""

import functools
import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from core.exceptions import Conflict, DomainError
from core.models import IdempotencyKey, IdempotencyKeyStatus

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
STALE_CLAIM = timedelta(minutes=5)


class IdempotencyKeyMissing(DomainError):
    code = "idempotency_key_required"
    default_message = f"This operation requires an {HEADER} header."


class IdempotencyKeyReused(DomainError):
    status_code = 422
    code = "idempotency_key_reused"
    default_message = f"This {HEADER} was already used with a different request."


class IdempotencyKeyInFlight(Conflict):
    code = "idempotency_key_in_progress"
    default_message = f"A request with this {HEADER} is still being processed; retry shortly."


def _fingerprint(request) -> str:
    try:
        body = json.dumps(request.data, sort_keys=True, default=str)
    except (TypeError, ValueError):
        body = repr(request.data)
    raw = f"{request.method}\n{request.get_full_path()}\n{body}"
    return hashlib.sha256(raw.encode()).hexdigest()


def _claim(*, user, endpoint: str, key: str, fingerprint: str) -> IdempotencyKey | Response:
    """Claim the key, or answer for the request that already holds it."""
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(
                user=user, endpoint=endpoint, key=key, request_fingerprint=fingerprint
            )
    except IntegrityError:
        pass
    with transaction.atomic():
        existing = (
            IdempotencyKey.objects.select_for_update()
            .filter(user=user, endpoint=endpoint, key=key)
            .first()
        )
        if existing is None:  # freed between our insert and this read: claim it now
            return IdempotencyKey.objects.create(
                user=user, endpoint=endpoint, key=key, request_fingerprint=fingerprint
            )
        if existing.request_fingerprint != fingerprint:
            raise IdempotencyKeyReused
        if existing.status == IdempotencyKeyStatus.COMPLETED:
            response = Response(existing.response_body, status=existing.response_status)
            response["Idempotent-Replayed"] = "true"
            return response
        if timezone.now() - existing.updated_at < STALE_CLAIM:
            raise IdempotencyKeyInFlight
        existing.save(update_fields=["updated_at"])  # take over a dead request's claim
        return existing


def _release(claim: IdempotencyKey) -> None:
    IdempotencyKey.objects.filter(pk=claim.pk, status=IdempotencyKeyStatus.IN_PROGRESS).delete()


def idempotent(view_method):
    """Make a DRF view method (POST) idempotent under the `Idempotency-Key` header."""

    @functools.wraps(view_method)
    def wrapper(view, request, *args, **kwargs):
        key = (request.headers.get(HEADER) or "").strip()
        if not key:
            raise IdempotencyKeyMissing(field=HEADER)
        if len(key) > MAX_KEY_LENGTH:
            raise DomainError(
                f"{HEADER} must be at most {MAX_KEY_LENGTH} characters.",
                field=HEADER,
                code="invalid",
            )
        endpoint = f"{request.method} {request.path}"[:255]
        claim = _claim(
            user=request.user, endpoint=endpoint, key=key, fingerprint=_fingerprint(request)
        )
        if isinstance(claim, Response):
            return claim
        try:
            with transaction.atomic():
                response = view_method(view, request, *args, **kwargs)
                if 200 <= response.status_code < 300:
                    claim.status = IdempotencyKeyStatus.COMPLETED
                    claim.response_status = response.status_code
                    claim.response_body = json.loads(json.dumps(response.data, cls=JSONEncoder))
                    claim.save(
                        update_fields=["status", "response_status", "response_body", "updated_at"]
                    )
                    return response
                transaction.set_rollback(True)
        except BaseException:
            _release(claim)
            raise
        _release(claim)
        return response

    return wrapper


def idempotency_keys_prune(*, older_than: timedelta | None = None) -> int:
    """Delete keys past their replay window; return how many were deleted."""
    cutoff = timezone.now() - (older_than or timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS))
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted

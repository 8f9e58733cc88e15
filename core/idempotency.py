"""Idempotency keys for POSTs that move money or points.

A request names its operation with an `Idempotency-Key` header. The key is scoped to the user and
the endpoint (method and path). Rules:

- missing key → 400 naming `Idempotency-Key`;
- first use: a claim row is written (`in_progress`) and committed at once, so a concurrent
  duplicate sees it; the view then runs in a transaction, and a 2xx response is stored in that
  same transaction as its effect. Any other outcome (a 4xx or 5xx, an exception) rolls the
  effect back and frees the key, so the client can fix the request and retry with the same key;
- the same key again with the same body (method, path with query string, and JSON body) → the
  stored response is replayed with `Idempotent-Replayed: true`, for
  `IDEMPOTENCY_KEY_TTL_HOURS` (24 h); after that the key counts as unused;
- the same key with a different body → 422; while the first request is still running → 409.

A claim older than `STALE_CLAIM` (a worker that died mid-request) may be taken over. Each claim
carries a token and a request stores its response only while its token still holds the claim, so
even a takeover of a claim whose request is in fact still running cannot execute twice: the
slower request is rolled back and answers 409.
"""

import functools
import hashlib
import json
import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from core.audit import write_pending
from core.exceptions import Conflict, DomainError
from core.models import IdempotencyKey, IdempotencyKeyStatus

logger = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
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


def _ttl() -> timedelta:
    return timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS)


def request_fingerprint(request) -> str:
    """Hash what makes two requests 'the same': method, full path and the parsed body."""
    try:
        body = json.dumps(request.data, sort_keys=True, default=str)
    except (TypeError, ValueError):
        body = repr(request.data)
    raw = f"{request.method}\n{request.get_full_path()}\n{body}"
    return hashlib.sha256(raw.encode()).hexdigest()


def _replay(existing: IdempotencyKey) -> Response:
    response = Response(existing.response_body, status=existing.response_status)
    response[REPLAYED_HEADER] = "true"
    return response


def _new_claim(*, user, endpoint: str, key: str, fingerprint: str) -> IdempotencyKey:
    return IdempotencyKey.objects.create(
        user=user, endpoint=endpoint, key=key, request_fingerprint=fingerprint
    )


def _claim(*, user, endpoint: str, key: str, fingerprint: str) -> IdempotencyKey | Response:
    """Claim the key, or answer for the request that already holds it."""
    try:
        with transaction.atomic():
            return _new_claim(user=user, endpoint=endpoint, key=key, fingerprint=fingerprint)
    except IntegrityError:
        pass
    with transaction.atomic():
        existing = (
            IdempotencyKey.objects.select_for_update()
            .filter(user=user, endpoint=endpoint, key=key)
            .first()
        )
        now = timezone.now()
        if existing is not None and existing.created_at < now - _ttl():
            existing.delete()  # past its replay window: the key is free again
            existing = None
        if existing is None:  # freed between our insert and this read: claim it now
            try:
                with transaction.atomic():
                    return _new_claim(
                        user=user, endpoint=endpoint, key=key, fingerprint=fingerprint
                    )
            except IntegrityError:
                raise IdempotencyKeyInFlight from None
        if existing.request_fingerprint != fingerprint:
            raise IdempotencyKeyReused(field=HEADER)
        if existing.status == IdempotencyKeyStatus.COMPLETED:
            return _replay(existing)
        if now - existing.updated_at < STALE_CLAIM:
            raise IdempotencyKeyInFlight(field=HEADER)
        # Take over a dead request's claim; the new token shuts the old request out.
        existing.claim_token = uuid.uuid4()
        existing.save(update_fields=["claim_token", "updated_at"])
        return existing


def _claim_of(claim: IdempotencyKey):
    return IdempotencyKey.objects.filter(
        pk=claim.pk, claim_token=claim.claim_token, status=IdempotencyKeyStatus.IN_PROGRESS
    )


def _release(claim: IdempotencyKey) -> None:
    """Free the key after a request that changed nothing; a stuck claim goes stale anyway."""
    try:
        _claim_of(claim).delete()
    except DatabaseError:
        logger.exception("Could not free idempotency key %s; it frees itself when stale", claim.pk)


def _store(claim: IdempotencyKey, response) -> None:
    """Store the response with the effect, if this request still holds the claim."""
    body = json.loads(json.dumps(response.data, cls=JSONEncoder))
    stored = _claim_of(claim).update(
        status=IdempotencyKeyStatus.COMPLETED,
        response_status=response.status_code,
        response_body=body,
        updated_at=timezone.now(),
    )
    if not stored:
        raise IdempotencyKeyInFlight(field=HEADER)


def idempotent(view_method):
    """Make a DRF view method (a POST) idempotent under the `Idempotency-Key` header.

    Put it closest to the function, under `@action`; permission checks run before it.
    """

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
        if not (key.isascii() and key.isprintable()):  # a NUL cannot even be stored
            raise DomainError(
                f"{HEADER} must be printable ASCII characters.", field=HEADER, code="invalid"
            )
        endpoint = f"{request.method} {request.path}"[:255]
        claim = _claim(
            user=request.user, endpoint=endpoint, key=key, fingerprint=request_fingerprint(request)
        )
        if isinstance(claim, Response):
            return claim
        try:
            with transaction.atomic():
                response = view_method(view, request, *args, **kwargs)
                if 200 <= response.status_code < 300:
                    write_pending(response)  # the audit entry commits with the effect
                    _store(claim, response)
                    return response
                transaction.set_rollback(True)
        except BaseException:
            _release(claim)
            raise
        _release(claim)
        return response

    wrapper.idempotent = True  # `core.audit_views` leaves the transaction to this wrapper
    return wrapper


def idempotency_keys_prune(*, older_than: timedelta | None = None) -> int:
    """Delete keys past their replay window; return how many were deleted."""
    cutoff = timezone.now() - (older_than if older_than is not None else _ttl())
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted

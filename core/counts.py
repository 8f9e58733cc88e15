"""Row counts of list pages, kept in the cache until a row of the counted model changes.

Every page of a limit/offset list carries `count`, and counting a large website's tips or
ledger rows is a scan of every matching index entry on every page, the cost growing with the
table. For the models an app registers (`counted_model`), the count of each distinct query is
kept in the cache with the model's generation, a token that changes when a row of the model is
saved or deleted and again when that transaction commits. A count is reused only under the generation it
was taken in, so a page never shows a count older than the last committed write it could see,
and the read and the check are one cache round trip.

Writes that send no signals (a queryset `update()` or raw SQL) do not change the generation;
registered models are written through their services, which save rows one by one, and
`COUNT_CACHE_SECONDS` bounds how long any count lives.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import Model, QuerySet
from django.db.models.signals import post_delete, post_save

from core.transactions import on_commit_once

_registered: set[type[Model]] = set()


def _generation_key(model: type[Model]) -> str:
    return f"count:generation:{model._meta.label_lower}"


def _count_key(queryset: QuerySet) -> str | None:
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    digest = hashlib.sha256(f"{queryset.db}\n{sql}\n{params!r}".encode()).hexdigest()
    return f"count:{queryset.model._meta.label_lower}:{digest}"


def rows_count(queryset: QuerySet) -> int:
    """`queryset.count()`, from the cache while no row of a registered model changed since."""
    model = queryset.model
    if model not in _registered or not settings.COUNT_CACHE_SECONDS:
        return queryset.count()
    key = _count_key(queryset)
    if key is None:
        return 0
    generation_key = _generation_key(model)
    values = cache.get_many([generation_key, key])
    generation = values.get(generation_key)
    stored = values.get(key)
    if generation is not None and isinstance(stored, tuple) and stored[0] == generation:
        return stored[1]
    count = queryset.count()
    if generation is None:
        # No generation yet (or the cache lost it): start one, and count under it next time.
        cache.add(generation_key, uuid.uuid4().hex, timeout=None)
        return count
    cache.set(key, (generation, count), timeout=settings.COUNT_CACHE_SECONDS)
    return count


def counts_retire(model: type[Model]) -> None:
    """Retire every cached count of `model` (a new generation)."""
    cache.set(_generation_key(model), uuid.uuid4().hex, timeout=None)


def _row_changed(sender, **kwargs) -> None:
    # Now, for reads inside this transaction, and again after the commit: another request may
    # have counted (without this row) under the generation of now, before the commit.
    counts_retire(sender)
    on_commit_once(("count-generation", sender), lambda: counts_retire(sender))


def counted_model(model: type[Model]) -> None:
    """Cache the list counts of `model`; each of its saves and deletes retires them."""
    if model in _registered:
        return
    _registered.add(model)
    uid = f"core.counts.{model._meta.label_lower}"
    post_save.connect(_row_changed, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(_row_changed, sender=model, weak=False, dispatch_uid=uid)

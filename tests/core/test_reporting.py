"""The reporting time zone: local days, their bounding instants, and the shared date filter."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django import forms
from django.test import override_settings
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.test import APIRequestFactory

from core.filters import LocalDateRangeFilterSet
from core.models import IdempotencyKey
from core.reporting import (
    DATE_MAX,
    DATE_MIN,
    day_end,
    day_start,
    local_day,
    reporting_today,
    reporting_zone,
)
from tests.accounts.factories import ClientFactory

NEW_YORK = "America/New_York"
HOUR = timedelta(hours=1)
TICK = timedelta(microseconds=1)


def _utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


# The core functions


@override_settings(REPORTING_TIME_ZONE=NEW_YORK)
def test_a_local_day_runs_from_local_midnight_to_the_next_local_midnight():
    assert str(reporting_zone()) == NEW_YORK
    assert day_start(date(2025, 1, 15)) == _utc(2025, 1, 15, 5)
    assert day_end(date(2025, 1, 15)) == _utc(2025, 1, 16, 5)
    assert day_end(date(2025, 1, 15)) == day_start(date(2025, 1, 16))


@override_settings(REPORTING_TIME_ZONE=NEW_YORK)
def test_the_days_of_a_daylight_saving_change_last_23_and_25_hours():
    spring, autumn = date(2025, 3, 9), date(2025, 11, 2)
    assert day_start(spring) == _utc(2025, 3, 9, 5)  # EST, before the change at 02:00
    assert day_end(spring) == _utc(2025, 3, 10, 4)  # EDT
    assert day_end(spring) - day_start(spring) == 23 * HOUR
    assert day_end(autumn) - day_start(autumn) == 25 * HOUR


@override_settings(REPORTING_TIME_ZONE=NEW_YORK)
def test_local_midnight_belongs_to_the_day_it_begins():
    assert local_day(_utc(2025, 1, 2, 4, 30)) == date(2025, 1, 1)  # 23:30 on the 1st
    assert local_day(_utc(2025, 1, 2, 5) - TICK) == date(2025, 1, 1)
    assert local_day(_utc(2025, 1, 2, 5)) == date(2025, 1, 2)  # 00:00 on the 2nd
    assert local_day(_utc(2025, 3, 10, 4)) == date(2025, 3, 10)  # midnight after the change


@override_settings(REPORTING_TIME_ZONE=NEW_YORK)
def test_today_is_the_local_date(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: _utc(2025, 1, 2, 4, 30))
    assert reporting_today() == date(2025, 1, 1)
    monkeypatch.setattr(timezone, "now", lambda: _utc(2025, 1, 2, 5))
    assert reporting_today() == date(2025, 1, 2)


def test_without_configuration_days_are_utc_days():
    assert day_start(date(2025, 1, 15)) == _utc(2025, 1, 15)
    assert local_day(_utc(2025, 1, 15, 23, 59)) == date(2025, 1, 15)


@override_settings(REPORTING_TIME_ZONE="America/Sao_Paulo")
def test_a_day_whose_midnight_is_skipped_begins_when_the_clocks_jump():
    # On 2018-11-04 São Paulo's clocks jumped from 00:00 to 01:00 (-03:00 to -02:00).
    assert day_start(date(2018, 11, 4)) == _utc(2018, 11, 4, 3)
    assert local_day(day_start(date(2018, 11, 4))) == date(2018, 11, 4)
    assert day_end(date(2018, 11, 4)) - day_start(date(2018, 11, 4)) == 23 * HOUR


@given(
    zone=st.sampled_from(
        [NEW_YORK, "America/Sao_Paulo", "America/Havana", "Pacific/Auckland", "Asia/Kolkata"]
    ),
    day=st.dates(min_value=date(1971, 1, 1), max_value=date(2040, 12, 31)),
)
def test_every_instant_of_a_day_falls_on_that_day_and_no_other(zone, day):
    with override_settings(REPORTING_TIME_ZONE=zone):
        start, end = day_start(day), day_end(day)
        assert local_day(start) == day
        assert local_day(end - TICK) == day
        assert local_day(start - TICK) == day - timedelta(days=1)
        assert local_day(end) == day + timedelta(days=1)


def test_the_accepted_dates_can_be_turned_into_instants_in_any_zone():
    for zone in ("Pacific/Kiritimati", "Etc/GMT+12"):  # the furthest ahead of and behind UTC
        with override_settings(REPORTING_TIME_ZONE=zone):
            assert day_start(DATE_MIN) < day_end(DATE_MAX)


# The shared FilterSet


class KeyFilter(LocalDateRangeFilterSet):
    class Meta:
        model = IdempotencyKey
        fields = ("date_from", "date_to")


class StatusForm(forms.Form):
    """A form of its own, as a subclass's `Meta.form` may name."""


class KeyByUpdateFilter(LocalDateRangeFilterSet):
    date_field = "updated_at"

    class Meta:
        model = IdempotencyKey
        form = StatusForm
        fields = ("status", "date_from", "date_to")


class KeyOutput(serializers.Serializer):
    id = serializers.IntegerField()


class KeyList(ListAPIView):
    queryset = IdempotencyKey.objects.order_by("pk")
    serializer_class = KeyOutput
    filterset_class = KeyFilter
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = ()


def _get(params: dict):
    return KeyList.as_view()(APIRequestFactory().get("/keys/", params))


def _key_at(moment: datetime, user) -> IdempotencyKey:
    key = IdempotencyKey.objects.create(
        user=user, key=moment.isoformat(), endpoint="POST /x/", request_fingerprint="-"
    )
    IdempotencyKey.objects.filter(pk=key.pk).update(created_at=moment, updated_at=moment)
    return key


@pytest.fixture
def keys_around_the_spring_change():
    """Keys just before and at the local midnights that open and close 2025-03-09 in New York."""
    user = ClientFactory()
    return {
        "last_of_the_8th": _key_at(_utc(2025, 3, 9, 5) - TICK, user),
        "first_of_the_9th": _key_at(_utc(2025, 3, 9, 5), user),
        "last_of_the_9th": _key_at(_utc(2025, 3, 10, 4) - TICK, user),
        "first_of_the_10th": _key_at(_utc(2025, 3, 10, 4), user),
    }


def _names(keys: dict, params: dict, filterset_class=KeyFilter) -> set[str]:
    filterset = filterset_class(params, queryset=IdempotencyKey.objects.all())
    assert filterset.is_valid(), filterset.errors
    matched = set(filterset.qs.values_list("pk", flat=True))
    return {name for name, key in keys.items() if key.pk in matched}


@pytest.mark.django_db
@override_settings(REPORTING_TIME_ZONE=NEW_YORK)
def test_the_range_holds_both_local_days_whole_and_nothing_else(keys_around_the_spring_change):
    keys = keys_around_the_spring_change
    the_9th = {"date_from": "2025-03-09", "date_to": "2025-03-09"}
    assert _names(keys, the_9th) == {"first_of_the_9th", "last_of_the_9th"}
    assert _names(keys, {"date_from": "2025-03-10"}) == {"first_of_the_10th"}
    assert _names(keys, {"date_to": "2025-03-08"}) == {"last_of_the_8th"}
    assert _names(keys, {}) == set(keys)
    assert _names(keys, the_9th, KeyByUpdateFilter) == {"first_of_the_9th", "last_of_the_9th"}


@pytest.mark.django_db
@override_settings(REPORTING_TIME_ZONE=NEW_YORK)
def test_the_list_reads_the_range_in_the_reporting_time_zone(keys_around_the_spring_change):
    response = _get({"date_from": "2025-03-10", "date_to": "2025-03-10"})
    assert response.status_code == 200
    assert [row["id"] for row in response.data["results"]] == [
        keys_around_the_spring_change["first_of_the_10th"].pk
    ]


@pytest.mark.django_db
def test_date_from_after_date_to_is_400_naming_date_from():
    response = _get({"date_from": "2025-03-10", "date_to": "2025-03-09"})
    assert response.status_code == 400
    assert response.data["code"] == "invalid"
    assert response.data["errors"] == {"date_from": ["date_from must be on or before date_to."]}
    assert response.data["detail"] == "date_from: date_from must be on or before date_to."


def test_a_subclass_with_its_own_form_still_refuses_a_reversed_range():
    filterset = KeyByUpdateFilter(
        {"date_from": "2025-03-10", "date_to": "2025-03-09"}, queryset=IdempotencyKey.objects.none()
    )
    assert not filterset.is_valid()
    assert isinstance(filterset.form, StatusForm)
    assert set(filterset.errors) == {"date_from"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "yesterday"}, "date_from"),
        ({"date_from": "2025-02-30"}, "date_from"),
        ({"date_to": "03/09/2025"}, "date_to"),
        ({"date_from": "0001-01-01"}, "date_from"),
        ({"date_to": "9999-12-31"}, "date_to"),
    ],
)
def test_a_bad_date_is_400_naming_it(params, field):
    response = _get(params)
    assert response.status_code == 400
    assert set(response.data["errors"]) == {field}


def test_the_filters_document_the_rule():
    for name in ("date_from", "date_to"):
        help_text = KeyFilter.base_filters[name].extra["help_text"]
        assert "YYYY-MM-DD" in help_text
        assert "website's time zone" in help_text

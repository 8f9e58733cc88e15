"""The token's user read without the ORM's compiler gives what the ORM gives."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from accounts.token_user_read import token_user_read
from tests.accounts.factories import AdminFactory, SuperAdminFactory

pytestmark = pytest.mark.django_db


def _values(instance) -> dict:
    return {
        field.attname: getattr(instance, field.attname)
        for field in type(instance)._meta.concrete_fields
    }


@pytest.mark.parametrize("factory", [AdminFactory, SuperAdminFactory])
def test_it_reads_the_user_and_website_the_orm_reads_in_one_query(factory):
    user = factory()
    expected = User.objects.select_related("website").get(pk=user.pk)

    with CaptureQueriesContext(connection) as queries:
        read = token_user_read(user.pk)
        website = read.website

    assert len(queries) == 1
    assert _values(read) == _values(expected)
    if expected.website_id is None:
        assert website is None
    else:
        assert _values(website) == _values(expected.website)
    assert read.get_session_auth_hash() == expected.get_session_auth_hash()


@pytest.mark.parametrize("user_id", [0, 10**12, "abc", None])
def test_an_unknown_or_malformed_id_reads_nothing(user_id):
    assert token_user_read(user_id) is None

"""The read of the token's user (with its website) that every authenticated request makes.

It is the one database query of a cached report, and building it through the ORM's compiler
cost more than running it: the statement is written once per process from the models' columns,
and each request only executes it and builds the two instances (`Model.from_db`, as the ORM
does). Every column of both tables is plain (integers, text, booleans, timestamps), which
PostgreSQL's driver returns as Django would; a test compares the result with the ORM's.
"""

from functools import cache

from django.db import DEFAULT_DB_ALIAS, connections

from accounts.models import User
from websites.models import Website


@cache
def _statement() -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    user_columns = tuple(field.column for field in User._meta.concrete_fields)
    website_columns = tuple(field.column for field in Website._meta.concrete_fields)
    selected = [f"u.{quote(column)}" for column in user_columns] + [
        f"w.{quote(column)}" for column in website_columns
    ]
    website_fk = User._meta.get_field("website").column
    sql = (
        f"SELECT {', '.join(selected)} FROM {quote(User._meta.db_table)} u "  # noqa: S608 - model names only
        f"LEFT JOIN {quote(Website._meta.db_table)} w ON w.{quote(Website._meta.pk.column)} = "
        f"u.{quote(website_fk)} WHERE u.{quote(User._meta.pk.column)} = %s"
    )
    user_names = tuple(field.attname for field in User._meta.concrete_fields)
    website_names = tuple(field.attname for field in Website._meta.concrete_fields)
    return sql, user_names, website_names


def token_user_read(user_id) -> User | None:
    """`User.objects.select_related("website").filter(pk=user_id).first()`, without the compiler."""
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    connection = connections[DEFAULT_DB_ALIAS]
    sql, user_names, website_names = _statement()
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    user = User.from_db(DEFAULT_DB_ALIAS, user_names, row[: len(user_names)])
    if user.website_id is not None:
        website = Website.from_db(DEFAULT_DB_ALIAS, website_names, row[len(user_names) :])
        User.website.field.set_cached_value(user, website)
    return user

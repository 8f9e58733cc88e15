"""Checks shared by the role-view tests: what a role must not see is neither a field nor a value."""

from uuid import uuid4


def rows_of(response) -> list[dict]:
    """The objects of a list page, or the one object of a detail answer."""
    body = response.json()
    if isinstance(body, dict) and "results" in body:
        return body["results"]
    return [body]


def assert_hidden(response, *, fields=(), values=()) -> None:
    """No answered row has any of `fields`, and no `values` (emails, amounts) appear anywhere."""
    assert response.status_code in (200, 201), response.json()
    rows = rows_of(response)
    assert rows, "nothing answered: the test would prove nothing"
    for row in rows:
        shown = sorted(set(fields) & set(row))
        assert not shown, f"the role sees {shown}"
    text = response.content.decode()
    for value in values:
        assert str(value) not in text, f"the role sees {value!r}"


def idempotency_key() -> dict:
    return {"HTTP_IDEMPOTENCY_KEY": str(uuid4())}

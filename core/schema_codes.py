"""Which error codes an endpoint can answer, read from its own code, for the API docs.

Starting at the view's action, every function it calls that lives in this project is read in
turn (its source, through `ast`): a `code="..."` argument, a raised or constructed
`DomainError` subclass (its `code` unless the call names another) and an `ErrorCode` member
all count. Calls on `self` and `type(self)` resolve on the view class, so a viewset's services
(`create_service`, hooks) are followed too. The list can only be longer than what happens (a
branch never taken still counts); codes answered through signals' receivers are not seen.
The generic codes every endpoint may answer are left out; docs/ERROR_CODES.md lists them.
"""

import ast
import enum
import inspect
import textwrap
from functools import cache
from pathlib import Path

from django.conf import settings
from drf_spectacular.openapi import AutoSchema

from core.error_codes import ErrorCode as CoreErrorCode
from core.exceptions import DomainError

GENERIC_CODES = frozenset(
    {
        CoreErrorCode.INVALID,
        CoreErrorCode.NOT_FOUND,
        CoreErrorCode.PERMISSION_DENIED,
        CoreErrorCode.NOT_AUTHENTICATED,
        CoreErrorCode.AUTHENTICATION_FAILED,
        CoreErrorCode.THROTTLED,
        CoreErrorCode.DOMAIN_ERROR,
        CoreErrorCode.CONFLICT,
        CoreErrorCode.ERROR,
        CoreErrorCode.SERVER_ERROR,
    }
)
_MAX_DEPTH = 10


@cache
def _project_source(function) -> ast.AST | None:
    """The parsed source of a function of this project (None for a library's or a builtin)."""
    # The code object, not the function: `inspect` would follow a decorator's `__wrapped__`.
    code = getattr(function, "__code__", None)
    if code is None:
        return None
    try:
        path = inspect.getsourcefile(code)
        source = inspect.getsource(code)
    except (OSError, TypeError):
        return None
    base = Path(settings.BASE_DIR).resolve()
    resolved = Path(path).resolve() if path else None
    if resolved is None or base not in resolved.parents or "site-packages" in resolved.parts:
        return None
    return ast.parse(textwrap.dedent(source))


def _resolve(node: ast.expr, namespace: dict, view_class: type):
    """The object an expression names: a global, an attribute of one, or of the view."""
    if isinstance(node, ast.Name):
        return namespace.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = node.value
        if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
            return getattr(view_class, node.attr, None)
        if isinstance(owner, ast.Call) and getattr(owner.func, "id", "") == "type":
            return getattr(view_class, node.attr, None)
        base = _resolve(owner, namespace, view_class)
        return getattr(base, node.attr, None) if base is not None else None
    return None


def _is_error_class(target) -> bool:
    return inspect.isclass(target) and issubclass(target, DomainError)


class _Reader:
    def __init__(self, view_class: type):
        self.view_class = view_class
        self.codes: set[str] = set()
        self.seen: set = set()

    def read(self, function, depth: int = 0) -> None:
        function = getattr(function, "__func__", function)
        wrapped = getattr(function, "__wrapped__", None)
        if wrapped is not None:  # a decorator's own checks (idempotency keys), then the function
            self.read(wrapped, depth + 1)
        if depth > _MAX_DEPTH or function in self.seen or not callable(function):
            return
        self.seen.add(function)
        tree = _project_source(function)
        if tree is None:
            return
        namespace = getattr(function, "__globals__", {})
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "code":
                self._code_value(node.value, namespace)
            elif isinstance(node, ast.Raise) and node.exc is not None:
                target = _resolve(node.exc, namespace, self.view_class)
                if _is_error_class(target):
                    self.codes.add(target.code)
            elif isinstance(node, ast.Call):
                self._call(node, namespace, depth)

    def _code_value(self, value: ast.expr, namespace: dict) -> None:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            self.codes.add(value.value)
            return
        member = _resolve(value, namespace, self.view_class)
        if isinstance(member, enum.Enum):
            self.codes.add(str(member.value))

    def _call(self, node: ast.Call, namespace: dict, depth: int) -> None:
        target = _resolve(node.func, namespace, self.view_class)
        if target is None:
            return
        if _is_error_class(target):
            if not any(keyword.arg == "code" for keyword in node.keywords):
                self.codes.add(target.code)
            if "__init__" in vars(target):
                self.read(target.__init__, depth + 1)
            return
        if inspect.isfunction(target) or inspect.ismethod(target):
            self.read(target, depth + 1)


def endpoint_error_codes(view, method: str) -> list[str]:
    """The domain error codes the view's handler of `method` can answer, sorted."""
    action = getattr(view, "action", None)
    handler = getattr(view, action, None) if action else getattr(view, method.lower(), None)
    if handler is None:
        return []
    reader = _Reader(type(view))
    reader.read(handler)
    return sorted(code for code in reader.codes if code not in GENERIC_CODES)


class ErrorCodesAutoSchema(AutoSchema):
    """drf-spectacular's schema, plus each operation's error codes (`x-error-codes`)."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return operation
        codes = endpoint_error_codes(self.view, self.method)
        if codes:
            operation["x-error-codes"] = codes
            listed = ", ".join(f"`{code}`" for code in codes)
            note = f"Error codes besides the generic ones (docs/ERROR_CODES.md): {listed}."
            description = operation.get("description", "")
            operation["description"] = f"{description}\n\n{note}" if description else note
        return operation

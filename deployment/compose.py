"""The environment `docker-compose.yml` gives a service, as compose would interpolate it.

CI runs the deployment checks with the web service's own settings, so the shipped compose
defaults are what `preflight --strict` checks:

    eval "$(python -m deployment.compose web)"   # export NAME=value, one line per variable

Interpolation follows compose: `$$`, `$NAME`, `${NAME}`, `${NAME:-default}` (unset or empty),
`${NAME-default}` (unset), `${NAME:?message}` and `${NAME?message}` (an error when missing).
"""

import re
import shlex
import sys
from collections.abc import Mapping
from pathlib import Path

import yaml

COMPOSE_FILE = Path(__file__).resolve().parent.parent / "docker-compose.yml"
_VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)"
    r"|(?P<plain>[A-Za-z_][A-Za-z0-9_]*)"
    r"|\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<operator>:?[-?])(?P<argument>[^}]*))?\})"
)


class MissingVariable(ValueError):
    """A `${NAME:?message}` (or `${NAME?message}`) variable that the environment does not set."""


def interpolate(value: str, environ: Mapping[str, str]) -> str:
    """Return `value` with its variables replaced from `environ`, as compose does."""

    def replace(match: re.Match) -> str:
        if match["escaped"]:
            return "$"
        name = match["plain"] or match["name"]
        operator, argument = match["operator"], match["argument"] or ""
        present = name in environ
        missing = not present or (
            operator is not None and operator.startswith(":") and not environ[name]
        )
        if operator in (":-", "-") and missing:
            return argument
        if operator in (":?", "?") and missing:
            raise MissingVariable(f"{name}: {argument or 'required'}")
        return environ.get(name, "")

    return _VARIABLE.sub(replace, value)


def service_environment(
    service: str, environ: Mapping[str, str], compose_file: Path = COMPOSE_FILE
) -> dict[str, str]:
    """Return the variables `service` runs with, interpolated from `environ`."""
    config = yaml.safe_load(compose_file.read_text())
    raw = config["services"][service].get("environment") or {}
    if isinstance(raw, list):
        raw = dict(item.split("=", 1) if "=" in item else (item, "") for item in raw)
    return {
        name: interpolate("" if value is None else str(value), environ)
        for name, value in raw.items()
    }


def main(argv: list[str], environ: Mapping[str, str]) -> int:
    service = argv[0] if argv else "web"
    try:
        variables = service_environment(service, environ)
    except MissingVariable as error:
        print(f"docker-compose.yml needs {error}", file=sys.stderr)  # noqa: T201
        return 1
    for name, value in variables.items():
        print(f"export {name}={shlex.quote(value)}")  # noqa: T201
    return 0


if __name__ == "__main__":
    import os

    sys.exit(main(sys.argv[1:], os.environ))  # noqa: TID251 - a command-line entry point

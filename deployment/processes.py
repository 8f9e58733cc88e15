"""Run this project's own programs and PostgreSQL's client programs in child processes.

The deployment app reads no environment variables itself: a child inherits this process's
environment, and variables a child needs changed are set on the `env` utility's command line
(never secrets: passwords travel in a child-only environment or a temporary password file).
"""

import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings


class ProgramNotFound(RuntimeError):
    """A program the command needs is not installed."""


def program(name: str) -> str:
    """Return the absolute path of PostgreSQL client program `name` (PG_BIN_DIR, else PATH)."""
    if settings.PG_BIN_DIR:
        candidate = Path(settings.PG_BIN_DIR) / name
        if candidate.is_file():
            return str(candidate)
        raise ProgramNotFound(f"{name} not found in PG_BIN_DIR={settings.PG_BIN_DIR}")
    found = shutil.which(name)
    if found is None:
        raise ProgramNotFound(
            f"{name} not found on PATH; install the PostgreSQL client programs or set PG_BIN_DIR"
        )
    return found


def with_env(overrides: dict[str, str], args: list[str]) -> list[str]:
    """Prefix `args` so the child runs with this environment plus `overrides` (no secrets)."""
    if not overrides:
        return args
    env_program = shutil.which("env") or "/usr/bin/env"
    return [env_program, *(f"{key}={value}" for key, value in overrides.items()), *args]


def manage_py(
    *args: str, overrides: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess:
    """Run `python manage.py ARGS` from the project root and capture its output."""
    command = with_env(
        overrides or {}, [sys.executable, str(settings.BASE_DIR / "manage.py"), *args]
    )
    return subprocess.run(  # noqa: S603 - fixed argument list, no shell
        command,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def tail(text: str, lines: int = 15) -> list[str]:
    """Return the last non-empty `lines` lines of a child's output, for a report."""
    kept = [line for line in text.splitlines() if line.strip()]
    return kept[-lines:]

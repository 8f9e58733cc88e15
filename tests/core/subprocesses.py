"""Run `manage.py` and small scripts in a fresh process, configured only by the environment.

Settings are read once, at import, so tests of other configurations (production, SQLite, silk,
a real Celery worker) run the project in a subprocess with exactly the variables they name.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SETTINGS_DIR = REPO / "config" / "settings"

_ENV_READ = re.compile(r"\.(?:str|bool|int|float|list|db_url|path)\(\s*\"([A-Z][A-Z0-9_]*)\"")


def settings_variables() -> set[str]:
    """Return the name of every environment variable that `config/settings/*.py` reads."""
    names: set[str] = set()
    for module in sorted(SETTINGS_DIR.glob("*.py")):
        names.update(_ENV_READ.findall(module.read_text()))
    return names


def project_env(**overrides: str) -> dict[str, str]:
    """Return this process's environment less every project setting, plus `overrides`.

    The result starts from the documented defaults in development mode, logging to the console
    only (so a subprocess never writes the repository's log file).
    """
    drop = settings_variables() | {"DJANGO_SETTINGS_MODULE", "PYTEST_XDIST_WORKER"}
    env = {k: v for k, v in os.environ.items() if k not in drop}  # noqa: TID251
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_ENV": "development",
            "LOG_FILE": "",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.update(overrides)
    return env


def run(args: list[str], *, env: dict[str, str], timeout: float = 180):
    """Run `args` with this Python from the repository root; return the completed process."""
    return subprocess.run(  # noqa: S603 - fixed argument lists built by the tests
        [sys.executable, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def manage(*args: str, env: dict[str, str], timeout: float = 180):
    return run(["manage.py", *args], env=env, timeout=timeout)


def python(code: str, *, env: dict[str, str], timeout: float = 120):
    """Run `code` after `django.setup()` with the settings the environment selects."""
    prelude = "import django\ndjango.setup()\n"
    return run(["-c", prelude + code], env=env, timeout=timeout)


def explain(result) -> str:
    """Describe a finished process for an assertion message."""
    return f"exit {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"

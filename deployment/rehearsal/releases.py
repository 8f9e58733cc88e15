"""The two releases of a rehearsal: the previous one and this checkout.

The previous one is checked out in a git worktree with its own virtualenv; each runs
`manage.py` and gunicorn against the rehearsal database.

Virtualenvs are kept under `REHEARSAL_DIR/venvs`, one per content of `requirements.txt`, so a
second rehearsal of the same release builds nothing.
"""

import hashlib
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from deployment.processes import tail

MIGRATION_FILE = re.compile(r"^(?P<app>[a-z_]+)/migrations/(?P<name>\d{4}_\w+)\.py$")


class ReleaseError(RuntimeError):
    """A release could not be checked out, installed or started; the message says why."""


def _git(*args: str) -> str:
    result = subprocess.run(  # noqa: S603 - fixed git commands
        ["git", *args],  # noqa: S607
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise ReleaseError(f"git {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout.strip()


def latest_migrations(ref: str) -> dict[str, str]:
    """The newest migration file of each app at `ref` (what its code expects applied)."""
    latest: dict[str, str] = {}
    for path in _git("ls-tree", "-r", "--name-only", ref).splitlines():
        match = MIGRATION_FILE.match(path)
        if match and match["name"] > latest.get(match["app"], ""):
            latest[match["app"]] = match["name"]
    return latest


def previous_release(applied: dict[str, str] | None = None) -> str:
    """The release before this checkout, as a commit.

    The newest tag if there is one; else, when the backup's applied migrations are known, the
    newest commit whose migration files end exactly there; else the parent of the newest commit
    that changed which migrations there are (so the rehearsal applies at least one: a commit that
    only edited a migration not yet released leaves the same migrations on both sides).
    """
    tags = _git("tag", "--sort=-creatordate").splitlines()
    if tags:
        return _git("rev-parse", f"{tags[0]}^{{commit}}")
    # The project's apps only: `<app>/migrations/NNNN_*.py` at the top (not test fixtures).
    changed = _git("log", "--format=%H", "--", ":(glob)*/migrations/[0-9]*.py").splitlines()
    if applied:
        for commit in changed:
            for candidate in (commit, f"{commit}^"):
                if latest_migrations(candidate) == applied:
                    return _git("rev-parse", candidate)
    current = latest_migrations("HEAD")
    for commit in changed:
        if latest_migrations(f"{commit}^") != current:
            return _git("rev-parse", f"{commit}^")
    raise ReleaseError("no commit changed the migrations: name the previous release with --from")


@dataclass
class Release:
    """One release's code: where it is, and the Python that runs it."""

    label: str
    root: Path
    python: Path

    def run(self, *args: str, env: dict, timeout: float = 900) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603 - fixed argument list
            [str(self.python), "manage.py", *args],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def manage(self, *args: str, env: dict, timeout: float = 900) -> str:
        result = self.run(*args, env=env, timeout=timeout)
        if result.returncode != 0:
            output = "\n".join(tail(result.stdout + "\n" + result.stderr, 20))
            raise ReleaseError(f"{self.label}: manage.py {' '.join(args)} failed:\n{output}")
        return result.stdout


def this_release() -> Release:
    return Release(label="new", root=Path(settings.BASE_DIR), python=Path(sys.executable))


def previous_checkout(ref: str, workdir: Path) -> Release:
    """Check `ref` out in a worktree under `workdir` with a virtualenv of its requirements."""
    commit = _git("rev-parse", f"{ref}^{{commit}}")
    root = workdir / f"release-{commit[:12]}"
    _git("worktree", "add", "--detach", "--force", str(root), commit)
    requirements = (root / "requirements.txt").read_bytes()
    venv = Path(settings.REHEARSAL_DIR) / "venvs" / hashlib.sha256(requirements).hexdigest()[:16]
    python = venv / "bin" / "python"
    if not (venv / ".installed").exists():
        shutil.rmtree(venv, ignore_errors=True)
        for command in (
            [sys.executable, "-m", "venv", str(venv)],
            [str(python), "-m", "pip", "install", "--quiet", "-r", str(root / "requirements.txt")],
        ):
            result = subprocess.run(  # noqa: S603 - fixed argument lists
                command, capture_output=True, text=True, check=False
            )
            if result.returncode != 0:
                raise ReleaseError(f"building {venv}: {result.stderr.strip()[-2000:]}")
        (venv / ".installed").write_text(commit)
    return Release(label=f"old ({commit[:12]})", root=root, python=python)


def previous_remove(release: Release) -> None:
    subprocess.run(  # noqa: S603 - fixed git command
        ["git", "worktree", "remove", "--force", str(release.root)],  # noqa: S607
        cwd=settings.BASE_DIR,
        capture_output=True,
        check=False,
    )


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """One release served on a loopback port; `stop()` lets requests in flight finish."""

    def __init__(self, release: Release, env: dict, log_path: Path):
        self.release, self.env, self.log_path = release, env, log_path
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> "Gunicorn":
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(  # noqa: S603 - fixed argument list
                [
                    str(self.release.python), "-m", "gunicorn", "config.wsgi:application",
                    "--bind", f"127.0.0.1:{self.port}", "--workers", "2",
                    "--worker-class", "gthread", "--threads", "4",
                    "--graceful-timeout", "30", "--timeout", "60", "--log-level", "warning",
                ],
                cwd=self.release.root,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ReleaseError(
                    f"{self.release.label} gunicorn exited:\n{self.log_path.read_text()[-3000:]}"
                )
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/health/live/", timeout=2
                ):
                    return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise ReleaseError(f"{self.release.label} gunicorn did not answer in 60 s")

    def reload(self) -> None:
        """`HUP`: new workers with the code re-read, the old ones finish their requests."""
        import signal

        self.process.send_signal(signal.SIGHUP)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # gunicorn's graceful stop
            self.process.wait(timeout=60)

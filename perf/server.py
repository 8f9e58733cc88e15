"""gunicorn serving the project on a free loopback port, for the benchmark and the load test."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from config.settings.celery import WORKER_QUEUES
from perf.budgets import SERVER_START_SECONDS

REPO = Path(__file__).resolve().parents[1]


class ServerFailed(RuntimeError):
    """gunicorn exited or did not answer its liveness check in time."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a measured server: DEBUG off, no log file, throttles out of the way."""
    return {
        **os.environ,  # noqa: TID251 - the server is a child process configured by variables
        "DJANGO_ENV": "development",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "LOG_FILE": "",
        "LOG_LEVEL": "WARNING",
        "THROTTLE_USER_RATE": "1000000/min",
        **extra,
    }


def _start(command: list[str], environment: dict[str, str], log_path: Path | None):
    """Start `command` in the repository, its output into `log_path` when given."""
    output = log_path.open("w") if log_path else None
    process = subprocess.Popen(  # noqa: S603 - a fixed command line
        command,
        cwd=REPO,
        env=environment,
        stdout=output,
        stderr=subprocess.STDOUT if output else None,
    )
    if output:
        output.close()
    return process


class Server:
    """`with Server(...) as server:` starts gunicorn and stops it (in-flight requests finish)."""

    def __init__(
        self,
        *,
        environment: dict[str, str],
        workers: int,
        threads: int = 1,
        log_path: Path | None = None,
        timeout: int = 300,
    ):
        self.port = free_port()
        self.environment = environment
        self.workers, self.threads, self.timeout = workers, threads, timeout
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--log-level",
            "warning",
            "--timeout",
            str(self.timeout),
        ]
        if self.threads > 1:
            command += ["--worker-class", "gthread", "--threads", str(self.threads)]
            command += ["--backlog", "256"]
        return command

    def __enter__(self) -> "Server":
        self.process = _start(self.command(), self.environment, self.log_path)
        self._wait_until_live()
        return self

    def _wait_until_live(self) -> None:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = self.log_path.read_text() if self.log_path else ""
                raise ServerFailed(f"gunicorn exited:\n{log}")
            try:
                with urllib.request.urlopen(f"{self.url}/health/live/", timeout=2):  # noqa: S310
                    return
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise ServerFailed(f"gunicorn did not start in {SERVER_START_SECONDS} s")

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


class Worker:
    """`with Worker(...) as worker:` runs one Celery worker beside the measured server.

    The work a request leaves for later (rollup refreshes, points) is then done where it is in
    production, by a worker on the same cores, not inside the measured request. `drain()`
    waits until the broker holds no message, queued or taken but unacknowledged (the tasks
    acknowledge late).
    """

    def __init__(
        self, *, environment: dict[str, str], log_path: Path | None = None, name: str = "perf"
    ):
        self.environment = environment
        self.log_path = log_path
        self.name = name
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--loglevel",
            "warning",
            "--concurrency",
            "1",
            "--queues",
            WORKER_QUEUES,
            "--hostname",
            f"{self.name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]

    def __enter__(self) -> "Worker":
        self.process = _start(self.command(), self.environment, self.log_path)
        return self

    def _broker_pending(self) -> int:
        broker = self.environment["CELERY_BROKER_URL"]
        total = 0
        queues = [["LLEN", queue] for queue in WORKER_QUEUES.split(",")]
        for command in (*queues, ["HLEN", "unacked"]):
            answer = subprocess.run(  # noqa: S603 - fixed arguments
                ["redis-cli", "-u", broker, *command],  # noqa: S607
                capture_output=True,
                text=True,
                check=False,
            )
            total += int(answer.stdout.strip() or 0)
        return total

    def drain(self, *, timeout: float) -> int:
        """Wait for the broker to empty; return the messages still there at the timeout."""
        deadline = time.monotonic() + timeout
        pending = self._broker_pending()
        while pending and time.monotonic() < deadline:
            time.sleep(0.5)
            pending = self._broker_pending()
        return pending

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # a warm shutdown: the task in hand finishes
            self.process.wait(timeout=60)

"""`make test` installs what the suite needs (Chromium included); CI's script installs nothing."""

import os
import subprocess
from pathlib import Path

import pytest

from tests.core.subprocesses import REPO

SCRIPT = REPO / "scripts" / "ensure-chromium.sh"
BASH = "/bin/bash"


def fake_program(directory: Path, name: str, body: str) -> None:
    path = directory / name
    path.write_text(f"#!{BASH}\n{body}\n")
    path.chmod(0o755)


@pytest.fixture
def machine(tmp_path):
    """A PATH holding only fake `id`, `apt-get` (logging its calls) and, optionally, `sudo`."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "apt-get.calls"

    def make(*, uid: int, sudo: bool = False, installs: bool = True):
        fake_program(bin_dir, "id", f'[[ "$1" == "-u" ]] && echo {uid}')
        chromium = f"{bin_dir}/chromium"
        install = f'printf "#!{BASH}\\n" > {chromium}; /bin/chmod +x {chromium}'
        fake_program(
            bin_dir,
            "apt-get",
            f'echo "$*" >> {calls}\n'
            f'[[ "$1" == "install" && "{installs}" == "True" ]] && {{ {install}; }}\ntrue',
        )
        if sudo:
            fake_program(bin_dir, "sudo", '[[ "$1" == "-n" ]] && shift\n"$@"')
        return bin_dir, calls

    return make


def run_script(bin_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - a fixed argument list
        [BASH, str(SCRIPT)],
        env={"PATH": str(bin_dir), "HOME": os.environ.get("HOME", "/")},  # noqa: TID251
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_chromium_on_the_path_is_left_alone(machine):
    bin_dir, calls = machine(uid=1000)
    fake_program(bin_dir, "chromium", "true")
    result = run_script(bin_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Chromium: {bin_dir}/chromium"
    assert not calls.exists()


def test_as_root_the_debian_package_is_installed(machine):
    bin_dir, calls = machine(uid=0)
    result = run_script(bin_dir)
    assert result.returncode == 0, result.stderr
    assert calls.read_text().splitlines() == ["update -qq", "install -y -qq chromium"]
    assert result.stdout.splitlines()[-1] == f"Chromium: {bin_dir}/chromium"
    # Run again: it is there now, nothing more is installed.
    assert run_script(bin_dir).returncode == 0
    assert len(calls.read_text().splitlines()) == 2


def test_with_password_less_sudo_the_package_is_installed_through_sudo(machine):
    bin_dir, calls = machine(uid=1000, sudo=True)
    result = run_script(bin_dir)
    assert result.returncode == 0, result.stderr
    assert calls.read_text().splitlines() == ["update -qq", "install -y -qq chromium"]


def test_a_user_who_cannot_install_gets_the_command_to_run(machine):
    bin_dir, calls = machine(uid=1000)
    result = run_script(bin_dir)
    assert result.returncode == 1
    assert "Chromium is not installed and this user cannot install packages" in result.stderr
    assert "sudo apt-get update && sudo apt-get install -y chromium" in result.stderr
    assert not calls.exists()


def test_a_package_without_the_browser_is_a_failure(machine):
    bin_dir, _ = machine(uid=0, installs=False)
    result = run_script(bin_dir)
    assert result.returncode == 1
    assert "apt-get installed no `chromium` command" in result.stderr


def test_make_test_installs_chromium_before_it_runs_the_suite():
    dry_run = subprocess.run(
        ["make", "--dry-run", "--always-make", "test"],  # noqa: S607 - make from PATH
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert dry_run.returncode == 0, dry_run.stderr
    lines = dry_run.stdout.splitlines()
    browser = lines.index("scripts/ensure-chromium.sh")
    services = lines.index("scripts/ensure-services.sh")
    first_pytest = next(i for i, line in enumerate(lines) if "/bin/pytest " in line)
    assert max(browser, services) < first_pytest


def test_ci_only_calls_make_and_installs_nothing_itself():
    ci = (REPO / ".ci" / "run").read_text()
    commands = [
        line.strip() for line in ci.splitlines() if line.strip() and not line.startswith("#")
    ]
    assert "make test" in commands
    assert "make deploy-checks" in commands
    for installer in ("apt-get", "pip install", "npm install", "ensure-"):
        assert installer not in ci

"""Dependencies: installed packages satisfy the pinned requirements, and `pip check` is clean."""

import subprocess
import sys
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path

from django.conf import settings
from packaging.requirements import InvalidRequirement, Requirement

from deployment.checks.options import PreflightOptions
from deployment.processes import tail
from deployment.results import CheckResult

TITLE = "Dependencies"


def read_requirements(path: Path, seen: set[Path] | None = None) -> list[Requirement]:
    """Parse a pip requirements file, following `-r` includes; raise ValueError on a bad line."""
    seen = seen if seen is not None else set()
    path = path.resolve()
    if path in seen:
        return []
    seen.add(path)
    requirements = []
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("-r ", "--requirement ")):
            included = line.split(maxsplit=1)[1]
            requirements += read_requirements(path.parent / included, seen)
            continue
        if line.startswith("-"):
            continue  # pip options (index URLs, constraints) pin nothing by themselves
        try:
            requirements.append(Requirement(line))
        except InvalidRequirement as error:
            raise ValueError(f"{path.name}:{number}: {error}") from None
    return requirements


def pinned_requirements_installed(files: list[Path]) -> list[CheckResult]:
    results = []
    for path in files:
        name = f"installed packages match {Path(path).name}"
        try:
            requirements = read_requirements(Path(path))
        except (OSError, ValueError) as error:
            results.append(CheckResult.failed(name, str(error)))
            continue
        problems = []
        checked = 0
        for requirement in requirements:
            if requirement.marker is not None and not requirement.marker.evaluate():
                continue
            checked += 1
            try:
                installed = metadata.version(requirement.name)
            except metadata.PackageNotFoundError:
                problems.append(f"{requirement.name}: not installed (wants {requirement})")
                continue
            if not requirement.specifier.contains(installed, prereleases=True):
                problems.append(f"{requirement.name}: {installed} installed, pinned {requirement}")
        if problems:
            results.append(
                CheckResult.failed(name, f"{len(problems)} of {checked} differ", lines=problems)
            )
        else:
            results.append(CheckResult.passed(name, f"{checked} requirements satisfied"))
    return results


def pip_check(options: PreflightOptions) -> CheckResult:
    name = "pip check"
    if find_spec("pip") is None:
        reason = "pip is not installed in this environment"
        if options.strict:
            return CheckResult.failed(name, f"{reason} (--strict)")
        return CheckResult.skipped(name, reason)
    completed = subprocess.run(
        [sys.executable, "-m", "pip", "check", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = tail(completed.stdout + completed.stderr)
    if completed.returncode != 0:
        return CheckResult.failed(name, "dependency conflicts", lines=output)
    return CheckResult.passed(name, output[-1] if output else "no broken requirements")


def run(options: PreflightOptions) -> list[CheckResult]:
    return [
        *pinned_requirements_installed(settings.DEPLOYMENT_REQUIREMENTS_FILES),
        pip_check(options),
    ]

"""Every environment variable the settings read is documented with its default."""

import re

import pytest

from tests.core.subprocesses import REPO, settings_variables

VARIABLES = sorted(settings_variables())


@pytest.fixture(scope="module")
def env_example() -> dict[str, str]:
    """Return `NAME -> default` for each `# NAME=default` or `NAME=default` line of .env.example."""
    text = (REPO / ".env.example").read_text()
    return dict(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=(.*)$", text, flags=re.MULTILINE))


def test_the_settings_read_the_variables_the_issue_names():
    expected = {
        "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS",
        "CORS_ALLOWED_ORIGINS", "JWT_ACCESS_TOKEN_MINUTES", "JWT_REFRESH_TOKEN_DAYS",
        "SILK_ENABLED", "LOG_LEVEL", "LOG_FORMAT", "DJANGO_ENV", "CURRENCY", "REPORTING_TIME_ZONE",
    }  # fmt: skip
    assert expected <= set(VARIABLES)


@pytest.mark.parametrize("name", VARIABLES)
def test_each_variable_is_in_env_example_with_a_comment(env_example, name):
    assert name in env_example, f"{name} is read by config/settings but not in .env.example"
    lines = (REPO / ".env.example").read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if re.match(rf"^#? ?{name}=", line))
    assert lines[index - 1].startswith("# ")
    assert not re.match(r"^#? ?[A-Z][A-Z0-9_]*=", lines[index - 1]), f"{name} has no comment"


@pytest.mark.parametrize("name", VARIABLES)
def test_each_variable_is_in_the_readme_configuration_table(name):
    readme = (REPO / "README.md").read_text()
    assert re.search(rf"^\| `{name}` \|", readme, flags=re.MULTILINE), f"{name} not in README"


def test_the_readme_gives_exactly_the_two_setup_commands():
    readme = (REPO / "README.md").read_text()
    assert "make run" in readme
    assert "make test" in readme
    setup = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^```(?:sh|bash)?\n(.*?)^```", setup, flags=re.MULTILINE | re.DOTALL)
    assert [c.strip() for c in commands] == ["make run", "make test"]


@pytest.mark.parametrize("path", ["docs/CONFIGURATION.md", "docs/API_CONVENTIONS.md"])
def test_the_readme_links_the_docs(path):
    assert f"({path})" in (REPO / "README.md").read_text()
    assert (REPO / path).exists()

"""Signing keys: production refuses any key that is short, low-entropy or written in this repository.

Anyone who has read the repository knows every key written in it, and `SECRET_KEY` (or
`JWT_SIGNING_KEY`) signs the JWTs: with it they could mint a superadmin's access token. So
production refuses those keys, and a scan of the repository makes sure that no key assigned to
`SECRET_KEY` or `JWT_SIGNING_KEY` anywhere in it would be accepted.
"""

import ast
import re
import secrets
import subprocess

import pytest
import yaml
from django.core.management.utils import get_random_secret_key

from core.signing_keys import PUBLISHED_KEYS, signing_key_problem
from tests.core.subprocesses import REPO, explain, manage, project_env

KEY_NAMES = {"SECRET_KEY", "JWT_SIGNING_KEY", "SIGNING_KEY"}
DEVELOPMENT_KEY = "dev-insecure-change-me-0123456789abcdefghijklmnopqrstuvwxyz"


def random_key() -> str:
    return secrets.token_urlsafe(50)


# --- what is refused --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [random_key(), get_random_secret_key(), secrets.token_hex(32), secrets.token_urlsafe(38)],
    # Fixed ids: every pytest-xdist worker must collect the same test names.
    ids=["random_key", "django_get_random_secret_key", "token_hex", "token_urlsafe"],
)
def test_random_keys_are_accepted(key):
    assert signing_key_problem(key) is None


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("", "empty"),
        ("x7#Qp", "5 characters"),
        (DEVELOPMENT_KEY, "published"),
        ("a" * 64, "entropy"),
        ("Tk3!" * 16, "entropy"),
        ("our-company-production-key-0123456789-abcdefghijklmnop", "sequence"),
        ("django-insecure-" + random_key(), "django-insecure"),
    ],
    ids=lambda value: value if len(value) < 20 else f"{value[:16]}...",
)
def test_weak_keys_are_refused(key, reason):
    assert reason in signing_key_problem(key)


@pytest.mark.parametrize("key", sorted(PUBLISHED_KEYS))
def test_every_published_key_is_refused(key):
    assert "published" in signing_key_problem(key)


# --- the repository scan ------------------------------------------------------------------------


def _repository_files() -> list:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],  # noqa: S607
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if listed.returncode == 0:
        return [REPO / name for name in listed.stdout.splitlines() if (REPO / name).is_file()]
    skipped = {".git", ".venv", "node_modules", "staticfiles", "logs", "backups"}
    return [
        path
        for path in REPO.rglob("*")
        if path.is_file() and not skipped & set(path.relative_to(REPO).parts)
    ]


class _PythonKeys(ast.NodeVisitor):
    """Collect the constant values a module assigns to a key name, folding `+` and `*`."""

    def __init__(self, tree: ast.Module):
        self.constants = {
            node.targets[0].id: node.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        }
        self.keys: list[str] = []

    def value(self, node, depth: int = 0):
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mult):
            left, right = self.value(node.left, depth), self.value(node.right, depth)
            if left is None or right is None:
                return None
            try:
                return left + right if isinstance(node.op, ast.Add) else left * right
            except TypeError:
                return None
        if isinstance(node, ast.FormattedValue) and node.format_spec is None:
            return self.value(node.value, depth)
        if isinstance(node, ast.JoinedStr):
            parts = [self.value(part, depth) for part in node.values]
            return "".join(parts) if all(isinstance(p, str) for p in parts) else None
        if isinstance(node, ast.Name) and node.id in self.constants and depth < 5:
            return self.value(self.constants[node.id], depth + 1)
        return None

    def _add(self, node) -> None:
        value = self.value(node)
        if isinstance(value, str) and value:  # empty: unset
            self.keys.append(value)

    @staticmethod
    def _names_a_key(target) -> bool:
        if isinstance(target, ast.Name):
            return target.id in KEY_NAMES
        if isinstance(target, ast.Attribute):
            return target.attr in KEY_NAMES
        if isinstance(target, ast.Subscript):
            return isinstance(target.slice, ast.Constant) and target.slice.value in KEY_NAMES
        return False

    def visit_Assign(self, node):
        if any(self._names_a_key(target) for target in node.targets):
            self._add(node.value)
        self.generic_visit(node)

    def visit_AnnAssign(self, node):
        if node.value is not None and self._names_a_key(node.target):
            self._add(node.value)
        self.generic_visit(node)

    def visit_Dict(self, node):
        for key, value in zip(node.keys, node.values, strict=True):
            if isinstance(key, ast.Constant) and key.value in KEY_NAMES:
                self._add(value)
        self.generic_visit(node)

    def visit_Call(self, node):
        for keyword in node.keywords:
            if keyword.arg in KEY_NAMES:
                self._add(keyword.value)
        first = node.args[0] if node.args else None
        if isinstance(first, ast.Constant) and first.value in KEY_NAMES:
            for argument in node.args[1:]:
                self._add(argument)
            for keyword in node.keywords:
                if keyword.arg == "default":
                    self._add(keyword.value)
        self.generic_visit(node)


_VALUE = r"(\"[^\"\n]*\"|'[^'\n]*'|[^\s`]+)"
_TEXT_ASSIGNMENTS = (
    # KEY=value (env files, shell, Dockerfile), KEY: value (YAML), "KEY": "value" (JSON)
    re.compile(r"(?<![A-Za-z0-9_])(?:SECRET_KEY|JWT_SIGNING_KEY)[\"']?[ \t]*[:=][ \t]*" + _VALUE),
    # - name: KEY / value: value (Kubernetes-style YAML)
    re.compile(
        r"name:[ \t]*[\"']?(?:SECRET_KEY|JWT_SIGNING_KEY)[\"']?[ \t]*\n[ \t]*value:[ \t]*" + _VALUE
    ),
)
_SHELL_DEFAULT = re.compile(r"^\$\{[A-Z_]+:?-(.*)\}$")


def _text_keys(text: str) -> list[str]:
    keys = []
    for raw in (value for pattern in _TEXT_ASSIGNMENTS for value in pattern.findall(text)):
        value = raw.strip("\"'").rstrip("\\,;)")
        default = _SHELL_DEFAULT.match(value)
        if default:
            value = default.group(1)
        elif value.startswith("${"):
            continue  # required, or no default
        if "$" in value or value.startswith("<") or "..." in value or "…" in value:
            continue  # generated when it runs, or a placeholder
        if value:
            keys.append(value)
    return keys


def keys_in_repository() -> dict[str, list[str]]:
    """Return `file -> literal keys assigned to SECRET_KEY / JWT_SIGNING_KEY` in that file."""
    found: dict[str, list[str]] = {}
    for path in _repository_files():
        try:
            text = path.read_text()
        except (UnicodeDecodeError, OSError):
            continue
        if path.suffix == ".py":
            visitor = _PythonKeys(ast.parse(text))
            visitor.visit(ast.parse(text))
            keys = visitor.keys
        else:
            keys = _text_keys(text)
        if keys:
            found[str(path.relative_to(REPO))] = keys
    return found


def test_the_scan_finds_the_keys_it_must_find():
    found = keys_in_repository()
    assert DEVELOPMENT_KEY in found["config/settings/environment.py"]
    assert DEVELOPMENT_KEY in found[".env.example"]


def test_no_key_written_in_the_repository_would_be_accepted_in_production():
    accepted = {
        f"{path}: {key}"
        for path, keys in keys_in_repository().items()
        for key in keys
        if signing_key_problem(key) is None
    }
    assert not accepted, (
        "Production would accept these keys, which anyone can read in the repository; generate "
        "keys at run time, or add them to core/signing_keys.py PUBLISHED_KEYS"
    )


def test_the_scan_reads_python_expressions_shell_defaults_and_env_files():
    tree = ast.parse(
        'PART = "abc"\n'
        'SECRET_KEY = PART + "def" * 2\n'
        'env = {"JWT_SIGNING_KEY": f"x{PART}"}\n'
        'run(SECRET_KEY="kw-key")\n'
        'env.str("SECRET_KEY", default="dflt")\n'
        "settings.SECRET_KEY = secrets.token_urlsafe(50)\n"
    )
    python = _PythonKeys(tree)
    python.visit(tree)
    assert python.keys == ["abcdefdef", "xabc", "kw-key", "dflt"]
    text = (
        "SECRET_KEY: ${SECRET_KEY:-compose-default}\n"
        "SECRET_KEY: ${SECRET_KEY:?required}\n"
        "  SECRET_KEY=build-key \\\n"
        "# JWT_SIGNING_KEY=env-example-key\n"
        'export SECRET_KEY="deploy-$(head -c 48 /dev/urandom)"\n'
        "SECRET_KEY=<50 random characters>\n"
        '{"SECRET_KEY": "json-key"}\n'
        "- name: JWT_SIGNING_KEY\n  value: manifest-key\n"
    )
    assert _text_keys(text) == [
        "compose-default",
        "build-key",
        "env-example-key",
        "json-key",
        "manifest-key",
    ]


# --- production start-up ------------------------------------------------------------------------


def _production(**overrides: str) -> dict[str, str]:
    return project_env(
        **{
            "DJANGO_ENV": "production",
            "ALLOWED_HOSTS": "api.example.com",
            "SECRET_KEY": random_key(),
            **overrides,
        }
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("variable", "key", "reason"),
    [
        ("SECRET_KEY", DEVELOPMENT_KEY, "published in this repository"),
        (
            "SECRET_KEY",
            "compose-local-only-change-me-0123456789abcdefghijklmnopqrstuvwxyz",
            "published in this repository",
        ),
        (
            "SECRET_KEY",
            "build-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
            "published in this repository",
        ),
        ("SECRET_KEY", "too-short-key-Q8v", "use at least 50"),
        ("SECRET_KEY", "Tk3!" * 16, "entropy"),
        ("JWT_SIGNING_KEY", DEVELOPMENT_KEY, "published in this repository"),
        ("JWT_SIGNING_KEY", "short-jwt-key", "use at least 50"),
    ],
)
def test_production_refuses_to_start_with_a_weak_or_published_key(variable, key, reason):
    result = manage("check", env=_production(**{variable: key}))
    assert result.returncode != 0, explain(result)
    assert f"{variable} " in result.stderr
    assert reason in result.stderr
    assert "secrets.token_urlsafe" in result.stderr


@pytest.mark.slow
def test_production_starts_with_random_keys_and_an_empty_jwt_key_means_secret_key():
    result = manage("check", env=_production(JWT_SIGNING_KEY=""))
    assert result.returncode == 0, explain(result)
    result = manage("check", env=_production(JWT_SIGNING_KEY=random_key()))
    assert result.returncode == 0, explain(result)


# --- compose and the image ----------------------------------------------------------------------


def test_compose_requires_secret_key_instead_of_defaulting_it():
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    for name in ("web", "celery-money", "celery-background", "celery-beat"):
        environment = compose["services"][name]["environment"]
        assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
        assert environment["JWT_SIGNING_KEY"] == "${JWT_SIGNING_KEY:-}"


def _collectstatic_step() -> str:
    text = re.sub(r"\\\n", " ", (REPO / "Dockerfile").read_text())
    run = next(line for line in text.splitlines() if "collectstatic" in line)
    return run.strip().removeprefix("RUN ").split("&&")[0]


def test_the_image_build_writes_down_no_key():
    step = _collectstatic_step()
    assert "secrets.token_urlsafe" in step
    assert not _text_keys(step)


@pytest.mark.slow
def test_the_image_builds_static_files_without_a_real_key(tmp_path):
    step = _collectstatic_step().replace("python ", f"{REPO / '.venv' / 'bin' / 'python'} ")
    env = project_env(STATIC_ROOT=str(tmp_path / "static"))
    env.pop("SECRET_KEY", None)
    result = subprocess.run(  # noqa: S603 - the Dockerfile's own command
        ["/bin/sh", "-c", step],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, explain(result)
    assert (tmp_path / "static" / "staticfiles.json").exists()

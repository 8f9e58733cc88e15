import pytest

from tests.core.subprocesses import explain, manage, project_env

pytestmark = pytest.mark.slow


def test_every_model_change_has_a_migration(tmp_path):
    env = project_env(DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}")
    result = manage("makemigrations", "--check", "--dry-run", env=env)
    assert result.returncode == 0, explain(result)
    assert "No changes detected" in result.stdout

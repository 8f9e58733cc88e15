"""The writer_management fixtures the tip statistics tests build on."""

from tests.writer_management.conftest import world  # noqa: F401

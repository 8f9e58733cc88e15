"""Read replicas: `DATABASE_REPLICA_URLS` (comma-separated, zero or more) become `replica_N`.

`core.db_routing` sends heavy reads there; with none configured every query reads the primary.
In tests a replica alias mirrors the default database: it connects to the replica's server
with the test database's name, which streaming replication brings there.
"""

import environ
from django.core.exceptions import ImproperlyConfigured


def replica_databases(urls: list[str], primary: dict, *, connect_timeout: int) -> dict[str, dict]:
    """Return the replica aliases' settings, each like the primary's but for its URL."""
    replicas = {}
    for index, url in enumerate(urls, start=1):
        replica = environ.Env.db_url_config(url)
        if replica["ENGINE"] != "django.db.backends.postgresql" or (
            primary["ENGINE"] != "django.db.backends.postgresql"
        ):
            raise ImproperlyConfigured("DATABASE_REPLICA_URLS needs PostgreSQL, as the primary")
        replica.update(
            ATOMIC_REQUESTS=False,
            CONN_MAX_AGE=primary.get("CONN_MAX_AGE", 0),
            CONN_HEALTH_CHECKS=True,
            # A replica that does not answer is skipped, so do not wait long for it.
            OPTIONS={
                **primary.get("OPTIONS", {}),
                "connect_timeout": connect_timeout,
            },
            TEST={"MIRROR": "default"},
        )
        replicas[f"replica_{index}"] = replica
    return replicas

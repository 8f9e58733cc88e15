import pytest

from tests.webhooks.receiver import start_receiver


@pytest.fixture
def receiver_factory():
    servers = []

    def make(**kwargs):
        receiver, server = start_receiver(**kwargs)
        servers.append(server)
        return receiver

    yield make
    for server in servers:
        server.shutdown()
        server.server_close()

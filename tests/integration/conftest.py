"""Servers on 127.0.0.1 for the integration tests, started and stopped by each test."""

import socket

import pytest

from wsdesk.server import echo
from wsdesk.testing.servers import misbehaving_app, start_server


@pytest.fixture
async def echo_server():
    server = await echo.start()
    yield server
    await server.stop()


@pytest.fixture
async def faulty_server():
    server = await start_server(misbehaving_app())
    yield server
    await server.stop()


@pytest.fixture
def closed_port():
    """A loopback port with no listener (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]

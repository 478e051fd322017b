"""Small helpers the integration tests share: waiting, what a view-model received, and a
view-model connected for the length of a ``with`` block."""

import asyncio
import contextlib

from wsdesk.models import ConnectionOptions, Direction
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.viewmodel import ConnectionViewModel


async def wait_for(predicate, within=5.0):
    """Poll ``predicate`` on the running loop; fail the test after ``within`` seconds."""
    deadline = asyncio.get_running_loop().time() + within
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


def received(vm):
    """The payloads ``vm`` received, in order."""
    return [m.data for m in vm.messages if m.direction is Direction.RECEIVED]


@contextlib.asynccontextmanager
async def connected(url, **options):
    """A ConnectionViewModel on the real transport, after its connect attempt; closed after."""
    vm = ConnectionViewModel(AiohttpChannel, ConnectionOptions(url=url, **options))
    try:
        await vm.connect.execute()
        yield vm
    finally:
        await vm.aclose()

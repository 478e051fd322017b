"""The playground's routes through wsdesk's real transport, and their close echo through a
third-party client (``websockets``), which reports the close frame the server sent."""

import asyncio

import aiohttp
import pytest
from websockets.asyncio.client import connect as websockets_connect

from wsdesk.models import CloseInitiator, ConnectionOptions, ConnectionState
from wsdesk.server import echo
from wsdesk.server.playground import EXAMPLES, ROUTES
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.transport.channel import HandshakeError
from wsdesk.transport.upgrade import SubprotocolError

from .helpers import connected, received, wait_for


@pytest.fixture
async def playground():
    server = await echo.start()
    yield server.url.rstrip("/")
    await server.stop()


async def http_get(url):
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.text()


async def test_a_plain_get_of_the_root_lists_every_route_with_an_example(playground):
    status, page = await http_get(playground.replace("ws://", "http://") + "/")
    assert status == 200
    for route in ROUTES:
        assert route.path.replace("{tail:.*}", "") in page
    assert "{tail" not in page
    assert "ws://127.0.0.1:" in page


async def test_a_plain_get_of_a_websocket_route_is_a_404_that_lists_the_routes(playground):
    status, page = await http_get(playground.replace("ws://", "http://") + "/nothing/here")
    assert status == 404
    assert "/flood" in page


async def test_close_route_closes_with_the_code_and_reason(playground):
    async with connected(f"{playground}/close/1011?reason=db%20unavailable") as vm:
        await wait_for(lambda: vm.state is ConnectionState.DISCONNECTED)
        info = vm.close_info
    assert (info.code, info.reason, info.initiator) == (
        1011,
        "db unavailable",
        CloseInitiator.SERVER,
    )


async def test_close_route_waits_its_delay_and_echoes_meanwhile(playground):
    async with connected(f"{playground}/close/4000?delay=0.3") as vm:
        started = asyncio.get_running_loop().time()
        await vm.send.execute("still here")
        await wait_for(lambda: vm.state is ConnectionState.DISCONNECTED)
        assert asyncio.get_running_loop().time() - started >= 0.25
        assert received(vm) == ["still here"]
        assert vm.close_info.code == 4000


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/close/1005", "1005 cannot be sent"),
        ("/close/2500", "2500 cannot be sent"),
        ("/close/abc", "whole number from 1000 to 4999"),
        ("/close/1000?reason=" + "x" * 124, "at most 123 bytes"),
        ("/close/1000?delay=-1", "seconds from 0 to 60"),
        ("/close/1000?delay=nan", "seconds from 0 to 60"),
        ("/reject/101", "from 200 to 599"),
        ("/reject/999", "from 200 to 599"),
        ("/flood?count=0", "count must be a whole number from 1 to 1000000"),
        ("/flood?count=2000000", "count must be"),
        ("/flood?count=1000000&size=1000", "at most 256 MiB"),
        ("/flood?rate=fast", "rate must be"),
        ("/slow?delay=3600", "seconds from 0 to 60"),
        ("/drop?after=-1", "after must be"),
        ("/fragment?size=0", "size must be"),
        ("/flood?count=1_000", "count must be"),
        ("/flood?count=" + "9" * 5000, "count must be"),
        ("/close/" + "9" * 5000, "whole number from 1000 to 4999"),
        ("/flood?count=%D9%A3", "count must be"),  # an Arabic-Indic 3
        ("/slow?delay=1e1", "seconds from 0 to 60"),
        ("/slow?delay=inf", "seconds from 0 to 60"),
        ("/subprotocol/a%20b", "is not a subprotocol name"),
    ],
)
async def test_bad_parameters_are_refused_with_400_and_a_plain_reason(playground, path, reason):
    status, text = await http_get(playground.replace("ws://", "http://") + path)
    assert status == 400
    assert reason in text
    channel = AiohttpChannel(ConnectionOptions(url=playground + path))
    with pytest.raises(HandshakeError) as refused:
        await channel.connect()
    assert refused.value.status == 400


async def test_reject_route_refuses_the_upgrade_with_that_status(playground):
    async with connected(f"{playground}/reject/403") as vm:
        assert vm.state is ConnectionState.DISCONNECTED
    assert "403" in vm.error


async def test_flood_sends_numbered_messages_of_the_size_asked_in_order(playground):
    async with connected(f"{playground}/flood?count=500&size=16") as vm:
        await wait_for(lambda: len(received(vm)) == 500)
        messages = received(vm)
    assert messages[0] == "001............."
    assert [int(m.rstrip(".")) for m in messages] == list(range(1, 501))
    assert {len(m) for m in messages} == {16}


async def test_a_paced_flood_arrives_whole(playground):
    async with connected(f"{playground}/flood?count=10&rate=200") as vm:
        await wait_for(lambda: len(received(vm)) == 10)
        assert received(vm) == [f"{n:02d}" for n in range(1, 11)]


async def test_slow_route_echoes_after_its_delay(playground):
    async with connected(f"{playground}/slow?delay=0.3") as vm:
        started = asyncio.get_running_loop().time()
        await vm.send.execute("later")
        await wait_for(lambda: received(vm) == ["later"])
        assert asyncio.get_running_loop().time() - started >= 0.3


async def test_drop_route_echoes_then_drops_without_a_close_frame(playground):
    async with connected(f"{playground}/drop?after=2") as vm:
        for text in ("one", "two", "three"):
            await vm.send.execute(text)
        await wait_for(lambda: vm.state is ConnectionState.DISCONNECTED)
        assert received(vm) == ["one", "two"]
        assert vm.close_info.code == 1006
        assert vm.close_info.initiator is CloseInitiator.NONE


async def test_silent_route_answers_neither_pings_nor_messages(playground):
    channel = AiohttpChannel(ConnectionOptions(url=f"{playground}/silent"))
    await channel.connect()
    try:
        await channel.send("anyone?")
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(channel.ping(), 0.3)
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(channel.receive(), 0.1)
    finally:
        await channel.close()
    assert channel.close_info.clean


async def test_subprotocol_route_selects_its_name_whatever_was_offered(playground):
    refused = AiohttpChannel(
        ConnectionOptions(url=f"{playground}/subprotocol/surprise", subprotocols=("chat",))
    )
    with pytest.raises(SubprotocolError, match="surprise"):
        await refused.connect()
    offered = AiohttpChannel(
        ConnectionOptions(url=f"{playground}/subprotocol/surprise", subprotocols=("surprise",))
    )
    await offered.connect()
    assert offered.protocol == "surprise"
    await offered.close()


async def test_binary_route_echoes_text_as_its_utf8_bytes(playground):
    async with connected(f"{playground}/binary") as vm:
        await vm.send.execute("hé")
        await vm.send.execute(b"\x00\xff")
        await wait_for(lambda: len(received(vm)) == 2)
        assert received(vm) == [b"h\xc3\xa9", b"\x00\xff"]


@pytest.mark.parametrize("compress", [True, False])
async def test_fragment_route_echoes_whole_messages(playground, compress):
    big = bytes(range(256)) * 40
    async with connected(f"{playground}/fragment?size=3", compress=compress) as vm:
        await vm.send.execute("Hello wörld")
        await vm.send.execute(big)
        await vm.send.execute("")
        await wait_for(lambda: len(received(vm)) == 3)
        assert received(vm) == ["Hello wörld", big, ""]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/close/1000?delay=30",
        "/flood?count=1",
        "/slow?delay=0",
        "/drop?after=5",
        "/silent",
        "/subprotocol/surprise",
        "/binary",
        "/fragment",
    ],
)
async def test_every_route_echoes_the_clients_close_code_and_reason(playground, path):
    protocols = ["surprise"] if "subprotocol" in path else None
    async with websockets_connect(playground + path, subprotocols=protocols) as ws:
        await ws.close(4321, "bye now")
    assert (ws.protocol.close_rcvd.code, ws.protocol.close_rcvd.reason) == (4321, "bye now")


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.label for e in EXAMPLES])
async def test_every_menu_example_is_accepted_by_its_route(playground, example):
    channel = AiohttpChannel(ConnectionOptions(url=playground + example.path))
    if "/reject/" in example.path:
        with pytest.raises(HandshakeError) as refused:
            await channel.connect()
        assert refused.value.status == 403
    elif "/subprotocol/" in example.path:
        with pytest.raises(SubprotocolError):
            await channel.connect()
    else:
        await channel.connect()
        await channel.close()


async def test_a_plain_get_of_a_websocket_route_says_to_connect_a_websocket_client(playground):
    status, text = await http_get(playground.replace("ws://", "http://") + "/flood?count=5")
    assert status == 400
    assert "/flood is a WebSocket route: connect a WebSocket client to it" in text
    assert "UPGRADE" not in text

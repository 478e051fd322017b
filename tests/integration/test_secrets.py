"""Secrets stay out of the log, its exported lines, the status and Python logging, against
real servers (a refusing one and a redirecting one)."""

import logging

from aiohttp import web

from wsdesk.core.headers import bearer_header
from wsdesk.models import ConnectionOptions, ConnectionState
from wsdesk.testing.servers import start_server
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.viewmodel import ConnectionViewModel
from wsdesk.viewmodel.formatting import summary
from wsdesk.viewmodel.session_io import write_session
from wsdesk.viewmodel.session_recorder import SessionRecorder

TOKEN = "tok-93b1e7"


def exported(vm):
    return "\n".join(summary(m) for m in vm.messages)


async def run_view_model(options):
    vm = ConnectionViewModel(AiohttpChannel, options)
    statuses = [vm.status_text]
    vm.status_changed.connect(statuses.append)
    await vm.connect.execute()
    return vm, statuses


async def test_refused_connection_leaks_nothing(faulty_server, caplog):
    caplog.set_level(logging.DEBUG)
    options = ConnectionOptions(
        url=faulty_server.url(f"/refuse?status=401&token={TOKEN}"),
        headers=(bearer_header(TOKEN), ("X-Session", "sess-55")),
        secret_headers=("X-Session",),
    )
    vm, statuses = await run_view_model(options)
    assert vm.state is ConnectionState.DISCONNECTED
    assert "HTTP 401" in vm.error
    for text in (exported(vm), vm.error, *statuses, caplog.text):
        assert TOKEN not in text
        assert "sess-55" not in text
    assert "/refuse?status=401&token=***" in exported(vm)
    await vm.aclose()


async def test_redirect_target_secrets_are_masked(echo_server, caplog):
    caplog.set_level(logging.DEBUG)

    async def moved(_request):
        return web.Response(status=302, headers={"Location": f"{echo_server.url}?token={TOKEN}"})

    app = web.Application()
    app.router.add_get("/", moved)
    server = await start_server(app)
    try:
        vm, statuses = await run_view_model(ConnectionOptions(url=server.url("/")))
        assert vm.state is ConnectionState.OPEN
        assert f"redirected (302) to {echo_server.url}?token=***" in exported(vm)
        for text in (exported(vm), *statuses, caplog.text):
            assert TOKEN not in text
        await vm.aclose()
    finally:
        await server.stop()


async def test_session_export_masks_marked_and_standard_secrets(echo_server, tmp_path):
    options = ConnectionOptions(
        url=f"{echo_server.url}?token={TOKEN}",
        headers=(bearer_header(TOKEN), ("X-Session", "sess-55")),
        secret_headers=("X-Session",),
    )
    vm, _ = await run_view_model(options)
    recorder = SessionRecorder(vm)
    await vm.disconnect.execute()
    path = tmp_path / "session.jsonl"
    write_session(path, recorder.metadata(), list(vm.messages))
    written = path.read_text(encoding="utf-8")
    assert '["X-Session", "***"]' in written
    assert TOKEN not in written
    assert "sess-55" not in written
    await vm.aclose()

"""Redaction edge cases: short secrets, scheme-less proxy URLs, server close reasons."""

import asyncio
import json

from wsdesk.core.redact import redact_text, redact_url
from wsdesk.core.secrets import redact_for, secret_values
from wsdesk.models import CloseInitiator, ConnectionOptions
from wsdesk.testing import FakeChannelFactory
from wsdesk.viewmodel import ConnectionViewModel
from wsdesk.viewmodel.options_codec import encode
from wsdesk.viewmodel.session_io import export_lines
from wsdesk.viewmodel.session_recorder import SessionRecorder


def test_short_secrets_do_not_corrupt_unrelated_text():
    options = ConnectionOptions(url="ws://u:p@127.0.0.1:9/x?key=0&token=T")
    text = "Connection refused (127.0.0.1:9) at 10:00; AUTHORIZATION"
    assert redact_for(options, text) == text


def test_short_secrets_are_masked_where_they_stand_alone():
    assert redact_text("bad key 0", ["0"]) == "bad key ***"
    assert redact_text("password 'p' rejected", ["p"]) == "password '***' rejected"


def test_long_secrets_are_masked_inside_words_too():
    assert redact_text("xhunter2x", ["hunter2"]) == "x***x"


def test_short_secrets_are_still_masked_in_structured_places():
    url = "ws://u:p@127.0.0.1:9/x?key=0"
    assert redact_url(url) == "ws://u:***@127.0.0.1:9/x?key=***"


def test_schemeless_proxy_password_is_found_and_masked():
    options = ConnectionOptions(proxy="pu:PROXYPW@127.0.0.1:3128")
    assert redact_url(options.proxy) == "pu:***@127.0.0.1:3128"
    assert "PROXYPW" in secret_values(options)
    encoded = encode(options)
    assert "PROXYPW" not in json.dumps(encoded.public)
    assert encoded.secrets["proxy"] == "pu:PROXYPW@127.0.0.1:3128"


async def test_server_close_reason_is_redacted_everywhere():
    factory = FakeChannelFactory()
    options = ConnectionOptions(url="ws://127.0.0.1:9/?access_token=QTOK", ping_interval=None)
    vm = ConnectionViewModel(factory, options)
    recorder = SessionRecorder(vm)
    await vm.connect.execute()
    factory.last.push_close(4001, "bad token QTOK")
    for _ in range(20):
        await asyncio.sleep(0)
    assert vm.close_info.reason == "bad token ***"
    assert vm.close_info.initiator is CloseInitiator.SERVER
    exported = "\n".join(export_lines(recorder.metadata(), list(vm.messages)))
    for text in (vm.status_text, exported, *(str(m.data) for m in vm.messages)):
        assert "QTOK" not in text
    assert "bad token ***" in vm.status_text
    assert json.loads(exported.splitlines()[0])["close"]["reason"] == "bad token ***"
    await vm.aclose()


def test_user_info_in_the_url_is_masked_as_the_basic_token_it_becomes():
    options = ConnectionOptions(url="ws://alice:hunter22@127.0.0.1:9/")
    # aiohttp sends the user info as Authorization: Basic base64(alice:hunter22).
    echoed = "X-Echo-Auth: Basic YWxpY2U6aHVudGVyMjI="
    assert "YWxpY2U6aHVudGVyMjI=" in secret_values(options)
    assert redact_for(options, echoed) == "X-Echo-Auth: Basic ***"

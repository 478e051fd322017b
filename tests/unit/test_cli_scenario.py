"""Scenario files: parsing, the errors that name file and step, and JSON matching."""

import json

import pytest

from wsdesk.cli.goals import Inbox, expect_json
from wsdesk.cli.scenario import ScenarioError, json_matches, load_scenario

GOOD = """
url = "ws://127.0.0.1:8765/"
[[step]]
send = "hello"
[[step]]
expect = "^hel+o$"
timeout = 2.5
[[step]]
send_json = { op = "subscribe", topic = "prices" }
[[step]]
expect_json = { op = "ack", data.topic = "prices", "data.n" = 1 }
[[step]]
send_binary = "00ff"
[[step]]
sleep = 0.25
[[step]]
close = 4000
reason = "done"
[[reply]]
when = "^ping$"
send = "pong"
"""


def write(tmp_path, text):
    path = tmp_path / "scenario.toml"
    path.write_text(text)
    return str(path)


def test_a_scenario_with_every_kind_of_step(tmp_path):
    scenario = load_scenario(write(tmp_path, GOOD))
    assert scenario.url == "ws://127.0.0.1:8765/"
    actions = [(s.action, s.value) for s in scenario.steps]
    assert actions[0] == ("send", "hello")
    assert actions[1][0] == "expect"
    assert actions[1][1].pattern == "^hel+o$"
    assert scenario.steps[1].timeout == 2.5
    assert actions[2] == ("send", json.dumps({"op": "subscribe", "topic": "prices"}))
    assert actions[3] == ("expect_json", {"op": "ack", "data.topic": "prices", "data.n": 1})
    assert actions[4] == ("send_binary", b"\x00\xff")
    assert actions[5] == ("sleep", 0.25)
    assert actions[6] == ("close", 4000)
    assert scenario.steps[6].reason == "done"
    assert [(r.when.pattern, r.send) for r in scenario.replies] == [("^ping$", "pong")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[step]]\nsend = 'a'\n[[step]]\nsned = 'b'\n", "step 2: unknown key 'sned'"),
        ("[[step]]\nexpect = '('\n", "step 1: '(': invalid regular expression"),
        ("[[step]]\nexpect = '(a+)+$'\n", "step 1: '(a+)+$': a repeated group that"),
        ("[[reply]]\nwhen = '(a*)*b'\nsend = 'x'\n", "reply 1: '(a*)*b': a repeated group"),
        ("[[step]]\nsend = 'a'\nexpect = 'b'\n", "step 1: needs exactly one of"),
        ("[[step]]\ntimeout = 1\n", "step 1: needs exactly one of"),
        ("[[step]]\nsend = 'a'\ntimeout = 1\n", "step 1: timeout belongs to an expect"),
        ("[[step]]\nsend_binary = 'zz'\n", "step 1: send_binary must be hexadecimal"),
        ("[[step]]\nclose = 1006\n", "step 1: close code 1006 may not be sent"),
        ("[[step]]\nclose = 1000\n[[step]]\nsend = 'a'\n", "step 1: close must be the last"),
        ("[[step]]\nsleep = -1\n", "step 1: sleep must be a number of seconds"),
        ("[[step]]\nsleep = nan\n", "step 1: sleep must be a number of seconds"),
        ("[[step]]\nsleep = inf\n", "step 1: sleep must be a number of seconds"),
        ("[[step]]\nexpect = 'a'\ntimeout = nan\n", "step 1: timeout must be a number"),
        ("[[step]]\nsend = 3\n", "step 1: send must be text"),
        ("[[reply]]\nwhen = 'x'\n", "reply 1: needs when (a regex) and send (text)"),
        ("urls = 'ws://x'\n", "unknown key 'urls'"),
        ("[[step]\nsend = 'a'\n", "invalid TOML"),
    ],
)
def test_errors_name_the_file_the_step_and_the_problem(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_an_unreadable_file_is_a_scenario_error(tmp_path):
    with pytest.raises(ScenarioError, match="cannot read the scenario"):
        load_scenario(str(tmp_path / "missing.toml"))


def test_json_matching_by_dotted_paths():
    received = {"op": "ack", "data": {"topic": "prices", "items": [{"id": 7}]}, "ok": True}
    assert json_matches({"op": "ack", "data.topic": "prices"}, received)
    assert json_matches({"data.items.0.id": 7}, received)
    assert not json_matches({"data.topic": "news"}, received)
    assert not json_matches({"data.missing": None}, received)
    assert not json_matches({"ok": 1}, received)  # JSON true is not the number 1
    assert json_matches({"ok": True}, received)
    assert not json_matches({"data.items.²": 7}, received)  # a digit, but not 0-9


async def test_expect_json_skips_a_message_too_deep_for_python_and_matches_the_next():
    inbox = Inbox()
    inbox.put(["[" * 200_000, '{"op": "ack"}'])
    assert await expect_json(inbox, {"op": "ack"}) == '{"op": "ack"}'

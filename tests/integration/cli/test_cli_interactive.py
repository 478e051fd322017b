"""Interactive mode in a pseudo-terminal: the prompt, its history and the slash commands."""

import asyncio
import sys

import pexpect
import pytest

from .conftest import cli_env, closes

pytestmark = pytest.mark.timeout(60)


def spawn(*args, env):
    env = dict(env, PROMPT_TOOLKIT_NO_CPR="1")  # pexpect never answers cursor queries
    child = pexpect.spawn(
        sys.executable,
        ["-m", "wsdesk.cli", *args],
        env=env,
        encoding="utf-8",
        timeout=10,
        dimensions=(24, 100),
    )
    child.expect_exact("* Connected")
    child.expect_exact(">")  # the prompt (drawn with cursor moves, not a plain "> ")
    return child


def finish(child):
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, child.before


def test_type_a_message_see_it_come_back_then_quit():
    env = cli_env()
    child = spawn(env=env)
    child.sendline("Hello!")
    child.expect_exact("Hello!")  # the typed line
    child.expect_exact("Hello!")  # the echo, printed above the prompt
    child.sendline("/binary 00ff")
    child.expect_exact("00ff")
    child.sendline("/ping")
    child.expect(r"Pong after [\d.]+ ms")
    child.sendline("//slash")
    child.expect_exact("/slash")
    child.sendline("/nonsense")
    child.expect_exact("unknown command /nonsense; /help lists them")
    child.sendline("/help")
    child.expect_exact("/close [CODE [REASON]]")
    child.sendline("/quit")
    status, rest = finish(child)
    assert status == 0, rest
    assert "Closed by you: 1000 normal closure" in rest
    assert "Traceback" not in rest
    # History lives in the user's data directory.
    history = env["XDG_DATA_HOME"] + "/wsdesk/cli-history"
    with open(history, encoding="utf-8") as saved:
        assert "Hello!" in saved.read()


def test_ctrl_d_closes_with_1000_and_ctrl_c_exits_130():
    child = spawn(env=cli_env())
    child.sendeof()
    status, rest = finish(child)
    assert status == 0, rest
    child = spawn(env=cli_env())
    child.sendintr()
    status, rest = finish(child)
    assert status == 130, rest
    assert "Closed by you: 1001 going away" in rest
    assert "Traceback" not in rest


async def test_a_message_that_arrives_while_typing_keeps_the_line(peer):
    def session():
        child = spawn(peer.url("/ticker?n=1&delay=1"), env=cli_env())
        child.send("par")  # typed, not sent: the tick arrives in the middle of the line
        child.expect_exact("par")
        child.expect_exact("tick 1")
        return child

    child = await asyncio.to_thread(session)
    # Nothing is lost of what was typed: finishing the line sends all of it.
    await asyncio.to_thread(child.sendline, "tial")
    await asyncio.to_thread(child.expect_exact, "partial")
    await asyncio.to_thread(child.sendline, "/close 4000 done typing")
    status, rest = await asyncio.to_thread(finish, child)
    assert status == 0, rest
    assert "Closed by you: 4000 application-defined code 4000, 'done typing'" in rest
    assert (4000, "/ticker") in closes(peer)


def test_colours_in_a_terminal_and_none_with_no_color():
    env = cli_env()
    del env["NO_COLOR"]
    child = spawn(env=env)
    child.sendline("tint")
    child.expect_exact("\x1b[36mtint")
    child.sendline("/quit")
    assert finish(child)[0] == 0
    child = spawn(env=cli_env())
    child.sendline("plain")
    child.expect_exact("plain")
    child.expect_exact("plain")
    child.sendline("/quit")
    status, rest = finish(child)
    assert status == 0
    assert "\x1b[36m" not in child.before + rest

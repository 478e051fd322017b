"""What wsdesk-cli prints for each batch the log gains, and where it stops."""

import io
import re

import pytest

from wsdesk.cli.output import Printer, StopAfter, wants_colour
from wsdesk.models import Direction, Message
from wsdesk.viewmodel.message_log import MessageLog
from wsdesk.viewmodel.session_io import SessionMetadata, read_transcript
from wsdesk.viewmodel.session_stream import SessionStream


def received(data):
    return Message.of(Direction.RECEIVED, data, 1.0)


@pytest.fixture
def log():
    return MessageLog()


def test_data_to_stdout_events_and_sent_to_stderr(log, capsys):
    printer = Printer(log)
    assert printer
    log.extend([Message.event("Connected", 1.0), Message.of(Direction.SENT, "hi", 1.0)])
    log.extend([received("hi"), received(b"\x00\xab")])
    out, err = capsys.readouterr()
    assert out == "hi\n00ab\n"
    assert err == "* Connected\n> hi\n"


def test_quiet_prints_only_data_and_failures(log, capsys):
    printer = Printer(log, quiet=True)
    log.extend([Message.event("Connected", 1.0), received("x")])
    printer.failure("went wrong")
    out, err = capsys.readouterr()
    assert (out, err) == ("x\n", "wsdesk-cli: went wrong\n")


def test_stop_after_a_count_cuts_the_batch_and_says_so(log, capsys):
    stopped = []
    printer = Printer(log, stop=StopAfter(count=3), on_stop=lambda: stopped.append(True))
    assert printer  # psygnal holds its handler weakly: the printer must stay referenced
    log.extend([received("1"), received("2")])
    assert stopped == []
    log.extend([received("3"), received("4"), received("5")])
    log.extend([received("6")])
    assert capsys.readouterr().out == "1\n2\n3\n"
    assert stopped == [True]


def test_stop_after_until_and_count_needs_both(log, capsys):
    printer = Printer(log, stop=StopAfter(count=2, until=re.compile("^go$")))
    assert printer
    log.extend([received("go"), received("a"), received("b"), received("go"), received("c")])
    assert capsys.readouterr().out == "go\na\n"


def test_jsonl_holds_entries_until_the_metadata_is_written(log, capsys):
    out = io.StringIO()
    stream = SessionStream(out)
    printer = Printer(log, stream=stream)
    assert printer
    log.extend([Message.event("Connecting to ws://h/", 1.0)])
    assert out.getvalue() == ""
    stream.start(SessionMetadata(url="ws://h/?token=abc", headers=(("Cookie", "c=1"),)))
    log.extend([received("ü")])
    transcript = read_transcript(io.StringIO(out.getvalue()))
    assert transcript.metadata["url"] == "ws://h/?token=***"
    assert [m.data for m in transcript.messages] == ["Connecting to ws://h/", "ü"]
    assert stream.written == len(out.getvalue().encode("utf-8"))
    assert capsys.readouterr().out == ""


def test_colour_only_for_a_terminal_without_no_color():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    assert wants_colour(Terminal(), {})
    assert not wants_colour(Terminal(), {"NO_COLOR": "1"})
    assert not wants_colour(io.StringIO(), {})


def test_colours_mark_received_sent_and_events(log, capsys):
    printer = Printer(log, colour_out=True, colour_err=True)
    assert printer
    log.extend([Message.event("Connected", 1.0), Message.of(Direction.SENT, "s", 1.0)])
    log.extend([received("r")])
    out, err = capsys.readouterr()
    assert out == "\x1b[36mr\n\x1b[0m"
    assert err == "\x1b[33m* Connected\n\x1b[0m\x1b[32m> s\n\x1b[0m"

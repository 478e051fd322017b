import pytest

from wsdesk.models import Direction, Message, MessageKind
from wsdesk.viewmodel.log_filter import LogFilter, LogFilterError
from wsdesk.viewmodel.log_follow import LogFollower
from wsdesk.viewmodel.message_log import MessageLog
from wsdesk.viewmodel.traffic_counters import TrafficCounters

ENTRIES = [
    Message.event("Connected"),
    Message.of(Direction.SENT, "Hello Prices"),
    Message.of(Direction.RECEIVED, '{"topic": "prices"}'),
    Message.of(Direction.RECEIVED, bytes([0x00, 0x0A, 0x0D, 0xFF, 0x7F, 0x80])),
    Message.of(Direction.RECEIVED, "שלום עולם 👋🏽 café"),
]


def shown(log_filter):
    matches = log_filter.matcher()
    return [m.data for m in ENTRIES if matches(m)]


def test_default_shows_everything():
    assert not LogFilter().is_active
    assert shown(LogFilter()) == [m.data for m in ENTRIES]


def test_substring_ignores_case_unless_asked():
    assert shown(LogFilter("prices")) == ["Hello Prices", '{"topic": "prices"}']
    assert shown(LogFilter("prices", case_sensitive=True)) == ['{"topic": "prices"}']


def test_regex_and_its_errors():
    assert shown(LogFilter(r"^\{.*\}$", regex=True)) == ['{"topic": "prices"}']
    with pytest.raises(LogFilterError, match="invalid regular expression at position 0"):
        LogFilter("(", regex=True).matcher()
    assert shown(LogFilter("(")) == []


def test_binary_is_searched_as_hex_and_unicode_as_text():
    assert shown(LogFilter("0d ff")) == [bytes([0x00, 0x0A, 0x0D, 0xFF, 0x7F, 0x80])]
    assert shown(LogFilter("👋🏽 CAFÉ")) == ["שלום עולם 👋🏽 café"]


def test_direction_and_kind():
    received = LogFilter(directions=frozenset({Direction.RECEIVED}))
    assert len(shown(received)) == 3
    binary = LogFilter(kinds=frozenset({MessageKind.BINARY}))
    assert shown(binary) == [ENTRIES[3].data]
    sent_text = LogFilter("hello", directions=frozenset({Direction.SENT, Direction.EVENT}))
    assert shown(sent_text) == ["Hello Prices"]


def test_trim_keeps_the_newest_and_counts_what_it_dropped():
    log = MessageLog(capacity=3)
    trimmed = []
    log.trimmed.connect(trimmed.append)
    log.extend(Message.of(Direction.RECEIVED, f"tick {n}") for n in range(5))
    assert [m.data for m in log] == ["tick 2", "tick 3", "tick 4"]
    assert log.dropped == 2
    log.capacity = 2
    assert log.dropped == 3
    assert trimmed == [2, 1]
    log.clear()
    assert (len(log), log.dropped) == (0, 0)


def test_counters_count_traffic_not_events_and_survive_trim():
    log = MessageLog(capacity=2)
    counters = TrafficCounters(log)
    log.extend(ENTRIES)
    assert (counters.sent_messages, counters.sent_bytes) == (1, 12)
    assert counters.received_messages == 3
    assert counters.received_bytes == 19 + 6 + len("שלום עולם 👋🏽 café".encode())
    assert counters.text.startswith("↑ 1 msg 12 B   ↓ 3 msgs")


def test_counters_count_rows_appended_one_at_a_time_as_a_batch_would():
    # The single-row path (a round trip's) must agree with the batch path.
    one_by_one, batched = MessageLog(capacity=2), MessageLog(capacity=2)
    counted = TrafficCounters(one_by_one), TrafficCounters(batched)
    for entry in ENTRIES:
        one_by_one.append(entry)
    batched.extend(ENTRIES)
    first, second = counted
    assert first.text == second.text
    assert (first.sent_bytes, first.received_bytes) == (second.sent_bytes, second.received_bytes)


def test_follower_pauses_counts_and_resumes():
    follower = LogFollower()
    follower.recount(3)
    assert (follower.following, follower.unseen, follower.label) == (True, 0, "")
    follower.user_scrolled(at_bottom=False)
    follower.recount(1)
    assert follower.label == "1 new message"
    follower.recount(5)
    assert follower.label == "5 new messages"
    follower.recount(0)
    assert follower.label == ""
    follower.recount(2)
    follower.resume()
    assert (follower.following, follower.unseen) == (True, 0)
    follower.user_scrolled(at_bottom=False)
    follower.recount(2)
    follower.user_scrolled(at_bottom=True)
    assert follower.following
    assert follower.label == ""


@pytest.mark.parametrize(
    "pattern",
    [
        "(a+)+$",
        "(a*)*b",
        r"(\w+\s?)+$",
        "((ab+))*c",
        "(?:x{2,})+",
        "(?P<n>[0-9]+)+",
        "(.*a){20}$",
        "(a+){3}",
        "(a|a)*$",
        "(?:a|a?)+$",
        "(x|[a-z])+$",
        "(?i:A|a)+$",
        "(a|)+b",
        "(ab|abc)+$",
        "(a{2,5})+$",
    ],
)
def test_a_regex_that_repeats_a_repeat_is_refused(pattern):
    """(a+)+$ took 4.6 s on 27 characters and doubles per character: the window froze."""
    with pytest.raises(LogFilterError, match=r"repeated group that can match the same text"):
        LogFilter(pattern, regex=True).matcher()


@pytest.mark.parametrize(
    "pattern",
    [
        r"\(a+\)+",
        "[(a+)]+",
        "(ab)+",
        "(a+)?",
        "(a+){1}",
        "(foo|bar)+",
        "(?:GET|POST|PUT)+",
        "(a|b){3}",
        r"\d+ \w*",
        "[]+]*",
        "(a|b)?",
        r"[|(]+",
        r"(\d{3})+",
        r"(\d{3},)*\d{3}",
    ],
)
def test_regexes_without_nested_repeats_still_filter(pattern):
    LogFilter(pattern, regex=True).matcher()(ENTRIES[0])


def test_the_same_text_as_a_substring_is_not_a_regex():
    assert shown(LogFilter("(a+)+$")) == []

"""The log filter's column search and LogMatches, against the Message predicate."""

from __future__ import annotations

import pytest

from wsdesk.models import Direction, Message, MessageKind
from wsdesk.viewmodel.log_filter import LogFilter, LogFilterError
from wsdesk.viewmodel.log_matches import LogMatches
from wsdesk.viewmodel.message_log import MessageLog

# Rows that put every case in packed chunks: ASCII text in both cases, non-ASCII text,
# binary rows (searched as hex), events, empty rows, and text that a search would find
# only across two rows ("ab" | "cd" must not match "bc").
ROWS = [
    Message.event("Connected"),
    Message.of(Direction.SENT, "Hello Prices"),
    Message.of(Direction.RECEIVED, '{"topic": "prices"}'),
    Message.of(Direction.RECEIVED, "ab"),
    Message.of(Direction.RECEIVED, "cd"),
    Message.of(Direction.RECEIVED, ""),
    Message.of(Direction.RECEIVED, bytes([0xAB, 0xCD, 0x0A])),
    Message.of(Direction.SENT, "STRASSE"),
    Message.of(Direction.RECEIVED, "Straße café"),
    Message.of(Direction.RECEIVED, b"prices"),
]
ASCII_ROWS = [m for m in ROWS if not isinstance(m.data, bytes) and m.data.isascii()]

FILTERS = [
    LogFilter("prices"),
    LogFilter("PRICES"),
    LogFilter("prices", case_sensitive=True),
    LogFilter("bc"),
    LogFilter("ab"),
    LogFilter("ab cd"),
    LogFilter("0a"),
    LogFilter("straße"),
    LogFilter("STRASSE"),
    LogFilter("É"),
    LogFilter("é", case_sensitive=True),
    LogFilter("pri.es", regex=True),
    LogFilter("^c", regex=True),
    LogFilter("d$", regex=True, case_sensitive=True),
    LogFilter(directions=frozenset({Direction.SENT})),
    LogFilter("e", kinds=frozenset({MessageKind.TEXT}), directions=frozenset({Direction.RECEIVED})),
    LogFilter("70 72", kinds=frozenset({MessageKind.BINARY})),
]


def filled(rows: list[Message], copies: int, chunk_rows: int) -> MessageLog:
    log = MessageLog(capacity=len(rows) * copies, chunk_rows=chunk_rows)
    for _ in range(copies):
        log.extend(rows)
    return log


def expected(log: MessageLog, log_filter: LogFilter) -> list[int]:
    matches = log_filter.matcher()
    return [log.dropped + i for i, message in enumerate(log) if matches(message)]


@pytest.mark.parametrize("log_filter", FILTERS, ids=lambda f: repr(f.text) or "by kind")
@pytest.mark.parametrize("rows", [ROWS, ASCII_ROWS], ids=["mixed", "ascii text"])
def test_the_column_search_finds_what_the_predicate_accepts(log_filter, rows):
    # chunk_rows 7 splits the rows across chunks at every offset; all but two get packed.
    log = filled(rows, copies=8, chunk_rows=7)
    assert log.find(log_filter.column_search(), 0, log.dropped + len(log)) == expected(
        log, log_filter
    )


def test_a_search_over_a_window_skips_rows_outside_it_and_rows_trimmed():
    log = filled(ROWS, copies=4, chunk_rows=3)
    log.capacity = 25  # drops 15
    search = LogFilter("prices").column_search()
    everything = expected(log, LogFilter("prices"))
    assert log.find(search, 0, 10**6) == everything
    assert log.find(search, 20, 30) == [p for p in everything if 20 <= p < 30]
    assert log.find(search, 30, 20) == []


def test_an_invalid_regex_is_refused_by_the_column_search_too():
    with pytest.raises(LogFilterError, match="position"):
        LogFilter("(", regex=True).column_search()


def test_matches_test_new_rows_once_and_forget_dropped_ones():
    log = MessageLog(capacity=1000, chunk_rows=4)
    log.extend(ROWS)
    matches = LogMatches(log)
    matches.reset(LogFilter("prices"), 0, len(log))
    assert list(matches_of(matches)) == [1, 2]  # not row 9: binary is searched as hex

    tested: list[tuple[int, int]] = []
    real_find = log.find
    log.find = lambda test, start, stop: (
        tested.append((start, stop)) or real_find(test, start, stop)
    )  # type: ignore[method-assign]
    log.extend(ROWS)
    new = matches.find_new(len(log))
    matches.extend(new, len(log))
    assert tested == [(10, 20)]  # only the new rows
    assert list(matches_of(matches)) == [1, 2, 11, 12]
    assert matches.rank(12) == 3
    assert matches.contains(12)
    assert not matches.contains(13)

    assert matches.drop_before(10) == 2
    assert list(matches_of(matches)) == [11, 12]
    assert matches.rank(11) == 0
    assert matches.rank(100) == 2
    with pytest.raises(IndexError):
        matches[2]


def test_a_refused_filter_keeps_the_previous_matches():
    log = MessageLog()
    log.extend(ROWS)
    matches = LogMatches(log)
    matches.reset(LogFilter("ab"), 0, len(log))
    with pytest.raises(LogFilterError):
        matches.reset(LogFilter("[", regex=True), 0, len(log))
    assert matches.log_filter == LogFilter("ab")
    assert list(matches_of(matches)) == expected(log, LogFilter("ab")) == [3, 6]


def matches_of(matches: LogMatches) -> list[int]:
    return [matches[i] for i in range(len(matches))]

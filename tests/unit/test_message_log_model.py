"""MessageLog against a plain list of Messages under the same operations (hypothesis)."""

from __future__ import annotations

import itertools
from array import array
from itertools import pairwise

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from wsdesk.models import Direction, Message, MessageKind
from wsdesk.viewmodel.log_chunk import direction_of, kind_of
from wsdesk.viewmodel.log_filter import LogFilter
from wsdesk.viewmodel.message_log import MessageLog

# Any unicode, with letters a filter below searches for (ASCII, non-ASCII, case pairs).
texts = st.text(
    alphabet=st.sampled_from("aAbéÉßsK\n") | st.characters(exclude_categories=("Cs",)), max_size=6
)
binaries = st.binary(max_size=6)
payloads = st.one_of(texts, binaries)
timestamps = st.floats(min_value=0, max_value=2e9, allow_nan=False)
filters = st.builds(
    LogFilter,
    text=st.sampled_from(["", "a", "A", "ab", "é", "É", "ß", "SS", "k", "0a", "ff 0"]),
    regex=st.just(False),
    case_sensitive=st.booleans(),
    directions=st.frozensets(st.sampled_from(Direction)),
    kinds=st.frozensets(st.sampled_from(MessageKind)),
) | st.builds(
    LogFilter,
    text=st.sampled_from(["a.", "^a", "b$", "[0-9a-f]{2} ", "é|ß", "\\n"]),
    regex=st.just(True),
    case_sensitive=st.booleans(),
)


@st.composite
def messages(draw: st.DrawFn) -> Message:
    direction = draw(st.sampled_from(Direction))
    stamp = draw(timestamps)
    if direction is Direction.EVENT:
        return Message.event(draw(texts), stamp)
    return Message.of(direction, draw(payloads), stamp)


controls = st.builds(
    Message.control,
    st.sampled_from([Direction.SENT, Direction.RECEIVED]),
    st.sampled_from([MessageKind.PING, MessageKind.PONG, MessageKind.CLOSE]),
    binaries,
    timestamps,
)


class LogAgainstList(RuleBasedStateMachine):
    """Every operation on the log and on the list model; every read must agree."""

    @initialize(capacity=st.integers(1, 12), chunk_rows=st.integers(1, 5))
    def start(self, capacity: int, chunk_rows: int) -> None:
        self.log = MessageLog(capacity=capacity, chunk_rows=chunk_rows)
        self.everything: list[Message] = []
        self.total = 0  # rows appended since the last clear
        self.capacity = capacity
        self.appended: list[int] = []
        self.log.appended.connect(self.appended.append)
        self.iteration: tuple[list[Message], object] | None = None
        # (sent messages, sent bytes, received messages, received bytes) ever appended:
        # trims and clears do not take traffic back.
        self.traffic = [0, 0, 0, 0]

    def count(self, batch: list[Message]) -> None:
        for message in batch:
            if message.kind in (MessageKind.TEXT, MessageKind.BINARY):
                at = 0 if message.direction is Direction.SENT else 2
                self.traffic[at] += 1
                self.traffic[at + 1] += message.size

    @property
    def kept(self) -> list[Message]:
        return self.everything[-self.capacity :] if self.everything else []

    @rule(message=messages())
    def append(self, message: Message) -> None:
        self.log.append(message)
        self.everything.append(message)
        self.count([message])
        self.total += 1
        assert self.appended[-1] == 1

    @rule(frames=st.lists(controls | messages(), max_size=5))
    def control_frames(self, frames: list[Message]) -> None:
        # Pings, pongs and closes are frames, not messages (RFC 6455 section 5.5): kept,
        # never counted as traffic.
        self.log.extend(frames)
        self.everything.extend(frames)
        self.count(frames)
        self.total += len(frames)

    @rule(batch=st.lists(messages(), max_size=9))
    def extend(self, batch: list[Message]) -> None:
        before = len(self.appended)
        self.log.extend(batch)
        self.everything.extend(batch)
        self.count(batch)
        self.total += len(batch)
        assert len(self.appended) == before + (1 if batch else 0)

    @rule(
        direction=st.sampled_from([Direction.SENT, Direction.RECEIVED]),
        batch=st.lists(payloads, max_size=9),
        stamp=timestamps,
    )
    def extend_payloads(self, direction: Direction, batch: list[str | bytes], stamp: float) -> None:
        self.log.extend_payloads(direction, batch, stamp)
        added = [Message.of(direction, p, stamp) for p in batch]
        self.everything.extend(added)
        self.count(added)
        self.total += len(batch)

    @rule(capacity=st.integers(1, 12))
    def set_capacity(self, capacity: int) -> None:
        self.log.capacity = capacity
        self.everything = self.kept[-capacity:]
        self.capacity = capacity

    @rule()
    def clear(self) -> None:
        self.log.clear()
        self.everything = []
        self.total = 0

    @rule()
    def begin_iterating(self) -> None:
        iterator = iter(self.log)
        self.iteration = (list(self.kept), iterator)

    @precondition(lambda self: self.iteration is not None)
    @rule()
    def finish_iterating(self) -> None:
        assert self.iteration is not None
        expected, iterator = self.iteration
        assert list(iterator) == expected  # type: ignore[call-overload]
        self.iteration = None

    @rule(index=st.integers(-15, 15))
    def index(self, index: int) -> None:
        kept = self.kept
        if -len(kept) <= index < len(kept):
            assert self.log[index] == kept[index]
        else:
            try:
                self.log[index]
            except IndexError:
                pass
            else:
                raise AssertionError(f"{index} is out of range")

    @rule(
        start=st.none() | st.integers(-15, 15),
        stop=st.none() | st.integers(-15, 15),
        step=st.none() | st.integers(-3, 3).filter(bool),
    )
    def slices(self, start: int | None, stop: int | None, step: int | None) -> None:
        cut = slice(start, stop, step)
        assert list(self.log[cut]) == self.kept[cut]

    @rule(start=st.integers(-15, 15), stop=st.none() | st.integers(-15, 15))
    def columns(self, start: int, stop: int | None) -> None:
        kept = self.kept[start:stop]
        assert self.log.payloads(start, stop) == [m.data for m in kept]
        columns = self.log.columns(start, stop)
        assert array("d", columns.timestamps).tolist() == [m.timestamp for m in kept]
        encoded = []
        for chunk, first, last in self.log.spans(start, stop):
            offsets, data = chunk.encoded(first, last)
            encoded += [bytes(data[a - offsets[0] : b - offsets[0]]) for a, b in pairwise(offsets)]
        assert encoded == [
            m.data if isinstance(m.data, bytes) else m.data.encode("utf-8", "surrogatepass")
            for m in kept
        ]
        runs = list(self.log.runs(start, stop))
        flattened = [
            (run.direction, run.kind, run.start + i, payload)
            for run in runs
            for i, payload in enumerate(run.payloads)
        ]
        first = slice(start, stop).indices(len(self.kept))[0]
        assert flattened == [(m.direction, m.kind, first + i, m.data) for i, m in enumerate(kept)]
        for before, after in itertools.pairwise(runs):
            assert (before.direction, before.kind) != (after.direction, after.kind)

    @precondition(lambda self: len(self.kept) > 0)
    @rule(count=st.integers(1, 15))
    def newest(self, count: int) -> None:
        kept = self.kept[-count:]
        codes, payloads = self.log.newest(len(kept))
        assert payloads == [m.data for m in kept]
        assert [(direction_of(c), kind_of(c)) for c in codes] == [
            (m.direction, m.kind) for m in kept
        ]
        code, payload = self.log.newest_row()
        assert (direction_of(code), kind_of(code), payload) == (
            kept[-1].direction,
            kept[-1].kind,
            kept[-1].data,
        )

    @rule(log_filter=filters, start=st.integers(-3, 15), stop=st.integers(-3, 15))
    def search(self, log_filter: LogFilter, start: int, stop: int) -> None:
        # The column search finds what the Message predicate accepts, packed or not.
        matches = log_filter.matcher()
        first = self.log.dropped
        expected = [
            first + i
            for i, message in enumerate(self.kept)
            if start <= first + i < stop and matches(message)
        ]
        assert self.log.find(log_filter.column_search(), start, stop) == expected

    @invariant()
    def same_rows(self) -> None:
        kept = self.kept
        assert len(self.log) == len(kept)
        assert list(self.log) == kept
        assert self.log.capacity == self.capacity
        assert self.log.dropped == self.total - len(kept)
        for message in kept:
            expected_size = 0 if message.kind is MessageKind.EVENT else message.size
            assert message.size == expected_size
        log = self.log
        counted = [log.sent_messages, log.sent_bytes, log.received_messages, log.received_bytes]
        assert counted == self.traffic


LogAgainstList.TestCase.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)
test_the_log_reads_like_a_list = LogAgainstList.TestCase

"""LogFilter: which log entries to show, by text, direction and kind."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import contains

from wsdesk.models import Direction, Message, MessageKind
from wsdesk.viewmodel.log_chunk import LogChunk, row_code

ALL_DIRECTIONS = frozenset(Direction)
ALL_KINDS = frozenset(MessageKind)


class LogFilterError(ValueError):
    """The filter text is not a valid regular expression; ``str()`` says where."""


def searchable_text(message: Message) -> str:
    """The text a filter searches: text as text, binary as spaced hex (``de ad be ef``)."""
    data = message.data
    return data.hex(" ") if isinstance(data, bytes) else data


# A quantifier, with its lazy or possessive suffix.
_QUANTIFIER = re.compile(r"(?:[*+?]|\{\d*(?:,\d*)?\})[?+]?")
# What a group's text starts with before its branches: (?:, (?P<name>, (?i:, ...
_GROUP_PREFIX = re.compile(r"\?(?:P<\w+>|<?[=!]|[aiLmsux-]*:|)")


def _repeats_more_than_once(quantifier: str) -> bool:
    """``*``, ``+``, ``{n,}`` and ``{n,m}``/``{n}`` with a bound of 2 or more."""
    if quantifier[0] in "*+":
        return True
    if quantifier[0] != "{":
        return False  # ? matches at most once
    bounds = quantifier[1:].split("}")[0].split(",")
    return any(b == "" or int(b) >= 2 for b in bounds[1:]) or int(bounds[0] or 0) >= 2


def _varies(quantifier: str) -> bool:
    """A quantifier whose count is not fixed: ``*``, ``+``, ``?``, ``{n,}``, ``{n,m}``
    (``{3}`` always takes three, so it gives a match only one way)."""
    if quantifier[0] != "{":
        return True
    bounds = quantifier[1:].split("}")[0].split(",")
    return len(bounds) == 2 and bounds[0] != bounds[1]


def _repeats_a_repeat(pattern: str) -> bool:
    """True if ``pattern`` (a valid regex) repeats a group that can match the same text in
    more than one way: a group that holds a repeat (``(a+)+``, ``(.*a){20}``), or whose
    branches may start alike or match nothing (``(a|a)*``, ``(a|b?)+``).

    Python's ``re`` backtracks through every way to split the text between them, which
    doubles with each character when the match fails: ``(a+)+$`` takes seconds on 27
    characters, and a search cannot be interrupted.
    """
    holds_repeat = [False]  # one flag per open group; [0] is the whole pattern
    starts = [0]  # where each open group's text begins
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "(":
            holds_repeat.append(False)
            starts.append(i + 1)
            i += 1
            continue
        inner, group = False, None
        if char == ")":
            inner, group = holds_repeat.pop(), pattern[starts.pop() : i]
        # One atom: an escape, a character class, a closed group or a character.
        i = i + 2 if char == "\\" else _class_end(pattern, i) if char == "[" else i + 1
        quantifier = _QUANTIFIER.match(pattern, i)
        repeats = quantifier is not None and _repeats_more_than_once(quantifier.group())
        if repeats and (inner or (group is not None and _ambiguous_branches(group))):
            return True
        varies = quantifier is not None and _varies(quantifier.group())
        holds_repeat[-1] = holds_repeat[-1] or inner or (repeats and varies)
        if quantifier is not None:
            i = quantifier.end()
    return False


def _ambiguous_branches(group: str) -> bool:
    """True if two branches of ``group`` (a group's text) might match the same start: one
    branch's leading plain characters begin another's (``a|ab``), or a branch starts with
    something other than a plain character (a class, an escape, a group, ``.``) or may
    match nothing."""
    prefix = _GROUP_PREFIX.match(group)
    branches = _top_level_branches(group[prefix.end() if prefix else 0 :])
    if len(branches) < 2:
        return False
    literals = []
    for branch in branches:
        literal = _leading_literal(branch).casefold()
        if not literal:
            return True
        literals.append(literal)
    return any(
        other.startswith(mine)
        for n, mine in enumerate(literals)
        for m, other in enumerate(literals)
        if n != m
    )


def _leading_literal(branch: str) -> str:
    """The plain characters ``branch`` must start with (none before a quantified one)."""
    end = 0
    while end < len(branch) and branch[end] not in "\\[(.^$|)*+?{":
        end += 1
    if _QUANTIFIER.match(branch, end):
        end -= 1  # that character may repeat or be absent
    return branch[: max(end, 0)]


def _top_level_branches(text: str) -> list[str]:
    """``text`` split at the ``|`` outside groups and classes."""
    branches, depth, begin, i = [], 0, 0, 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _class_end(text, i)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(text[begin:i])
            begin = i + 1
        i += 1
    branches.append(text[begin:])
    return branches


def _class_end(pattern: str, start: int) -> int:
    """The index after the character class opening at ``start`` (``[]a]`` and ``[^]]``
    hold a literal ``]``)."""
    i = start + 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def safe_regex(text: str, flags: int = 0) -> re.Pattern[str]:
    """``text`` compiled with ``re`` ``flags``, for matching untrusted messages.

    Raises LogFilterError, in plain words, when ``text`` is not a valid regex, or when it
    repeats a group that itself repeats (``(a+)+``): Python's ``re`` can spend minutes on
    one message with such a pattern, and cannot be interrupted meanwhile.
    """
    try:
        pattern = re.compile(text, flags)
    except re.error as exc:
        where = f" at position {exc.pos}" if exc.pos is not None else ""
        raise LogFilterError(f"invalid regular expression{where}: {exc.msg}") from exc
    if _repeats_a_repeat(text):
        raise LogFilterError(
            "a repeated group that can match the same text in several ways, like (a+)+, "
            "(a|a)* or (.*a){20}, can take minutes on one message; repeat only once, "
            "e.g. a+, (ab)+ or (GET|POST)+"
        )
    return pattern


@dataclass(frozen=True, slots=True)
class LogFilter:
    """A filter: ``text`` as a substring (or a Python ``regex``), ``case_sensitive`` or
    not, and the ``directions`` and ``kinds`` to keep. The default keeps everything.
    """

    text: str = ""
    regex: bool = False
    case_sensitive: bool = False
    directions: frozenset[Direction] = field(default=ALL_DIRECTIONS)
    kinds: frozenset[MessageKind] = field(default=ALL_KINDS)

    @property
    def is_active(self) -> bool:
        """True if the filter can hide anything."""
        return bool(self.text) or self.directions != ALL_DIRECTIONS or self.kinds != ALL_KINDS

    def matcher(self) -> Callable[[Message], bool]:
        """A predicate for this filter; raises LogFilterError for an invalid regex."""
        search = self._text_search()
        directions, kinds = self.directions, self.kinds
        if search is not None and directions == ALL_DIRECTIONS and kinds == ALL_KINDS:
            # A filter runs over every row: skip hashing two enums per row when it can.
            text_search = search
            return lambda message: text_search(searchable_text(message))

        def matches(message: Message) -> bool:
            if message.direction not in directions or message.kind not in kinds:
                return False
            return search is None or search(searchable_text(message))

        return matches

    def column_search(self) -> ColumnSearch:
        """This filter as a test over a log's columns (see MessageLog.find); raises
        LogFilterError for an invalid regex."""
        return ColumnSearch(self)

    def _text_search(self) -> Callable[[str], bool] | None:
        if not self.text:
            return None
        pattern = self._pattern()
        if pattern is not None:
            return lambda text: pattern.search(text) is not None
        if self.case_sensitive:
            needle = self.text
            return lambda text: needle in text
        folded = self.text.casefold()
        return lambda text: folded in text.casefold()

    def _pattern(self) -> re.Pattern[str] | None:
        """The compiled regex (None unless ``regex`` and ``text``); raises LogFilterError."""
        if not (self.regex and self.text):
            return None
        return safe_regex(self.text, 0 if self.case_sensitive else re.IGNORECASE)


# Matches the code byte of a row whose payload is bytes (binary, control frames).
_BINARY_ROWS = re.compile(
    b"[%b]"
    % bytes(
        sorted(
            row_code(d, kind)
            for d in (Direction.SENT, Direction.RECEIVED)
            for kind in MessageKind
            if kind.carries_bytes
        )
    )
)


class ColumnSearch:
    """A LogFilter's test over a LogChunk's columns: called with (chunk, first, last), it
    returns the chunk rows from ``first`` to ``last - 1`` the filter keeps, in order.

    A substring is found in a packed chunk's payload buffer without decoding a row;
    regexes, binary rows (searched as hex) and the newest, unpacked chunks are tested row
    by row, in C (``map`` over the payloads). Directions and kinds read the code column.
    """

    __slots__ = ("_case_sensitive", "_codes", "_folded", "_needle", "_pattern")

    def __init__(self, log_filter: LogFilter) -> None:
        self._pattern = log_filter._pattern()
        self._needle = log_filter.text if log_filter.text and not log_filter.regex else None
        self._folded = log_filter.text.casefold()
        self._case_sensitive = log_filter.case_sensitive
        self._codes: frozenset[int] | None = None
        if log_filter.directions != ALL_DIRECTIONS or log_filter.kinds != ALL_KINDS:
            self._codes = frozenset(
                row_code(direction, kind)
                for direction in log_filter.directions
                for kind in log_filter.kinds
            )

    def __call__(self, chunk: LogChunk, first: int, last: int) -> list[int]:
        allowed, codes = self._codes, chunk.codes
        if self._pattern is None and self._needle is None:
            rows: list[int] = list(range(first, last))
        else:
            rows = self._text_rows(chunk, first, last)
        if allowed is not None:
            rows = [row for row in rows if codes[row] in allowed]
        return rows

    def _text_rows(self, chunk: LogChunk, first: int, last: int) -> list[int]:
        binary = [m.start() for m in _BINARY_ROWS.finditer(chunk.codes, first, last)]
        if self._needle is not None:
            found = chunk.find_text(self._needle, self._case_sensitive, first, last)
            if found is not None:
                if not binary:
                    return found
                return sorted(found + self._matching(chunk, binary))
        texts = chunk.payloads(first, last)
        if binary:
            texts = [p.hex(" ") if isinstance(p, bytes) else p for p in texts]
        return list(compress(range(first, last), self._tests(texts)))

    def _matching(self, chunk: LogChunk, rows: list[int]) -> list[int]:
        """Which of ``rows`` (binary ones) match, on their hex."""
        texts: list[str | bytes] = []
        for row in rows:
            payload = chunk.payload(row)
            texts.append(payload.hex(" ") if isinstance(payload, bytes) else payload)
        return list(compress(rows, self._tests(texts)))

    def _tests(self, texts: list[str | bytes]) -> Iterator[object]:
        """One truth value per text (all of them ``str`` by now)."""
        if self._pattern is not None:
            return map(self._pattern.search, texts)  # type: ignore[arg-type]
        if self._case_sensitive:
            return map(contains, texts, repeat(self._needle))
        return map(contains, map(str.casefold, texts), repeat(self._folded))  # type: ignore[arg-type]

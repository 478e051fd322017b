"""Scenario files: TOML steps to send, expect, sleep and close, and automatic replies.

```toml
url = "ws://127.0.0.1:8765/"      # optional; the command line's URL wins
[[step]]
send = "hello"
[[step]]
expect = "^hel+o$"                 # a regex on the next received text messages
timeout = 5                        # seconds; default --expect-timeout
[[step]]
send_json = { op = "subscribe", topic = "prices" }
[[step]]
expect_json = { op = "ack", "data.topic" = "prices" }   # dotted keys reach into objects
[[step]]
sleep = 0.5
[[step]]
close = 1000
reason = "done"
[[reply]]                          # for the whole run: answer a matching text message
when = "^ping$"
send = "pong"
```
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wsdesk.viewmodel.connection_rules import close_problem
from wsdesk.viewmodel.log_filter import LogFilterError, safe_regex

_ACTIONS = ("send", "send_json", "send_binary", "expect", "expect_json", "sleep", "close")
_TOP_KEYS = ("url", "step", "reply")


class ScenarioError(ValueError):
    """A scenario file that cannot be run; ``str()`` names the file, the step and the fault."""


@dataclass(frozen=True)
class Step:
    """One step. ``action`` is one of send, send_binary, expect, expect_json, sleep,
    close (send_json becomes send with the JSON text). ``value`` is the text, bytes,
    compiled regex, ``{dotted path: value}`` mapping, seconds or close code; ``timeout``
    (seconds or None) applies to expect steps; ``reason`` to close; ``number`` is 1-based.
    """

    number: int
    action: str
    value: Any
    timeout: float | None = None
    reason: str = ""

    def describe(self) -> str:
        """The step as a user wrote it, for an error message."""
        if self.action == "expect":
            return f"expect {self.value.pattern!r}"
        if self.action == "expect_json":
            return f"expect_json {json.dumps(self.value, ensure_ascii=False)}"
        return f"{self.action} {self.value!r}"


@dataclass(frozen=True)
class Reply:
    """Send ``send`` whenever a received text message matches ``when``."""

    when: re.Pattern[str]
    send: str


@dataclass(frozen=True)
class Scenario:
    """A parsed scenario file: its optional ``url``, its ``steps`` and its ``replies``."""

    path: str
    url: str | None
    steps: tuple[Step, ...]
    replies: tuple[Reply, ...]


def load_scenario(path: str) -> Scenario:
    """Read and check the scenario file at ``path``.

    Raises ScenarioError for an unreadable file, invalid TOML, an unknown key, a step
    with no action or two, a value of the wrong type, a bad regex or hex, or a close
    code that may not be sent (RFC 6455 section 7.4).
    """
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read the scenario: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"{path}: not UTF-8 (byte {exc.start + 1})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: invalid TOML: {exc}") from None
    return parse_scenario(data, path)


def parse_scenario(data: Mapping[str, Any], path: str = "<scenario>") -> Scenario:
    """A Scenario from TOML already decoded; errors as :func:`load_scenario`."""
    for key in data:
        if key not in _TOP_KEYS:
            raise ScenarioError(f"{path}: unknown key {key!r} (expected url, step or reply)")
    url = data.get("url")
    if url is not None and not isinstance(url, str):
        raise ScenarioError(f"{path}: url must be text")
    steps = tuple(_step(raw, n, path) for n, raw in enumerate(_tables(data, "step", path), 1))
    replies = tuple(_reply(raw, n, path) for n, raw in enumerate(_tables(data, "reply", path), 1))
    for step in steps[:-1]:
        if step.action == "close":
            raise ScenarioError(f"{path}: step {step.number}: close must be the last step")
    return Scenario(path, url, steps, replies)


def _tables(data: Mapping[str, Any], key: str, path: str) -> list[Mapping[str, Any]]:
    tables = data.get(key, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ScenarioError(f"{path}: {key} must be an array of tables: [[{key}]]")
    return tables


def _step(raw: Mapping[str, Any], number: int, path: str) -> Step:
    where = f"{path}: step {number}"
    actions = [key for key in raw if key in _ACTIONS]
    for key in raw:
        if key not in (*_ACTIONS, "timeout", "reason"):
            raise ScenarioError(
                f"{where}: unknown key {key!r} (expected one of {', '.join(_ACTIONS)})"
            )
    if len(actions) != 1:
        found = ", ".join(actions) if actions else "none"
        raise ScenarioError(f"{where}: needs exactly one of {', '.join(_ACTIONS)} (found {found})")
    action = actions[0]
    value = raw[action]
    timeout = raw.get("timeout")
    if timeout is not None and action not in ("expect", "expect_json"):
        raise ScenarioError(f"{where}: timeout belongs to an expect or expect_json step")
    if timeout is not None and (not _is_number(timeout) or timeout <= 0):
        raise ScenarioError(f"{where}: timeout must be a number of seconds above 0")
    if "reason" in raw and action != "close":
        raise ScenarioError(f"{where}: reason belongs to a close step")
    reason = raw.get("reason", "")
    if action in ("send", "expect") and not isinstance(value, str):
        raise ScenarioError(f"{where}: {action} must be text")
    if action == "send_json":
        if not isinstance(value, dict):
            raise ScenarioError(f"{where}: send_json must be a table")
        return Step(number, "send", json.dumps(value, ensure_ascii=False, default=str))
    if action == "send_binary":
        try:
            value = bytes.fromhex(value) if isinstance(value, str) else None
        except ValueError:
            value = None
        if value is None:
            raise ScenarioError(f"{where}: send_binary must be hexadecimal text, e.g. '00ff'")
    if action == "expect":
        value = _compile(value, where)
    if action == "expect_json":
        if not isinstance(value, dict) or not value:
            raise ScenarioError(f"{where}: expect_json must be a table of keys and values")
        value = flatten(value)
    if action == "sleep" and (not _is_number(value) or value < 0):
        raise ScenarioError(f"{where}: sleep must be a number of seconds, at least 0")
    if action == "close":
        if not isinstance(value, int) or isinstance(value, bool):
            raise ScenarioError(f"{where}: close must be a close code, e.g. 1000")
        if not isinstance(reason, str):
            raise ScenarioError(f"{where}: reason must be text")
        problem = close_problem(value, reason)
        if problem is not None:
            raise ScenarioError(f"{where}: {problem}")
    return Step(number, action, value, float(timeout) if timeout is not None else None, reason)


def _reply(raw: Mapping[str, Any], number: int, path: str) -> Reply:
    where = f"{path}: reply {number}"
    for key in raw:
        if key not in ("when", "send"):
            raise ScenarioError(f"{where}: unknown key {key!r} (expected when and send)")
    when, send = raw.get("when"), raw.get("send")
    if not isinstance(when, str) or not isinstance(send, str):
        raise ScenarioError(f"{where}: needs when (a regex) and send (text)")
    return Reply(_compile(when, where), send)


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return safe_regex(pattern)
    except LogFilterError as exc:
        raise ScenarioError(f"{where}: {pattern!r}: {exc}") from None


def _is_number(value: object) -> bool:
    """A finite int or float (TOML also allows nan and inf, which no wait can use)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"a": {"b": 1}, "c.d": 2}`` -> ``{"a.b": 1, "c.d": 2}``: each leaf by its dotted path."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flat.update(flatten(value, dotted + "."))
        else:
            flat[dotted] = value
    return flat


_MISSING = object()


def json_matches(expected: Mapping[str, Any], received: Any) -> bool:
    """True when every dotted path of ``expected`` leads to an equal value in ``received``.

    A path step into an array takes its index (``items.0.id``); ``True`` matches only a
    JSON true, never 1.
    """
    for dotted, want in expected.items():
        got = received
        for part in dotted.split("."):
            if isinstance(got, dict):
                got = got.get(part, _MISSING)
            elif (
                isinstance(got, list) and part.isascii() and part.isdigit() and int(part) < len(got)
            ):
                got = got[int(part)]
            else:
                got = _MISSING
                break
        # 1 == True in Python; in JSON a number is never a boolean.
        if got is _MISSING or isinstance(got, bool) != isinstance(want, bool) or got != want:
            return False
    return True

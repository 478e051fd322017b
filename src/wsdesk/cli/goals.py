"""Exit conditions: expectations on received messages, scenario steps and automatic replies."""

from __future__ import annotations

import asyncio
import collections
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from wsdesk.cli.scenario import Reply, Scenario, Step, json_matches
from wsdesk.core.payload import JSONError, parse_json
from wsdesk.models import Direction
from wsdesk.viewmodel.message_log import EVERY_BATCH, MessageLog

Send = Callable[[str | bytes], Awaitable[None]]


class GoalFailed(Exception):
    """An expectation was not met in time; ``str()`` says which and how long it waited."""


class ConnectionEnded(Exception):
    """The connection ended before an expectation was met; nothing more will arrive."""


@dataclass(frozen=True)
class CloseRequest:
    """How the run should close once every goal is met (a scenario's ``close`` step)."""

    code: int = 1000
    reason: str = ""


class Inbox:
    """The payloads of received text (``str``) and binary (``bytes``) messages, in order,
    for one reader."""

    def __init__(self) -> None:
        self._items: collections.deque[str | bytes] = collections.deque()
        self._ready = asyncio.Event()
        self._ended = False

    def put(self, payloads: Sequence[str | bytes]) -> None:
        self._items.extend(payloads)
        self._ready.set()

    def end(self) -> None:
        """No more messages will come: :meth:`take` raises once the held ones are taken."""
        self._ended = True
        self._ready.set()

    async def take(self) -> str | bytes:
        """The oldest payload not yet taken; waits for one.

        Raises ConnectionEnded when the inbox is empty and :meth:`end` was called.
        """
        while not self._items:
            if self._ended:
                raise ConnectionEnded
            self._ready.clear()
            await self._ready.wait()
        return self._items.popleft()


class Receiver:
    """Hands each received batch to every inbox and answers ``replies`` through ``send``.

    Replies go out one at a time, in the order their triggers arrived.
    """

    def __init__(self, log: MessageLog, replies: Sequence[Reply], send: Send) -> None:
        self._log = log
        self._replies = tuple(replies)
        self._send = send
        self._inboxes: list[Inbox] = []
        self._outbox: asyncio.Queue[str] = asyncio.Queue()
        self._sender: asyncio.Task[None] | None = None
        log.appended.connect(self._on_appended, priority=EVERY_BATCH)

    def inbox(self) -> Inbox:
        """A new inbox that sees every message received from now on."""
        inbox = Inbox()
        self._inboxes.append(inbox)
        return inbox

    def end(self) -> None:
        """The connection ended: every inbox ends once its held messages are taken."""
        for inbox in self._inboxes:
            inbox.end()

    def _on_appended(self, count: int) -> None:
        received = [
            payload
            for run in self._log.runs(-count)
            if run.direction is Direction.RECEIVED
            for payload in run.payloads
        ]
        if not received:
            return
        for inbox in self._inboxes:
            inbox.put(received)
        for text in received:
            if isinstance(text, str):
                for reply in self._replies:
                    if reply.when.search(text):
                        self._outbox.put_nowait(reply.send)
        if not self._outbox.empty() and self._sender is None:
            self._sender = asyncio.ensure_future(self._send_replies())

    async def _send_replies(self) -> None:
        while True:
            await self._send(await self._outbox.get())

    async def aclose(self) -> None:
        """Stop answering and stop listening."""
        self._log.appended.disconnect(self._on_appended)
        sender, self._sender = self._sender, None
        if sender is not None:
            sender.cancel()
            await asyncio.wait([sender])


async def expect_text(inbox: Inbox, pattern: re.Pattern[str]) -> str:
    """The next received text message that matches ``pattern`` (re.search)."""
    while True:
        text = await inbox.take()
        if isinstance(text, str) and pattern.search(text):
            return text


async def expect_json(inbox: Inbox, expected: dict[str, Any]) -> str:
    """The next received text message that is JSON with every value ``expected`` names."""
    while True:
        text = await inbox.take()
        if not isinstance(text, str):
            continue
        try:
            value = parse_json(text)
        except JSONError:  # not JSON, or too deep or too big for Python to hold
            continue
        if json_matches(expected, value):
            return text


async def within(seconds: float, waiting: Awaitable[str], what: str) -> None:
    """Await ``waiting`` for at most ``seconds``; raises GoalFailed naming ``what``."""
    try:
        async with asyncio.timeout(seconds):
            await waiting
    except TimeoutError:
        raise GoalFailed(f"{what}: nothing matched within {seconds:g} s") from None


async def expect_in_order(
    inbox: Inbox, patterns: Sequence[re.Pattern[str]], seconds: float
) -> None:
    """Meet each ``--expect`` in turn, each within ``seconds``."""
    for pattern in patterns:
        await within(seconds, expect_text(inbox, pattern), f"--expect {pattern.pattern!r}")


async def run_scenario(
    scenario: Scenario, inbox: Inbox, send: Send, expect_timeout: float
) -> CloseRequest:
    """Run the steps in order; returns how to close (the ``close`` step's, else 1000).

    Raises GoalFailed when an expect step times out.
    """
    for step in scenario.steps:
        if step.action == "close":
            return CloseRequest(step.value, step.reason)
        await _run_step(step, inbox, send, expect_timeout, scenario.path)
    return CloseRequest()


async def _run_step(step: Step, inbox: Inbox, send: Send, expect_timeout: float, path: str) -> None:
    if step.action in ("send", "send_binary"):
        await send(step.value)
    elif step.action == "sleep":
        await asyncio.sleep(step.value)
    else:
        waiting = (expect_text if step.action == "expect" else expect_json)(inbox, step.value)
        seconds = step.timeout if step.timeout is not None else expect_timeout
        await within(seconds, waiting, f"{path}: step {step.number} ({step.describe()})")

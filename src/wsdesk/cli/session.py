"""One wsdesk-cli run: connect, feed input, watch the exit conditions, close, exit status."""

from __future__ import annotations

import asyncio
import dataclasses
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from wsdesk import interrupts
from wsdesk.cli.goals import (
    CloseRequest,
    ConnectionEnded,
    GoalFailed,
    Receiver,
    expect_in_order,
    run_scenario,
)
from wsdesk.cli.options import CliConfig
from wsdesk.cli.output import Printer, StopAfter, wants_colour
from wsdesk.cli.pipe import InputError, stdin_lines
from wsdesk.models import CloseInitiator, ConnectionState, HandshakeInfo, Message
from wsdesk.server import echo
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.transport.channel import ChannelFactory
from wsdesk.viewmodel.connection_viewmodel import GOING_AWAY, ConnectionViewModel
from wsdesk.viewmodel.handshake_text import describe_handshake
from wsdesk.viewmodel.message_log import MessageLog
from wsdesk.viewmodel.session_recorder import SessionRecorder
from wsdesk.viewmodel.session_recording import RecordingError, SessionRecording
from wsdesk.viewmodel.session_stream import SessionStream

EXIT_OK = 0
EXIT_NOT_MET = 1
EXIT_USAGE = 2
EXIT_NO_CONNECTION = 3
EXIT_ABNORMAL = 4
EXIT_INTERRUPTED = 130
_NORMAL_SERVER_CLOSES = (1000, 1001, 1005)  # 1005: a close frame with no code (RFC 6455 7.1.5)


def end_status(vm: ConnectionViewModel) -> int:
    """0 for a clean close that we asked for or the server ended normally, else 4."""
    info = vm.close_info
    if info is None or not info.clean:
        return EXIT_ABNORMAL
    if info.initiator is CloseInitiator.CLIENT and vm.error is None:
        return EXIT_OK
    return EXIT_OK if info.code in _NORMAL_SERVER_CLOSES else EXIT_ABNORMAL


class Session:
    """Drives one ConnectionViewModel for the command line; :meth:`run` gives the status.

    ``interactive`` chooses the prompt over pipe mode; ``channel_factory`` is the real
    transport unless a test passes another.
    """

    def __init__(
        self,
        config: CliConfig,
        *,
        interactive: bool,
        channel_factory: ChannelFactory = AiohttpChannel,
    ) -> None:
        self._config = config
        self._interactive = interactive
        self._factory = channel_factory
        self._interrupted = asyncio.Event()
        self._stopped = asyncio.Event()
        self._broken_pipe = asyncio.Event()
        self._ended = asyncio.Event()
        self._opened = asyncio.Event()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._stream_start: Callable[[], None] | None = None

    async def run(self) -> int:
        """Connect, run until done, close; returns the exit status (see design.md)."""
        config = self._config
        server = None
        options = config.options
        if not options.url:
            server = await echo.start()
            options = dataclasses.replace(options, url=server.url)
        vm = ConnectionViewModel(self._factory, options, MessageLog(config.capacity))
        if config.variables is not None:
            vm.set_variables(config.variables, config.secret_variables)
        recorder = SessionRecorder(vm)
        recording = None
        if config.record is not None:
            try:
                recording = SessionRecording(vm, config.record, recorder.metadata)
            except RecordingError as exc:
                sys.stderr.write(f"wsdesk-cli: {exc}\n")
                await vm.aclose()
                if server is not None:
                    await server.stop()
                return EXIT_USAGE
        loop = asyncio.get_running_loop()
        interrupts.on_stop(lambda: loop.call_soon_threadsafe(self._interrupted.set))
        stream = SessionStream(sys.stdout) if config.jsonl else None
        printer = Printer(
            vm.messages,
            colour_out=not config.jsonl and wants_colour(sys.stdout),
            colour_err=wants_colour(sys.stderr),
            quiet=config.quiet,
            echo_sent=not self._interactive,
            stream=stream,
            stop=StopAfter(config.count, config.until)
            if config.count is not None or config.until is not None
            else None,
            on_stop=self._stopped.set,
            on_broken_pipe=self._broken_pipe.set,
        )
        scenario = config.scenario
        receiver = Receiver(vm.messages, scenario.replies if scenario else (), vm.send.execute)
        vm.state_changed.connect(lambda state: self._on_state(vm, state))
        if self._config.show_handshake:
            vm.last_handshake_changed.connect(lambda info: self._show_handshake(vm, info))
        self._stream_start = (lambda: stream.start(recorder.metadata())) if stream else None
        goal_work = self._goals(vm, receiver) if config.has_exit_condition else None
        try:
            status = await self._connected_run(vm, printer, receiver, goal_work)
        finally:
            await self._close(vm, GOING_AWAY if self._interrupted.is_set() else 1000)
            await vm.aclose()
            for task in self._tasks:
                task.cancel()
            if self._tasks:
                await asyncio.wait(self._tasks)
            await receiver.aclose()
            if recording is not None:
                await recording.aclose()
                if recording.error is not None:
                    printer.failure(recording.error)
            printer.detach()
            interrupts.on_stop(None)
            if server is not None:
                await server.stop()
        if stream is not None:
            stream.start(recorder.metadata())  # a failed connection's entries, held so far
        if self._interrupted.is_set():
            return EXIT_INTERRUPTED
        if status == EXIT_OK and recording is not None and recording.error is not None:
            return EXIT_NOT_MET  # the run went well, but the file lacks part of it
        return status

    # -- the run ------------------------------------------------------------------------

    async def _connected_run(
        self,
        vm: ConnectionViewModel,
        printer: Printer,
        receiver: Receiver,
        goal_work: Callable[[], Coroutine[Any, Any, CloseRequest]] | None,
    ) -> int:
        config = self._config
        deadline = self._spawn(asyncio.sleep(config.timeout)) if config.timeout else None
        connecting = self._spawn(vm.connect.execute())
        await self._first(connecting, deadline)
        if vm.url_error is not None:
            printer.failure(f"bad URL: {vm.url_error}")
            return EXIT_USAGE
        if vm.state is ConnectionState.RECONNECTING:
            await self._first(
                self._spawn(self._opened.wait()), self._spawn(self._ended.wait()), deadline
            )
        if not self._opened.is_set():
            if self._interrupted.is_set():
                return EXIT_INTERRUPTED
            if config.quiet or (deadline is not None and deadline.done()):
                printer.failure(vm.error or vm.status_text)
            return EXIT_NO_CONNECTION
        goals = self._spawn(goal_work()) if goal_work is not None else None
        feeding: asyncio.Task[Any] | None = self._spawn(self._feed(vm))
        ended = self._spawn(self._ended.wait())
        broken = self._spawn(self._broken_pipe.wait())
        while True:
            await self._first(goals, feeding, deadline, ended, broken)
            if self._interrupted.is_set():
                return EXIT_INTERRUPTED
            if goals is not None and goals.done():
                return await self._goals_done(vm, printer, goals)
            if ended.done():
                if goals is not None and await self._met_by_what_arrived(goals, receiver, deadline):
                    return EXIT_OK
                status = end_status(vm)
                if status == EXIT_OK and goals is not None:
                    printer.failure("the connection closed before the exit condition was met")
                    return EXIT_NOT_MET
                if status != EXIT_OK and config.quiet:
                    printer.failure(vm.status_text)
                return status
            if broken.done():
                return EXIT_NOT_MET if printer.write_failed else EXIT_OK
            if deadline is not None and deadline.done():
                if goals is None:
                    return await self._close_status(vm, 1000)
                printer.failure(
                    f"--timeout {config.timeout:g} s passed before the exit condition was met"
                )
                return EXIT_NOT_MET
            if feeding is not None and feeding.done():
                end = feeding.result()
                if isinstance(end, InputError):
                    printer.failure(str(end))
                if end == "interrupted":
                    self._interrupted.set()
                    return EXIT_INTERRUPTED
                if goals is None or self._interactive:
                    return await self._close_status(vm, 1000)
                feeding = None  # end of input: the exit condition decides

    async def _met_by_what_arrived(
        self,
        goals: asyncio.Task[CloseRequest],
        receiver: Receiver,
        deadline: asyncio.Task[Any] | None,
    ) -> bool:
        """Whether the goals are met by the messages received before the connection ended.

        The last message and the close can arrive in one read, before the goals ran.
        """
        receiver.end()
        await self._first(goals, deadline)
        return goals.done() and not goals.cancelled() and goals.exception() is None

    async def _goals_done(
        self, vm: ConnectionViewModel, printer: Printer, goals: asyncio.Task[CloseRequest]
    ) -> int:
        try:
            request = goals.result()
        except GoalFailed as exc:
            printer.failure(f"expectation not met: {exc}")
            return EXIT_NOT_MET
        await self._close(vm, request.code, request.reason)
        return EXIT_OK  # the exit condition was met, however the close went

    async def _close_status(self, vm: ConnectionViewModel, code: int, reason: str = "") -> int:
        await self._close(vm, code, reason)
        return end_status(vm)

    async def _close(self, vm: ConnectionViewModel, code: int, reason: str = "") -> None:
        state = vm.state
        if state in (
            ConnectionState.OPEN,
            ConnectionState.CONNECTING,
            ConnectionState.RECONNECTING,
        ):
            await vm.disconnect.execute(code, reason)
        elif state is ConnectionState.CLOSING:
            await self._ended.wait()  # a close is under way (/close at the prompt)

    # -- the parts ----------------------------------------------------------------------

    def _goals(
        self, vm: ConnectionViewModel, receiver: Receiver
    ) -> Callable[[], Coroutine[Any, Any, CloseRequest]]:
        """The exit conditions' work, to start once open; its inboxes see messages from now."""
        config = self._config
        expect_inbox = receiver.inbox() if config.expects else None
        scenario_inbox = receiver.inbox() if config.scenario is not None else None

        async def goals() -> CloseRequest:
            parts: list[Coroutine[Any, Any, Any]] = []
            if config.count is not None or config.until is not None:
                parts.append(self._stop_or_end())
            if expect_inbox is not None:
                parts.append(expect_in_order(expect_inbox, config.expects, config.expect_timeout))
            scenario = None
            if scenario_inbox is not None and config.scenario is not None:
                scenario = self._spawn(
                    run_scenario(
                        config.scenario, scenario_inbox, vm.send.execute, config.expect_timeout
                    )
                )
            results = await asyncio.gather(*parts, *([scenario] if scenario else []))
            return results[-1] if scenario is not None else CloseRequest()

        return goals

    async def _stop_or_end(self) -> None:
        """Returns once --count or --until is met; raises ConnectionEnded if it never will."""
        stopped = self._spawn(self._stopped.wait())
        await asyncio.wait(
            [stopped, self._spawn(self._ended.wait())], return_when=asyncio.FIRST_COMPLETED
        )
        # Messages reach the printer before the close does: a stop not set now never will be.
        if not self._stopped.is_set():
            raise ConnectionEnded

    async def _feed(self, vm: ConnectionViewModel) -> object:
        """Send --send values, then stdin's lines or the prompt's; returns how input ended."""
        for value in self._config.sends:
            await vm.send.execute(value)
        if self._interactive:
            from wsdesk.cli.repl import run_repl

            return (await run_repl(vm)).value
        try:
            number = 0
            async for line in stdin_lines():
                number += 1
                try:
                    text = line.decode("utf-8")
                except UnicodeDecodeError:
                    vm.messages.append(Message.event(f"input line {number} is not UTF-8: not sent"))
                    continue
                if vm.state is not ConnectionState.OPEN:
                    break
                await vm.send.execute(text)
        except InputError as exc:
            return exc
        return "eof"

    def _on_state(self, vm: ConnectionViewModel, state: ConnectionState) -> None:
        if state is ConnectionState.OPEN:
            first = not self._opened.is_set()
            self._opened.set()
            if first and self._stream_start is not None:
                self._stream_start()
            if not first and self._config.sends:
                self._spawn(self._resend(vm))
        elif state is ConnectionState.DISCONNECTED and self._opened.is_set():
            self._ended.set()

    def _show_handshake(self, vm: ConnectionViewModel, info: HandshakeInfo | None) -> None:
        # Also after a refusal or a failed certificate check: what the server said then.
        if info is not None:
            vm.messages.append(Message.event(f"Handshake:\n{describe_handshake(info)}"))

    async def _resend(self, vm: ConnectionViewModel) -> None:
        for value in self._config.sends:
            await vm.send.execute(value)

    def _spawn(self, work: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _first(self, *tasks: asyncio.Task[Any] | None) -> None:
        """Wait until one of ``tasks`` is done or the user interrupts."""
        interrupted = self._spawn(self._interrupted.wait())
        pending = [t for t in tasks if t is not None]
        await asyncio.wait([*pending, interrupted], return_when=asyncio.FIRST_COMPLETED)
        if not interrupted.done():
            interrupted.cancel()

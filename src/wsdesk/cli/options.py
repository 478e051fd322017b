"""``wsdesk-cli``'s command line: argv -> CliConfig (ConnectionOptions plus what to do)."""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wsdesk import __version__
from wsdesk.cli.scenario import Scenario, ScenarioError, load_scenario
from wsdesk.cli.workspace import WorkspaceUsageError, merged
from wsdesk.cli.workspace import add_arguments as add_workspace_arguments
from wsdesk.cli.workspace import choose as choose_from_workspace
from wsdesk.core.headers import basic_header, bearer_header, header_error, subprotocol_error
from wsdesk.core.url import InvalidURLError, normalize_ws_url
from wsdesk.models import MAX_PAYLOAD_LENGTH, ConnectionOptions, ReconnectPolicy
from wsdesk.viewmodel.log_filter import LogFilterError, safe_regex
from wsdesk.viewmodel.message_log import DEFAULT_CAPACITY
from wsdesk.viewmodel.variables import UnknownVariableError, substitute

BEARER_ENV = "WSDESK_BEARER"
BASIC_ENV = "WSDESK_BASIC"
KEY_PASSWORD_ENV = "WSDESK_CLIENT_KEY_PASSWORD"
DEFAULT_EXPECT_TIMEOUT = 10.0
_DEFAULTS = ConnectionOptions()


class UsageError(Exception):
    """A bad option, URL or scenario file; ``str()`` says what and where (exit status 2)."""


@dataclass(frozen=True)
class CliConfig:
    """What one ``wsdesk-cli`` run does.

    ``options`` shape the connection; its ``url`` is '' when the embedded echo server is
    to be started. ``sends`` go out on open, in order (``str`` text, ``bytes`` binary).
    ``count``, ``until``, ``expects`` and ``scenario`` are the exit conditions;
    ``expect_timeout`` and ``timeout`` are seconds (``timeout`` None: no deadline).
    ``variables`` fill ``{{name}}`` (None: no environment, braces are sent as typed).
    """

    options: ConnectionOptions
    sends: tuple[str | bytes, ...] = ()
    count: int | None = None
    until: re.Pattern[str] | None = None
    expects: tuple[re.Pattern[str], ...] = ()
    expect_timeout: float = DEFAULT_EXPECT_TIMEOUT
    timeout: float | None = None
    scenario: Scenario | None = None
    quiet: bool = False
    jsonl: bool = False
    show_handshake: bool = False
    capacity: int = DEFAULT_CAPACITY
    record: str | None = None
    variables: Mapping[str, str] | None = None
    secret_variables: frozenset[str] = frozenset()

    @property
    def has_exit_condition(self) -> bool:
        """True when something other than the end of input ends the run."""
        return bool(
            self.count is not None or self.until or self.expects or self.scenario is not None
        )


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        raise UsageError(message)


class _AppendSend(argparse.Action):
    """--send, --send-binary and --send-file share one list, so their order is kept."""

    def __call__(
        self, parser: argparse.ArgumentParser, ns: argparse.Namespace, value: Any, opt: Any = None
    ) -> None:
        sends = list(getattr(ns, "sends", None) or [])
        sends.append((self.option_strings[-1], value))
        ns.sends = sends


def _number(
    kind: type, minimum: float, *, above: bool = False, maximum: float | None = None
) -> Any:
    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
        if value < minimum or (above and value == minimum) or value != value:
            bound = "more than" if above else "at least"
            raise argparse.ArgumentTypeError(f"must be {bound} {minimum:g}, not {text}")
        if maximum is not None and value > maximum:
            raise argparse.ArgumentTypeError(f"must be at most {maximum}, not {text}")
        return value

    return parse


_SECONDS = _number(float, 0, above=True)


def build_parser() -> argparse.ArgumentParser:
    """The ``wsdesk-cli`` argument parser; every option is in ``--help``."""
    p = _Parser(
        prog="wsdesk-cli",
        description=(
            "A WebSocket client for terminals and CI. Without a URL it starts wsdesk's echo "
            "server on 127.0.0.1 and connects to it. Received messages go to stdout (binary "
            "as hex), events to stderr. In a terminal it is interactive (/help lists the "
            "commands); otherwise each line of stdin is sent as one text message and end "
            "of input closes with 1000."
        ),
        epilog=(
            "exit status: 0 done, 1 an expectation, --until or --count not met in time, "
            "2 usage error, 3 could not connect, 4 the connection ended abnormally, "
            "130 interrupted. Secrets: WSDESK_BEARER and WSDESK_BASIC stand in for --bearer "
            "and --basic, WSDESK_CLIENT_KEY_PASSWORD unlocks --client-key."
        ),
    )
    p.add_argument("url", nargs="?", help="ws:// or wss:// URL (default: the embedded echo)")
    h = p.add_argument_group("handshake")
    h.add_argument(
        "-H",
        "--header",
        action="append",
        default=[],
        metavar="'NAME: VALUE'",
        help="send this handshake header (repeatable)",
    )
    h.add_argument(
        "--secret-header",
        action="append",
        default=[],
        metavar="NAME",
        help="treat header NAME's value as a secret: never printed (repeatable)",
    )
    h.add_argument(
        "--bearer", metavar="TOKEN", help=f"Authorization: Bearer TOKEN (or ${BEARER_ENV})"
    )
    h.add_argument(
        "--basic", metavar="USER:PASSWORD", help=f"Authorization: Basic (or ${BASIC_ENV})"
    )
    h.add_argument(
        "-s",
        "--subprotocol",
        action="append",
        default=[],
        metavar="NAME",
        help="offer this subprotocol, in order (repeatable)",
    )
    h.add_argument("--origin", help="send this Origin header")
    h.add_argument(
        "--max-redirects",
        type=_number(int, 0),
        default=_DEFAULTS.max_redirects,
        metavar="N",
        help=f"redirects followed (default {_DEFAULTS.max_redirects})",
    )
    h.add_argument("--no-compress", action="store_true", help="do not offer permessage-deflate")
    t = p.add_argument_group("TLS and proxy")
    t.add_argument("--ca-file", metavar="PEM", help="trust the CA certificates in this file")
    t.add_argument("--client-cert", metavar="PEM", help="present this client certificate")
    t.add_argument("--client-key", metavar="PEM", help="the client certificate's private key")
    t.add_argument(
        "--insecure",
        action="store_true",
        help="skip certificate verification (for this connection only)",
    )
    t.add_argument("--proxy", metavar="URL", help="http://[user:password@]host:port proxy")
    t.add_argument(
        "--system-proxy",
        action="store_true",
        help="use HTTP_PROXY, HTTPS_PROXY and NO_PROXY from the environment",
    )
    c = p.add_argument_group("timing")
    c.add_argument(
        "--connect-timeout",
        type=_SECONDS,
        default=_DEFAULTS.connect_timeout,
        metavar="S",
        help=f"seconds for TCP, TLS and the handshake (default {_DEFAULTS.connect_timeout:g})",
    )
    c.add_argument(
        "--close-timeout",
        type=_SECONDS,
        default=_DEFAULTS.close_timeout,
        metavar="S",
        help=f"seconds to wait for the server's close (default {_DEFAULTS.close_timeout:g})",
    )
    c.add_argument(
        "--ping-interval",
        type=_number(float, 0),
        default=_DEFAULTS.ping_interval,
        metavar="S",
        help="ping after S quiet seconds; 0 = off (default 20)",
    )
    c.add_argument(
        "--ping-timeout",
        type=_SECONDS,
        default=_DEFAULTS.ping_timeout,
        metavar="S",
        help=f"seconds a pong may take (default {_DEFAULTS.ping_timeout:g})",
    )
    c.add_argument(
        "--max-message-size",
        type=_number(int, 0, maximum=MAX_PAYLOAD_LENGTH),
        default=_DEFAULTS.max_message_size,
        metavar="BYTES",
        help="refuse bigger messages with 1009; 0 = no limit (default 4 MiB)",
    )
    c.add_argument(
        "--reconnect",
        action="store_true",
        help="reconnect after the connection drops (0.5 s, doubling up to 30 s)",
    )
    i = p.add_argument_group("input and exit")
    i.add_argument(
        "--send",
        action=_AppendSend,
        metavar="TEXT",
        help="send TEXT on open (repeatable, in order)",
    )
    i.add_argument(
        "--send-binary", action=_AppendSend, metavar="HEX", help="send these bytes on open"
    )
    i.add_argument(
        "--send-file",
        action=_AppendSend,
        metavar="PATH",
        help="send the file as one binary message",
    )
    i.add_argument(
        "--count", type=_number(int, 1), metavar="N", help="exit after N received messages"
    )
    i.add_argument("--until", metavar="REGEX", help="exit after a received text message matches")
    i.add_argument(
        "--expect",
        action="append",
        default=[],
        metavar="REGEX",
        help="a received text message must match, in order (repeatable)",
    )
    i.add_argument(
        "--expect-timeout",
        type=_SECONDS,
        default=DEFAULT_EXPECT_TIMEOUT,
        metavar="S",
        help=f"seconds each --expect may take (default {DEFAULT_EXPECT_TIMEOUT:g})",
    )
    i.add_argument("--timeout", type=_SECONDS, metavar="S", help="overall deadline in seconds")
    i.add_argument("--scenario", metavar="FILE", help="run the steps of this TOML file")
    o = p.add_argument_group("output")
    o.add_argument(
        "--capacity",
        type=_number(int, 1),
        default=DEFAULT_CAPACITY,
        metavar="N",
        help=f"entries the session keeps in memory (default {DEFAULT_CAPACITY}); "
        "output is printed as it arrives, whatever the capacity",
    )
    o.add_argument(
        "--jsonl",
        action="store_true",
        help="write the session as JSON Lines (File > Export's format) to stdout",
    )
    o.add_argument(
        "--record",
        metavar="FILE",
        help="also write the whole session to FILE (the --jsonl format) as it happens; "
        "FILE is replaced",
    )
    o.add_argument(
        "--show-handshake",
        action="store_true",
        help="print the handshake (request, answer, TLS peer) to stderr",
    )
    o.add_argument(
        "--show-control-frames",
        action="store_true",
        help="print pings, pongs and close frames, sent and received, to stderr",
    )
    o.add_argument(
        "-q", "--quiet", action="store_true", help="print no events, only data and failures"
    )
    add_workspace_arguments(p)
    p.add_argument("--version", action="version", version=f"wsdesk-cli {__version__}")
    return p


def parse_args(argv: Sequence[str] | None, env: Mapping[str, str] | None = None) -> CliConfig:
    """The CliConfig for ``argv``; ``env`` supplies the secret variables (default os.environ).

    Raises UsageError with a message that names the option, value or file at fault.
    """
    env = os.environ if env is None else env
    args = build_parser().parse_args(argv)
    scenario = _scenario(args.scenario)
    try:
        chosen = choose_from_workspace(args)
    except WorkspaceUsageError as exc:
        raise UsageError(str(exc)) from None
    saved_url = chosen.options.url if chosen.options is not None else ""
    url = args.url or (scenario.url if scenario is not None else None) or saved_url
    if url:
        url = _checked_url(url, chosen.variables)
    options = ConnectionOptions(
        url=url,
        headers=_headers(args, env),
        secret_headers=tuple(n.strip() for n in args.secret_header if n.strip()),
        subprotocols=_subprotocols(args.subprotocol),
        origin=_origin(args.origin),
        connect_timeout=args.connect_timeout,
        close_timeout=args.close_timeout,
        ping_interval=args.ping_interval or None,
        ping_timeout=args.ping_timeout,
        max_message_size=args.max_message_size,
        verify_tls=not args.insecure,
        ca_file=_existing(args.ca_file, "--ca-file"),
        client_cert=_existing(args.client_cert, "--client-cert"),
        client_key=_existing(args.client_key, "--client-key"),
        client_key_password=env.get(KEY_PASSWORD_ENV) or None,
        proxy=_proxy(args.proxy),
        use_system_proxy=args.system_proxy,
        compress=not args.no_compress,
        max_redirects=args.max_redirects,
        reconnect=ReconnectPolicy() if args.reconnect else None,
        show_control_frames=args.show_control_frames,
    )
    if chosen.options is not None:
        options = merged(chosen.options, options, url)
    return CliConfig(
        options=options,
        sends=tuple(_send_value(opt, value) for opt, value in getattr(args, "sends", None) or []),
        count=args.count,
        until=_regex(args.until, "--until") if args.until is not None else None,
        expects=tuple(_regex(r, "--expect") for r in args.expect),
        expect_timeout=args.expect_timeout,
        timeout=args.timeout,
        scenario=scenario,
        quiet=args.quiet,
        jsonl=args.jsonl,
        show_handshake=args.show_handshake,
        capacity=args.capacity,
        record=args.record,
        variables=chosen.variables,
        secret_variables=chosen.secret_variables,
    )


def _checked_url(url: str, variables: Mapping[str, str] | None) -> str:
    """``url`` normalized; one made of ``{{variables}}`` is checked filled, kept as typed."""
    try:
        if variables is None:
            return normalize_ws_url(url)
        normalize_ws_url(substitute(url, variables, "URL"))
    except (InvalidURLError, UnknownVariableError) as exc:
        raise UsageError(f"bad URL: {exc}") from None
    return url.strip()


def _headers(args: argparse.Namespace, env: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    headers: list[tuple[str, str]] = []
    for item in args.header:
        name, colon, value = item.partition(":")
        if not colon:
            raise UsageError(f"--header {name.strip()!r}: expected 'Name: value'")
        name, value = name.strip(), value.strip()
        problem = header_error(name, value)
        if problem is not None:
            # The value may be a secret: the message names the header, never its value.
            raise UsageError(f"--header {name!r}: {problem.replace(value, '***')}")
        headers.append((name, value))
    bearer = args.bearer or env.get(BEARER_ENV)
    basic = args.basic or env.get(BASIC_ENV)
    if bearer and basic:
        raise UsageError("--bearer and --basic both set Authorization: choose one")
    auth: tuple[str, str] | None = None
    if bearer:
        auth = bearer_header(bearer)
    elif basic:
        user, colon, password = basic.partition(":")
        if not colon:
            raise UsageError("--basic: expected USER:PASSWORD")
        auth = basic_header(user, password)
    if auth is not None:
        if any(n.lower() == "authorization" for n, _ in headers):
            raise UsageError("an Authorization header and --bearer/--basic: choose one")
        if header_error(*auth) is not None:
            raise UsageError("--bearer/--basic: the credentials must be ASCII with no line breaks")
        headers.insert(0, auth)
    return tuple(headers)


def _existing(path: str | None, option: str) -> str | None:
    if path is None:
        return None
    found = Path(path)
    if not found.exists():
        raise UsageError(f"{option} {path}: no such file")
    if not found.is_file():
        raise UsageError(f"{option} {path}: not a regular file (expected a PEM file)")
    return path


def _subprotocols(names: Sequence[str]) -> tuple[str, ...]:
    offered = tuple(name.strip() for name in names if name.strip())
    for name in offered:
        if (problem := subprotocol_error(name)) is not None:
            raise UsageError(f"--subprotocol: {problem}")
    return offered


def _origin(origin: str | None) -> str | None:
    if origin and (problem := header_error("Origin", origin)) is not None:
        raise UsageError(f"--origin: {problem}")
    return origin or None


def _proxy(url: str | None) -> str | None:
    if not url:
        return None
    if not url.startswith(("http://", "https://")):
        raise UsageError("--proxy: expected http://[user:password@]host:port")
    return url


def _regex(text: str, option: str) -> re.Pattern[str]:
    try:
        return safe_regex(text)
    except LogFilterError as exc:
        raise UsageError(f"{option} {text!r}: {exc}") from None


def _send_value(option: str, value: str) -> str | bytes:
    if option == "--send":
        return value
    if option == "--send-binary":
        try:
            return bytes.fromhex(value)
        except ValueError:
            raise UsageError(f"--send-binary {value!r}: not hexadecimal bytes") from None
    try:
        return Path(value).read_bytes()
    except OSError as exc:
        raise UsageError(f"--send-file {value}: {exc.strerror or exc}") from None


def _scenario(path: str | None) -> Scenario | None:
    if path is None:
        return None
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        raise UsageError(str(exc)) from None

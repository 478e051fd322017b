"""wsdesk-cli: the terminal view of wsdesk, on the same ConnectionViewModel as the window.

It never imports Qt, qasync, ``wsdesk.ui`` or ``wsdesk.app`` (an import-linter contract
checks it) and runs on the stock asyncio loop.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence

from wsdesk import interrupts

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    """``wsdesk-cli [OPTIONS] [URL]``: returns the exit status (see ``--help``).

    Ctrl+C, SIGTERM or SIGHUP at any moment end it with 130, after a 1001 close frame
    once connected, and without a traceback.
    """
    with interrupts.caught():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    from wsdesk.cli.options import UsageError, build_parser, parse_args

    try:
        config = parse_args(argv)
    except UsageError as exc:
        build_parser().print_usage(sys.stderr)
        print(f"wsdesk-cli: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    from wsdesk.cli.session import Session

    interactive = _is_terminal(sys.stdin) and _is_terminal(sys.stdout) and not config.jsonl
    if interrupts.requested():
        return EXIT_INTERRUPTED
    return asyncio.run(Session(config, interactive=interactive).run())


def _is_terminal(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return False

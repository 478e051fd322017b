"""Interactive mode: a prompt with line editing and history, and the slash commands."""

from __future__ import annotations

import enum
import sys
from pathlib import Path

from wsdesk.viewmodel.connection_viewmodel import ConnectionViewModel

HELP = """\
Type a line and press Enter to send it as a text message.
  /ping                  send a ping and show the pong's round trip
  /close [CODE [REASON]] close with CODE (default 1000) and REASON
  /binary HEX            send these bytes as a binary message, e.g. /binary 00ff
  /help                  show this help
  /quit                  close with 1000 and exit (Ctrl+D does the same)
  //TEXT                 send /TEXT (a text that starts with a slash)
"""


class ReplEnd(enum.Enum):
    """Why the prompt ended."""

    QUIT = "quit"  # /quit or Ctrl+D: close with 1000
    CLOSED = "closed"  # /close was run: the close is under way
    INTERRUPTED = "interrupted"  # Ctrl+C at the prompt


def history_path() -> Path:
    """Where the prompt's history lives: the user's data directory (platformdirs)."""
    import platformdirs

    return platformdirs.user_data_path("wsdesk") / "cli-history"


async def run_repl(vm: ConnectionViewModel) -> ReplEnd:
    """Prompt for lines and run them against ``vm`` until the user leaves.

    Received messages printed meanwhile appear above the prompt, and the line being
    typed is kept (prompt_toolkit's patch_stdout).
    """
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory, History, InMemoryHistory
    from prompt_toolkit.patch_stdout import patch_stdout

    history: History
    try:
        path = history_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
        history = FileHistory(str(path))
    except OSError:
        history = InMemoryHistory()
    session: PromptSession[str] = PromptSession(history=history)
    with patch_stdout(raw=True):
        while True:
            try:
                line = await session.prompt_async("> ")
            except EOFError:
                return ReplEnd.QUIT
            except KeyboardInterrupt:
                return ReplEnd.INTERRUPTED
            end = await run_line(vm, line)
            if end is not None:
                return end


async def run_line(vm: ConnectionViewModel, line: str) -> ReplEnd | None:
    """Send ``line`` or run it as a slash command; a ReplEnd when the prompt should end."""
    if not line.startswith("/") or line.startswith("//"):
        await vm.send.execute(line[1:] if line.startswith("//") else line)
        return None
    command, _, rest = line.partition(" ")
    rest = rest.strip()
    if command == "/quit":
        return ReplEnd.QUIT
    if command == "/help":
        _say(HELP)
    elif command == "/ping":
        await vm.ping.execute()
    elif command == "/binary":
        try:
            data = bytes.fromhex(rest)
        except ValueError:
            _say("/binary needs hexadecimal bytes, e.g. /binary 00ff\n")
            return None
        await vm.send.execute(data)
    elif command == "/close":
        code_text, _, reason = rest.partition(" ")
        try:
            code = int(code_text) if code_text else 1000
        except ValueError:
            _say(f"/close needs a close code, e.g. /close 1000 bye (not {code_text!r})\n")
            return None
        await vm.disconnect.execute(code, reason.strip())
        return ReplEnd.CLOSED if vm.close_info is not None else None
    else:
        _say(f"unknown command {command}; /help lists them\n")
    return None


def _say(text: str) -> None:
    sys.stderr.write(text)
    sys.stderr.flush()

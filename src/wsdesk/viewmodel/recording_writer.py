"""The recording's writer process: frames on stdin, a session file out.

``python -m wsdesk.viewmodel.recording_writer PATH`` (SessionRecording starts it at the
lowest CPU priority, see WRITER_COMMAND there) reads recording frames
(recording_frames) from stdin until it ends and appends their session lines to PATH,
flushing after each read. It runs beside the app so that formatting a flood's lines
takes another core; when the app quits, crashes or stops recording, stdin ends and the
file is closed whole. Exit status 0, or 1 with the reason on stderr (the file cannot be
written).
"""

from __future__ import annotations

import signal
import sys

from wsdesk.viewmodel.recording_frames import METADATA, read_frames, read_metadata, session_lines


def write(path: str) -> None:
    """Write the session that stdin's frames describe to ``path``; raises OSError."""
    secrets: list[str] = []
    # A lone surrogate (a file name's undecodable byte in an event, say) is written as its
    # JSON escape, so the file stays UTF-8 that read_transcript reads.
    with open(path, "w", encoding="utf-8", errors="backslashreplace", newline="\n") as out:
        for kind, body in read_frames(sys.stdin.buffer):
            if kind == METADATA:
                line, secrets = read_metadata(body)
                out.write(line)
            else:
                out.write(session_lines(body, secrets))
            out.flush()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m wsdesk.viewmodel.recording_writer PATH", file=sys.stderr)
        return 2
    # Ctrl+C, `timeout` or a closed terminal signal the app's whole process group; the app
    # ends stdin once it has handed over the last rows, and only then may this stop.
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    try:
        write(args[0])
    except OSError as exc:
        print(exc.strerror or str(exc), file=sys.stderr)
        return 1
    except Exception as exc:  # a bug here must still end in one plain line, not a traceback
        print(f"could not write a line ({type(exc).__name__}: {exc})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

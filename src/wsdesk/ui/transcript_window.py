"""TranscriptWindow: an imported session, read-only, with the log's filter and detail pane."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtGui import QKeySequence, QShortcut
from PyQt6.QtWidgets import QMainWindow, QStatusBar, QVBoxLayout, QWidget

from wsdesk.ui.log_panel import LogPanel
from wsdesk.ui.widgets import plain_label
from wsdesk.viewmodel.message_log import MessageLog
from wsdesk.viewmodel.session_io import Transcript


def describe_metadata(metadata: dict[str, object]) -> str:
    """One line about the recorded connection: URL, subprotocol and how it closed."""
    parts = [str(metadata.get("url") or "(no URL)")]
    if metadata.get("subprotocol"):
        parts.append(f"subprotocol {metadata['subprotocol']}")
    close = metadata.get("close")
    if isinstance(close, dict) and close.get("code") is not None:
        reason = f" {close.get('reason')!r}" if close.get("reason") else ""
        parts.append(f"closed {close['code']}{reason} by {close.get('initiator', '?')}")
    return " · ".join(parts)


class TranscriptWindow(QMainWindow):
    """Shows a Transcript in its own log (nothing can be sent from it)."""

    def __init__(self, transcript: Transcript, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcriptWindow")
        self.setWindowTitle(f"wsdesk transcript: {Path(path).name} (read-only)")
        for keys in ("Ctrl+W", "Esc"):
            QShortcut(QKeySequence(keys), self, self.close)
        self.resize(820, 560)
        self.log = MessageLog(capacity=max(1, len(transcript.messages)))
        self.log.extend(transcript.messages)
        self.panel = LogPanel(self.log, read_only=True)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.panel)
        self.setCentralWidget(central)
        self.metadata_label = plain_label(
            "transcriptMetadataLabel", describe_metadata(transcript.metadata)
        )
        status = QStatusBar()
        status.addWidget(self.metadata_label, 1)
        self.setStatusBar(status)

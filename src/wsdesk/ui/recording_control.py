"""RecordingControl: File > Record to file, and the status bar's recording indicator."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PyQt6.QtCore import QObject, QTimer
from PyQt6.QtGui import QAction
from PyQt6.QtWidgets import QLabel, QWidget

from wsdesk.models import format_size
from wsdesk.ui.file_dialogs import SESSION_FILTER, ask_save_path, show_problem
from wsdesk.ui.widgets import plain_label
from wsdesk.viewmodel.connection_viewmodel import ConnectionViewModel
from wsdesk.viewmodel.session_io import SessionMetadata
from wsdesk.viewmodel.session_recording import RecordingError, SessionRecording

SIZE_INTERVAL_MS = 500  # how often the indicator reads the file's size


class RecordingControl(QObject):
    """A checkable ``action`` ("Record to file…") that asks for a file and records the
    connection's session to it (SessionRecording), or stops the recording; a ``label``
    for the status bar ("● Recording 1.2 MiB", the path in its tooltip), shown while recording. A
    recording that ends by itself (the connection ended) unchecks the action and says
    where the file is; one that fails says why.
    """

    def __init__(
        self,
        connection: ConnectionViewModel,
        metadata: Callable[[], SessionMetadata],
        window: QWidget,
        show_message: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self._connection = connection
        self._metadata = metadata
        self._window = window
        self._show_message = show_message
        self.recording: SessionRecording | None = None
        self._stopping: asyncio.Future[None] | None = None
        self.action = QAction("&Record to file…", self)
        self.action.setObjectName("recordAction")
        self.action.setCheckable(True)
        self.action.setToolTip("Write every entry to a session file as it arrives")
        self.label: QLabel = plain_label("recordingLabel")
        self.label.setAccessibleName("Recording")
        self.label.hide()
        self._timer = QTimer(self)
        self._timer.setInterval(SIZE_INTERVAL_MS)
        self._timer.timeout.connect(self._show_size)
        self.action.triggered.connect(self._on_triggered)

    def start(self, path: str) -> SessionRecording | None:
        """Record to ``path`` (replacing the file); None, with the reason shown, if it
        cannot be written."""
        if self.recording is not None:
            return self.recording
        try:
            recording = SessionRecording(self._connection, path, self._metadata)
        except RecordingError as exc:
            show_problem(self._window, "Record to file", str(exc))
            self._show_state()
            return None
        self.recording = recording
        recording.finished.connect(lambda: self._on_finished(recording))
        self._show_state()
        return recording

    async def stop(self) -> None:
        """Stop recording: the file gets every entry so far and is closed."""
        if self.recording is not None:
            await self.recording.aclose()

    def _on_triggered(self, checked: bool) -> None:
        if checked:
            self._show_state()  # checked only once a recording runs
            ask_save_path(
                self._window, "Record to file", self.start, SESSION_FILTER, "recording.jsonl"
            )
        else:
            self._stopping = asyncio.ensure_future(self.stop())  # kept: a task needs a reference

    def _on_finished(self, recording: SessionRecording) -> None:
        if recording is not self.recording:
            return
        self.recording = None
        self._show_state()
        if recording.error is not None:
            show_problem(self._window, "Record to file", recording.error)
        else:
            self._show_message(f"Recorded to {recording.path} ({format_size(recording.size)})")

    def _show_state(self) -> None:
        recording = self.recording is not None
        self.action.setChecked(recording)
        self.action.setText("Stop &recording" if recording else "&Record to file…")
        self.label.setVisible(recording)
        if recording:
            self._show_size()
            self._timer.start()
        else:
            self._timer.stop()

    def _show_size(self) -> None:
        recording = self.recording
        if recording is None:
            return
        # Short: the status bar's connection status needs the width; the path is a hover away.
        self.label.setText(f"● Recording {format_size(recording.size)}")
        self.label.setToolTip(f"Recording to {recording.path}")

"""ConnectionStore on QSettings: named connections as JSON, recent URLs as a list."""

from __future__ import annotations

import json
from typing import Any

from PyQt6.QtCore import QSettings

from wsdesk.core.payload import PayloadError, parse_json

_CONNECTIONS = "connections"
_RECENT = "recentUrls"


class QSettingsConnectionStore:
    """Keeps SavedConnections' data in ``settings`` (the data holds no secrets).

    Each connection is one JSON string under ``connections/<name>``; names are
    percent-encoded by QSettings as needed. Unreadable entries read as None.
    """

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def names(self) -> list[str]:
        self._settings.beginGroup(_CONNECTIONS)
        try:
            return sorted(self._settings.childKeys())
        finally:
            self._settings.endGroup()

    def load(self, name: str) -> dict[str, Any] | None:
        raw = self._settings.value(f"{_CONNECTIONS}/{name}")
        if not isinstance(raw, str):
            return None
        try:
            data = parse_json(raw)
        except PayloadError:
            return None
        return data if isinstance(data, dict) else None

    def save(self, name: str, data: dict[str, Any]) -> None:
        self._settings.setValue(f"{_CONNECTIONS}/{name}", json.dumps(data))
        self._settings.sync()

    def remove(self, name: str) -> None:
        self._settings.remove(f"{_CONNECTIONS}/{name}")
        self._settings.sync()

    def recent_urls(self) -> list[str]:
        raw = self._settings.value(_RECENT)
        if isinstance(raw, str):
            return [raw]
        return [str(url) for url in raw] if isinstance(raw, list) else []

    def set_recent_urls(self, urls: list[str]) -> None:
        self._settings.setValue(_RECENT, list(urls))
        self._settings.sync()

"""ConnectionStore on QSettings: named connections as JSON, recent URLs as a list."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, unquote

from PyQt6.QtCore import QSettings

from wsdesk.core.payload import PayloadError, parse_json

_CONNECTIONS = "connections"
_RECENT = "recentUrls"
# Every printable character but the escape and the separators stays readable in the file.
_SAFE = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) not in "%/\\")


class QSettingsConnectionStore:
    """Keeps SavedConnections' data in ``settings`` (the data holds no secrets).

    Each connection is one JSON string under ``connections/<key>``, where the key is the
    name with ``%``, ``/`` and ``\\`` percent-encoded: QSettings reads ``/`` and ``\\`` as
    group separators, so "a/b" would vanish from the list. Unreadable entries read as None.
    """

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def names(self) -> list[str]:
        self._settings.beginGroup(_CONNECTIONS)
        try:
            return sorted(unquote(key) for key in self._settings.childKeys())
        finally:
            self._settings.endGroup()

    def load(self, name: str) -> dict[str, Any] | None:
        raw = self._settings.value(_key(name))
        if not isinstance(raw, str):
            return None
        try:
            data = parse_json(raw)
        except PayloadError:
            return None
        return data if isinstance(data, dict) else None

    def save(self, name: str, data: dict[str, Any]) -> None:
        self._settings.setValue(_key(name), json.dumps(data))
        self._settings.sync()

    def remove(self, name: str) -> None:
        self._settings.remove(_key(name))
        self._settings.sync()

    def recent_urls(self) -> list[str]:
        raw = self._settings.value(_RECENT)
        if isinstance(raw, str):
            return [raw]
        return [str(url) for url in raw] if isinstance(raw, list) else []

    def set_recent_urls(self, urls: list[str]) -> None:
        self._settings.setValue(_RECENT, list(urls))
        self._settings.sync()


def _key(name: str) -> str:
    return f"{_CONNECTIONS}/{quote(name, safe=_SAFE)}"

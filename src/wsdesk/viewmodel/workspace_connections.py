"""A ConnectionStore kept inside the workspace document, so saved connections live there."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any


class WorkspaceConnectionStore:
    """SavedConnections' store over a workspace document's ``saved_connections`` and
    ``recent_urls``; every change calls ``changed`` (the workspace then saves the file)."""

    def __init__(self, document: dict[str, Any], changed: Callable[[], None]) -> None:
        self._document = document
        self._changed = changed

    def names(self) -> list[str]:
        return sorted(self._document["saved_connections"])

    def load(self, name: str) -> dict[str, Any] | None:
        found = self._document["saved_connections"].get(name)
        return copy.deepcopy(found) if isinstance(found, dict) else None

    def save(self, name: str, data: dict[str, Any]) -> None:
        self._document["saved_connections"][name] = copy.deepcopy(data)
        self._changed()

    def remove(self, name: str) -> None:
        if self._document["saved_connections"].pop(name, None) is not None:
            self._changed()

    def recent_urls(self) -> list[str]:
        return [str(url) for url in self._document["recent_urls"]]

    def set_recent_urls(self, urls: list[str]) -> None:
        self._document["recent_urls"] = list(urls)
        self._changed()

"""In-memory stores for SavedConnections: no settings file, no keyring."""

from __future__ import annotations

import copy
from typing import Any


class MemoryConnectionStore:
    """A ConnectionStore in a dict; ``data`` shows exactly what would be written."""

    def __init__(self) -> None:
        self.data: dict[str, dict[str, Any]] = {}
        self.urls: list[str] = []

    def names(self) -> list[str]:
        return sorted(self.data)

    def load(self, name: str) -> dict[str, Any] | None:
        found = self.data.get(name)
        return copy.deepcopy(found) if found is not None else None

    def save(self, name: str, data: dict[str, Any]) -> None:
        self.data[name] = copy.deepcopy(data)

    def remove(self, name: str) -> None:
        self.data.pop(name, None)

    def recent_urls(self) -> list[str]:
        return list(self.urls)

    def set_recent_urls(self, urls: list[str]) -> None:
        self.urls = list(urls)


class MemorySecretStore:
    """A SecretStore in a dict (a stand-in keyring); ``available=False`` keeps nothing."""

    def __init__(self, available: bool = True) -> None:
        self._available = available
        self.secrets: dict[str, str] = {}

    @property
    def available(self) -> bool:
        return self._available

    def get(self, key: str) -> str | None:
        return self.secrets.get(key)

    def set(self, key: str, value: str) -> bool:
        if not self._available:
            return False
        self.secrets[key] = value
        return True

    def delete(self, key: str) -> None:
        self.secrets.pop(key, None)

"""Named connections and recent URLs, kept by a small storage interface, secrets apart."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from psygnal import Signal

from wsdesk.core.redact import redact_url
from wsdesk.models import ConnectionOptions, ConnectionState
from wsdesk.viewmodel.connection_viewmodel import ConnectionViewModel
from wsdesk.viewmodel.options_codec import decode, encode

MAX_RECENT_URLS = 10


class ConnectionStore(Protocol):
    """Where named connections (JSON-ready dicts with no secrets) and recent URLs live."""

    def names(self) -> list[str]:
        """The saved names, sorted."""
        ...

    def load(self, name: str) -> dict[str, Any] | None:
        """The data saved under ``name``, or None."""
        ...

    def save(self, name: str, data: dict[str, Any]) -> None: ...

    def remove(self, name: str) -> None: ...

    def recent_urls(self) -> list[str]: ...

    def set_recent_urls(self, urls: list[str]) -> None: ...


class SecretStore(Protocol):
    """Where secrets live (a system keyring), if anywhere: ``available`` says whether."""

    @property
    def available(self) -> bool: ...

    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str) -> bool:
        """Store ``value``; False when it could not be kept."""
        ...

    def delete(self, key: str) -> None: ...


class SavedConnections:
    """Save, open, rename, duplicate and delete named connections; remember recent URLs.

    Secrets go to ``secrets`` only, keyed ``"<name>/<field>"``; when it is unavailable
    they are not persisted and ``notice`` says so in plain words. ``changed`` fires when
    the names change, ``recent_changed`` when the recent URLs do, ``notice_changed``
    when the notice does. Names are trimmed and must not be empty.
    """

    changed = Signal()
    recent_changed = Signal()
    notice_changed = Signal(object)

    def __init__(
        self, store: ConnectionStore, secrets: SecretStore, transient_urls: Iterable[str] = ()
    ) -> None:
        self._store = store
        self._secrets = secrets
        self._notice: str | None = None
        # URLs that never become recent: the embedded echo server's changes port every start.
        self._transient = set(transient_urls)

    @property
    def names(self) -> list[str]:
        return self._store.names()

    @property
    def recent_urls(self) -> list[str]:
        """The last URLs connected to, newest first, with secrets masked."""
        return self._store.recent_urls()

    @property
    def notice(self) -> str | None:
        """What the user should know about the last save or open (lost secrets), or None."""
        return self._notice

    def save(self, name: str, options: ConnectionOptions) -> None:
        """Save ``options`` as ``name``, replacing any connection of that name.

        Raises ValueError for an empty name.
        """
        name = _clean(name)
        encoded = encode(options)
        self._forget_secrets(name)
        lost = [
            encoded.labels[key]
            for key, value in encoded.secrets.items()
            if not self._secrets.set(f"{name}/{key}", value)
        ]
        encoded.public["secret_keys"] = list(encoded.secrets)
        encoded.public["secret_labels"] = encoded.labels
        self._store.save(name, encoded.public)
        self._set_notice(
            f"Not saved: {', '.join(lost)}. No system keyring is available, so secrets "
            "are never written to disk; enter them again after opening."
            if lost
            else None
        )
        self.changed.emit()

    def open(self, name: str) -> ConnectionOptions:
        """The options saved as ``name``, with the secrets the keyring still has.

        Raises KeyError for an unknown name and ValueError for unreadable data.
        """
        data = self._store.load(name)
        if data is None:
            raise KeyError(name)
        secrets: dict[str, str] = {}
        missing: list[str] = []
        labels = data.get("secret_labels", {})
        keys = data.get("secret_keys", [])
        if not isinstance(labels, dict) or not isinstance(keys, list):
            raise ValueError("saved settings are not readable: their secrets list is damaged")
        for key in keys:
            value = self._secrets.get(f"{name}/{key}")
            if value is None:
                missing.append(str(labels.get(key, key)))
            else:
                secrets[key] = value
        options = decode(data, secrets)
        self._set_notice(f"Enter again: {', '.join(missing)} (not saved)." if missing else None)
        return options

    def rename(self, old: str, new: str) -> None:
        """Rename ``old`` to ``new`` (secrets move along). Raises KeyError, and ValueError
        for an empty name or one another saved connection has."""
        if _clean(new) == old:
            return
        if _clean(new) in self.names:
            raise ValueError(f"There is already a saved connection called {_clean(new)}")
        self._copy(old, _clean(new))
        self.delete(old)

    def duplicate(self, name: str) -> str:
        """Save a copy of ``name`` as "``name`` (copy)" (or "(copy 2)"...); the new name."""
        existing = set(self.names)
        copy, number = f"{name} (copy)", 2
        while copy in existing:
            copy, number = f"{name} (copy {number})", number + 1
        self._copy(name, copy)
        return copy

    def delete(self, name: str) -> None:
        """Forget ``name`` and its secrets; unknown names are ignored."""
        self._forget_secrets(name)
        self._store.remove(name)
        self.changed.emit()

    def remember_url(self, url: str) -> None:
        """Put ``url`` (secrets masked) first in the recent URLs, keeping the newest 10.

        A URL under one given as ``transient_urls`` (or to :meth:`keep_out_of_recent`),
        such as a route of the embedded server, whose port changes every start, is not
        remembered.
        """
        if any(url.startswith(prefix) for prefix in self._transient):
            return
        shown = redact_url(url)
        urls = [shown] + [u for u in self._store.recent_urls() if u != shown]
        self._store.set_recent_urls(urls[:MAX_RECENT_URLS])
        self.recent_changed.emit()

    def keep_out_of_recent(self, url_prefix: str) -> None:
        """Remember no URL that starts with ``url_prefix`` from now on."""
        self._transient.add(url_prefix)

    def follow(self, connection: ConnectionViewModel) -> None:
        """Remember the URL of every connection that ``connection`` opens."""

        def on_state(state: ConnectionState) -> None:
            if state is ConnectionState.OPEN:
                self.remember_url(connection.options.url)

        connection.state_changed.connect(on_state)

    def _copy(self, source: str, target: str) -> None:
        """Save ``source``'s data as ``target`` with its keyring entries copied.

        The stored data is copied as it is, so secrets that were never kept stay
        listed and opening ``target`` asks for them again, as opening ``source`` did.
        Raises KeyError for an unknown ``source``.
        """
        data = self._store.load(source)
        if data is None:
            raise KeyError(source)
        self._forget_secrets(target)
        for key in data.get("secret_keys", []):
            value = self._secrets.get(f"{source}/{key}")
            if value is not None:
                self._secrets.set(f"{target}/{key}", value)
        self._store.save(target, data)
        self.changed.emit()

    def _forget_secrets(self, name: str) -> None:
        data = self._store.load(name)
        for key in data.get("secret_keys", []) if data else []:
            self._secrets.delete(f"{name}/{key}")

    def _set_notice(self, notice: str | None) -> None:
        if notice != self._notice:
            self._notice = notice
            self.notice_changed.emit(notice)


def _clean(name: str) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise ValueError("Give the connection a name")
    return cleaned

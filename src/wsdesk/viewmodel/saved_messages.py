"""Saved messages: named, reusable composer drafts kept across restarts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from psygnal import Signal

from wsdesk.viewmodel.composer_modes import BinaryEncoding, ComposerMode
from wsdesk.viewmodel.send_history import Draft


@dataclass(frozen=True, slots=True)
class SavedMessage:
    """A ``name`` and the ``draft`` it stands for; nothing about any connection."""

    name: str
    draft: Draft


class SavedMessageStore(Protocol):
    """Where saved messages persist (the app uses QSettings; tests use memory)."""

    def load(self) -> list[SavedMessage]:
        """Every stored message, in the saved order; [] when none or unreadable."""
        ...

    def save(self, messages: Sequence[SavedMessage]) -> None:
        """Replace the stored messages with ``messages``."""
        ...


class MemorySavedMessageStore:
    """A SavedMessageStore in memory."""

    def __init__(self, messages: Sequence[SavedMessage] = ()) -> None:
        self.messages = list(messages)

    def load(self) -> list[SavedMessage]:
        return list(self.messages)

    def save(self, messages: Sequence[SavedMessage]) -> None:
        self.messages = list(messages)


class SavedMessagesError(ValueError):
    """A name that cannot be used; ``str()`` says why."""


class SavedMessages:
    """The saved messages, sorted by name, written to ``store`` on every change.

    :meth:`save` adds a message or replaces the one with the same name, :meth:`rename`
    and :meth:`delete` change one by name, :meth:`get` returns one. Names are trimmed;
    an empty name, or renaming onto another message's name, raises SavedMessagesError.
    ``changed`` fires after every change.
    """

    changed = Signal()

    def __init__(self, store: SavedMessageStore) -> None:
        self._store = store
        self._items = {m.name: m for m in store.load()}

    @property
    def items(self) -> list[SavedMessage]:
        return sorted(self._items.values(), key=lambda m: m.name.casefold())

    @property
    def names(self) -> list[str]:
        return [m.name for m in self.items]

    def get(self, name: str) -> SavedMessage | None:
        return self._items.get(name)

    def save(self, name: str, draft: Draft) -> SavedMessage:
        """Store ``draft`` under ``name`` (replacing a message with that name)."""
        message = SavedMessage(_clean(name), draft)
        self._items[message.name] = message
        self._commit()
        return message

    def rename(self, old: str, new: str) -> None:
        """Give the message ``old`` the name ``new``; raises SavedMessagesError if taken."""
        new = _clean(new)
        if old not in self._items:
            raise SavedMessagesError(f"no saved message named {old!r}")
        if new != old and new in self._items:
            raise SavedMessagesError(f"a saved message named {new!r} already exists")
        message = self._items.pop(old)
        self._items[new] = SavedMessage(new, message.draft)
        self._commit()

    def delete(self, name: str) -> None:
        """Remove the message ``name`` (nothing happens if there is none)."""
        if self._items.pop(name, None) is not None:
            self._commit()

    def _commit(self) -> None:
        self._store.save(self.items)
        self.changed.emit()


def _clean(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise SavedMessagesError("give the message a name")
    return name


def draft_from_fields(mode: str, encoding: str, text: str) -> Draft | None:
    """A Draft from stored field values, or None when a value is not known."""
    try:
        return Draft(ComposerMode(mode), BinaryEncoding(encoding), text)
    except ValueError:
        return None

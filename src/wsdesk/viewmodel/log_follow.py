"""LogFollower: whether the log view follows the newest entry, and what it missed."""

from __future__ import annotations

from psygnal import Signal


class LogFollower:
    """Auto-scroll state for a log view.

    The view follows the newest entry until the user scrolls away from the bottom
    (:meth:`user_scrolled` with False); meanwhile the view says with :meth:`recount` how
    many rows it shows that arrived since, which ``unseen`` and ``label`` tell.
    Scrolling back to the bottom or :meth:`resume` follows again. Capture is never
    paused: this only decides where the view looks. ``changed`` fires on every change.
    """

    changed = Signal()

    def __init__(self) -> None:
        self._following = True
        self._unseen = 0

    @property
    def following(self) -> bool:
        return self._following

    @property
    def unseen(self) -> int:
        """Rows the view shows that arrived since following paused (see :meth:`recount`)."""
        return self._unseen

    @property
    def label(self) -> str:
        """``3 new messages`` while paused with unseen rows, else ''."""
        if self._following or not self._unseen:
            return ""
        return f"{self._unseen} new message{'' if self._unseen == 1 else 's'}"

    def recount(self, unseen: int) -> None:
        """``unseen`` rows shown arrived since following paused; ignored while following."""
        if not self._following and unseen != self._unseen:
            self._unseen = unseen
            self.changed.emit()

    def user_scrolled(self, at_bottom: bool) -> None:
        if at_bottom:
            self.resume()
        elif self._following:
            self._following = False
            self.changed.emit()

    def resume(self) -> None:
        if not self._following or self._unseen:
            self._following = True
            self._unseen = 0
            self.changed.emit()

"""QSettingsSavedMessageStore: saved messages kept in QSettings across restarts."""

from __future__ import annotations

from collections.abc import Sequence

from PyQt6.QtCore import QSettings

from wsdesk.viewmodel.saved_messages import SavedMessage, draft_from_fields

GROUP = "savedMessages"


def app_settings() -> QSettings:
    """wsdesk's per-user settings (an INI file under the user's config directory)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "wsdesk", "wsdesk")


class QSettingsSavedMessageStore:
    """A SavedMessageStore in a QSettings array: name, mode, encoding and text only,
    so no URL, header or other connection secret is ever written with them."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def load(self) -> list[SavedMessage]:
        settings = self._settings
        messages = []
        count = settings.beginReadArray(GROUP)
        for i in range(count):
            settings.setArrayIndex(i)
            draft = draft_from_fields(
                str(settings.value("mode", "")),
                str(settings.value("encoding", "")),
                str(settings.value("text", "")),
            )
            name = str(settings.value("name", "")).strip()
            if draft is not None and name:
                messages.append(SavedMessage(name, draft))
        settings.endArray()
        return messages

    def save(self, messages: Sequence[SavedMessage]) -> None:
        settings = self._settings
        settings.remove(GROUP)
        settings.beginWriteArray(GROUP, len(messages))
        for i, message in enumerate(messages):
            settings.setArrayIndex(i)
            settings.setValue("name", message.name)
            settings.setValue("mode", message.draft.mode.value)
            settings.setValue("encoding", message.draft.encoding.value)
            settings.setValue("text", message.draft.text)
        settings.endArray()
        settings.sync()

import pytest

from wsdesk.viewmodel.composer_modes import BinaryEncoding, ComposerMode
from wsdesk.viewmodel.saved_messages import (
    MemorySavedMessageStore,
    SavedMessages,
    SavedMessagesError,
    draft_from_fields,
)
from wsdesk.viewmodel.send_history import Draft

SUBSCRIBE = Draft(ComposerMode.JSON, BinaryEncoding.HEX, '{"op": "subscribe"}')
PING = Draft(ComposerMode.BINARY, BinaryEncoding.HEX, "de ad be ef")


def test_save_edit_rename_delete_and_persist():
    store = MemorySavedMessageStore()
    saved = SavedMessages(store)
    changes = []
    saved.changed.connect(lambda: changes.append(True))
    saved.save("  subscribe  ", SUBSCRIBE)
    saved.save("Ping", PING)
    assert saved.names == ["Ping", "subscribe"]
    saved.save("subscribe", Draft(ComposerMode.JSON, BinaryEncoding.HEX, "{}"))
    assert saved.get("subscribe").draft.text == "{}"
    saved.rename("Ping", "binary ping")
    assert saved.names == ["binary ping", "subscribe"]
    saved.delete("subscribe")
    assert len(changes) == 5
    assert SavedMessages(store).names == ["binary ping"]
    assert SavedMessages(store).get("binary ping").draft == PING


def test_names_must_be_given_and_unique():
    saved = SavedMessages(MemorySavedMessageStore())
    saved.save("a", PING)
    saved.save("b", PING)
    with pytest.raises(SavedMessagesError, match="give the message a name"):
        saved.save("   ", PING)
    with pytest.raises(SavedMessagesError, match="already exists"):
        saved.rename("a", "b")
    assert saved.names == ["a", "b"]


def test_unknown_stored_fields_are_skipped():
    assert draft_from_fields("JSON", "hex", "{}") == Draft(
        ComposerMode.JSON, BinaryEncoding.HEX, "{}"
    )
    assert draft_from_fields("Morse", "hex", "") is None

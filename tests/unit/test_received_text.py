"""models.received_text: the flood's fast constructor builds the same frozen Message."""

import dataclasses

import pytest

from wsdesk.models import Direction, Message, MessageKind, received_text


def test_received_text_equals_the_dataclass_constructor():
    built = received_text("héllo", 12.5, 6)
    assert built == Message(Direction.RECEIVED, MessageKind.TEXT, "héllo", 12.5, 6)
    assert hash(built) == hash(Message(Direction.RECEIVED, MessageKind.TEXT, "héllo", 12.5, 6))


def test_received_text_is_still_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        received_text("x", 0.0, 1).data = "y"  # type: ignore[misc]

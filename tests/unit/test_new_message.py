"""models.new_message: the flood's fast constructor builds the same frozen Message."""

import dataclasses

import pytest

from wsdesk.models import Direction, Message, MessageKind, new_message


@pytest.mark.parametrize(
    "fields",
    [
        (Direction.RECEIVED, MessageKind.TEXT, "héllo", 12.5, 6),
        (Direction.RECEIVED, MessageKind.BINARY, b"\x00\xff", 3.0, 2),
        (Direction.SENT, MessageKind.TEXT, "", 0.0, 0),
    ],
)
def test_new_message_equals_the_dataclass_constructor(fields):
    built = new_message(*fields)
    assert type(built) is Message
    assert built == Message(*fields)
    assert hash(built) == hash(Message(*fields))
    assert repr(built) == repr(Message(*fields))


def test_new_message_is_still_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        new_message(Direction.RECEIVED, MessageKind.TEXT, "x", 0.0, 1).data = "y"  # type: ignore[misc]

"""The composer's modes: what the typed text means."""

from __future__ import annotations

import enum


class ComposerMode(enum.Enum):
    """Text sends the text; JSON checks it first; Binary parses hex or base64 into bytes."""

    TEXT = "Text"
    JSON = "JSON"
    BINARY = "Binary"


class BinaryEncoding(enum.Enum):
    """How Binary mode reads the typed text."""

    HEX = "hex"
    BASE64 = "base64"

"""Text from a peer made safe to show: no control or format characters, valid Unicode."""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, bidirectional overrides and isolates, zero-width marks and
# the line and paragraph separators: each could forge lines or reorder what is shown.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def printable(text: str) -> str:
    """``text`` with each control or invisible formatting character written as ``\\xNN`` or
    ``\\uNNNN``, and lone surrogates (undecodable bytes kept by ``surrogateescape``) as
    ``\\udcNN``, so that a header value or a certificate name shows on one line, as
    itself, and writes as valid UTF-8."""
    text = _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    if not text.isascii():
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text

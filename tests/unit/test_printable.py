"""printable: a peer's text shown on one line, as itself, in valid UTF-8."""

from wsdesk.core.printable import printable


def test_controls_and_invisible_format_characters_are_escaped():
    assert printable("a\r\nb\tc\x00\x7f\x9b") == "a\\r\\nb\\tc\\x00\\x7f\\x9b"
    assert printable("\u202eevil\u2066\u200b\ufeff") == "\\u202eevil\\u2066\\u200b\\ufeff"
    assert printable("x\u2028y") == "x\\u2028y"


def test_undecodable_bytes_become_escapes_and_text_stays_as_it_was():
    assert printable("caf\udcc3") == "caf\\udcc3"
    printable("caf\udcc3").encode("utf-8")  # valid UTF-8 now
    assert printable("café ☕ 日本") == "café ☕ 日本"

"""README's keyboard table is the shortcut table, row for row."""

from pathlib import Path

from wsdesk.ui.shortcuts import SHORTCUTS

README = Path(__file__).resolve().parents[3] / "README.md"


def test_readme_lists_every_shortcut_as_the_window_registers_it():
    text = README.read_text(encoding="utf-8")
    table = [f"| {s.group} | {s.text} | {', '.join(s.keys)} |" for s in SHORTCUTS]
    start = text.index(table[0])
    assert text[start:].splitlines()[: len(table)] == table

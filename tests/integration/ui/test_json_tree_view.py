"""The detail pane's Tree tab: a JSON payload as a collapsible tree, Copy value and
Copy path, and a note instead of a tree for what is not JSON."""

import json

from PyQt6.QtGui import QGuiApplication
from PyQt6.QtWidgets import QTreeView

from wsdesk.models import Direction, Message
from wsdesk.ui.detail_pane import DetailPane


def make_pane(qtbot):
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.show()
    return pane


def test_tree_shows_json_and_copies_value_and_path(qtbot):
    pane = make_pane(qtbot)
    pane.show_message(Message.of(Direction.RECEIVED, '{"user": {"name": "Ada", "tags": [1, 2]}}'))
    tree = pane.findChild(QTreeView, "jsonTree")
    model = tree.model()
    root = model.index(0, 0)
    assert model.data(root) == "$"
    assert tree.isExpanded(root)
    user = model.index(0, 0, root)
    assert model.data(user) == "user"
    assert model.data(model.index(0, 1, root)) == "{2 members}"
    name = model.index(0, 0, user)
    tree.setCurrentIndex(name)
    pane.copy_value_button.click()
    assert QGuiApplication.clipboard().text() == "Ada"
    assert pane.tree_note.text() == "Copied the value at $.user.name"
    pane.copy_path_button.click()
    assert QGuiApplication.clipboard().text() == "$.user.name"
    assert pane.tree_note.text() == "Copied $.user.name"
    tags = model.index(1, 0, user)
    tree.setCurrentIndex(tags)
    pane.copy_value_button.click()
    assert json.loads(QGuiApplication.clipboard().text()) == [1, 2]
    pane.tabs.setCurrentIndex(pane.tabs.indexOf(tree.parentWidget()))
    assert pane.tabs.tabText(pane.tabs.currentIndex()) == "Tree"
    pane.copy_current()
    assert json.loads(QGuiApplication.clipboard().text()) == {
        "user": {"name": "Ada", "tags": [1, 2]}
    }


def test_tree_says_why_a_payload_is_not_json(qtbot):
    pane = make_pane(qtbot)
    pane.show_message(Message.of(Direction.RECEIVED, '{"a": 1'))
    assert pane.json_model.rowCount() == 0
    assert pane.tree_note.text().startswith("(not JSON: line 1")
    pane.show_message(Message.of(Direction.RECEIVED, b"\x00\x01"))
    assert pane.tree_note.text() == "(binary message: not JSON)"
    pane.show_message(None)
    assert pane.json_model.rowCount() == 0
    assert pane.tree_note.text() == ""


def test_a_big_document_opens_with_only_its_top_level_made(qtbot):
    pane = make_pane(qtbot)
    items = [{"id": i} for i in range(50_000)]
    pane.show_message(Message.of(Direction.RECEIVED, json.dumps({"items": items})))
    root = pane.json_model.node(pane.json_model.index(0, 0))
    assert root is not None
    element = root.child(0)
    # Expanding the root made its child; nothing below it exists yet.
    assert element.made == 0
    assert element.preview == "[50000 elements]"
    # The JSON tab shows the start of the document, cut, with a note.
    shown = pane.views["JSON"].toPlainText()
    assert len(shown) < 300_000
    assert "shown" in shown.splitlines()[-1]

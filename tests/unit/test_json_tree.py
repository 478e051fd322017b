"""The JSON tree's nodes: lazy children, labels, previews, JSONPath and copied values."""

import json

from wsdesk.viewmodel.json_tree import PREVIEW_LENGTH, json_tree

DOC = json.loads('{"items": [{"id": 1, "a key": "x"}], "ok": true, "none": null, "n": 2.5}')


def test_children_are_made_on_first_use_in_document_order():
    root = json_tree(DOC)
    assert root._children is None
    assert [c.label for c in root.children] == ["items", "ok", "none", "n"]
    assert [c.kind for c in root.children] == ["array", "boolean", "null", "number"]
    items = root.children[0]
    assert items.children[0].label == "[0]"
    assert items.children[0].children[1].row == 1


def test_paths_are_jsonpath():
    root = json_tree(DOC)
    element = root.children[0].children[0]
    assert root.path == "$"
    assert element.children[0].path == "$.items[0].id"
    assert element.children[1].path == '$.items[0]["a key"]'


def test_previews_and_copies():
    root = json_tree(DOC)
    assert root.preview == "{4 members}"
    assert root.children[0].preview == "[1 element]"
    assert root.children[1].preview == "true"
    text = json_tree({"s": "é" * (PREVIEW_LENGTH + 5)}).children[0]
    assert text.preview.endswith("…")
    assert len(text.preview) == PREVIEW_LENGTH + 1
    assert text.copy_text() == "é" * (PREVIEW_LENGTH + 5)
    assert json.loads(root.children[0].copy_text()) == DOC["items"]
    assert root.children[2].copy_text() == "null"


def test_scalars_and_empty_containers_have_no_children():
    assert not json_tree(3).has_children
    assert json_tree(3).children == []
    assert not json_tree({}).has_children
    assert json_tree([1]).has_children

"""The JSON tree's nodes: children made one at a time, labels, previews, JSONPath and
copied values."""

import json

import pytest

from wsdesk.viewmodel.json_tree import PREVIEW_LENGTH, json_tree

DOC = json.loads('{"items": [{"id": 1, "a key": "x"}], "ok": true, "none": null, "n": 2.5}')


def kids(node):
    return [node.child(row) for row in range(node.child_count)]


def test_children_are_made_on_first_use_in_document_order():
    root = json_tree(DOC)
    assert root.made == 0
    assert [c.label for c in kids(root)] == ["items", "ok", "none", "n"]
    assert [c.kind for c in kids(root)] == ["array", "boolean", "null", "number"]
    items = root.child(0)
    assert items.child(0).label == "[0]"
    assert items.child(0).child(1).row == 1
    assert root.child(0) is items  # kept once made
    with pytest.raises(IndexError):
        root.child(4)


def test_a_million_elements_make_only_the_rows_asked_for():
    root = json_tree(list(range(1_000_000)))
    assert root.child_count == 1_000_000
    assert root.child(999_999).value == 999_999
    assert root.made == 1


def test_paths_are_jsonpath():
    root = json_tree({**DOC, "$": 1, "_ok1": 2})
    element = root.child(0).child(0)
    assert root.path == "$"
    assert element.child(0).path == "$.items[0].id"
    assert element.child(1).path == '$.items[0]["a key"]'
    assert root.child(4).path == '$["$"]'  # RFC 9535: $ is not a shorthand name
    assert root.child(5).path == "$._ok1"


def test_previews_and_copies():
    root = json_tree(DOC)
    assert root.preview == "{4 members}"
    assert root.child(0).preview == "[1 element]"
    assert root.child(1).preview == "true"
    text = json_tree({"s": "é" * (PREVIEW_LENGTH + 5)}).child(0)
    assert text.preview.endswith("…")
    assert len(text.preview) == PREVIEW_LENGTH + 1
    assert text.copy_text() == "é" * (PREVIEW_LENGTH + 5)
    assert json.loads(root.child(0).copy_text()) == DOC["items"]
    assert root.child(2).copy_text() == "null"


def test_scalars_and_empty_containers_have_no_children():
    assert not json_tree(3).has_children
    assert json_tree(3).child_count == 0
    assert not json_tree({}).has_children
    assert json_tree([1]).has_children

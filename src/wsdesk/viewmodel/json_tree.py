"""A parsed JSON value as a tree of nodes for the detail pane's JSON tree: each node is
made when it is first asked for, so a 10 MiB document, or an array of a million
elements, opens as fast as it parses."""

from __future__ import annotations

import json
import re
from typing import Any

PREVIEW_LENGTH = 200
"""Characters of a value the tree's Value column shows; copying gives the whole value."""
# RFC 9535 section 2.5.1.1: the names that the .name shorthand may write.
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class JsonNode:
    """One value of a JSON document (RFC 8259): the root, an object member or an array
    element.

    ``key`` is the member name (str), the element index (int) or None for the root;
    ``row`` its place among its parent's children. A child is made by :meth:`child` on
    first use, and kept.
    """

    __slots__ = ("_children", "_keys", "key", "parent", "row", "value")

    def __init__(
        self, key: str | int | None, value: Any, parent: JsonNode | None = None, row: int = 0
    ) -> None:
        self.key = key
        self.value = value
        self.parent = parent
        self.row = row
        self._children: dict[int, JsonNode] = {}
        self._keys: list[str] | None = None

    @property
    def child_count(self) -> int:
        """How many members (an object) or elements (an array) the value has; 0 else."""
        value = self.value
        return len(value) if isinstance(value, dict | list) else 0

    def child(self, row: int) -> JsonNode:
        """Member or element ``row`` (in document order), made on first use; raises
        IndexError outside ``0 <= row < child_count``."""
        node = self._children.get(row)
        if node is not None:
            return node
        if not 0 <= row < self.child_count:
            raise IndexError(row)
        value = self.value
        if isinstance(value, dict):
            if self._keys is None:
                self._keys = list(value)
            key: str | int = self._keys[row]
            node = JsonNode(key, value[key], self, row)
        else:
            node = JsonNode(row, value[row], self, row)
        self._children[row] = node
        return node

    @property
    def made(self) -> int:
        """How many children have been made so far."""
        return len(self._children)

    @property
    def has_children(self) -> bool:
        return self.child_count > 0

    @property
    def kind(self) -> str:
        """``object``, ``array``, ``string``, ``number``, ``boolean`` or ``null``."""
        value = self.value
        if isinstance(value, dict):
            return "object"
        if isinstance(value, list):
            return "array"
        if isinstance(value, str):
            return "string"
        if isinstance(value, bool):
            return "boolean"
        if value is None:
            return "null"
        return "number"

    @property
    def label(self) -> str:
        """The Key column: the member name, ``[index]``, or ``$`` for the root."""
        if self.key is None:
            return "$"
        return f"[{self.key}]" if isinstance(self.key, int) else self.key

    @property
    def preview(self) -> str:
        """The Value column: ``{3 members}``, ``[5 elements]``, or the JSON text of a
        scalar, cut to PREVIEW_LENGTH characters."""
        value = self.value
        if isinstance(value, dict):
            return f"{{{len(value)} member{'s' * (len(value) != 1)}}}"
        if isinstance(value, list):
            return f"[{len(value)} element{'s' * (len(value) != 1)}]"
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= PREVIEW_LENGTH else text[:PREVIEW_LENGTH] + "…"

    @property
    def path(self) -> str:
        """Where the value is, as a JSONPath (RFC 9535): ``$.items[0].name``,
        ``$["a key"]`` for names that are not identifiers."""
        parts: list[str] = []
        node: JsonNode | None = self
        while node is not None and node.key is not None:
            key = node.key
            if isinstance(key, int):
                parts.append(f"[{key}]")
            elif _IDENTIFIER.match(key):
                parts.append(f".{key}")
            else:
                parts.append(f"[{json.dumps(key, ensure_ascii=False)}]")
            node = node.parent
        return "$" + "".join(reversed(parts))

    def copy_text(self) -> str:
        """The value for the clipboard: a string as itself, anything else as JSON
        (objects and arrays indented by 2)."""
        value = self.value
        if isinstance(value, str):
            return value
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False, indent=2)
        return json.dumps(value)


def json_tree(value: Any) -> JsonNode:
    """The root node of ``value``, a value ``json.loads`` returned."""
    return JsonNode(None, value)

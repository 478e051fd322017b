"""What Help > About wsdesk shows: the version and each installed dependency's licence."""

from __future__ import annotations

import dataclasses
import re
from importlib import metadata

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# A License field longer than this is the licence's whole text, not its name.
_SHORT = 60


@dataclasses.dataclass(frozen=True)
class Dependency:
    """An installed distribution: ``name``, ``version`` and ``licence`` (SPDX where stated)."""

    name: str
    version: str
    licence: str


def licence_of(meta: metadata.PackageMetadata) -> str:
    """The licence a distribution's metadata states: its SPDX expression, a short License
    field, or its License classifiers; "not stated" when it has none of them."""
    expression = _field(meta, "License-Expression")
    if expression:
        return expression
    field = _field(meta, "License")
    if field and "\n" not in field and len(field) <= _SHORT:
        return field
    classifiers = meta.get_all("Classifier") or []
    named = [c.split(" :: ")[-1] for c in classifiers if c.startswith("License ::")]
    return ", ".join(named) or "not stated"


def dependencies(root: str = "wsdesk") -> list[Dependency]:
    """Every distribution ``root`` needs at run time, directly or not, that is installed
    here, sorted by name. Optional extras (tests) are left out, and so are requirements of
    other platforms, which are not installed. Empty when ``root`` itself has no metadata
    (a frozen build that did not keep it)."""
    found: dict[str, Dependency] = {}
    waiting = [root]
    while waiting:
        name = waiting.pop()
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        for requirement in dist.requires or []:
            marker = requirement.partition(";")[2]
            match = _NAME.match(requirement)
            if match and "extra" not in marker:
                waiting.append(match.group())
        key = _normal(dist.metadata["Name"])
        if name != root and key not in found:
            found[key] = Dependency(dist.metadata["Name"], dist.version, licence_of(dist.metadata))
    return sorted(found.values(), key=lambda d: _normal(d.name))


def _field(meta: metadata.PackageMetadata, key: str) -> str:
    values = meta.get_all(key) or []
    return str(values[0]).strip() if values else ""


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()

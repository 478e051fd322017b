"""``{{name}}`` variables: found and replaced in connection settings and sent text."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping

from wsdesk.models import ConnectionOptions

# A name: a letter or underscore, then letters, digits, "_", "." or "-"; spaces inside
# the braces are allowed. Anything else between braces stays as typed.
PATTERN = re.compile(r"\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}")


class UnknownVariableError(ValueError):
    """``{{name}}`` names a variable the active environment lacks; ``names`` lists them all,
    in order of first use."""

    def __init__(self, names: Iterable[str], where: str = "") -> None:
        self.names = tuple(dict.fromkeys(names))
        listed = ", ".join(f"{{{{{n}}}}}" for n in self.names)
        place = f" in the {where}" if where else ""
        plural = "s" if len(self.names) > 1 else ""
        super().__init__(f"Unknown variable{plural}{place}: {listed} (not in the environment)")


def is_variable_name(name: str) -> bool:
    """True when ``{{name}}`` is a variable (see PATTERN), e.g. ``host`` or ``api.key``."""
    return PATTERN.fullmatch(f"{{{{{name}}}}}") is not None


def names_in(text: str) -> list[str]:
    """The variable names ``text`` uses, in order, repeats included."""
    return PATTERN.findall(text)


def substitute(text: str, variables: Mapping[str, str], where: str = "") -> str:
    """``text`` with each ``{{name}}`` replaced by its value, in one pass: a value that
    itself holds ``{{...}}`` is not expanded again. ``{{{name}}}`` keeps the outer braces.

    Raises UnknownVariableError naming every name ``variables`` lacks (``where`` says
    which field, e.g. "URL").
    """
    if "{{" not in text:
        return text
    unknown = [name for name in names_in(text) if name not in variables]
    if unknown:
        raise UnknownVariableError(unknown, where)
    return PATTERN.sub(lambda match: variables[match.group(1)], text)


def resolve_options(
    options: ConnectionOptions, variables: Mapping[str, str], secret_names: Iterable[str] = ()
) -> ConnectionOptions:
    """``options`` with variables filled into the URL, header values and origin.

    A header whose value used a secret variable becomes a secret header, so it is
    redacted wherever headers are shown. Raises UnknownVariableError.
    """
    secret = frozenset(secret_names)
    url = substitute(options.url, variables, "URL")
    headers = []
    marked = list(options.secret_headers)
    for name, value in options.headers:
        headers.append((name, substitute(value, variables, f"{name} header")))
        if secret.intersection(names_in(value)) and name not in marked:
            marked.append(name)
    origin = options.origin
    if origin:
        origin = substitute(origin, variables, "origin")
    return dataclasses.replace(
        options, url=url, headers=tuple(headers), origin=origin, secret_headers=tuple(marked)
    )

"""ConnectionOptions to and from plain JSON-ready data, with the secrets split out.

The public part can go to a settings file: every secret in it is blanked (header
values) or masked (``***`` in URLs). The secrets travel separately, keyed by field,
to a keyring or nowhere.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from wsdesk.core.redact import is_secret_header, redact_url
from wsdesk.models import ConnectionOptions, ReconnectPolicy

SCHEMA = 1


@dataclasses.dataclass(frozen=True, slots=True)
class Encoded:
    """``public``: JSON-ready fields, no secrets; ``secrets``: key -> secret value;
    ``labels``: key -> what the secret is, in words ("Authorization header")."""

    public: dict[str, Any]
    secrets: dict[str, str]
    labels: dict[str, str]


def encode(options: ConnectionOptions) -> Encoded:
    """``options`` as public data plus its secrets (see the module docstring)."""
    public = dataclasses.asdict(options)
    public["schema"] = SCHEMA
    secrets: dict[str, str] = {}
    labels: dict[str, str] = {}
    headers = []
    for index, (name, value) in enumerate(options.headers):
        if is_secret_header(name, options.secret_headers) and value:
            key = f"header.{index}"
            secrets[key], labels[key] = value, f"{name} header"
            value = ""
        headers.append([name, value])
    public["headers"] = headers
    for field, label in (("url", "URL secrets"), ("proxy", "proxy password")):
        value = getattr(options, field)
        if value and redact_url(value) != value:
            secrets[field], labels[field] = value, label
            public[field] = redact_url(value)
    if options.client_key_password:
        secrets["client_key_password"] = options.client_key_password
        labels["client_key_password"] = "client key passphrase"
        public["client_key_password"] = None
    return Encoded(public, secrets, labels)


def decode(public: dict[str, Any], secrets: dict[str, str]) -> ConnectionOptions:
    """The ConnectionOptions that :func:`encode` split; missing secrets stay blank/masked.

    Unknown keys are ignored and missing ones take their defaults, so files written by
    other versions still load. Raises ValueError when a field has the wrong shape.
    """
    names = {f.name for f in dataclasses.fields(ConnectionOptions)}
    fields = {k: v for k, v in public.items() if k in names}
    try:
        headers = []
        for index, (name, value) in enumerate(fields.get("headers", [])):
            headers.append((str(name), secrets.get(f"header.{index}", str(value))))
        fields["headers"] = tuple(headers)
        fields["subprotocols"] = tuple(str(p) for p in fields.get("subprotocols", []))
        fields["secret_headers"] = tuple(str(h) for h in fields.get("secret_headers", []))
        for key in ("url", "proxy", "client_key_password"):
            if key in secrets:
                fields[key] = secrets[key]
        if isinstance(fields.get("reconnect"), dict):
            fields["reconnect"] = ReconnectPolicy(**fields["reconnect"])
        for name, value in fields.items():
            _check_type(name, value)
        return ConnectionOptions(**fields)
    except (TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"saved settings are not readable: {exc}") from exc


_HINTS = typing.get_type_hints(ConnectionOptions)


def _check_type(name: str, value: object) -> None:
    """Raise TypeError unless ``value`` fits field ``name`` of ConnectionOptions (tuples
    were built above; numbers may be ints where floats are asked, never bools)."""
    hint = _HINTS[name]
    allowed = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    for kind in allowed:
        origin = typing.get_origin(kind) or kind
        if kind is type(None) and value is None:
            return
        if origin is float and isinstance(value, int | float) and not isinstance(value, bool):
            return
        if origin is int and isinstance(value, int) and not isinstance(value, bool):
            return
        if origin not in (float, int, type(None)) and isinstance(value, origin):
            return
    raise TypeError(f"{name} cannot be {value!r}")

"""``--connection``, ``--environment`` and ``--var``: what wsdesk-cli takes from the workspace."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from wsdesk.models import ConnectionOptions
from wsdesk.viewmodel import workspace_file
from wsdesk.viewmodel.saved_connections import SecretStore
from wsdesk.viewmodel.variables import is_variable_name
from wsdesk.viewmodel.workspace_viewmodel import WorkspaceViewModel


class WorkspaceUsageError(Exception):
    """A workspace option names what the workspace lacks, or the file is unusable."""


@dataclass(frozen=True)
class WorkspaceChoice:
    """What the workspace options chose: the saved connection's options (or None), and the
    variables (None when neither ``--environment`` nor ``--var`` was given)."""

    options: ConnectionOptions | None
    variables: dict[str, str] | None
    secret_variables: frozenset[str]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("workspace (shared with the window)")
    group.add_argument(
        "--workspace",
        metavar="FILE",
        help="the workspace file (default: workspace.json in the user's config directory)",
    )
    group.add_argument(
        "--connection",
        metavar="NAME",
        help="use the saved connection NAME; a URL, -H, --bearer and --basic given too apply "
        "on top of it",
    )
    group.add_argument(
        "--environment",
        metavar="NAME",
        help="fill {{name}} in the URL, headers, origin and sent text from environment NAME",
    )
    group.add_argument(
        "--var",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set variable NAME (repeatable; wins over the environment's value)",
    )


def choose(args: argparse.Namespace, secrets: SecretStore | None = None) -> WorkspaceChoice:
    """Read what ``--connection``, ``--environment`` and ``--var`` ask for. The workspace
    file is only read, never written.

    Raises WorkspaceUsageError naming the option and what is wrong.
    """
    overrides = _vars(args.var)
    if args.connection is None and args.environment is None:
        return WorkspaceChoice(None, overrides or None, frozenset())
    path = Path(args.workspace) if args.workspace else workspace_file.default_path()
    if not path.exists():
        raise WorkspaceUsageError(f"no workspace file at {path} (the window creates it)")
    if secrets is None:
        from wsdesk.core.keyring_secrets import KeyringSecretStore

        secrets = KeyringSecretStore()
    try:
        workspace = WorkspaceViewModel(_no_channel, path, secrets, read_only=True)
    except workspace_file.WorkspaceFileError as exc:
        raise WorkspaceUsageError(f"the workspace file {path} cannot be used: {exc}") from None
    options = None
    if args.connection is not None:
        names = workspace.saved.names
        if args.connection not in names:
            raise WorkspaceUsageError(
                f"--connection: no saved connection {args.connection!r} "
                f"(saved: {', '.join(names) or 'none'})"
            )
        try:
            options = workspace.saved.open(args.connection)
        except ValueError as exc:
            raise WorkspaceUsageError(f"--connection {args.connection}: {exc}") from None
    variables: dict[str, str] | None = None
    secret: frozenset[str] = frozenset()
    if args.environment is not None:
        names = [e.name for e in workspace.environments]
        if args.environment not in names:
            raise WorkspaceUsageError(
                f"--environment: no environment {args.environment!r} "
                f"(environments: {', '.join(names) or 'none'})"
            )
        environment = workspace.environment(args.environment)
        variables, secret = environment.values(), environment.secret_names
    if overrides:
        variables = {**(variables or {}), **overrides}
        secret = secret - overrides.keys()
    return WorkspaceChoice(options, variables, secret)


def merged(saved: ConnectionOptions, given: ConnectionOptions, url: str) -> ConnectionOptions:
    """``saved`` with what the command line gave on top: its URL (if any) and headers."""
    return dataclasses.replace(
        saved,
        url=url or saved.url,
        headers=saved.headers + given.headers,
        secret_headers=saved.secret_headers + given.secret_headers,
        show_control_frames=saved.show_control_frames or given.show_control_frames,
    )


def _vars(items: Sequence[str]) -> dict[str, str]:
    values = {}
    for item in items:
        name, equals, value = item.partition("=")
        name = name.strip()
        if not equals or not is_variable_name(name):
            raise WorkspaceUsageError(
                f"--var {item!r}: give NAME=VALUE, NAME being letters, digits, _ . - "
                "and beginning with a letter or _"
            )
        values[name] = value
    return values


def _no_channel(_options: ConnectionOptions) -> NoReturn:
    raise RuntimeError("wsdesk-cli reads the workspace; its tabs never connect")

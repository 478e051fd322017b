"""WorkspaceViewModel: the tabs of one window, the saved connections and the environments."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from psygnal import Signal

from wsdesk.models import ConnectionOptions, Environment
from wsdesk.transport.channel import ChannelFactory
from wsdesk.viewmodel import workspace_file
from wsdesk.viewmodel.composer_modes import BinaryEncoding, ComposerMode
from wsdesk.viewmodel.composer_viewmodel import ComposerViewModel
from wsdesk.viewmodel.connection_viewmodel import ConnectionViewModel
from wsdesk.viewmodel.options_codec import decode, encode
from wsdesk.viewmodel.saved_connections import ConnectionStore, SavedConnections, SecretStore
from wsdesk.viewmodel.variables import is_variable_name
from wsdesk.viewmodel.workspace_connections import WorkspaceConnectionStore

_TAB_SECRET = "wsdesk-tab:{tab}/{key}"
_VARIABLE_SECRET = "wsdesk-environment:{environment}/{name}"


@dataclasses.dataclass(slots=True)
class _TabState:
    """What the workspace keeps per tab besides its ConnectionViewModel."""

    id: str
    composer: ComposerViewModel
    secret_keys: tuple[str, ...] = ()  # options_codec keys now in the keyring


class _NoSecrets:
    """A SecretStore that keeps nothing (no keyring was given)."""

    available = False

    def get(self, key: str) -> str | None:
        return None

    def set(self, key: str, value: str) -> bool:
        return False

    def delete(self, key: str) -> None:
        return None


class WorkspaceViewModel:
    """The tabs of one window (each a ConnectionViewModel with its composer), the saved
    connections (``saved``, a SavedConnections) and the environments.

    With a ``path`` the workspace is loaded from that file (see workspace_file) and every
    change is saved to it atomically: the tabs with their titles, options and composer
    drafts, the current tab, saved connections, recent URLs, environments and the active
    one. Restored tabs are not connected. Secrets (secret variables, secret headers,
    passwords) go to ``secrets`` (a SecretStore such as the keyring) and never into the
    file; without a keyring they last for the session only and ``notice`` says so. A file
    that cannot be read is moved aside, never overwritten, and ``notice`` says where it
    went. When there is no file yet, ``legacy`` (the ConnectionStore of earlier versions)
    gives the saved connections and recent URLs, once; it is left as it was. A
    ``read_only`` workspace (wsdesk-cli's) never writes the file, and raises
    WorkspaceFileError for a file it cannot read instead of moving it aside.

    Signals: ``tabs_changed`` (tabs added, closed or moved), ``current_changed(tab)``,
    ``environments_changed`` (the list or the active one), ``notice_changed(text)``.
    Call :meth:`aclose` before exit.
    """

    tabs_changed = Signal()
    current_changed = Signal(object)
    environments_changed = Signal()
    notice_changed = Signal(object)

    def __init__(
        self,
        channel_factory: ChannelFactory,
        path: Path | str | None = None,
        secrets: SecretStore | None = None,
        *,
        legacy: ConnectionStore | None = None,
        transient_urls: Sequence[str] = (),
        read_only: bool = False,
    ) -> None:
        self._factory = channel_factory
        self._path = Path(path) if path is not None else None
        self._read_only = read_only
        self._secrets: SecretStore = secrets if secrets is not None else _NoSecrets()
        self._tabs: list[ConnectionViewModel] = []
        self._state: dict[ConnectionViewModel, _TabState] = {}
        self._current: ConnectionViewModel | None = None
        self._environments: list[Environment] = []
        self._active: str | None = None
        self._notices: dict[str, str] = {}
        self._loading = True
        self._document = self._load(legacy)
        self.saved = SavedConnections(
            WorkspaceConnectionStore(self._document, self._save),
            self._secrets,
            transient_urls=transient_urls,
        )
        self._restore()
        self._loading = False
        self._save()

    # -- tabs ---------------------------------------------------------------------------

    @property
    def tabs(self) -> tuple[ConnectionViewModel, ...]:
        """The open tabs, in order."""
        return tuple(self._tabs)

    @property
    def current(self) -> ConnectionViewModel | None:
        """The tab in front, or None when there is none."""
        return self._current

    @current.setter
    def current(self, tab: ConnectionViewModel | None) -> None:
        if tab is not None and tab not in self._state:
            raise ValueError("not a tab of this workspace")
        if tab is not self._current:
            self._set_current(tab)
            self._save()

    def _set_current(self, tab: ConnectionViewModel | None) -> None:
        self._current = tab
        self.current_changed.emit(tab)

    def composer(self, tab: ConnectionViewModel) -> ComposerViewModel:
        """The composer of ``tab`` (its draft is saved with the workspace)."""
        return self._state[tab].composer

    def new_tab(
        self, options: ConnectionOptions | None = None, title: str | None = None
    ) -> ConnectionViewModel:
        """Open a tab (not connected) after the others and make it current."""
        return self.add_tab(ConnectionViewModel(self._factory, options), title)

    def add_tab(self, tab: ConnectionViewModel, title: str | None = None) -> ConnectionViewModel:
        """Take ``tab`` (a ConnectionViewModel made elsewhere, e.g. by the app) as the last
        tab and make it current; ``title`` names it. The workspace closes it from now on."""
        self._adopt(tab, title, uuid.uuid4().hex[:12])
        self.tabs_changed.emit()
        self.current = tab  # a new tab is never current yet: this saves
        return tab

    def open_saved(self, name: str) -> ConnectionViewModel:
        """Open the saved connection ``name`` in a new tab titled ``name``.

        Raises KeyError for an unknown name and ValueError for unreadable data.
        """
        return self.new_tab(self.saved.open(name), title=name)

    def save_tab(self, tab: ConnectionViewModel, name: str | None = None) -> str:
        """Save ``tab``'s options as a saved connection (``name``, else its title); the
        name used. Raises ValueError for an empty name."""
        chosen = (name if name is not None else tab.title).strip()
        self.saved.save(chosen, tab.options)
        return chosen

    async def close_tab(self, tab: ConnectionViewModel) -> None:
        """Close ``tab``: a clean close (1000) if connected, then release everything it held.

        The tab stays until its connection has closed, so a view never shows it gone while
        it still changes; then the neighbour on the right (else the left) becomes current.
        Unknown tabs are ignored, and so is a second close of a closing tab.
        """
        if tab not in self._state:
            return
        await tab.disconnect.execute()
        await tab.aclose()
        if tab not in self._state:  # closed meanwhile by another call
            return
        index = self._tabs.index(tab)
        if self._current is tab:
            rest = self._tabs[:index] + self._tabs[index + 1 :]
            self._set_current(rest[min(index, len(rest) - 1)] if rest else None)
        self._tabs.remove(tab)
        state = self._state.pop(tab)
        for key in state.secret_keys:
            self._secrets.delete(_TAB_SECRET.format(tab=state.id, key=key))
        self.tabs_changed.emit()
        self._save()

    def move_tab(self, tab: ConnectionViewModel, index: int) -> None:
        """Put ``tab`` at ``index`` (clipped to the tabs' range)."""
        if tab not in self._state:
            raise ValueError("not a tab of this workspace")
        index = max(0, min(index, len(self._tabs) - 1))
        if self._tabs.index(tab) == index:
            return
        self._tabs.remove(tab)
        self._tabs.insert(index, tab)
        self.tabs_changed.emit()
        self._save()

    # -- environments -------------------------------------------------------------------

    @property
    def environments(self) -> tuple[Environment, ...]:
        """The environments, in the order they were added."""
        return tuple(self._environments)

    @property
    def active_environment(self) -> str | None:
        """The name of the environment whose variables fill ``{{name}}``, or None."""
        return self._active

    @active_environment.setter
    def active_environment(self, name: str | None) -> None:
        if name is not None and self._environment(name) is None:
            raise KeyError(name)
        if name != self._active:
            self._active = name
            self._apply_variables()
            self.environments_changed.emit()
            self._save()

    def environment(self, name: str) -> Environment:
        """The environment called ``name``. Raises KeyError."""
        found = self._environment(name)
        if found is None:
            raise KeyError(name)
        return found

    def set_environment(self, environment: Environment, previous_name: str | None = None) -> None:
        """Add ``environment``, or replace the one of its name (or ``previous_name``, to
        rename it). Its secret values go to the keyring only.

        Raises ValueError for an empty name, a variable name that ``{{...}}`` cannot
        use, or a name another environment has.
        """
        name = environment.name.strip()
        if not name:
            raise ValueError("Give the environment a name")
        for variable, _ in environment.variables:
            if not is_variable_name(variable):
                raise ValueError(
                    f"{variable!r} cannot be a variable name: use letters, digits, _ . -"
                    " and begin with a letter or _"
                )
        old = previous_name if previous_name is not None else name
        if old != name and self._environment(name) is not None:
            raise ValueError(f"There is already an environment called {name}")
        cleaned = Environment(name, environment.variables, environment.secret_names)
        existing = self._environment(old)
        if existing is not None:
            self._forget_variable_secrets(existing)
            self._environments[self._environments.index(existing)] = cleaned
        else:
            self._environments.append(cleaned)
        if self._active == old:
            self._active = name
        self._store_variable_secrets(cleaned)
        self._apply_variables()
        self.environments_changed.emit()
        self._save()

    def remove_environment(self, name: str) -> None:
        """Forget the environment ``name`` and its secrets (unknown names are ignored);
        if it was active, no environment is."""
        found = self._environment(name)
        if found is None:
            return
        self._environments.remove(found)
        self._forget_variable_secrets(found)
        if self._active == name:
            self._active = None
            self._apply_variables()
        self.environments_changed.emit()
        self._save()

    # -- notices and shutdown -----------------------------------------------------------

    @property
    def notice(self) -> str | None:
        """What the user should know about the workspace file or its secrets, or None."""
        return " ".join(self._notices.values()) or None

    @property
    def path(self) -> Path | None:
        """The workspace file, or None for a workspace kept in memory only."""
        return self._path

    def save(self) -> None:
        """Save now (the drafts too; other changes save themselves)."""
        self._save()

    async def aclose(self) -> None:
        """Save the workspace (drafts included), then close every tab's connection."""
        self._save()
        await asyncio.gather(*(tab.aclose() for tab in self._tabs))

    # -- internals ----------------------------------------------------------------------

    def _adopt(
        self,
        tab: ConnectionViewModel,
        title: str | None,
        tab_id: str,
        stored_keys: tuple[str, ...] | None = None,
    ) -> ConnectionViewModel:
        """Make ``tab`` the last tab. ``stored_keys``: its secrets' keys already in the
        keyring (a restored tab); None stores them now."""
        if title is not None:
            tab.title = title
        self._tabs.append(tab)
        self._state[tab] = _TabState(tab_id, ComposerViewModel(tab), stored_keys or ())
        if stored_keys is None:
            self._store_tab_secrets(tab)
        self._apply_variables_to(tab)
        tab.options_changed.connect(lambda _options: self._on_options(tab))
        tab.title_changed.connect(lambda _title: self._save())
        self.saved.follow(tab)
        return tab

    def _on_options(self, tab: ConnectionViewModel) -> None:
        self._store_tab_secrets(tab)
        self._save()

    def _environment(self, name: str) -> Environment | None:
        return next((e for e in self._environments if e.name == name), None)

    def _apply_variables(self) -> None:
        for tab in self._tabs:
            self._apply_variables_to(tab)

    def _apply_variables_to(self, tab: ConnectionViewModel) -> None:
        active = self._environment(self._active) if self._active is not None else None
        if active is None:
            tab.set_variables(None)
        else:
            tab.set_variables(active.values(), active.secret_names)

    def _set_notice(self, key: str, text: str | None) -> None:
        before = self.notice
        if text is None:
            self._notices.pop(key, None)
        else:
            self._notices[key] = text
        if self.notice != before:
            self.notice_changed.emit(self.notice)

    # -- secrets ------------------------------------------------------------------------

    def _store_variable_secrets(self, environment: Environment) -> None:
        lost = []
        for name, value in environment.variables:
            if name in environment.secret_names and value:
                key = _VARIABLE_SECRET.format(environment=environment.name, name=name)
                if not self._secrets.set(key, value):
                    lost.append(name)
        self._set_notice(
            f"variables:{environment.name}",
            f"Secret variables of {environment.name} ({', '.join(lost)}) are kept for this "
            "session only: no system keyring is available, and secrets never go to a file."
            if lost
            else None,
        )

    def _store_tab_secrets(self, tab: ConnectionViewModel) -> None:
        """Put ``tab``'s secrets in the keyring, and take out those its options dropped."""
        if self._read_only:
            return
        state = self._state[tab]
        secrets = encode(tab.options).secrets
        for key in set(state.secret_keys) - secrets.keys():
            self._secrets.delete(_TAB_SECRET.format(tab=state.id, key=key))
        for key, value in secrets.items():
            self._secrets.set(_TAB_SECRET.format(tab=state.id, key=key), value)
        state.secret_keys = tuple(secrets)

    def _forget_variable_secrets(self, environment: Environment) -> None:
        for name in environment.secret_names:
            self._secrets.delete(_VARIABLE_SECRET.format(environment=environment.name, name=name))

    # -- the file -----------------------------------------------------------------------

    def _load(self, legacy: ConnectionStore | None) -> dict[str, Any]:
        if self._path is None:
            return workspace_file.empty()
        if self._path.is_dir():
            if self._read_only:
                raise workspace_file.WorkspaceFileError("it is a directory")
            self._set_notice(
                "file", f"The workspace file {self._path} is a directory: changes are not saved."
            )
            self._path = None
            return workspace_file.empty()
        try:
            document = workspace_file.read(self._path)
        except workspace_file.WorkspaceFileError as exc:
            if self._read_only:
                raise
            self._path_broken(str(exc))
            return workspace_file.empty()
        if document is not None:
            return document
        document = workspace_file.empty()
        if legacy is not None:
            for name in legacy.names():
                data = legacy.load(name)
                if data is not None:
                    document["saved_connections"][name] = data
            document["recent_urls"] = legacy.recent_urls()
        return document

    def _path_broken(self, reason: str) -> None:
        assert self._path is not None
        try:
            moved = workspace_file.move_aside(self._path)
        except OSError as exc:
            # Not moved, so not overwritten either: this session keeps its changes in memory.
            self._set_notice(
                "file",
                f"The workspace file {self._path} could not be used: {reason}, and it could "
                f"not be moved aside ({exc.strerror or exc}). Changes are not saved.",
            )
            self._path = None
            return
        self._set_notice(
            "file",
            f"The workspace file could not be used: {reason}. It was kept as {moved}, "
            "and a new workspace was started.",
        )

    def _restore(self) -> None:
        document = self._document
        problems: list[str] = []
        for number, entry in enumerate(document["environments"], 1):
            try:
                environment = self._environment_from(entry)
            except (TypeError, ValueError, AttributeError) as exc:
                problems.append(f"environment {number}: {exc}")
                continue
            if self._environment(environment.name) is None:
                self._environments.append(environment)
        active = document["active_environment"]
        self._active = active if active and self._environment(active) is not None else None
        for number, entry in enumerate(document["tabs"], 1):
            try:
                tab_id, (options, keys), title = self._tab_from(entry)
            except (TypeError, ValueError, AttributeError, KeyError) as exc:
                problems.append(f"tab {number}: {exc}")
                continue
            tab = self._adopt(ConnectionViewModel(self._factory, options), title, tab_id, keys)
            _restore_draft(self._state[tab].composer, entry.get("draft"))
        if problems:
            self._keep_copy(problems)
        if self._tabs:
            index = document["current_tab"]
            self._current = self._tabs[index if 0 <= index < len(self._tabs) else 0]

    def _tab_from(
        self, entry: object
    ) -> tuple[str, tuple[ConnectionOptions, tuple[str, ...]], str | None]:
        """(id, (options, secret keys), title) of a tab entry. Raises ValueError or
        TypeError."""
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise ValueError("it has no id")
        title = entry.get("title")
        if title is not None and not isinstance(title, str):
            raise TypeError(f"its title is {title!r}")
        return entry["id"], self._options_from(entry.get("options", {}), entry["id"]), title

    def _keep_copy(self, problems: list[str]) -> None:
        """Keep the file as it was beside it: what could not be read is not lost."""
        assert self._path is not None
        where = ""
        if not self._read_only:
            try:
                where = f" The file as it was is kept as {workspace_file.keep_copy(self._path)}."
            except OSError as exc:
                where = f" (A copy could not be kept: {exc.strerror or exc}.)"
        self._set_notice(
            "parts", f"Parts of the workspace could not be read: {'; '.join(problems)}.{where}"
        )

    def _environment_from(self, entry: object) -> Environment:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise ValueError("it has no name")
        name = entry["name"]
        names = entry.get("secret_names", [])
        pairs = entry.get("variables", [])
        if not isinstance(names, list) or not isinstance(pairs, list):
            raise TypeError("its variables or secret names are not lists")
        secret_names = frozenset(str(n) for n in names)
        variables = []
        missing = []
        for pair in pairs:
            if not (isinstance(pair, list) and len(pair) == 2):
                raise TypeError(f"a variable is {pair!r}, not [name, value]")
            variable, value = str(pair[0]), str(pair[1])
            if variable in secret_names:
                stored = self._secrets.get(_VARIABLE_SECRET.format(environment=name, name=variable))
                if stored is None:
                    missing.append(variable)
                value = stored or ""
            variables.append((variable, value))
        if missing:
            self._set_notice(
                f"variables:{name}",
                f"Enter again: the secret variables {', '.join(missing)} of {name} (not saved).",
            )
        return Environment(name, tuple(variables), secret_names)

    def _options_from(self, data: object, tab_id: str) -> tuple[ConnectionOptions, tuple[str, ...]]:
        """The options and the keys of their secrets in the keyring. Raises ValueError
        (decode's) or TypeError for data of the wrong shape."""
        if not isinstance(data, dict):
            raise TypeError(f"its settings are {data!r}")
        keys = data.get("secret_keys", [])
        if not isinstance(keys, list):
            raise TypeError(f"its secret_keys are {keys!r}")
        secrets = {}
        for key in keys:
            value = self._secrets.get(_TAB_SECRET.format(tab=tab_id, key=str(key)))
            if value is not None:
                secrets[str(key)] = value
        return decode(data, secrets), tuple(str(key) for key in keys)

    def _save(self) -> None:
        if self._loading or self._read_only:
            return
        document = self._document
        document["tabs"] = [self._tab_entry(tab) for tab in self._tabs]
        current = self._current
        document["current_tab"] = self._tabs.index(current) if current in self._tabs else 0
        document["environments"] = [_environment_entry(e) for e in self._environments]
        document["active_environment"] = self._active
        if self._path is None:
            return
        try:
            workspace_file.write(self._path, document)
        except OSError as exc:
            self._set_notice(
                "save", f"The workspace could not be saved to {self._path}: {exc.strerror or exc}"
            )
        else:
            self._set_notice("save", None)

    def _tab_entry(self, tab: ConnectionViewModel) -> dict[str, Any]:
        state = self._state[tab]
        encoded = encode(tab.options)
        options = encoded.public
        options["secret_keys"] = list(encoded.secrets)
        draft = state.composer.draft
        return {
            "id": state.id,
            "title": tab.title if tab.has_own_title else None,
            "options": options,
            "draft": {
                "mode": draft.mode.value,
                "encoding": draft.encoding.value,
                "text": draft.text,
            },
        }


def _environment_entry(environment: Environment) -> dict[str, Any]:
    secret = environment.secret_names
    return {
        "name": environment.name,
        # A secret's value is in the keyring; the file keeps its place in the table.
        "variables": [[n, "" if n in secret else v] for n, v in environment.variables],
        "secret_names": sorted(secret),
    }


def _restore_draft(composer: ComposerViewModel, draft: object) -> None:
    if not isinstance(draft, dict):
        return
    modes = {mode.value: mode for mode in ComposerMode}
    encodings = {encoding.value: encoding for encoding in BinaryEncoding}
    composer.mode = modes.get(str(draft.get("mode")), ComposerMode.TEXT)
    composer.encoding = encodings.get(str(draft.get("encoding")), BinaryEncoding.HEX)
    text = draft.get("text")
    composer.text = text if isinstance(text, str) else ""

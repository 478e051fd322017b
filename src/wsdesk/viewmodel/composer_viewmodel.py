"""ComposerViewModel: what the user is about to send, checked before it is sent."""

from __future__ import annotations

from psygnal import Signal

from wsdesk.core.payload import (
    PayloadError,
    minify_json,
    parse_base64,
    parse_hex,
    parse_json,
    pretty_json,
)
from wsdesk.models import format_size
from wsdesk.viewmodel.composer_modes import BinaryEncoding, ComposerMode
from wsdesk.viewmodel.connection_viewmodel import ConnectionViewModel
from wsdesk.viewmodel.send_history import Draft, SendHistory
from wsdesk.viewmodel.variables import UnknownVariableError


class ComposerViewModel:
    """The composer's text, mode and binary encoding, bound to a ConnectionViewModel.

    ``error`` is the plain-language reason the text cannot be sent in its mode (or
    None); ``info`` is what would be sent, e.g. ``4 bytes`` in Binary mode or
    ``valid JSON, 12 B``. :meth:`submit` sends the text (a ``str`` for Text and JSON,
    ``bytes`` for Binary) through the connection's ``send`` command; invalid input only
    sets ``error`` and nothing is sent. An empty text or binary message is legal
    (RFC 6455 section 5.6). :meth:`recall_older` and :meth:`recall_newer` browse the
    last 100 sends when the editor is empty or still holds the recalled draft. Each
    property has a ``*_changed`` psygnal signal.
    """

    text_changed = Signal(str)
    mode_changed = Signal(object)
    encoding_changed = Signal(object)
    error_changed = Signal(object)
    info_changed = Signal(str)

    def __init__(self, connection: ConnectionViewModel, history: SendHistory | None = None) -> None:
        self._connection = connection
        self.history = history if history is not None else SendHistory()
        self._text = ""
        self._mode = ComposerMode.TEXT
        self._encoding = BinaryEncoding.HEX
        self._error: str | None = None
        self._info = ""
        self._recalled: Draft | None = None
        connection.variables_changed.connect(self._update_info)  # JSON validity may change
        self._update_info()

    # -- state --------------------------------------------------------------------------

    @property
    def draft(self) -> Draft:
        return Draft(self._mode, self._encoding, self._text)

    @property
    def text(self) -> str:
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        if value == self._text:
            return
        self._text = value
        self.text_changed.emit(value)
        self._set_error(None)
        self._update_info()

    @property
    def mode(self) -> ComposerMode:
        return self._mode

    @mode.setter
    def mode(self, value: ComposerMode) -> None:
        if value is self._mode:
            return
        self._mode = value
        self.mode_changed.emit(value)
        self._set_error(None)
        self._update_info()

    @property
    def encoding(self) -> BinaryEncoding:
        """How Binary mode reads the text: hex digits or base64."""
        return self._encoding

    @encoding.setter
    def encoding(self, value: BinaryEncoding) -> None:
        if value is self._encoding:
            return
        self._encoding = value
        self.encoding_changed.emit(value)
        self._set_error(None)
        self._update_info()

    @property
    def error(self) -> str | None:
        return self._error

    @property
    def info(self) -> str:
        """The size of what would be sent (``4 B``), or why it cannot be parsed yet."""
        return self._info

    # -- parsing ------------------------------------------------------------------------

    def payload(self) -> str | bytes:
        """The message the current text makes in the current mode.

        Raises PayloadError (invalid JSON with line and column, a bad hex digit, bad
        base64, a ``{{name}}`` the variables lack) with a message for the user. Text and
        JSON are returned as typed: the connection fills the variables as it sends.
        """
        if self._mode is ComposerMode.JSON:
            parse_json(self._filled())  # ``{"n": {{count}}}`` is JSON once filled
            return self._text
        if self._mode is ComposerMode.TEXT:
            self._filled()
            return self._text
        if self._mode is ComposerMode.BINARY:
            if self._encoding is BinaryEncoding.BASE64:
                return parse_base64(self._text)
            return parse_hex(self._text)
        return self._text

    def _filled(self) -> str:
        """The text with the connection's variables filled in (what will be sent).

        Raises PayloadError naming a ``{{name}}`` the variables lack.
        """
        try:
            return self._connection.fill_variables(self._text)
        except UnknownVariableError as exc:
            raise PayloadError(str(exc)) from None

    def format_json(self, *, pretty: bool) -> bool:
        """Re-indent (``pretty``) or minify the text in place; False and ``error`` if invalid."""
        try:
            formatted = pretty_json(self._text) if pretty else minify_json(self._text)
        except PayloadError as exc:
            self._set_error(str(exc))
            return False
        self.text = formatted
        return True

    # -- sending ------------------------------------------------------------------------

    @property
    def can_send(self) -> bool:
        return self._connection.send.can_execute

    def submit(self) -> bool:
        """Send the text in its mode; True if a send started.

        On invalid input ``error`` says why, the text stays, and nothing is sent. A
        successful submit records the draft in the history and empties the editor.
        """
        if not self.can_send:
            return False
        try:
            payload = self.payload()
        except PayloadError as exc:
            self._set_error(str(exc))
            return False
        self.history.record(self.draft)
        self._recalled = None
        self.text = ""
        self._connection.send.start(payload)
        return True

    def send_file(self, data: bytes, *, as_text: bool = False) -> bool:
        """Send a file's ``data`` as one binary message, or as text when ``as_text``.

        As text the bytes must be UTF-8; otherwise ``error`` names the first bad byte's
        offset and nothing is sent. Returns True if a send started.
        """
        if not self.can_send:
            return False
        payload: str | bytes = data
        if as_text:
            try:
                payload = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                self._set_error(
                    f"the file is not UTF-8 text (byte {data[exc.start]:02x} at offset "
                    f"{exc.start}); send it as binary"
                )
                return False
        self._set_error(None)
        self._connection.send.start(payload)
        return True

    # -- history ------------------------------------------------------------------------

    def recall_older(self) -> bool:
        """Show the previous send if the editor is empty or unchanged; True if shown."""
        if not self._may_browse():
            return False
        draft = self.history.older()
        if draft is None:
            return False
        self._show(draft)
        return True

    def recall_newer(self) -> bool:
        """Show the next send (or an empty editor after the newest); True if changed."""
        if not self._may_browse() or not self.history.browsing:
            return False
        draft = self.history.newer()
        self._show(draft if draft is not None else Draft(self._mode, self._encoding, ""))
        if draft is None:
            self._recalled = None
        return True

    def _may_browse(self) -> bool:
        if self._recalled is not None and self.draft == self._recalled:
            return True
        if self._text == "":
            self.history.reset()
            self._recalled = None
            return True
        return False

    def _show(self, draft: Draft) -> None:
        self._recalled = draft
        self.mode = draft.mode
        self.encoding = draft.encoding
        self.text = draft.text

    # -- helpers ------------------------------------------------------------------------

    def _set_error(self, error: str | None) -> None:
        if error != self._error:
            self._error = error
            self.error_changed.emit(error)

    def _update_info(self) -> None:
        info = self._describe()
        if info != self._info:
            self._info = info
            self.info_changed.emit(info)

    def _describe(self) -> str:
        if self._mode is ComposerMode.JSON:
            try:
                parse_json(self._filled())
            except PayloadError:
                return "not valid JSON yet"
            return f"valid JSON, {format_size(len(self._text.encode('utf-8', 'surrogatepass')))}"
        if self._mode is ComposerMode.TEXT:
            size = len(self._text.encode("utf-8", "surrogatepass"))
            return "empty text message" if size == 0 else format_size(size)
        try:
            data = self.payload()
        except PayloadError:
            return f"not valid {self._encoding.value} yet"
        count = len(data)
        return f"{count} byte{'' if count == 1 else 's'}"

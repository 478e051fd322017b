"""Qt-free view-models: observable state and commands that any view can bind to."""

from wsdesk.viewmodel.connection_viewmodel import ConnectionViewModel
from wsdesk.viewmodel.message_log import MessageLog

__all__ = ["ConnectionViewModel", "MessageLog"]

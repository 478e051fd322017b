"""wsdesk: a desktop WebSocket client."""

__version__ = "0.1.0"

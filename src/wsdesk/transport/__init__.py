"""The transport layer: the WebSocketChannel Protocol and its implementations.

Import the real channel from ``wsdesk.transport.aiohttp_channel``; this package does not
import it, so that the view-model can depend on the Protocol alone.
"""

"""The embedded echo and playground server of the window: started at once when wsdesk
opens without a URL, else on first use (the Playground menu), and stopped at exit."""

from __future__ import annotations

import asyncio

from wsdesk.server import echo


class EmbeddedServer:
    """One ``wsdesk.server.echo`` server on 127.0.0.1 (an ephemeral port), started lazily."""

    def __init__(self) -> None:
        self._server: echo.EchoServer | None = None
        self._starting = asyncio.Lock()

    @property
    def running_url(self) -> str | None:
        """Its ``ws://127.0.0.1:PORT/`` URL once started, else None."""
        return self._server.url if self._server is not None else None

    async def url(self) -> str:
        """Its URL, starting it first if it is not running. Raises OSError if it cannot
        listen."""
        async with self._starting:
            if self._server is None:
                self._server = await echo.start()
            return self._server.url

    async def stop(self) -> None:
        """Stop it if it runs (every connection to it is closed with 1001)."""
        server, self._server = self._server, None
        if server is not None:
            await server.stop()

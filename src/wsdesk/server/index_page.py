"""The page a plain HTTP GET of the playground shows: every route, with an example URL."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from wsdesk.server.playground import Route


def render_index(request: web.Request, routes: Sequence[Route], *, found: bool) -> web.Response:
    """An HTML page listing ``routes`` with ws:// examples on this server's host.

    ``found`` False makes it a 404 (a plain GET of a path that only speaks WebSocket).
    """
    # A Host header that is not ASCII (aiohttp keeps stray bytes as surrogates) is shown
    # escaped rather than failing the page.
    host = html.escape(request.host.encode("ascii", "backslashreplace").decode("ascii"))
    rows = "\n".join(
        f"<tr><td><code>{html.escape(route.path.replace('{tail:.*}', ''))}</code></td>"
        f"<td>{html.escape(route.summary)}</td>"
        f"<td><code>ws://{host}{html.escape(route.example)}</code></td></tr>"
        for route in routes
    )
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>wsdesk playground</title></head>
<body>
<h1>wsdesk playground</h1>
<p>A WebSocket server that misbehaves on request. Connect a client to one of these
routes (in wsdesk: the Playground menu, or paste a URL). Every route answers a close
frame with the client's own close code and reason.</p>
<table border="1" cellpadding="4">
<tr><th>route</th><th>what it does</th><th>example</th></tr>
{rows}
</table>
</body></html>
"""
    return web.Response(text=page, content_type="text/html", status=200 if found else 404)

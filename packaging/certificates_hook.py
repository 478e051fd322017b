"""PyInstaller runtime hook: TLS trusts the system's certificate store when the bundled
OpenSSL finds one where it was built to look, else the bundled certifi store."""

import os
import ssl
import sys

_paths = ssl.get_default_verify_paths()
_system = any(p and os.path.exists(p) for p in (_paths.cafile, _paths.capath))
if not _system and "SSL_CERT_FILE" not in os.environ:
    _bundled = os.path.join(getattr(sys, "_MEIPASS", ""), "certifi", "cacert.pem")
    if os.path.exists(_bundled):
        os.environ["SSL_CERT_FILE"] = _bundled

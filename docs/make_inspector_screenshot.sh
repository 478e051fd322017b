#!/usr/bin/env bash
# Re-makes docs/inspector.png, -tls.png and -charts.png: the real window under Xvfb
# connected over wss:// to a local echo server with a certificate made on the spot
# (trusted through SSL_CERT_FILE), after a JSON message, with Connection > Inspect
# Connection… open on its Handshake tab, then its TLS tab, then its Charts tab after four
# pings.
# Needs Debian's xvfb, xdotool and imagemagick, and what make_screenshot.sh needs.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/inspector.png
display=:${SCREENSHOT_DISPLAY:-97}
work=$(mktemp -d)
port=${SCREENSHOT_PORT:-8443}
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
"${PYTHON:-python}" - "$work" "$port" <<'PY' &
import asyncio, datetime, ipaddress, ssl, sys
from pathlib import Path
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from wsdesk.server.echo import create_app

folder, port = Path(sys.argv[1]), int(sys.argv[2])
key = ec.generate_private_key(ec.SECP256R1())
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
now = datetime.datetime.now(datetime.UTC)
cert = (
    x509.CertificateBuilder().subject_name(name).issuer_name(name)
    .public_key(key.public_key()).serial_number(x509.random_serial_number())
    .not_valid_before(now - datetime.timedelta(days=1))
    .not_valid_after(now + datetime.timedelta(days=90))
    .add_extension(x509.SubjectAlternativeName(
        [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
        critical=False)
    .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
    .sign(key, hashes.SHA256())
)
(folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
(folder / "key.pem").write_bytes(key.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
web.run_app(create_app(), host="127.0.0.1", port=port, ssl_context=context, print=None)
PY
server=$!
trap 'kill $xvfb $server 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 3
export DISPLAY=$display XDG_CONFIG_HOME=$work/config SSL_CERT_FILE=$work/cert.pem
unset QT_QPA_PLATFORM
"${WSDESK:-wsdesk}" "wss://localhost:$port/feed?room=7" &
app=$!
sleep 3
wid=$(xdotool search --sync --onlyvisible --name 'wsdesk$' | head -1)
xdotool windowactivate --sync "$wid" >/dev/null 2>&1 || true
xdotool windowsize "$wid" 1200 760
sleep 0.5
xdotool type --delay 20 '{"op": "subscribe", "topic": "prices"}'
xdotool key Return
sleep 1
for _ in 1 2 3 4; do  # Connection > Send Ping, for the round-trip chart
  xdotool mousemove --window "$wid" 151 8 click 1
  sleep 0.5
  xdotool key p
  sleep 1.2
done
# Connection > Inspect Connection… by its menu accelerator (Xvfb has no window manager,
# so the window is never active and its shortcuts do not fire).
xdotool mousemove --window "$wid" 151 8 click 1
sleep 0.7
xdotool key i
sleep 1.5
inspector=$(xdotool search --sync --onlyvisible --name 'Inspect connection' | head -1)
import -window "$inspector" "$out"
xdotool mousemove --window "$inspector" 128 22 click 1
sleep 0.7
import -window "$inspector" "${out%.png}-tls.png"
xdotool mousemove --window "$inspector" 185 22 click 1
sleep 1.2
import -window "$inspector" "${out%.png}-charts.png"
kill -INT "$app"
wait "$app"
echo "wrote $out, ${out%.png}-tls.png and ${out%.png}-charts.png"

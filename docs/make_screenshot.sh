#!/usr/bin/env bash
# Re-makes docs/screenshot.png: the real window under Xvfb with a workspace of three tabs,
# two saved connections and an environment, on the embedded echo server, after typing
# "Hello!" and a JSON message, the JSON shown in the detail pane.
# Needs Debian's xvfb, xdotool and imagemagick (and libxcb-cursor0 for Qt).
# SCREENSHOT_THEME=dark makes docs/screenshot-dark.png in the dark theme instead.
set -euo pipefail
cd "$(dirname "$0")/.."
theme=${SCREENSHOT_THEME:-light}
out=docs/screenshot.png
[ "$theme" = light ] || out=docs/screenshot-$theme.png
display=:${SCREENSHOT_DISPLAY:-98}
config=$(mktemp -d)
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$config"' EXIT
sleep 2
export DISPLAY=$display XDG_CONFIG_HOME=$config
unset QT_QPA_PLATFORM
mkdir -p "$config/wsdesk"
printf '[appearance]\ntheme=%s\n' "$theme" > "$config/wsdesk/wsdesk.ini"
"${PYTHON:-python}" - "$config/wsdesk/workspace.json" <<'PY'
import asyncio, sys
from wsdesk.models import ConnectionOptions, Environment
from wsdesk.testing import FakeChannelFactory
from wsdesk.viewmodel.workspace_viewmodel import WorkspaceViewModel

async def main() -> None:
    ws = WorkspaceViewModel(FakeChannelFactory(), sys.argv[1])
    ws.set_environment(Environment("staging", (("host", "127.0.0.1:8765"),)))
    ws.active_environment = "staging"
    ws.new_tab(ConnectionOptions(url="ws://{{host}}/prices"), title="prices")
    ws.new_tab(ConnectionOptions(url="ws://{{host}}/chat"), title="chat")
    for name in ("prices (staging)", "chat (staging)"):
        ws.saved.save(name, ConnectionOptions(url="ws://{{host}}/" + name.split()[0]))
    await ws.aclose()

asyncio.run(main())
PY
"${WSDESK:-wsdesk}" &
app=$!
sleep 3
wid=$(xdotool search --sync --onlyvisible --name 'wsdesk$' | head -1)
xdotool windowactivate --sync "$wid" >/dev/null 2>&1 || true
xdotool windowsize "$wid" 1200 760
sleep 0.5
xdotool type --delay 40 'Hello!'
xdotool key Return
sleep 0.4
xdotool type --delay 20 '{"op": "subscribe", "topic": "prices"}'
xdotool key Return
sleep 2
import -window "$wid" "$out"
kill -INT "$app"
wait "$app"
echo "wrote $out"

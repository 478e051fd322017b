#!/usr/bin/env bash
# Re-makes docs/screenshot.png: the real window under Xvfb, on the embedded echo server,
# after typing "Hello!" and Enter, then a JSON message shown in the detail pane. Needs Debian's xvfb, xdotool and imagemagick.
# Usage: docs/make_screenshot.sh [extra keystrokes script]
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/screenshot.png
display=:97
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
export DISPLAY=$display
unset QT_QPA_PLATFORM
"${WSDESK:-wsdesk}" &
app=$!
sleep 3
wid=$(xdotool search --sync --onlyvisible --name '^wsdesk' | head -1)
xdotool windowactivate --sync "$wid" >/dev/null 2>&1 || true
xdotool type --delay 40 'Hello!'
xdotool key Return
sleep 0.4
xdotool type --delay 20 '{"op": "subscribe", "topic": "prices"}'
xdotool key Return
sleep 1
# Select the echoed JSON and show it in the detail pane's JSON tab.
xdotool mousemove --window "$wid" 300 180 click 1
sleep 0.3
xdotool mousemove --window "$wid" 84 379 click 1
xdotool mousemove --window "$wid" 450 620
sleep 0.5
import -window "$wid" "$out"
kill -INT "$app"
wait "$app"
echo "wrote $out"

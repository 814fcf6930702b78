#!/usr/bin/env bash
# Prints how long the room board takes to show 1,000 rooms in headless Chromium,
# against a plain JavaScript grid that fetches and draws the same rows in the same run
# (budget: at most 1.3 times the plain grid). Release build of the app, debug server.
# Usage: scripts/bench/room-board-render.sh [--no-build]
exec "$(dirname "$0")/board-render.sh" --rooms "$@"

#!/usr/bin/env bash
# Plays a day of the hotel's PMS against Bellhop's feed (POST /api/pms/events): the
# morning's arrivals and departures, the check-outs, a room move, then the check-ins,
# one event at a time as a PMS sends them. For demos and tests.
#
#   BELLHOP_PMS_TOKEN=bhp_… scripts/pms/play-day.sh [base url] [day]
#
# The token is one an admin issued (POST /api/pms/tokens). The base url defaults to
# http://127.0.0.1:8080, the day to today (UTC). Event ids are made of the day and the
# room, so playing the same day again replays the same events and changes nothing.
# Rooms: the demo hotel's (floors 9–12, rooms 01–10); set DEPARTURES, ARRIVALS and
# MOVE ("from:to") to play another hotel's.
set -euo pipefail

base="${1:-http://127.0.0.1:8080}"
day="${2:-$(date -u +%F)}"
token="${BELLHOP_PMS_TOKEN:?set BELLHOP_PMS_TOKEN to a PMS token an admin issued}"
departures="${DEPARTURES:-902 905 910 1001 1007 1009 1108 1202}"
arrivals="${ARRIVALS:-904 907 1003 1006 1102}"
move="${MOVE:-908:1204}"
pause="${PAUSE:-0.2}"

# Sends one event; prints what it did to each room, or the refusal.
send() {
    local body="$1" answer status
    answer="$(curl -sS -w '\n%{http_code}' -X POST "$base/api/pms/events" \
        -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data "$body")"
    status="${answer##*$'\n'}"
    answer="${answer%$'\n'*}"
    printf '%s %s\n    → %s\n' "$status" "$body" "$answer"
    [[ "$status" == 200 ]] || return 1
    sleep "$pause"
}

list() {
    local out="" room
    for room in $1; do out+="${out:+,}\"$room\""; done
    printf '[%s]' "$out"
}

echo "Playing $day against $base"
send "{\"event_id\":\"day-$day\",\"type\":\"day_list\",\"arrivals\":$(list "$arrivals"),\"departures\":$(list "$departures")}"
for room in $departures; do
    send "{\"event_id\":\"out-$day-$room\",\"type\":\"check_out\",\"room\":\"$room\"}"
done
if [[ -n "$move" ]]; then
    send "{\"event_id\":\"move-$day-${move%%:*}\",\"type\":\"room_move\",\"from_room\":\"${move%%:*}\",\"to_room\":\"${move##*:}\"}"
fi
for room in $arrivals; do
    send "{\"event_id\":\"in-$day-$room\",\"type\":\"check_in\",\"room\":\"$room\"}"
done
echo "Done: the board shows the departures dirty and the arrivals occupied."

#!/bin/sh
# test-eventsource-curl.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Push to a client that is not GLib: curl signs in, reads the EventSource
# stream with -N, and must see a state event naming the new Case state after a
# write made with curl. Also: no token means 401 on both push endpoints, and
# closeafter=state ends the stream after one event. The server is the real
# binary (FRONTLINE_SERVER) on a free loopback port with its own database.
# Exit status 0 on success; the first failure says what failed.

set -eu

: "${FRONTLINE_SERVER:?set FRONTLINE_SERVER to the frontline-server binary}"

dir=$(mktemp -d "${TMPDIR:-/tmp}/frontline-eventsource-curl-XXXXXX")
server_pid=""
stream_pid=""
once_pid=""

cleanup ()
{
  for pid in $stream_pid $once_pid; do
    kill "$pid" 2>/dev/null || true
  done
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail ()
{
  echo "FAIL: $*" >&2
  if [ -f "$dir/server.err" ]; then
    echo "--- server log:" >&2
    tail -n 30 "$dir/server.err" >&2
  fi
  exit 1
}

# wait_for FILE PATTERN SECONDS: until a line of FILE matches PATTERN.
wait_for ()
{
  tries=$(( $3 * 10 ))
  while ! grep -q -- "$2" "$1" 2>/dev/null; do
    tries=$(( tries - 1 ))
    [ "$tries" -gt 0 ] || return 1
    kill -0 "$server_pid" 2>/dev/null || fail "the server exited"
    sleep 0.1
  done
}

"$FRONTLINE_SERVER" --demo --db "$dir/frontline.db" --listen 127.0.0.1:0 \
  >"$dir/server.out" 2>"$dir/server.err" &
server_pid=$!
wait_for "$dir/server.out" "^Frontline server listening on " 120 || fail "the server did not start"
url=$(sed -n 's/^Frontline server listening on //p' "$dir/server.out")
echo "server at $url"

http () { curl -sS --max-time 10 "$@"; }

token=$(http -X POST -H 'Content-Type: application/json' \
          -d '{"login": "agent", "password": "frontline-demo"}' "$url/auth/login" \
        | sed -n 's/.*"token" *: *"\([0-9a-f]*\)".*/\1/p')
[ -n "$token" ] || fail "could not sign in as agent"

api ()
{
  http -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$1" "$url/jmap/api"
}
using='["urn:ietf:params:jmap:core", "https://frontlinedesk.github.io/jmap/support"]'

# Creates a case and prints Case's new state.
create_case ()
{
  api '{"using": '"$using"', "methodCalls": [["Case/set", {"accountId": "org", "create": {"k":
         {"customerId": "'"$customer"'", "subject": "'"$1"'"}}}, "s"]]}' \
    | sed -n 's/.*"newState" *: *"\([0-9]*\)".*/\1/p'
}

# --- Without a token: 401, for the stream and for the WebSocket upgrade ---
code=$(http -o /dev/null -w '%{http_code}' "$url/jmap/eventsource?types=*&closeafter=no&ping=0")
[ "$code" = 401 ] || fail "EventSource without a token answered $code, not 401"
code=$(http -o /dev/null -w '%{http_code}' \
         -H 'Connection: Upgrade' -H 'Upgrade: websocket' -H 'Sec-WebSocket-Version: 13' \
         -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' -H 'Sec-WebSocket-Protocol: jmap' \
         "$url/jmap/ws")
[ "$code" = 401 ] || fail "the WebSocket upgrade without a token answered $code, not 401"
echo "ok - no token, no push (401)"

customer=$(api '{"using": '"$using"', "methodCalls": [["Customer/query", {"accountId": "org",
                 "filter": {"phone": "+1 555 0100"}}, "q"]]}' \
           | sed -n 's/.*"ids" *: *\[ *"\([^"]*\)".*/\1/p')
[ -n "$customer" ] || fail "could not find the showcase customer"

# --- The stream: the current state at once, then the write's ---
curl -sN --max-time 60 -H "Authorization: Bearer $token" \
  "$url/jmap/eventsource?types=*&closeafter=no&ping=0" >"$dir/stream" &
stream_pid=$!
wait_for "$dir/stream" '^event: state' 10 || fail "no state event when the stream opened"
grep -q '^data: {"@type":"StateChange","changed":{"org":{' "$dir/stream" \
  || fail "the first event is not a StateChange: $(cat "$dir/stream")"

state=$(create_case "Printer prints only blank pages")
[ -n "$state" ] || fail "Case/set did not answer a new state"
wait_for "$dir/stream" "^data: .*\"Case\":\"$state\"" 5 \
  || fail "no state event with Case at $state; the stream has: $(cat "$dir/stream")"
[ "$(grep -c '^event: state' "$dir/stream")" -ge 2 ] || fail "the change did not come as a state event"
echo "ok - curl -N sees Case at $state"

# --- closeafter=state: one event, then the stream ends by itself ---
curl -sN --max-time 30 -D "$dir/once.headers" -H "Authorization: Bearer $token" \
  "$url/jmap/eventsource?types=Case&closeafter=state&ping=0" >"$dir/once" &
once_pid=$!
wait_for "$dir/once.headers" '^HTTP/1.1 200' 10 || fail "closeafter=state: no 200"
grep -qi '^content-type: text/event-stream' "$dir/once.headers" || fail "closeafter=state: not text/event-stream"
state=$(create_case "Scanner jams on the second page")
status=0
wait "$once_pid" || status=$?
once_pid=""
[ "$status" -eq 0 ] || fail "closeafter=state: curl ended with status $status (28 means the stream never ended)"
grep -q "^data: .*\"Case\":\"$state\"" "$dir/once" || fail "closeafter=state: no event with Case at $state"
[ "$(grep -c '^event: ' "$dir/once")" -eq 1 ] || fail "closeafter=state: more than one event"
echo "ok - closeafter=state ends the stream after one event"

#!/bin/bash
# tests/server/test-curl.sh — frontline-server with a client that is not GLib
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts the real server (--demo, any free port) and talks to it with curl
# only, reading its JSON with the system's python3: health check, sign-in, the
# session resource, a JMAP request that creates a case and reads it back,
# sign-out (after which the token is refused), and malformed JSON.
set -euo pipefail

server=${FRONTLINE_SERVER:?FRONTLINE_SERVER names the frontline-server binary}
py=/usr/bin/python3
using='["urn:ietf:params:jmap:core", "https://frontlinedesk.github.io/jmap/support"]'

tmp=$(mktemp -d "${TMPDIR:-/tmp}/frontline-curl-test-XXXXXX")
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
  echo "not ok - $*" >&2
  echo "--- server log" >&2
  cat "$tmp/log" >&2 || true
  exit 1
}

pass() {
  echo "ok - $*"
}

# request METHOD PATH [TOKEN] [BODY]: the status in $status, the body in $tmp/body.
request() {
  local args=(--silent --show-error --max-time 10 -X "$1" -o "$tmp/body" -w '%{http_code}')

  if [ -n "${3:-}" ]; then
    args+=(-H "Authorization: Bearer $3")
  fi
  if [ -n "${4:-}" ]; then
    args+=(-H 'Content-Type: application/json' --data-binary "$4")
  fi
  status=$(curl "${args[@]}" "$url$2")
}

# json EXPRESSION: evaluates a Python expression on the last body, parsed as d.
json() {
  "$py" -c "import json, sys; d = json.load(open(sys.argv[1], encoding='utf-8')); print($1)" "$tmp/body"
}

expect_status() {
  if [ "$status" != "$1" ]; then
    fail "$2: HTTP $status, expected $1: $(cat "$tmp/body")"
  fi
}

login() {
  request POST /auth/login "" '{"login": "agent", "password": "frontline-demo"}'
  expect_status 200 "sign-in"
  json 'd["token"]'
}

# --- The server ------------------------------------------------------------

"$server" --demo --db "$tmp/frontline.db" --listen 127.0.0.1:0 >"$tmp/out" 2>"$tmp/log" &
server_pid=$!
for _ in $(seq 1 300); do
  if grep -q '^Frontline server listening on ' "$tmp/out" 2>/dev/null; then
    break
  fi
  kill -0 "$server_pid" 2>/dev/null || fail "the server exited at start"
  sleep 0.1
done
url=$(sed -n '1s/^Frontline server listening on //p' "$tmp/out")
case "$url" in
  http://127.0.0.1:*) pass "listening on $url" ;;
  *) fail "no URL on the first line of stdout: $(cat "$tmp/out")" ;;
esac

# --- Health check ----------------------------------------------------------

request GET /healthz
expect_status 200 "/healthz"
[ "$(cat "$tmp/body")" = "ok" ] || fail "/healthz said $(cat "$tmp/body")"
pass "/healthz"

# --- Sign-in and the session resource --------------------------------------

token=$(login)
[ "${#token}" -ge 32 ] || fail "a token of ${#token} characters"
pass "sign-in"

request GET /.well-known/jmap "$token"
expect_status 200 "session resource"
[ "$(json 'd["apiUrl"]')" = "$url/jmap/api" ] || fail "apiUrl is $(json 'd["apiUrl"]')"
[ "$(json '"urn:ietf:params:jmap:core" in d["capabilities"]')" = True ] || fail "no core capability"
[ "$(json 'd["primaryAccounts"]["https://frontlinedesk.github.io/jmap/support"]')" = org ] || fail "no account"
[ "$(json 'd["username"]')" = agent ] || fail "username $(json 'd["username"]')"
pass "session resource"

# --- JMAP: create a case and read it back -----------------------------------

request POST /jmap/api "$token" "{\"using\": $using, \"methodCalls\": [
  [\"Customer/query\", {\"accountId\": \"org\", \"filter\": {\"phone\": \"+1 555 0100\"}}, \"c\"]]}"
expect_status 200 "Customer/query"
customer=$(json 'd["methodResponses"][0][1]["ids"][0]')

request POST /jmap/api "$token" "{\"using\": $using, \"methodCalls\": [
  [\"Case/set\", {\"accountId\": \"org\", \"create\": {\"k\": {\"customerId\": \"$customer\",
    \"subject\": \"Curl says the dock hums\"}}}, \"s\"],
  [\"Case/get\", {\"accountId\": \"org\", \"ids\": [\"#k\"], \"properties\": [\"subject\", \"customerId\"]}, \"g\"]],
  \"createdIds\": {}}"
expect_status 200 "Case/set"
[ "$(json 'd["methodResponses"][0][0]')" = "Case/set" ] || fail "Case/set answered $(cat "$tmp/body")"
case_id=$(json 'd["methodResponses"][0][1]["created"]["k"]["id"]')
[ "$(json 'd["createdIds"]["k"]')" = "$case_id" ] || fail "createdIds does not map k"
[ "$(json 'd["methodResponses"][1][1]["list"][0]["subject"]')" = "Curl says the dock hums" ] || fail "not read back"

request POST /jmap/api "$token" "{\"using\": $using, \"methodCalls\": [
  [\"Case/get\", {\"accountId\": \"org\", \"ids\": [\"$case_id\"]}, \"g\"]]}"
expect_status 200 "Case/get"
[ "$(json 'd["methodResponses"][0][1]["list"][0]["id"]')" = "$case_id" ] || fail "Case/get lost the case"
[ "$(json 'd["methodResponses"][0][1]["list"][0]["customerId"]')" = "$customer" ] || fail "wrong customer"
[ "$(json 'd["methodResponses"][0][1]["list"][0]["subject"]')" = "Curl says the dock hums" ] || fail "wrong subject"
pass "a case created and read back"

# --- Sign-out: the token is refused afterwards ----------------------------

request POST /auth/logout "$token"
expect_status 204 "sign-out"
request GET /.well-known/jmap "$token"
expect_status 401 "session resource after sign-out"
[ "$(json 'd["type"]')" = unauthorized ] || fail "401 without a JSON type: $(cat "$tmp/body")"
request POST /jmap/api "$token" "{\"using\": $using, \"methodCalls\": []}"
expect_status 401 "API after sign-out"
pass "the token is refused after sign-out"

# --- Malformed JSON ----------------------------------------------------------

request POST /auth/login "" '{"login": "agent", "password": '
expect_status 400 "malformed sign-in"
[ "$(json 'd["type"].endswith("notJSON")')" = True ] || fail "malformed sign-in: $(cat "$tmp/body")"

token=$(login)
request POST /jmap/api "$token" '{"using": ["urn:ietf:params:jmap:core"], "methodCalls": [['
expect_status 400 "malformed API request"
[ "$(json 'd["type"].endswith("notJSON")')" = True ] || fail "malformed request: $(cat "$tmp/body")"
[ -n "$(json 'd["detail"]')" ] || fail "no detail for a person"
pass "malformed JSON is a 400 with a JSON problem"

# --- SIGTERM: a clean exit -------------------------------------------------

kill -TERM "$server_pid"
exit_status=0
wait "$server_pid" || exit_status=$?
server_pid=
[ "$exit_status" = 0 ] || fail "the server exited with $exit_status after SIGTERM"
pass "clean exit on SIGTERM"

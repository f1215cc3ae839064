#!/bin/sh
# keyring-session.sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test inside a private D-Bus session with a gnome-keyring-daemon of its own, on a
# fresh keyring in a throwaway home, so that credential tests talk to a real Secret Service
# and never to the keyring of whoever runs them.
# Usage: keyring-session.sh TEST [ARGUMENTS…]

set -eu

if [ -z "${FL_KEYRING_SESSION:-}" ]; then
  FL_KEYRING_SESSION=1 exec dbus-run-session -- "$0" "$@"
fi

home="$(mktemp -d "${TMPDIR:-/tmp}/frontline-keyring-XXXXXX")"
trap 'rm -rf "$home"' EXIT
mkdir -m 700 "$home/data" "$home/config" "$home/cache" "$home/run"
export HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" \
       XDG_CACHE_HOME="$home/cache" XDG_RUNTIME_DIR="$home/run"

# With an empty password the daemon makes no login keyring: it asks a prompter to create
# one, and there is none without a display. Any fixed password creates and unlocks it.
printf '%s' frontline-test-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null

# The daemon claims its name on the bus after it has forked; wait for that, so that no
# call activates a second, locked one from the bus's service files.
tries=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
      | grep -q 'boolean true'; do
  tries=$((tries + 1))
  if [ "$tries" -gt 100 ]; then
    echo "keyring-session.sh: gnome-keyring-daemon did not come up on the session bus" >&2
    exit 1
  fi
  sleep 0.1
done

status=0
"$@" || status=$?
exit "$status"

# tools/lib.sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Shell functions shared by tools/check and tools/demo: finding the repository, installing the
# Debian packages, and configuring and building the meson build directory. Source it from bash.
# shellcheck shell=bash disable=SC2034  # the variables are used by the scripts that source this

# The repository root, whatever the caller's working directory.
FL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The build directory, relative to the repository root unless given as an absolute path.
FL_BUILD="${FRONTLINE_BUILD_DIR:-_build}"

# Debian's own Python: the python3 first on PATH may lack the standard Debian modules.
FL_PYTHON=/usr/bin/python3

# The private X server and session bus that GUI tests and the headless demo run in.
FL_XVFB=(xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session --)

fl_ensure_packages ()
{
  "$FL_ROOT/tools/ensure-packages" "$FL_ROOT/tools/debian-packages"
}

# Prints the current value of a meson option of a configured build dir: "True", "False", …
fl_build_option ()
{
  local build="$1" name="$2"
  meson introspect "$build" --buildoptions \
    | "$FL_PYTHON" -c 'import json, sys
print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == sys.argv[1]))' "$name"
}

# fl_configure BUILD [werror]: sets BUILD up once; later runs leave it to meson compile to
# reconfigure when a meson.build changed. With "werror", also makes sure -Dwerror=true is on.
fl_configure ()
{
  local build="$1" werror="${2:-}"

  if [[ ! -f "$build/meson-private/coredata.dat" ]]; then
    meson setup "$build" ${werror:+-Dwerror=true}
  elif [[ -n "$werror" ]]; then
    local current
    if ! current="$(fl_build_option "$build" werror 2>/dev/null)"; then
      # Unreadable (e.g. written by another meson version): start over.
      meson setup --wipe "$build" -Dwerror=true
    elif [[ "$current" != True ]]; then
      echo "Turning on -Dwerror=true in $build"
      meson configure "$build" -Dwerror=true
    fi
  fi
}

fl_build ()
{
  local build="$1"
  meson compile -C "$build"
}

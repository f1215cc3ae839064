#!/usr/bin/python3
# tests/app/test-console-e2e.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The console end to end, as an agent would use it, through the accessibility
# tree (dogtail) against a real frontline-server --demo: sign in (a wrong
# password first), see the queue, open a case and its conversation, add a note
# and check through the server's API that it arrived exactly once, pop a caller
# with `frontlinectl lookup`, and look at the window narrow and in dark style.
# Runs inside `xvfb-run dbus-run-session` (see meson.build) with Debian's
# /usr/bin/python3, which has gi, pyatspi and dogtail.

import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

SERVER = os.environ["FRONTLINE_SERVER_BIN"]
CONSOLE = os.environ["FRONTLINE_CONSOLE"]
CTL = os.environ["FRONTLINECTL"]
SHOTS = os.environ["FRONTLINE_SCREENSHOT_DIR"]
SHOWCASE_PHONE = "+1 555 0100"
PASSWORD = "frontline-demo"
JMAP_USING = ["urn:ietf:params:jmap:core", "https://frontlinedesk.github.io/jmap/support"]

tmp = tempfile.mkdtemp(prefix="frontline-e2e-")
# A fresh profile, settings and dconf for everything started from here.
os.environ["XDG_DATA_HOME"] = os.path.join(tmp, "data")
os.environ["XDG_CONFIG_HOME"] = os.path.join(tmp, "config")
os.environ["XDG_CACHE_HOME"] = os.path.join(tmp, "cache")
os.environ["GSK_RENDERER"] = "cairo"
os.environ["NO_AT_BRIDGE"] = "0"
# dogtail reads toolkit-accessibility through the real (dconf) backend.
os.environ.pop("GSETTINGS_BACKEND", None)
os.environ.pop("G_DEBUG", None)

children = []


def log(message):
    print("# " + message, flush=True)


def fail(message):
    print("FAIL: " + message, flush=True)
    shot("failure")
    raise SystemExit(1)


def start(argv, **kwargs):
    process = subprocess.Popen(argv, **kwargs)
    children.append(process)
    return process


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def shot(name):
    os.makedirs(SHOTS, exist_ok=True)
    path = os.path.join(SHOTS, name + ".png")
    subprocess.run(["import", "-window", "root", path], check=False)
    log("screenshot " + path)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, predicate, timeout=20.0, interval=0.25):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            fail("timed out waiting for " + what)
        time.sleep(interval)


# --- the server and its API ----------------------------------------------------

port = free_port()
url = "http://127.0.0.1:%d" % port
server_log = open(os.path.join(tmp, "server.log"), "w")
server = start([SERVER, "--demo", "--db", os.path.join(tmp, "demo.db"), "--listen", "127.0.0.1:%d" % port],
               stdout=server_log, stderr=subprocess.STDOUT)


def healthy():
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


def post(path, body, token=None):
    request = urllib.request.Request(url + path, data=json.dumps(body).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


token = None


def jmap(*calls):
    answer = post("/jmap/api", {"using": JMAP_USING,
                                "methodCalls": [[name, dict(args, accountId="org"), str(i)]
                                                for i, (name, args) in enumerate(calls)]}, token)
    return [response[1] for response in answer["methodResponses"]]


def query_get(type_name, query_filter, properties, limit=100, sort=None):
    args = {"filter": query_filter, "limit": limit}
    if sort:
        args["sort"] = sort
    ids = jmap((type_name + "/query", args))[0]["ids"]
    if not ids:
        return []
    return jmap((type_name + "/get", {"ids": ids, "properties": properties}))[0]["list"]


wait_for("the server", healthy, timeout=60)
token = post("/auth/login", {"login": "agent", "password": PASSWORD})["token"]
agent_id = query_get("Agent", {"login": "agent"}, ["id"])[0]["id"]
my_cases = query_get("Case", {"assigneeId": agent_id, "status": ["new", "open", "pending", "escalated"]},
                     ["id", "subject"])
if not my_cases:
    fail("the demo agent has no open case to open")
caller = query_get("Customer", {"phone": SHOWCASE_PHONE}, ["id", "name"])[0]
log("server %s; agent has %d open cases; caller %s" % (url, len(my_cases), caller["name"]))

# --- the session's accessibility, then dogtail ---------------------------------

start(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"])
subprocess.run(["gsettings", "set", "org.gnome.desktop.interface", "toolkit-accessibility", "true"], check=True)

from dogtail import config, rawinput, tree  # noqa: E402  (needs the setting above)

config.searchCutoffCount = 40
config.searchBackoffDuration = 0.25
config.actionDelay = 0.2
config.typingDelay = 0.02
config.logDebugToStdOut = False
config.logDebugToFile = False


def launch_console(extra_env=None, args=()):
    env = dict(os.environ)
    env.update(extra_env or {})
    console = start([CONSOLE] + list(args), env=env, stdout=sys.stdout, stderr=sys.stderr)
    app = wait_for("the console on the accessibility bus",
                   lambda: next((a for a in tree.root.applications() if a.name in ("frontline", "Frontline")), None),
                   timeout=30)
    return console, app


def find(app, what, **kwargs):
    """The first showing node matching kwargs, waiting for it."""
    def search():
        try:
            for node in app.findChildren(lambda n: all(getattr(n, k) == v for k, v in kwargs.items())):
                if node.showing:
                    return node
        except Exception:  # the tree changes under us while the window rebuilds
            return None
        return None
    return wait_for(what, search)


def click_and_type(node, text):
    node.click()
    time.sleep(0.3)
    rawinput.typeText(text)


def resize_console(width, height):
    """Resizes the console's X window the way a window manager would."""
    tree_text = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True).stdout
    ids = [line.split()[0] for line in tree_text.splitlines() if '"Frontline"' in line]
    if not ids:
        fail("no X window called Frontline")
    xlib = ctypes.CDLL("libX11.so.6")
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XResizeWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_uint, ctypes.c_uint]
    xlib.XFlush.argtypes = [ctypes.c_void_p]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    display = xlib.XOpenDisplay(None)
    for window in ids:
        xlib.XResizeWindow(display, int(window, 16), width, height)
    xlib.XFlush(display)
    xlib.XCloseDisplay(display)


def note_count(case_id, body):
    notes = query_get("Interaction", {"caseId": case_id}, ["body", "kind"], limit=1000)
    return sum(1 for note in notes if note.get("body") == body)


try:
    # --- sign in -------------------------------------------------------------------
    console, app = launch_console(args=["--server", url])
    login = find(app, "the login entry", name="Login")
    click_and_type(login, "agent")
    click_and_type(find(app, "the password entry", name="Password"), "not-the-password")
    rawinput.pressKey("Return")
    find(app, "the wrong-password message", name="Wrong login or password. Check them and try again.")
    shot("01-sign-in-wrong-password")
    click_and_type(find(app, "the password entry", name="Password"), PASSWORD)
    rawinput.pressKey("Return")

    # --- the queue -------------------------------------------------------------------
    find(app, "the sync state saying synced", roleName="push button", name="Synced")
    subjects = {case["subject"]: case["id"] for case in my_cases}
    row = find(app, "one of my cases in the list", roleName="label",
               name=sorted(subjects)[0])
    shot("02-my-cases")
    find(app, "the team queue", name="Team queue").click()
    wait_for("the team queue's count", lambda: any(
        n.name.endswith("items") and n.showing for n in app.findChildren(lambda n: n.roleName == "label")))
    find(app, "My cases", name="My cases").click()

    # --- a case and its conversation --------------------------------------------------
    subject = sorted(subjects)[0]
    case_id = subjects[subject]
    find(app, "my case in the list", roleName="label", name=subject).click()
    conversation = query_get("Interaction", {"caseId": case_id}, ["body", "at"], limit=1000)
    if conversation:
        last = max(conversation, key=lambda i: i["at"])
        find(app, "the newest message of the case", roleName="label", name=last["body"])
    find(app, "the case's product row label", roleName="label", name="Product")
    shot("03-case-open")

    # --- add a note; it reaches the server exactly once --------------------------------
    note = "Called back; the flicker is gone after the firmware update (e2e %s)" % uuid.uuid4().hex[:8]
    click_and_type(find(app, "the note text", name="Note text"), note)
    find(app, "the Add Note button", roleName="push button", name="Add Note").click()
    find(app, "the note in the conversation", roleName="label", name=note)
    wait_for("the note on the server", lambda: note_count(case_id, note) >= 1, timeout=30)
    rawinput.keyCombo("<Control>r")
    time.sleep(3)
    count = note_count(case_id, note)
    if count != 1:
        fail("the note is on the server %d times" % count)
    find(app, "the sync state saying synced", roleName="push button", name="Synced")
    shot("04-note-added")

    # --- screen pop -------------------------------------------------------------------
    popped = subprocess.run([CTL, "lookup", SHOWCASE_PHONE], capture_output=True, text=True)
    if popped.returncode != 0:
        fail("frontlinectl lookup failed (%d): %s" % (popped.returncode, popped.stderr))
    find(app, "the caller's name", roleName="label", name=caller["name"])
    find(app, "the new case subject, ready", name="New case subject")
    find(app, "the caller's cases", name="Customer")
    shot("05-screen-pop")

    # --- narrow ---------------------------------------------------------------------------
    resize_console(360, 720)
    time.sleep(2)
    find(app, "the back button of the folded window", roleName="push button", name="Back to the list")
    shot("06-narrow-360x720")
    resize_console(1200, 760)
    time.sleep(1)

    stop(console)

    # --- signed in already: straight to the lists, in dark style -------------------------
    console, app = launch_console(extra_env={"ADW_DEBUG_COLOR_SCHEME": "prefer-dark"})
    find(app, "the lists without signing in again", name="Team queue")
    find(app, "my case in the list", roleName="label", name=subject).click()
    find(app, "the note, kept in the local copy", roleName="label", name=note)
    shot("07-dark")
    stop(console)

    # --- no console: lookup says so, with its own exit status ---------------------------
    popped = subprocess.run([CTL, "lookup", SHOWCASE_PHONE], capture_output=True, text=True)
    if popped.returncode != 3 or "no Frontline console" not in popped.stderr:
        fail("lookup without a console: exit %d, %r" % (popped.returncode, popped.stderr))
    print("PASS: console end to end", flush=True)
finally:
    for child in reversed(children):
        stop(child)
    server_log.close()
    shutil.rmtree(tmp, ignore_errors=True)

/* server-fixture.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real frontline-server (the binary meson built, path in the
 * FRONTLINE_SERVER environment variable) on a free loopback port with a real
 * SQLite file in a temporary folder, and talks to it with libsoup. Calls block:
 * tests are not main loops.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define FL_TEST_USING "[\"urn:ietf:params:jmap:core\", \"https://frontlinedesk.github.io/jmap/support\"]"
#define FL_TEST_DEMO_PASSWORD "frontline-demo"

typedef struct
{
  GSubprocess  *process;
  char         *dir;
  char         *db_path;
  char         *url;        /* "http://127.0.0.1:PORT" */
  SoupSession  *session;
  GPtrArray    *extra_args;
} FlTestServer;

/* --demo on a fresh database, plus @extra_args (NULL-terminated, may be NULL). */
FlTestServer *fl_test_server_start        (const char * const  *extra_args);
/* Starts the server again on the same database and port (after a stop or a kill). */
void          fl_test_server_restart      (FlTestServer        *server);
/* SIGTERM, and waits for a clean exit (asserted). */
void          fl_test_server_stop         (FlTestServer        *server);
/* SIGKILL, no waiting for anything. */
void          fl_test_server_kill         (FlTestServer        *server);
void          fl_test_server_free         (FlTestServer        *server);

/* Signs in; returns the token, or NULL with @status set to the HTTP status. */
char         *fl_test_server_login        (FlTestServer        *server,
                                           const char          *login,
                                           const char          *password,
                                           guint               *status);
/* Sends @body (may be NULL for GET) and parses the JSON answer (NULL if the
 * answer is empty). @status receives the HTTP status. */
JsonNode     *fl_test_server_request      (FlTestServer        *server,
                                           const char          *method,
                                           const char          *path,
                                           const char          *token,
                                           const char          *body,
                                           gsize                body_length,
                                           guint               *status);
/* One JMAP method call; returns the whole response triple [name, args, id]
 * as an array node (asserts HTTP 200). @args_json is the arguments object;
 * "accountId" is added when missing. */
JsonNode     *fl_test_server_call         (FlTestServer        *server,
                                           const char          *token,
                                           const char          *method,
                                           const char          *args_json);
/* Like fl_test_server_call() but asserts the method succeeded and returns its
 * arguments object. */
JsonObject   *fl_test_server_call_ok      (FlTestServer        *server,
                                           const char          *token,
                                           const char          *method,
                                           const char          *args_json);
/* The error type of a call that must fail ("forbidden", …). */
char         *fl_test_server_call_error   (FlTestServer        *server,
                                           const char          *token,
                                           const char          *method,
                                           const char          *args_json);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlTestServer, fl_test_server_free)

G_END_DECLS

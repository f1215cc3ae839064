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
/* The demo's showcase customer answers to this number. */
#define FL_TEST_SHOWCASE_PHONE "+1 555 0100"

typedef struct
{
  GSubprocess  *process;
  char         *dir;
  char         *db_path;
  char         *url;        /* "http://127.0.0.1:PORT" */
  SoupSession  *session;
  GPtrArray    *extra_args;
  /* Accepted on https although no authority signed it (a test's own). */
  GTlsCertificate *trusted;
} FlTestServer;

/* What an asynchronous request got: the status and the body, or the error of
 * a request that got no answer at all. */
typedef struct
{
  guint   status;
  char   *body;
  GError *error;
} FlTestReply;

/* What most server tests start from: the demo on a fresh database, a lead
 * signed in (once: a sign-in costs a password hash), and the showcase
 * customer, for the records that need one. */
typedef struct
{
  FlTestServer *server;
  char         *token;      /* the lead's */
  char         *customer;   /* the showcase customer's id */
} FlTestFixture;

/* For g_test_add(); @data is the server's extra arguments (NULL-terminated)
 * or NULL. */
void          fl_test_fixture_set_up      (FlTestFixture       *fixture,
                                           gconstpointer        data);
void          fl_test_fixture_tear_down   (FlTestFixture       *fixture,
                                           gconstpointer        data);

/* --demo on a fresh database, plus @extra_args (NULL-terminated, may be NULL). */
FlTestServer *fl_test_server_start        (const char * const  *extra_args);
/* Starts the server again on the same database and port (after a stop or a kill). */
void          fl_test_server_restart      (FlTestServer        *server);
/* SIGTERM, and waits for a clean exit (asserted). */
void          fl_test_server_stop         (FlTestServer        *server);
/* Waits for the server to exit by itself (after a signal sent with
 * g_subprocess_send_signal()) and asserts a clean exit. */
void          fl_test_server_wait_stopped (FlTestServer        *server);
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

/* fl_test_server_call_ok() and fl_test_server_call_error() with the
 * arguments built by printf. */
JsonObject   *fl_test_server_call_okf     (FlTestServer        *server,
                                           const char          *token,
                                           const char          *method,
                                           const char          *format,
                                           ...) G_GNUC_PRINTF (4, 5);
char         *fl_test_server_call_errorf  (FlTestServer        *server,
                                           const char          *token,
                                           const char          *method,
                                           const char          *format,
                                           ...) G_GNUC_PRINTF (4, 5);
/* One record as X/get gives it, or NULL if it is not found. */
JsonObject   *fl_test_server_get_record   (FlTestServer        *server,
                                           const char          *token,
                                           const char          *type,
                                           const char          *id);

/* The id of the record an X/set result created as @creation_id (asserted). */
const char   *fl_test_created_id          (JsonObject          *set_result,
                                           const char          *creation_id);

/* A whole JMAP request: @calls_json is the methodCalls array, @extra_json
 * further members of the request object ("\"createdIds\": {}") or NULL.
 * Asserts HTTP 200; returns the response object. */
JsonObject   *fl_test_server_jmap         (FlTestServer        *server,
                                           const char          *token,
                                           const char          *calls_json,
                                           const char          *extra_json);
/* The arguments of the @index-th method response, which must be @name. */
JsonObject   *fl_test_response_args       (JsonObject          *response,
                                           guint                index,
                                           const char          *name);
/* The error type of the @index-th method response, which must be an error. */
const char   *fl_test_response_error      (JsonObject          *response,
                                           guint                index);
/* A type's state (X/get with no ids) and its number of records (X/query). */
char         *fl_test_server_state        (FlTestServer        *server,
                                           const char          *token,
                                           const char          *type);
gint64        fl_test_server_count        (FlTestServer        *server,
                                           const char          *token,
                                           const char          *type);

/* Another client: a session of its own, with room for many requests at once. */
SoupSession  *fl_test_server_new_session  (FlTestServer        *server);
/* A request to send yourself; @token and @body may be NULL. */
SoupMessage  *fl_test_server_new_message  (FlTestServer        *server,
                                           const char          *method,
                                           const char          *path,
                                           const char          *token,
                                           const char          *body);
/* "{\"using\": …, \"methodCalls\": @calls_json}" */
char         *fl_test_jmap_body           (const char          *calls_json);

/* Sends @msg on the thread-default main context; @reply is filled and
 * *@pending decremented when it is done (it is incremented now). */
void          fl_test_send_async          (SoupSession         *session,
                                           SoupMessage         *msg,
                                           FlTestReply         *reply,
                                           guint               *pending);
/* Runs the main context until *@pending is 0 (asserts it happens within a minute). */
void          fl_test_wait                (guint               *pending);
/* The reply's body as JSON, or NULL. */
JsonNode     *fl_test_reply_json          (FlTestReply         *reply);
void          fl_test_reply_clear         (FlTestReply         *reply);

/* Asserts two objects are the same JSON (showing both texts if not). */
void          fl_test_assert_same_json    (JsonObject          *a,
                                           JsonObject          *b);
/* The strings of a JSON array, as a set. */
GHashTable   *fl_test_string_set          (JsonArray           *array);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlTestServer, fl_test_server_free)

G_END_DECLS

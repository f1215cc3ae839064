/* test-bad-input.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bad input against the real server: every answer is the right status with a
 * JSON problem (a type and words for a person), the server answers /healthz
 * right after, and nothing was written.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "server-fixture.h"

#define CORE "urn:ietf:params:jmap:core"
#define SUPPORT "https://frontlinedesk.github.io/jmap/support"
#define ERROR_URN "urn:ietf:params:jmap:error:"

static struct
{
  FlTestServer *server;
  char         *lead;         /* token */
  char         *customer_id;  /* the demo's showcase customer */
} suite;

/* --- Raw HTTP ----------------------------------------------------------- */

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  JsonNode           *json;     /* NULL when the body is not JSON */
  double              seconds;
} Reply;

static void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->json, json_node_unref);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static void
reply_parse_body (Reply *reply)
{
  gsize length;
  const char *data = g_bytes_get_data (reply->body, &length);
  g_autofree char *text = g_strndup (data, length);

  if (length > 0 && g_utf8_validate (text, -1, NULL))
    reply->json = json_from_string (text, NULL);
}

/* Sends @body (NULL: none) or @stream (sent chunked, its length unknown). */
static Reply *
send_request (FlTestServer *server,
              const char   *method,
              const char   *path,
              const char   *authorization,
              GBytes       *body,
              GInputStream *stream)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strconcat (server->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  Reply *reply = g_new0 (Reply, 1);
  gint64 started;

  g_assert_nonnull (msg);
  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", body);
  else if (stream != NULL)
    soup_message_set_request_body (msg, "application/json", stream, -1);

  started = g_get_monotonic_time ();
  reply->body = soup_session_send_and_read (server->session, msg, NULL, &error);
  reply->seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  g_assert_no_error (error);
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  reply_parse_body (reply);
  return reply;
}

static char *
bearer (const char *token)
{
  return g_strconcat ("Bearer ", token, NULL);
}

static Reply *
post_text (FlTestServer *server,
           const char   *path,
           const char   *token,
           const char   *text,
           gssize        length)
{
  g_autoptr(GBytes) body = g_bytes_new (text, length < 0 ? strlen (text) : (gsize) length);
  g_autofree char *authorization = token != NULL ? bearer (token) : NULL;

  return send_request (server, "POST", path, authorization, body, NULL);
}

/* The answer is @status with a JSON problem of @type (any type if NULL). */
static void
assert_problem (Reply      *reply,
                guint       status,
                const char *type)
{
  JsonObject *object;

  if (reply->status != status || reply->json == NULL)
    {
      gsize length;
      const char *data = g_bytes_get_data (reply->body, &length);

      g_test_message ("HTTP %u: %.*s", reply->status, (int) MIN (length, 500), data);
    }
  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==, "application/json");
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  object = json_node_get_object (reply->json);
  if (type != NULL)
    g_assert_cmpstr (json_object_get_string_member_with_default (object, "type", NULL), ==, type);
  else
    g_assert_nonnull (json_object_get_string_member_with_default (object, "type", NULL));
  g_assert_cmpint (json_object_get_int_member_with_default (object, "status", 0), ==, status);
  /* Words a person can act on. */
  g_assert_cmpuint (strlen (json_object_get_string_member_with_default (object, "detail", "")), >, 5);
}

/* No crash, no hang: the server answers at once. */
static void
assert_alive (FlTestServer *server)
{
  g_autoptr(Reply) reply = send_request (server, "GET", "/healthz", NULL, NULL, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpmem (g_bytes_get_data (reply->body, NULL), g_bytes_get_size (reply->body), "ok\n", 3);
  g_assert_cmpfloat (reply->seconds, <, 2.0);
}

/* The account's state: it moves with every write. */
static char *
account_state (FlTestServer *server,
               const char   *token)
{
  g_autofree char *authorization = bearer (token);
  g_autoptr(Reply) reply = send_request (server, "GET", "/.well-known/jmap", authorization, NULL, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return g_strdup (json_object_get_string_member (json_node_get_object (reply->json), "state"));
}

/* A JMAP request with this text as its methodCalls. */
static Reply *
api_calls (const char *calls_json)
{
  g_autofree char *body = g_strdup_printf ("{\"using\": [\"" CORE "\", \"" SUPPORT "\"], \"methodCalls\": %s}",
                                           calls_json);

  return post_text (suite.server, "/jmap/api", suite.lead, body, -1);
}

/* The one response of a one-call request, as [name, arguments, callId]. */
static JsonArray *
only_response (Reply *reply)
{
  JsonArray *responses;

  g_assert_cmpuint (reply->status, ==, 200);
  responses = json_object_get_array_member (json_node_get_object (reply->json), "methodResponses");
  g_assert_cmpuint (json_array_get_length (responses), ==, 1);
  return json_array_get_array_element (responses, 0);
}

/* --- Requests that are not JMAP ---------------------------------------- */

static void
test_not_json (void)
{
  static const struct
  {
    const char *body;
    gssize      length;
    const char *type;
  } cases[] = {
    { "{\"using\": [\"" CORE "\"], \"methodCalls\": [[\"Core/echo\", {", -1, ERROR_URN "notJSON" },
    { "{\"using\": [\"\xff\xfe\"], \"methodCalls\": []}", -1, ERROR_URN "notJSON" },
    { "{\"using\": [], \"methodCalls\": [], \"x\": \"\xc3\x28\"}", -1, ERROR_URN "notJSON" },
    { "{\"using\": []\0}", 15, ERROR_URN "notJSON" },
    { "", 0, ERROR_URN "notJSON" },
    { "  \n\t ", -1, ERROR_URN "notJSON" },
    { "{\"using\": [], \"methodCalls\": [],}", -1, ERROR_URN "notJSON" },
    { "[]", -1, ERROR_URN "notRequest" },
    { "[{\"using\": [], \"methodCalls\": []}]", -1, ERROR_URN "notRequest" },
    { "\"using\"", -1, ERROR_URN "notRequest" },
    { "42", -1, ERROR_URN "notRequest" },
    { "{}", -1, ERROR_URN "notRequest" },
    { "{\"using\": \"" CORE "\", \"methodCalls\": []}", -1, ERROR_URN "notRequest" },
    { "{\"using\": [1], \"methodCalls\": []}", -1, ERROR_URN "notRequest" },
    { "{\"using\": [\"" CORE "\"], \"methodCalls\": {}}", -1, ERROR_URN "notRequest" },
    { "{\"using\": [\"" CORE "\"]}", -1, ERROR_URN "notRequest" },
    /* methodCalls entries of the wrong shape */
    { "{\"using\": [\"" CORE "\"], \"methodCalls\": [\"Core/echo\"]}", -1, ERROR_URN "notRequest" },
    { "{\"using\": [\"" CORE "\"], \"methodCalls\": [[\"Core/echo\", {}]]}", -1, ERROR_URN "notRequest" },
    { "{\"using\": [\"" CORE "\"], \"methodCalls\": [[\"Core/echo\", {}, \"c\", 4]]}", -1, ERROR_URN "notRequest" },
    { "{\"using\": [\"" CORE "\"], \"methodCalls\": [[7, {}, \"c\"]]}", -1, ERROR_URN "notRequest" },
    { "{\"using\": [\"" CORE "\"], \"methodCalls\": [[\"Core/echo\", [], \"c\"]]}", -1, ERROR_URN "notRequest" },
    { "{\"using\": [\"" CORE "\"], \"methodCalls\": [[\"Core/echo\", {}, 3]]}", -1, ERROR_URN "notRequest" },
    { "{\"using\": [\"" CORE "\"], \"methodCalls\": [[null, null, null]]}", -1, ERROR_URN "notRequest" },
  };
  g_autofree char *before = account_state (suite.server, suite.lead);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) reply = post_text (suite.server, "/jmap/api", suite.lead, cases[i].body, cases[i].length);

      g_test_message ("case %u: HTTP %u %s", i, reply->status,
                      reply->json != NULL ? json_object_get_string_member_with_default (
                        json_node_get_object (reply->json), "type", "?") : "(not JSON)");
      assert_problem (reply, 400, cases[i].type);
      assert_alive (suite.server);
    }

  /* A good call beside a bad one: the whole request is refused before any
   * call runs, so the good one wrote nothing either. */
  {
    g_autofree char *calls = g_strdup_printf ("[[\"Customer/set\", {\"accountId\": \"org\", \"create\": {\"k\":"
                                              " {\"name\": \"Never Written\"}}}, \"c0\"], [\"Core/echo\", {}]]");
    g_autoptr(Reply) reply = api_calls (calls);
    g_autofree char *after = NULL;

    assert_problem (reply, 400, ERROR_URN "notRequest");
    after = account_state (suite.server, suite.lead);
    g_assert_cmpstr (after, ==, before);
  }
}

static void
test_unknown_capability (void)
{
  g_autofree char *before = account_state (suite.server, suite.lead);
  g_autofree char *after = NULL;
  g_autoptr(Reply) reply = post_text (suite.server, "/jmap/api", suite.lead,
                                      "{\"using\": [\"" CORE "\", \"urn:example:teleport\"], \"methodCalls\":"
                                      " [[\"Customer/set\", {\"accountId\": \"org\", \"create\": {\"k\": {\"name\":"
                                      " \"Never Written\"}}}, \"c0\"]]}", -1);

  assert_problem (reply, 400, ERROR_URN "unknownCapability");
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (reply->json), "detail"),
                            "urn:example:teleport"));
  assert_alive (suite.server);
  after = account_state (suite.server, suite.lead);
  g_assert_cmpstr (after, ==, before);
}

static char *
echo_calls (guint n)
{
  GString *calls = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (calls, "%s[\"Core/echo\", {\"n\": %u}, \"c%u\"]", i > 0 ? ", " : "", i, i);
  g_string_append (calls, "]");
  return g_string_free (calls, FALSE);
}

static void
test_too_many_calls (void)
{
  g_autofree char *allowed = echo_calls (64);
  g_autofree char *too_many = echo_calls (65);
  g_autoptr(Reply) ok = api_calls (allowed);
  g_autoptr(Reply) refused = api_calls (too_many);

  /* 64 is the limit the session resource announces (maxCallsInRequest). */
  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (ok->json),
                                                                         "methodResponses")), ==, 64);
  assert_problem (refused, 400, ERROR_URN "limit");
  assert_alive (suite.server);
}

/* --- Method errors ------------------------------------------------------ */

static void
test_method_errors (void)
{
  static const struct
  {
    const char *call;
    const char *type;
  } cases[] = {
    { "[\"Customer/explode\", {\"accountId\": \"org\"}, \"c\"]", "unknownMethod" },
    { "[\"Spaceship/get\", {\"accountId\": \"org\"}, \"c\"]", "unknownMethod" },
    { "[\"get\", {\"accountId\": \"org\"}, \"c\"]", "unknownMethod" },
    { "[\"Customer/get\", {\"ids\": []}, \"c\"]", "invalidArguments" },
    { "[\"Customer/set\", {\"create\": {\"k\": {\"name\": \"Never Written\"}}}, \"c\"]", "invalidArguments" },
    { "[\"Customer/get\", {\"accountId\": 7, \"ids\": []}, \"c\"]", "invalidArguments" },
    { "[\"Customer/get\", {\"accountId\": \"elsewhere\", \"ids\": []}, \"c\"]", "accountNotFound" },
    { "[\"Customer/set\", {\"accountId\": \"elsewhere\", \"create\": {\"k\": {\"name\": \"Never Written\"}}}, \"c\"]",
      "accountNotFound" },
    { "[\"Case/query\", {\"accountId\": \"org\", \"filter\": {\"colour\": \"red\"}}, \"c\"]", "unsupportedFilter" },
    { "[\"Case/changes\", {\"accountId\": \"org\", \"sinceState\": \"yesterday\"}, \"c\"]",
      "cannotCalculateChanges" },
  };
  g_autofree char *before = account_state (suite.server, suite.lead);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *calls = g_strdup_printf ("[%s]", cases[i].call);
      g_autoptr(Reply) reply = api_calls (calls);
      JsonArray *response = only_response (reply);
      JsonObject *problem = json_array_get_object_element (response, 1);

      g_assert_cmpstr (json_array_get_string_element (response, 0), ==, "error");
      g_assert_cmpstr (json_object_get_string_member (problem, "type"), ==, cases[i].type);
      g_assert_cmpuint (strlen (json_object_get_string_member_with_default (problem, "description", "")), >, 5);
      g_assert_cmpstr (json_array_get_string_element (response, 2), ==, "c");
    }
  assert_alive (suite.server);
  after = account_state (suite.server, suite.lead);
  g_assert_cmpstr (after, ==, before);
}

/* --- Records the server refuses ---------------------------------------- */

/* Sends one record to create; asserts it was refused as invalidProperties
 * naming @property, and that nothing was written. */
static void
assert_create_refused (const char *type,
                       const char *record,
                       const char *property)
{
  g_autofree char *method = g_strconcat (type, "/set", NULL);
  g_autofree char *calls = g_strdup_printf ("[[\"%s\", {\"accountId\": \"org\", \"create\": {\"k\": %s}}, \"c\"]]",
                                            method, record);
  g_autoptr(Reply) reply = api_calls (calls);
  JsonArray *response = only_response (reply);
  JsonObject *result = json_array_get_object_element (response, 1);
  JsonObject *problem;
  JsonArray *properties;

  g_assert_cmpstr (json_array_get_string_element (response, 0), ==, method);
  g_assert_true (json_object_get_null_member (result, "created"));
  problem = json_object_get_object_member (json_object_get_object_member (result, "notCreated"), "k");
  g_assert_nonnull (problem);
  g_test_message ("%s %s: %s", type, property, json_object_get_string_member (problem, "description"));
  g_assert_cmpstr (json_object_get_string_member (problem, "type"), ==, "invalidProperties");
  properties = json_object_get_array_member (problem, "properties");
  g_assert_nonnull (properties);
  g_assert_cmpuint (json_array_get_length (properties), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (properties, 0), ==, property);
  /* Nothing written: the type's state did not move. */
  g_assert_cmpstr (json_object_get_string_member (result, "newState"), ==,
                   json_object_get_string_member (result, "oldState"));
}

static void
test_invalid_properties (void)
{
  g_autofree char *long_name = g_strnfill (201, 'a');
  g_autofree char *missing = g_uuid_string_random ();
  g_autofree char *before = account_state (suite.server, suite.lead);
  g_autofree char *after = NULL;
  g_autofree char *record = NULL;
  const char *c = suite.customer_id;

  assert_create_refused ("Customer", "{\"name\": \"Ada\", \"bogus\": 1}", "bogus");
  assert_create_refused ("Customer", "{\"name\": \"Ada\", \"x:y\": 1}", "x:y");
  assert_create_refused ("Customer", "{\"name\": \"Ada\", \"Name\": \"Ada\"}", "Name");
  assert_create_refused ("Customer", "{\"name\": 42}", "name");
  assert_create_refused ("Customer", "{\"name\": [\"Ada\"]}", "name");
  assert_create_refused ("Customer", "{\"name\": \"Ada\", \"phones\": \"+1 555 0100\"}", "phones");
  assert_create_refused ("Customer", "{\"name\": \"Ada\", \"emails\": [1, 2]}", "emails");
  assert_create_refused ("Customer", "{\"name\": \"\"}", "name");
  assert_create_refused ("Customer", "{}", "name");

  record = g_strdup_printf ("{\"name\": \"%s\"}", long_name);
  assert_create_refused ("Customer", record, "name");
  g_clear_pointer (&record, g_free);

  assert_create_refused ("Customer", "{\"id\": \"not an id\", \"name\": \"Ada\"}", "id");
  assert_create_refused ("Customer", "{\"id\": 5, \"name\": \"Ada\"}", "id");
  assert_create_refused ("Customer", "{\"name\": \"Ada\", \"modseq\": 5}", "modseq");
  assert_create_refused ("Customer", "{\"name\": \"Ada\", \"createdAt\": \"2020-01-01T00:00:00Z\"}", "createdAt");
  assert_create_refused ("Customer", "{\"name\": \"Ada\", \"updatedAt\": \"2020-01-01T00:00:00Z\"}", "updatedAt");

  record = g_strdup_printf ("{\"customerId\": \"%s\", \"subject\": \"s\", \"status\": \"exploded\"}", c);
  assert_create_refused ("Case", record, "status");
  g_clear_pointer (&record, g_free);
  record = g_strdup_printf ("{\"customerId\": \"%s\", \"subject\": \"s\", \"complaint\": \"yes\"}", c);
  assert_create_refused ("Case", record, "complaint");
  g_clear_pointer (&record, g_free);
  record = g_strdup_printf ("{\"customerId\": \"%s\", \"subject\": \"s\", \"slaDueAt\": \"tomorrow\"}", c);
  assert_create_refused ("Case", record, "slaDueAt");
  g_clear_pointer (&record, g_free);
  record = g_strdup_printf ("{\"customerId\": \"%s\", \"subject\": \"s\", \"slaDueAt\": \"2024-13-45T99:00:00Z\"}", c);
  assert_create_refused ("Case", record, "slaDueAt");
  g_clear_pointer (&record, g_free);
  record = g_strdup_printf ("{\"customerId\": \"%s\"}", c);
  assert_create_refused ("Case", record, "subject");
  g_clear_pointer (&record, g_free);
  assert_create_refused ("Case", "{\"customerId\": \"nobody\", \"subject\": \"s\"}", "customerId");

  /* A well-formed reference to nobody. */
  record = g_strdup_printf ("{\"customerId\": \"%s\", \"subject\": \"Lost\"}", missing);
  assert_create_refused ("Case", record, "customerId");
  g_clear_pointer (&record, g_free);
  record = g_strdup_printf ("{\"customerId\": \"%s\", \"subject\": \"Lost\", \"assigneeId\": \"%s\"}", c, missing);
  assert_create_refused ("Case", record, "assigneeId");
  g_clear_pointer (&record, g_free);

  after = account_state (suite.server, suite.lead);
  g_assert_cmpstr (after, ==, before);
  assert_alive (suite.server);

  /* An update of the wrong type leaves the record as it was. */
  {
    g_autofree char *get_args = g_strdup_printf ("{\"ids\": [\"%s\"]}", c);
    g_autoptr(JsonObject) read_before = fl_test_server_call_ok (suite.server, suite.lead, "Customer/get", get_args);
    g_autofree char *args = g_strdup_printf ("{\"update\": {\"%s\": {\"name\": 42, \"notes\": \"x\"}}}", c);
    g_autoptr(JsonObject) result = fl_test_server_call_ok (suite.server, suite.lead, "Customer/set", args);
    g_autoptr(JsonObject) read_after = fl_test_server_call_ok (suite.server, suite.lead, "Customer/get", get_args);
    JsonObject *problem = json_object_get_object_member (json_object_get_object_member (result, "notUpdated"), c);

    g_assert_cmpstr (json_object_get_string_member (problem, "type"), ==, "invalidProperties");
    g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (problem, "properties"), 0), ==,
                     "name");
    g_assert_true (json_node_equal (json_array_get_element (json_object_get_array_member (read_before, "list"), 0),
                                    json_array_get_element (json_object_get_array_member (read_after, "list"), 0)));
  }
}

static void
test_still_referenced (void)
{
  g_autofree char *customer = g_uuid_string_random ();
  g_autofree char *kase = g_uuid_string_random ();
  g_autofree char *args = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) refused = NULL;
  g_autoptr(JsonObject) still = NULL;
  JsonObject *problem;

  args = g_strdup_printf ("{\"create\": {\"k\": {\"id\": \"%s\", \"name\": \"Referenced Ltd\"}}}", customer);
  created = fl_test_server_call_ok (suite.server, suite.lead, "Customer/set", args);
  g_assert_nonnull (json_object_get_object_member (created, "created"));
  g_free (args);
  args = g_strdup_printf ("{\"create\": {\"k\": {\"id\": \"%s\", \"customerId\": \"%s\", \"subject\": \"Keeps it\"}}}",
                          kase, customer);
  g_clear_pointer (&created, json_object_unref);
  created = fl_test_server_call_ok (suite.server, suite.lead, "Case/set", args);
  g_assert_nonnull (json_object_get_object_member (created, "created"));

  g_free (args);
  args = g_strdup_printf ("{\"destroy\": [\"%s\"]}", customer);
  refused = fl_test_server_call_ok (suite.server, suite.lead, "Customer/set", args);
  problem = json_object_get_object_member (json_object_get_object_member (refused, "notDestroyed"), customer);
  g_assert_nonnull (problem);
  g_assert_cmpstr (json_object_get_string_member (problem, "type"), ==, "stillReferenced");
  g_assert_nonnull (json_object_get_string_member (problem, "description"));
  g_assert_cmpstr (json_object_get_string_member (refused, "newState"), ==,
                   json_object_get_string_member (refused, "oldState"));

  g_free (args);
  args = g_strdup_printf ("{\"ids\": [\"%s\"]}", customer);
  still = fl_test_server_call_ok (suite.server, suite.lead, "Customer/get", args);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (still, "list")), ==, 1);
  assert_alive (suite.server);
}

/* --- Bodies too large --------------------------------------------------- */

/* Sends headers declaring a @declared-byte body, then only @sent bytes of it,
 * and reads the answer without sending the rest. */
static Reply *
send_partial_body (FlTestServer *server,
                   const char   *path,
                   const char   *token,
                   goffset       declared,
                   gsize         sent)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (server->url, G_URI_FLAGS_NONE, &error);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GString) request = g_string_new (NULL);
  g_autofree char *status_line = NULL;
  g_autofree char *padding = g_strnfill (sent, ' ');
  Reply *reply = g_new0 (Reply, 1);
  gint64 started;
  goffset length = -1;
  gsize read = 0;
  guint8 *data;

  g_assert_no_error (error);
  g_socket_client_set_timeout (client, 10);
  connection = g_socket_client_connect_to_host (client, g_uri_get_host (uri), g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);

  g_string_append_printf (request, "POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\n",
                          path, g_uri_get_host (uri), g_uri_get_port (uri));
  if (token != NULL)
    g_string_append_printf (request, "Authorization: Bearer %s\r\n", token);
  g_string_append_printf (request, "Content-Length: %" G_GOFFSET_FORMAT "\r\n\r\n%s", declared, padding);

  started = g_get_monotonic_time ();
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), request->str,
                             request->len, NULL, NULL, &error);
  g_assert_no_error (error);

  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  status_line = g_data_input_stream_read_line (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (status_line);
  g_assert_true (g_str_has_prefix (status_line, "HTTP/1.1 "));
  reply->status = atoi (status_line + strlen ("HTTP/1.1 "));

  reply->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, &error);
      char *colon;

      g_assert_no_error (error);
      g_assert_nonnull (line);
      if (*line == '\0')
        break;
      colon = strchr (line, ':');
      g_assert_nonnull (colon);
      *colon = '\0';
      soup_message_headers_append (reply->headers, line, g_strstrip (colon + 1));
    }
  length = soup_message_headers_get_content_length (reply->headers);
  g_assert_cmpint (length, >, 0);
  data = g_malloc (length);
  g_input_stream_read_all (G_INPUT_STREAM (in), data, length, &read, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read, ==, length);
  reply->seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  reply->body = g_bytes_new_take (data, length);
  reply_parse_body (reply);
  return reply;
}

/* A body of @length bytes that is a valid request: an echo, padded. */
static GBytes *
padded_request (gsize length)
{
  static const char head[] = "{\"using\": [\"" CORE "\"], \"methodCalls\": [[\"Core/echo\", {}, \"c\"]]";
  char *data = g_malloc (length);

  g_assert_cmpuint (length, >, sizeof head);
  memcpy (data, head, sizeof head - 1);
  memset (data + sizeof head - 1, ' ', length - sizeof head);
  data[length - 1] = '}';
  return g_bytes_new_take (data, length);
}

static void
test_oversized (void)
{
  g_autofree char *authorization = bearer (suite.lead);
  g_autofree char *before = account_state (suite.server, suite.lead);
  g_autofree char *after = NULL;
  const gsize limit = 8 * 1024 * 1024;

  /* Declared too large: refused on the headers, the body never read. */
  {
    g_autoptr(Reply) reply = send_partial_body (suite.server, "/jmap/api", suite.lead, limit + 1, 100);

    assert_problem (reply, 413, ERROR_URN "limit");
    g_test_message ("413 on the headers of a %" G_GSIZE_FORMAT "-byte body in %.3f s", limit + 1, reply->seconds);
    g_assert_cmpfloat (reply->seconds, <, 1.5);
    assert_alive (suite.server);
  }
  {
    /* Even unauthenticated, and on sign-in: nobody gets to make us read it. */
    g_autoptr(Reply) api = send_partial_body (suite.server, "/jmap/api", NULL, G_GOFFSET_CONSTANT (1) << 40, 10);
    g_autoptr(Reply) login = send_partial_body (suite.server, "/auth/login", NULL, limit * 4, 10);

    assert_problem (api, 413, ERROR_URN "limit");
    assert_problem (login, 413, ERROR_URN "limit");
    g_assert_cmpfloat (api->seconds, <, 1.5);
    g_assert_cmpfloat (login->seconds, <, 1.5);
    assert_alive (suite.server);
  }

  /* A client that sends it all anyway still gets the answer. */
  {
    g_autoptr(GBytes) body = padded_request (limit + 1);
    g_autoptr(Reply) reply = send_request (suite.server, "POST", "/jmap/api", authorization, body, NULL);

    assert_problem (reply, 413, ERROR_URN "limit");
    assert_alive (suite.server);
  }

  /* Chunked, with no Content-Length: counted as it comes. */
  {
    g_autoptr(GBytes) body = padded_request (limit + 64 * 1024);
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (body);
    g_autoptr(Reply) reply = send_request (suite.server, "POST", "/jmap/api", authorization, NULL, stream);

    assert_problem (reply, 413, ERROR_URN "limit");
    assert_alive (suite.server);
  }

  after = account_state (suite.server, suite.lead);
  g_assert_cmpstr (after, ==, before);
}

/* --max-body 1000: 1000 bytes pass, 1001 do not, however they are sent. */
static void
test_max_body_option (void)
{
  const char * const args[] = { "--max-body", "1000", NULL };
  g_autoptr(FlTestServer) server = fl_test_server_start (args);
  g_autofree char *token = fl_test_server_login (server, "agent", FL_TEST_DEMO_PASSWORD, NULL);
  g_autofree char *authorization = bearer (token);
  g_autoptr(GBytes) fits = padded_request (1000);
  g_autoptr(GBytes) too_big = padded_request (1001);

  g_assert_nonnull (token);
  {
    g_autoptr(Reply) reply = send_request (server, "POST", "/jmap/api", authorization, fits, NULL);

    g_assert_cmpuint (reply->status, ==, 200);
  }
  {
    g_autoptr(Reply) reply = send_request (server, "POST", "/jmap/api", authorization, too_big, NULL);

    assert_problem (reply, 413, ERROR_URN "limit");
    g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (reply->json), "detail"), "1000"));
  }
  {
    g_autoptr(Reply) reply = send_partial_body (server, "/jmap/api", token, 1001, 1);

    assert_problem (reply, 413, ERROR_URN "limit");
  }
  {
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (fits);
    g_autoptr(Reply) reply = send_request (server, "POST", "/jmap/api", authorization, NULL, stream);

    g_assert_cmpuint (reply->status, ==, 200);
  }
  {
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (too_big);
    g_autoptr(Reply) reply = send_request (server, "POST", "/jmap/api", authorization, NULL, stream);

    assert_problem (reply, 413, ERROR_URN "limit");
  }
  assert_alive (server);
  fl_test_server_stop (server);
}

/* --- Search text -------------------------------------------------------- */

static void
test_search_text (void)
{
  g_autofree char *long_text = g_strnfill (5000, 'x');
  const char * const texts[] = {
    "\\\"unbalanced", "NEAR(", "a* OR ^b", ")))", "\xf0\x9f\x99\x82", "'; DROP TABLE cases; --", "",
    long_text, "AND", "NOT NOT", "*", "subject:monitor", "\\\\", "{}[]:^~-+", "\\u0000zero",
  };
  const char * const methods[] = { "Customer/query", "Case/query", "Flaw/query" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    for (guint j = 0; j < G_N_ELEMENTS (methods); j++)
      {
        g_autofree char *args = g_strdup_printf ("{\"filter\": {\"text\": \"%s\"}, \"limit\": 10}", texts[i]);
        g_autoptr(JsonNode) response = fl_test_server_call (suite.server, suite.lead, methods[j], args);
        JsonArray *triple = json_node_get_array (response);

        if (g_strcmp0 (json_array_get_string_element (triple, 0), methods[j]) != 0)
          {
            g_autofree char *text = json_to_string (response, FALSE);

            g_test_message ("%s with text %.40s: %s", methods[j], texts[i], text);
          }
        g_assert_cmpstr (json_array_get_string_element (triple, 0), ==, methods[j]);
        g_assert_nonnull (json_object_get_array_member (json_array_get_object_element (triple, 1), "ids"));
      }

  /* The tables are all still there. */
  {
    g_autoptr(JsonObject) found = fl_test_server_call_ok (suite.server, suite.lead, "Case/query",
                                                          "{\"limit\": 1, \"calculateTotal\": true}");

    g_assert_cmpint (json_object_get_int_member (found, "total"), >, 0);
  }
  assert_alive (suite.server);
}

/* --- Tokens ------------------------------------------------------------- */

static void
assert_unauthorized (Reply *reply)
{
  const char *challenge;

  assert_problem (reply, 401, "unauthorized");
  challenge = soup_message_headers_get_one (reply->headers, "WWW-Authenticate");
  g_assert_nonnull (challenge);
  g_assert_true (g_str_has_prefix (challenge, "Bearer"));
}

static void
test_tokens (void)
{
  g_autofree char *random_hex = NULL;
  g_autofree char *unknown = NULL;
  const char * const malformed[] = {
    "Bearer", "Bearer ", "Bearer abc", "Basic bGVhZDpmcm9udGxpbmUtZGVtbw==",
    "Bearer zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
    "Bearer 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
  };
  static const char api_body[] = "{\"using\": [\"" CORE "\"], \"methodCalls\": [[\"Core/echo\", {}, \"c\"]]}";
  g_autoptr(GBytes) body = g_bytes_new_static (api_body, strlen (api_body));

  /* None at all, on each path that needs one. */
  {
    g_autoptr(Reply) api = send_request (suite.server, "POST", "/jmap/api", NULL, body, NULL);
    g_autoptr(Reply) session = send_request (suite.server, "GET", "/.well-known/jmap", NULL, NULL, NULL);
    g_autoptr(Reply) logout = send_request (suite.server, "POST", "/auth/logout", NULL, NULL, NULL);

    assert_unauthorized (api);
    assert_unauthorized (session);
    assert_unauthorized (logout);
  }

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autoptr(Reply) reply = send_request (suite.server, "POST", "/jmap/api", malformed[i], body, NULL);

      assert_unauthorized (reply);
      g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (reply->json), "detail"),
                                "malformed"));
    }

  /* Well-formed, but never handed out. */
  {
    GString *hex = g_string_new (NULL);
    g_autoptr(Reply) reply = NULL;

    for (guint i = 0; i < 8; i++)
      g_string_append_printf (hex, "%08x", g_random_int ());
    random_hex = g_string_free (hex, FALSE);
    unknown = bearer (random_hex);
    reply = send_request (suite.server, "POST", "/jmap/api", unknown, body, NULL);
    assert_unauthorized (reply);
  }

  /* Signed out: the token is refused from then on. */
  {
    g_autofree char *token = fl_test_server_login (suite.server, "agent", FL_TEST_DEMO_PASSWORD, NULL);
    g_autofree char *authorization = bearer (token);
    g_autoptr(Reply) works = send_request (suite.server, "POST", "/jmap/api", authorization, body, NULL);
    g_autoptr(Reply) logout = send_request (suite.server, "POST", "/auth/logout", authorization, NULL, NULL);
    g_autoptr(Reply) refused = send_request (suite.server, "POST", "/jmap/api", authorization, body, NULL);
    g_autoptr(Reply) session = send_request (suite.server, "GET", "/.well-known/jmap", authorization, NULL, NULL);
    g_autoptr(Reply) again = send_request (suite.server, "POST", "/auth/logout", authorization, NULL, NULL);

    g_assert_cmpuint (works->status, ==, 200);
    g_assert_cmpuint (logout->status, ==, 204);
    assert_unauthorized (refused);
    assert_unauthorized (session);
    assert_unauthorized (again);
  }

  /* The lead's own token is untouched by all that. */
  {
    g_autofree char *authorization = bearer (suite.lead);
    g_autoptr(Reply) reply = send_request (suite.server, "POST", "/jmap/api", authorization, body, NULL);

    g_assert_cmpuint (reply->status, ==, 200);
  }
  assert_alive (suite.server);
}

static void
test_token_expiry (void)
{
  const char * const args[] = { "--token-seconds", "2", NULL };
  g_autoptr(FlTestServer) server = fl_test_server_start (args);
  g_autofree char *token = fl_test_server_login (server, "tier2", FL_TEST_DEMO_PASSWORD, NULL);
  g_autofree char *authorization = bearer (token);
  static const char api_body[] = "{\"using\": [\"" CORE "\"], \"methodCalls\": [[\"Core/echo\", {}, \"c\"]]}";
  g_autoptr(GBytes) body = g_bytes_new_static (api_body, strlen (api_body));
  g_autoptr(Reply) fresh = NULL;
  g_autoptr(Reply) stale = NULL;
  g_autoptr(Reply) stale_session = NULL;

  g_assert_nonnull (token);
  fresh = send_request (server, "POST", "/jmap/api", authorization, body, NULL);
  g_assert_cmpuint (fresh->status, ==, 200);

  g_usleep (3 * G_USEC_PER_SEC);
  stale = send_request (server, "POST", "/jmap/api", authorization, body, NULL);
  assert_unauthorized (stale);
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (stale->json), "detail"), "expired"));
  stale_session = send_request (server, "GET", "/.well-known/jmap", authorization, NULL, NULL);
  assert_unauthorized (stale_session);
  assert_alive (server);
  fl_test_server_stop (server);
}

/* --- Sign-in ------------------------------------------------------------ */

static Reply *
login (const char *body)
{
  return post_text (suite.server, "/auth/login", NULL, body, -1);
}

static Reply *
login_as (const char *name,
          const char *password)
{
  g_autofree char *body = g_strdup_printf ("{\"login\": \"%s\", \"password\": \"%s\"}", name, password);

  return login (body);
}

static void
test_login (void)
{
  static const char * const malformed[] = {
    "", "not json", "[]", "\"lead\"", "{\"login\": \"lead\"}", "{\"password\": \"frontline-demo\"}",
    "{\"login\": 1, \"password\": \"frontline-demo\"}", "{\"login\": \"lead\", \"password\": null}",
    "{\"login\": \"lead\", \"password\": \"frontline-demo\", \"remember\": true}",
    "{\"login\": \"lead\", \"password\": \"frontline-demo\", \"role\": \"lead\"}",
    "{\"login\": \"lead\", \"password\": \"frontline-demo\"",
  };
  g_autoptr(Reply) wrong = login_as ("tier2", "not-the-password");
  g_autoptr(Reply) nobody = login_as ("nobody-by-this-name", "frontline-demo");

  /* One answer for both, so that it does not tell which logins exist. */
  assert_problem (wrong, 401, "badCredentials");
  assert_problem (nobody, 401, "badCredentials");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (wrong->json), "detail"), ==,
                   json_object_get_string_member (json_node_get_object (nobody->json), "detail"));
  g_assert_null (soup_message_headers_get_one (wrong->headers, "Retry-After"));

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autoptr(Reply) reply = login (malformed[i]);

      g_test_message ("sign-in body %u: HTTP %u", i, reply->status);
      assert_problem (reply, 400, NULL);
      g_assert_false (json_object_has_member (json_node_get_object (reply->json), "token"));
    }
  assert_alive (suite.server);
}

static void
test_login_rate_limit (void)
{
  g_autoptr(Reply) refused = NULL;
  g_autoptr(Reply) right_password = NULL;
  g_autoptr(Reply) other = NULL;
  const char *retry_after;
  guint64 seconds;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(Reply) reply = login_as ("rotation", "guess");

      assert_problem (reply, 401, "badCredentials");
    }

  refused = login_as ("rotation", "guess");
  assert_problem (refused, 429, "rateLimited");
  retry_after = soup_message_headers_get_one (refused->headers, "Retry-After");
  g_assert_nonnull (retry_after);
  g_assert_true (g_ascii_string_to_unsigned (retry_after, 10, 1, 3600, &seconds, NULL));
  g_test_message ("Retry-After: %s", retry_after);
  /* Refused at once, before any password hashing. */
  g_assert_cmpfloat (refused->seconds, <, 0.5);

  /* Meanwhile even the right password does not get in… */
  right_password = login_as ("rotation", FL_TEST_DEMO_PASSWORD);
  assert_problem (right_password, 429, "rateLimited");
  g_assert_nonnull (soup_message_headers_get_one (right_password->headers, "Retry-After"));
  g_assert_false (json_object_has_member (json_node_get_object (right_password->json), "token"));

  /* …while another login from the same address still does. */
  other = login_as ("trainee", FL_TEST_DEMO_PASSWORD);
  g_assert_cmpuint (other->status, ==, 200);
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (other->json), "token"));
  assert_alive (suite.server);
}

/* --- Paths and methods -------------------------------------------------- */

static void
test_methods_and_paths (void)
{
  static const struct
  {
    const char *path;
    const char *method;
  } paths[] = {
    { "/healthz", "GET" },
    { "/auth/login", "POST" },
    { "/auth/logout", "POST" },
    { "/.well-known/jmap", "GET" },
    { "/jmap/api", "POST" },
  };
  static const char * const methods[] = { "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS" };
  static const char * const nowhere[] = {
    "/", "/nope", "/jmap", "/auth", "/jmap/api/extra", "/healthz/deep", "/auth/login/x", "/.well-known/jmap/x",
    "/.well-known/other", "/%2e%2e/etc/passwd",
  };
  g_autofree char *authorization = bearer (suite.lead);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    for (guint j = 0; j < G_N_ELEMENTS (methods); j++)
      {
        g_autoptr(Reply) reply = NULL;

        if (g_str_equal (methods[j], paths[i].method))
          continue;
        reply = send_request (suite.server, methods[j], paths[i].path, authorization, NULL, NULL);
        g_test_message ("%s %s: HTTP %u", methods[j], paths[i].path, reply->status);
        assert_problem (reply, 405, "methodNotAllowed");
        g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Allow"), ==, paths[i].method);
      }

  for (guint i = 0; i < G_N_ELEMENTS (nowhere); i++)
    for (guint j = 0; j < 2; j++)
      {
        g_autoptr(Reply) reply = send_request (suite.server, methods[j], nowhere[i], authorization, NULL, NULL);

        g_test_message ("%s %s: HTTP %u", methods[j], nowhere[i], reply->status);
        assert_problem (reply, 404, "notFound");
      }
  assert_alive (suite.server);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/bad-input/not-json", test_not_json);
  g_test_add_func ("/server/bad-input/unknown-capability", test_unknown_capability);
  g_test_add_func ("/server/bad-input/too-many-calls", test_too_many_calls);
  g_test_add_func ("/server/bad-input/method-errors", test_method_errors);
  g_test_add_func ("/server/bad-input/invalid-properties", test_invalid_properties);
  g_test_add_func ("/server/bad-input/still-referenced", test_still_referenced);
  g_test_add_func ("/server/bad-input/oversized", test_oversized);
  g_test_add_func ("/server/bad-input/max-body-option", test_max_body_option);
  g_test_add_func ("/server/bad-input/search-text", test_search_text);
  g_test_add_func ("/server/bad-input/tokens", test_tokens);
  g_test_add_func ("/server/bad-input/token-expiry", test_token_expiry);
  g_test_add_func ("/server/bad-input/login", test_login);
  g_test_add_func ("/server/bad-input/login-rate-limit", test_login_rate_limit);
  g_test_add_func ("/server/bad-input/methods-and-paths", test_methods_and_paths);

  suite.server = fl_test_server_start (NULL);
  suite.lead = fl_test_server_login (suite.server, "lead", FL_TEST_DEMO_PASSWORD, NULL);
  g_assert_nonnull (suite.lead);
  {
    g_autoptr(JsonObject) found = fl_test_server_call_ok (suite.server, suite.lead, "Customer/query",
                                                          "{\"filter\": {\"phone\": \"+1 555 0100\"}}");

    suite.customer_id = g_strdup (json_array_get_string_element (json_object_get_array_member (found, "ids"), 0));
  }

  status = g_test_run ();

  fl_test_server_stop (suite.server);
  g_clear_pointer (&suite.server, fl_test_server_free);
  g_free (suite.lead);
  g_free (suite.customer_id);
  return status;
}

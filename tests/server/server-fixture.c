/* server-fixture.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "fl-test-util.h"
#include "server-fixture.h"

/* In the server, before exec: it dies with the test. A test that aborts
 * would otherwise leave it running, holding the test's stderr open, and the
 * runner would wait for it until the timeout. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
launch (FlTestServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  const char *binary = g_getenv ("FRONTLINE_SERVER");
  g_autofree char *line = NULL;
  g_autofree char *listen = NULL;

  g_assert_nonnull (binary);
  /* A restart comes back on the same address, as a real server does, so that
   * clients find it where they left it. */
  listen = server->url != NULL && g_str_has_prefix (server->url, "http://")
           ? g_strdup (server->url + strlen ("http://")) : g_strdup ("127.0.0.1:0");
  g_ptr_array_add (argv, (gpointer) binary);
  g_ptr_array_add (argv, (gpointer) "--demo");
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, server->db_path);
  g_ptr_array_add (argv, (gpointer) "--listen");
  g_ptr_array_add (argv, listen);
  for (guint i = 0; i < server->extra_args->len; i++)
    g_ptr_array_add (argv, g_ptr_array_index (server->extra_args, i));
  g_ptr_array_add (argv, NULL);

  /* stderr (one line per request) goes to the test log. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Frontline server listening on "));
  g_free (server->url);
  server->url = g_strdup (line + strlen ("Frontline server listening on "));
}

FlTestServer *
fl_test_server_start (const char * const *extra_args)
{
  FlTestServer *server = g_new0 (FlTestServer, 1);
  g_autoptr(GError) error = NULL;

  server->dir = g_dir_make_tmp ("frontline-server-test-XXXXXX", &error);
  g_assert_no_error (error);
  server->db_path = g_build_filename (server->dir, "frontline.db", NULL);
  server->extra_args = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (server->extra_args, g_strdup (extra_args[i]));
  server->session = soup_session_new ();
  soup_session_set_timeout (server->session, 60);
  launch (server);
  return server;
}

void
fl_test_server_restart (FlTestServer *server)
{
  g_clear_object (&server->process);
  launch (server);
}

void
fl_test_server_stop (FlTestServer *server)
{
  if (server->process == NULL)
    return;
  g_subprocess_send_signal (server->process, SIGTERM);
  fl_test_server_wait_stopped (server);
}

void
fl_test_server_wait_stopped (FlTestServer *server)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (server->process);
  g_subprocess_wait_check (server->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&server->process);
}

void
fl_test_server_kill (FlTestServer *server)
{
  if (server->process == NULL)
    return;
  g_subprocess_force_exit (server->process);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
}

void
fl_test_server_free (FlTestServer *server)
{
  if (server == NULL)
    return;
  if (server->process != NULL)
    fl_test_server_kill (server);
  g_clear_object (&server->session);
  fl_test_remove_tree (server->dir);
  g_free (server->dir);
  g_free (server->db_path);
  g_free (server->url);
  g_ptr_array_unref (server->extra_args);
  g_clear_object (&server->trusted);
  g_free (server);
}

static gboolean
accept_certificate (SoupMessage          *msg,
                    GTlsCertificate      *certificate,
                    GTlsCertificateFlags  errors,
                    gpointer              user_data)
{
  return g_tls_certificate_is_same (certificate, user_data);
}

SoupMessage *
fl_test_server_new_message (FlTestServer *server,
                            const char   *method,
                            const char   *path,
                            const char   *token,
                            const char   *body)
{
  g_autofree char *uri = g_strconcat (server->url, path, NULL);
  SoupMessage *msg = soup_message_new (method, uri);

  g_assert_nonnull (msg);
  if (server->trusted != NULL)
    g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate), server->trusted);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  return msg;
}

JsonNode *
fl_test_server_request (FlTestServer *server,
                        const char   *method,
                        const char   *path,
                        const char   *token,
                        const char   *body,
                        gsize         body_length,
                        guint        *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) msg = fl_test_server_new_message (server, method, path, token, NULL);
  g_autoptr(GBytes) answer = NULL;
  const char *data;
  gsize length;

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body,
                                             body_length == (gsize) -1 ? strlen (body) : body_length);

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  answer = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  if (status != NULL)
    *status = soup_message_get_status (msg);

  data = g_bytes_get_data (answer, &length);
  if (length == 0)
    return NULL;
  {
    g_autofree char *text = g_strndup (data, length);
    JsonNode *node = json_from_string (text, &error);

    if (node == NULL)
      g_test_message ("Not JSON (%u): %s", soup_message_get_status (msg), text);
    return node;
  }
}

char *
fl_test_server_login (FlTestServer *server,
                      const char   *login,
                      const char   *password,
                      guint        *status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *body = NULL;
  guint local_status;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);
  body = json_to_string (request, FALSE);

  answer = fl_test_server_request (server, "POST", "/auth/login", NULL, body, -1, &local_status);
  if (status != NULL)
    *status = local_status;
  if (local_status != 200)
    return NULL;
  g_assert_nonnull (answer);
  return g_strdup (json_object_get_string_member (json_node_get_object (answer), "token"));
}

JsonNode *
fl_test_server_call (FlTestServer *server,
                     const char   *token,
                     const char   *method,
                     const char   *args_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) args = json_from_string (args_json, &error);
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *args_text = NULL;
  g_autofree char *body = NULL;
  JsonArray *responses;
  guint status;

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (args));
  if (!json_object_has_member (json_node_get_object (args), "accountId"))
    json_object_set_string_member (json_node_get_object (args), "accountId", "org");
  args_text = json_to_string (args, FALSE);
  body = g_strdup_printf ("{\"using\": " FL_TEST_USING ", \"methodCalls\": [[\"%s\", %s, \"c0\"]]}",
                          method, args_text);

  answer = fl_test_server_request (server, "POST", "/jmap/api", token, body, -1, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (answer);
  responses = json_object_get_array_member (json_node_get_object (answer), "methodResponses");
  g_assert_cmpuint (json_array_get_length (responses), ==, 1);
  return json_node_copy (json_array_get_element (responses, 0));
}

JsonObject *
fl_test_server_call_ok (FlTestServer *server,
                        const char   *token,
                        const char   *method,
                        const char   *args_json)
{
  g_autoptr(JsonNode) response = fl_test_server_call (server, token, method, args_json);
  JsonArray *triple = json_node_get_array (response);

  if (g_strcmp0 (json_array_get_string_element (triple, 0), method) != 0)
    {
      g_autofree char *text = json_to_string (response, FALSE);

      g_error ("%s failed: %s", method, text);
    }
  return json_object_ref (json_array_get_object_element (triple, 1));
}

char *
fl_test_server_call_error (FlTestServer *server,
                           const char   *token,
                           const char   *method,
                           const char   *args_json)
{
  g_autoptr(JsonNode) response = fl_test_server_call (server, token, method, args_json);
  JsonArray *triple = json_node_get_array (response);

  g_assert_cmpstr (json_array_get_string_element (triple, 0), ==, "error");
  return g_strdup (json_object_get_string_member (json_array_get_object_element (triple, 1),
                                                  "type"));
}

char *
fl_test_jmap_body (const char *calls_json)
{
  return g_strdup_printf ("{\"using\": " FL_TEST_USING ", \"methodCalls\": %s}", calls_json);
}

JsonObject *
fl_test_server_jmap (FlTestServer *server,
                     const char   *token,
                     const char   *calls_json,
                     const char   *extra_json)
{
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  body = g_strdup_printf ("{\"using\": " FL_TEST_USING ", \"methodCalls\": %s%s%s}", calls_json,
                          extra_json != NULL ? ", " : "", extra_json != NULL ? extra_json : "");
  answer = fl_test_server_request (server, "POST", "/jmap/api", token, body, -1, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (answer);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (answer));
  return json_object_ref (json_node_get_object (answer));
}

static JsonArray *
response_triple (JsonObject *response,
                 guint       index)
{
  JsonArray *responses = json_object_get_array_member (response, "methodResponses");

  g_assert_nonnull (responses);
  g_assert_cmpuint (index, <, json_array_get_length (responses));
  return json_array_get_array_element (responses, index);
}

JsonObject *
fl_test_response_args (JsonObject *response,
                       guint       index,
                       const char *name)
{
  JsonArray *triple = response_triple (response, index);

  if (g_strcmp0 (json_array_get_string_element (triple, 0), name) != 0)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), triple);
      g_autofree char *text = json_to_string (node, FALSE);

      g_test_message ("Expected %s, got %s", name, text);
      g_assert_cmpstr (json_array_get_string_element (triple, 0), ==, name);
    }
  return json_array_get_object_element (triple, 1);
}

const char *
fl_test_response_error (JsonObject *response,
                        guint       index)
{
  JsonObject *details = fl_test_response_args (response, index, "error");

  return json_object_get_string_member (details, "type");
}

char *
fl_test_server_state (FlTestServer *server,
                      const char   *token,
                      const char   *type)
{
  g_autofree char *method = g_strconcat (type, "/get", NULL);
  g_autoptr(JsonObject) result = fl_test_server_call_ok (server, token, method, "{\"ids\": []}");

  return g_strdup (json_object_get_string_member (result, "state"));
}

gint64
fl_test_server_count (FlTestServer *server,
                      const char   *token,
                      const char   *type)
{
  g_autofree char *method = g_strconcat (type, "/query", NULL);
  g_autoptr(JsonObject) result = fl_test_server_call_ok (server, token, method,
                                                         "{\"limit\": 0, \"calculateTotal\": true}");

  return json_object_get_int_member (result, "total");
}

SoupSession *
fl_test_server_new_session (FlTestServer *server)
{
  /* libsoup keeps two connections per host by default: too few to have
   * requests truly in flight at once. */
  return soup_session_new_with_options ("max-conns", 128, "max-conns-per-host", 64, "timeout", 60,
                                        NULL);
}

typedef struct
{
  FlTestReply *reply;
  guint       *pending;
} Sending;

static void
sent (GObject      *source,
      GAsyncResult *result,
      gpointer      user_data)
{
  Sending *sending = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                              &sending->reply->error);

  if (body != NULL)
    {
      sending->reply->status = soup_message_get_status (msg);
      sending->reply->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
    }
  (*sending->pending)--;
  g_free (sending);
}

void
fl_test_send_async (SoupSession *session,
                    SoupMessage *msg,
                    FlTestReply *reply,
                    guint       *pending)
{
  Sending *sending = g_new0 (Sending, 1);

  sending->reply = reply;
  sending->pending = pending;
  (*pending)++;
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, sent, sending);
}

static gboolean
wait_timed_out (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
fl_test_wait (guint *pending)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (60, wait_timed_out, &timed_out);

  while (*pending > 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
}

JsonNode *
fl_test_reply_json (FlTestReply *reply)
{
  if (reply->body == NULL || reply->body[0] == '\0')
    return NULL;
  return json_from_string (reply->body, NULL);
}

void
fl_test_reply_clear (FlTestReply *reply)
{
  g_clear_pointer (&reply->body, g_free);
  g_clear_error (&reply->error);
  reply->status = 0;
}

void
fl_test_assert_same_json (JsonObject *a,
                          JsonObject *b)
{
  g_autoptr(JsonNode) node_a = json_node_init_object (json_node_alloc (), a);
  g_autoptr(JsonNode) node_b = json_node_init_object (json_node_alloc (), b);

  if (!json_node_equal (node_a, node_b))
    {
      g_autofree char *text_a = json_to_string (node_a, FALSE);
      g_autofree char *text_b = json_to_string (node_b, FALSE);

      g_assert_cmpstr (text_a, ==, text_b);
    }
}

GHashTable *
fl_test_string_set (JsonArray *array)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_hash_table_add (set, g_strdup (json_array_get_string_element (array, i)));
  return set;
}

JsonObject *
fl_test_server_call_okf (FlTestServer *server,
                         const char   *token,
                         const char   *method,
                         const char   *format,
                         ...)
{
  g_autofree char *args = NULL;
  va_list ap;

  va_start (ap, format);
  args = g_strdup_vprintf (format, ap);
  va_end (ap);
  return fl_test_server_call_ok (server, token, method, args);
}

char *
fl_test_server_call_errorf (FlTestServer *server,
                            const char   *token,
                            const char   *method,
                            const char   *format,
                            ...)
{
  g_autofree char *args = NULL;
  va_list ap;

  va_start (ap, format);
  args = g_strdup_vprintf (format, ap);
  va_end (ap);
  return fl_test_server_call_error (server, token, method, args);
}

JsonObject *
fl_test_server_get_record (FlTestServer *server,
                           const char   *token,
                           const char   *type,
                           const char   *id)
{
  g_autofree char *method = g_strconcat (type, "/get", NULL);
  g_autoptr(JsonObject) result = fl_test_server_call_okf (server, token, method,
                                                          "{\"ids\": [\"%s\"]}", id);
  JsonArray *list = json_object_get_array_member (result, "list");

  if (json_array_get_length (list) == 0)
    {
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "notFound")),
                        ==, 1);
      return NULL;
    }
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  return json_object_ref (json_array_get_object_element (list, 0));
}

void
fl_test_fixture_set_up (FlTestFixture *fixture,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) found = NULL;
  JsonArray *ids;

  fixture->server = fl_test_server_start ((const char * const *) data);
  fixture->token = fl_test_server_login (fixture->server, "lead", FL_TEST_DEMO_PASSWORD, NULL);
  g_assert_nonnull (fixture->token);

  found = fl_test_server_call_ok (fixture->server, fixture->token, "Customer/query",
                                  "{\"filter\": {\"phone\": \"" FL_TEST_SHOWCASE_PHONE "\"}}");
  ids = json_object_get_array_member (found, "ids");
  g_assert_cmpuint (json_array_get_length (ids), ==, 1);
  fixture->customer = g_strdup (json_array_get_string_element (ids, 0));
}

void
fl_test_fixture_tear_down (FlTestFixture *fixture,
                           gconstpointer  data)
{
  fl_test_server_stop (fixture->server);
  g_clear_pointer (&fixture->server, fl_test_server_free);
  g_clear_pointer (&fixture->token, g_free);
  g_clear_pointer (&fixture->customer, g_free);
}

const char *
fl_test_created_id (JsonObject *set_result,
                    const char *creation_id)
{
  JsonNode *created = json_object_get_member (set_result, "created");
  JsonObject *record;

  if (created == NULL || !JSON_NODE_HOLDS_OBJECT (created)
      || !json_object_has_member (json_node_get_object (created), creation_id))
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), set_result);
      g_autofree char *text = json_to_string (node, FALSE);

      g_error ("“%s” was not created: %s", creation_id, text);
    }
  record = json_object_get_object_member (json_node_get_object (created), creation_id);
  return json_object_get_string_member (record, "id");
}

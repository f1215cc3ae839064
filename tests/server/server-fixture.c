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
  g_autoptr(GError) error = NULL;

  if (server->process == NULL)
    return;
  g_subprocess_send_signal (server->process, SIGTERM);
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
  g_free (server);
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
  g_autofree char *uri = g_strconcat (server->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) answer = NULL;
  const char *data;
  gsize length;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, body_length == (gsize) -1 ? strlen (body) : body_length);

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
  return g_strdup (json_object_get_string_member (json_array_get_object_element (triple, 1), "type"));
}

/* bench-server-process.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the benchmarks that talk to a real frontline-server share: the dataset
 * (generated once, then reused), the server process on loopback, and a signed-
 * in session for one-at-a-time JMAP calls.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "bench-server-process.h"
#include "bench-stats.h"
#include "fl-demo-generator.h"
#include "fl-password.h"
#include "fl-store-server.h"


static const char * const demo_logins[] = { "lead", "tier2", "agent", "rotation", "trainee" };

/* --- The dataset -------------------------------------------------------- */

static void
on_progress (guint64  rows,
             gpointer user_data)
{
  gint64 *start = user_data;
  double seconds = (bench_now_ns () - *start) / 1e9;

  g_printerr ("\r  %" G_GUINT64_FORMAT " rows, %.0f rows/s   ", rows, rows / MAX (seconds, 1e-9));
}

/* Generates the dataset unless the file holds one, and gives the demo logins
 * their password (the generator makes the agents, not their credentials). */
gboolean
bench_prepare_dataset (const char  *db_path,
                       gint64       n_customers,
                       gint64       seed,
                       GError     **error)
{
  g_autoptr(FlStore) store = fl_store_open (db_path, error);
  gint64 existing;

  if (store == NULL)
    return FALSE;
  existing = fl_store_count (store, FL_TYPE_CUSTOMER, error);
  if (existing < 0)
    return FALSE;

  if (existing == 0)
    {
      g_autoptr(FlDemoGenerator) generator = fl_demo_generator_new ();
      gint64 start = bench_now_ns ();

      /* As the store benchmark does: the whole load in the process's cache. */
      if (!fl_store_set_cache_size (store, (gsize) 4 << 30, error))
        return FALSE;
      fl_demo_generator_set_seed (generator, (guint64) seed);
      fl_demo_generator_set_n_customers (generator, (guint) n_customers);
      fl_demo_generator_set_progress_callback (generator, isatty (2) ? on_progress : NULL, &start);
      g_print ("Generating %" G_GINT64_FORMAT " customers (seed %" G_GINT64_FORMAT ") into %s…\n",
               n_customers, seed, db_path);
      if (!fl_demo_generator_run (generator, store, error))
        return FALSE;
      if (isatty (2))
        g_printerr ("\n");
      g_print ("  %" G_GUINT64_FORMAT " rows in %.1f s\n",
               fl_demo_generator_get_rows_written (generator), (bench_now_ns () - start) / 1e9);
    }
  else
    g_print ("Reusing the dataset in %s (%" G_GINT64_FORMAT " customers)\n", db_path, existing);

  for (guint i = 0; i < G_N_ELEMENTS (demo_logins); i++)
    {
      g_autoptr(FlAgent) agent = fl_store_find_agent_by_login (store, demo_logins[i], error);
      g_autofree char *hash = NULL;
      g_autofree char *existing_hash = NULL;
      GError *local_error = NULL;

      if (agent == NULL)
        return FALSE;
      existing_hash = fl_store_get_password_hash (store, fl_entity_get_id (FL_ENTITY (agent)), &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (existing_hash != NULL)
        continue;
      hash = fl_password_hash (BENCH_DEMO_PASSWORD, error);
      if (hash == NULL
          || !fl_store_set_password_hash (store, fl_entity_get_id (FL_ENTITY (agent)), hash, error))
        return FALSE;
    }
  return TRUE;
}

/* --- The server --------------------------------------------------------- */

gboolean
bench_server_start (BenchServer *server,
                    const char  *binary,
                    const char  *db_path,
                    GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  const char *prefix = "Frontline server listening on ";
  int fd;

  fd = g_file_open_tmp ("frontline-bench-server-XXXXXX.log", &server->log_path, error);
  if (fd < 0)
    return FALSE;
  close (fd);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* One line per request: kept out of the figures' way, in a file. */
  g_subprocess_launcher_set_stderr_file_path (launcher, server->log_path);
  /* No snapshot built ahead: at 1M customers it would take a core for a
   * minute or more beside what is measured (the first-sync benchmark asks for
   * its snapshots itself, cold and then warm). */
  server->process = g_subprocess_launcher_spawn (launcher, error, binary, "--db", db_path,
                                                 "--listen", "127.0.0.1:0", "--snapshot-ready-scope", "-1", NULL);
  if (server->process == NULL)
    return FALSE;

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, error);
  if (line == NULL || !g_str_has_prefix (line, prefix))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "The server did not start (its log: %s)", server->log_path);
      return FALSE;
    }
  server->url = g_strdup (line + strlen (prefix));
  server->session = soup_session_new ();
  soup_session_set_timeout (server->session, 300);
  return TRUE;
}

void
bench_server_stop (BenchServer *server)
{
  if (server->process != NULL)
    {
      g_subprocess_send_signal (server->process, SIGTERM);
      g_subprocess_wait (server->process, NULL, NULL);
      g_clear_object (&server->process);
    }
  g_clear_object (&server->session);
  if (server->log_path != NULL)
    g_unlink (server->log_path);
  g_clear_pointer (&server->log_path, g_free);
  g_clear_pointer (&server->url, g_free);
  g_clear_pointer (&server->token, g_free);
}

JsonNode *
bench_server_post (BenchServer *server,
                   const char  *path,
                   const char  *body,
                   GError     **error)
{
  g_autofree char *uri = g_strconcat (server->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *text = NULL;

  if (server->token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", server->token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  answer = soup_session_send_and_read (server->session, msg, NULL, error);
  if (answer == NULL)
    return NULL;
  text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s answered %u: %s", path,
                   soup_message_get_status (msg), text);
      return NULL;
    }
  return json_from_string (text, error);
}

gboolean
bench_server_login (BenchServer  *server,
                    const char   *login,
                    GError      **error)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autofree char *body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, BENCH_DEMO_PASSWORD);
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);
  body = json_to_string (request, FALSE);
  answer = bench_server_post (server, "/auth/login", body, error);
  if (answer == NULL)
    return FALSE;
  server->token = g_strdup (json_object_get_string_member (json_node_get_object (answer), "token"));
  return TRUE;
}

/* One method call; its arguments object, or NULL after an error response. */
JsonObject *
bench_server_call (BenchServer *server,
                   const char  *method,
                   const char  *args_json,
                   GError     **error)
{
  g_autofree char *body = g_strdup_printf ("{\"using\": " BENCH_JMAP_USING ", \"methodCalls\": [[\"%s\", %s, \"c0\"]]}",
                                           method, args_json);
  g_autoptr(JsonNode) answer = bench_server_post (server, "/jmap/api", body, error);
  JsonArray *triple;

  if (answer == NULL)
    return NULL;
  triple = json_array_get_array_element (json_object_get_array_member (json_node_get_object (answer),
                                                                       "methodResponses"), 0);
  if (g_strcmp0 (json_array_get_string_element (triple, 0), method) != 0)
    {
      g_autofree char *text = json_to_string (answer, FALSE);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s failed: %s", method, text);
      return NULL;
    }
  return json_object_ref (json_array_get_object_element (triple, 1));
}


/* frontline-bench-push.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Push's numbers against the real server (a demo database in a temporary
 * folder, on a loopback port): the time from sending a write on one HTTP
 * connection to its StateChange arriving on each of 200 WebSocket
 * connections, and the server's memory with 1,000 more idle WebSockets. A
 * program that prints figures, not a timed test: run it by hand and quote it.
 *
 *   frontline-bench-push [--server PATH] [--connections N] [--writes N]
 *                        [--idle N] [--deflate]
 *
 * The server binary is --server, else $FRONTLINE_SERVER. The bench and the
 * server share the machine: the client's own time to read 200 sockets is in
 * the figures.
 */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include <json-glib/json-glib.h>

#include "bench-stats.h"
#include "fl-test-util.h"
#include "push-client.h"

#define USING "[\"urn:ietf:params:jmap:core\", \"https://frontlinedesk.github.io/jmap/support\"]"
#define WAIT_MS 30000

typedef struct
{
  SoupWebsocketConnection *conn;
  gint64                   arrived_ns;   /* of the last StateChange */
  gint64                   push_state;   /* that it carried */
  guint                    n_answers;    /* Responses received */
} Receiver;

typedef struct
{
  GSubprocess *process;
  char        *dir;
  char        *url;
  SoupSession *http;       /* the writer's */
  SoupSession *ws;         /* the receivers' */
  char        *token_lead;
  char        *token_agent;
  GPtrArray   *receivers;  /* Receiver *, the measured ones first */
} Bench;

/* --- The server --------------------------------------------------------- */

static void
launch (Bench      *bench,
        const char *binary)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *db = g_build_filename (bench->dir, "frontline.db", NULL);
  g_autofree char *log = g_build_filename (bench->dir, "server.log", NULL);
  g_autofree char *line = NULL;

  /* One line per request would drown the figures. */
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  bench->process = g_subprocess_launcher_spawn (launcher, &error, binary, "--demo", "--db", db,
                                                "--listen", "127.0.0.1:0", NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bench->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL || !g_str_has_prefix (line, "Frontline server listening on "))
    g_error ("The server did not start; see %s", log);
  g_free (bench->url);
  bench->url = g_strdup (line + strlen ("Frontline server listening on "));
}

static void
stop (Bench *bench)
{
  g_subprocess_send_signal (bench->process, SIGTERM);
  g_subprocess_wait (bench->process, NULL, NULL);
  g_clear_object (&bench->process);
}

/* The first start generates the demo data in the server's own process, and
 * the heap it leaves would hide what connections cost: the figures come from
 * a second start on the same database. */
static void
start_server (Bench      *bench,
              const char *binary)
{
  g_autoptr(GError) error = NULL;

  bench->dir = g_dir_make_tmp ("frontline-bench-push-XXXXXX", &error);
  g_assert_no_error (error);
  launch (bench, binary);
  stop (bench);
  launch (bench, binary);
}

static guint64
server_rss_kib (Bench *bench)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (bench->process));
  g_autofree char *status = NULL;
  g_autoptr(GError) error = NULL;
  const char *line;

  g_file_get_contents (path, &status, NULL, &error);
  g_assert_no_error (error);
  line = strstr (status, "\nVmRSS:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("\nVmRSS:"), NULL, 10);
}

/* --- HTTP, blocking (set-up only) --------------------------------------- */

static JsonNode *
post (Bench      *bench,
      const char *path,
      const char *token,
      const char *body)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strconcat (bench->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *text = NULL;

  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
    }
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  answer = soup_session_send_and_read (bench->http, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  return json_from_string (text, NULL);
}

static char *
sign_in (Bench      *bench,
         const char *login)
{
  g_autofree char *body = g_strdup_printf ("{\"login\": \"%s\", \"password\": \"frontline-demo\"}", login);
  g_autoptr(JsonNode) answer = post (bench, "/auth/login", NULL, body);

  return g_strdup (json_object_get_string_member (json_node_get_object (answer), "token"));
}

/* The first method response's arguments. */
static JsonObject *
call (Bench      *bench,
      const char *method,
      const char *args)
{
  g_autofree char *body = g_strdup_printf ("{\"using\": " USING ", \"methodCalls\": [[\"%s\", %s, \"c\"]]}",
                                           method, args);
  g_autoptr(JsonNode) answer = post (bench, "/jmap/api", bench->token_lead, body);
  JsonArray *triple = json_array_get_array_element (
    json_object_get_array_member (json_node_get_object (answer), "methodResponses"), 0);

  g_assert_cmpstr (json_array_get_string_element (triple, 0), ==, method);
  return json_object_ref (json_array_get_object_element (triple, 1));
}

/* --- Receivers ---------------------------------------------------------- */

static void
receiver_message (SoupWebsocketConnection *conn,
                  gint                     type,
                  GBytes                   *message,
                  gpointer                 user_data)
{
  Receiver *receiver = user_data;
  gsize length;
  const char *data = g_bytes_get_data (message, &length);
  g_autofree char *text = g_strndup (data, length);
  const char *state;

  /* Stamped first: parsing is the bench's cost, not the server's. */
  if (g_str_has_prefix (text, "{\"@type\":\"StateChange\""))
    {
      receiver->arrived_ns = bench_now_ns ();
      state = strstr (text, "\"pushState\":\"");
      g_assert_nonnull (state);
      receiver->push_state = g_ascii_strtoll (state + strlen ("\"pushState\":\""), NULL, 10);
    }
  else if (g_str_has_prefix (text, "{\"@type\":\"Response\""))
    receiver->n_answers++;
  else
    g_error ("Unexpected message: %.200s", text);
}

typedef struct
{
  GPtrArray *receivers;
  guint      from;
  guint      n_answers;   /* each from receiver 'from' on must have this many */
} Awaited;

static gboolean
all_answered (gpointer data)
{
  Awaited *awaited = data;

  for (guint i = awaited->from; i < awaited->receivers->len; i++)
    if (((Receiver *) g_ptr_array_index (awaited->receivers, i))->n_answers < awaited->n_answers)
      return FALSE;
  return TRUE;
}

static void
open_receivers (Bench    *bench,
                guint     n,
                gboolean  enable_push)
{
  static const char enable[] = "{\"@type\": \"WebSocketPushEnable\", \"dataTypes\": null}";
  static const char ping[] = "{\"@type\": \"Request\", \"id\": \"p\", \"using\": [], \"methodCalls\": []}";
  Awaited awaited = { bench->receivers, bench->receivers->len, 1 };

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      Receiver *receiver = g_new0 (Receiver, 1);
      guint status = 0;

      receiver->conn = fl_test_ws_connect (bench->ws, bench->url, bench->token_agent, &status, &error);
      if (receiver->conn == NULL)
        g_error ("WebSocket %u of %u: %s (HTTP %u)", i + 1, n, error->message, status);
      g_signal_connect (receiver->conn, "message", G_CALLBACK (receiver_message), receiver);
      if (enable_push)
        soup_websocket_connection_send_text (receiver->conn, enable);
      soup_websocket_connection_send_text (receiver->conn, ping);
      g_ptr_array_add (bench->receivers, receiver);
    }
  /* The answer to the ping means the enable before it was handled. */
  if (!fl_test_wait_until (all_answered, &awaited, WAIT_MS))
    g_error ("Not every new WebSocket answered in time");
}

/* --- Writes ------------------------------------------------------------- */

typedef struct
{
  Bench  *bench;
  guint   n_measured;
  gint64  sent_ns;
  gint64  new_state;
  gint64  acked_ns;
  gboolean done;
} Write;

static void
write_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Write *write = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autofree char *text = NULL;
  const char *state;

  write->acked_ns = bench_now_ns ();
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  state = strstr (text, "\"newState\":\"");
  if (state == NULL)
    g_error ("The write failed: %.300s", text);
  write->new_state = g_ascii_strtoll (state + strlen ("\"newState\":\""), NULL, 10);
  write->done = TRUE;
}

static gboolean
write_seen_everywhere (gpointer data)
{
  Write *write = data;

  if (!write->done)
    return FALSE;
  for (guint i = 0; i < write->n_measured; i++)
    {
      Receiver *receiver = g_ptr_array_index (write->bench->receivers, i);

      if (receiver->push_state < write->new_state)
        return FALSE;
    }
  return TRUE;
}

static void
bench_writes (Bench      *bench,
              const char *case_id,
              guint       n_measured,
              guint       n_writes)
{
  g_autoptr(GArray) each = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) last = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) acked = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *uri = g_strconcat (bench->url, "/jmap/api", NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", bench->token_lead, NULL);

  for (guint w = 0; w < n_writes; w++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
      g_autofree char *body = g_strdup_printf ("{\"using\": " USING ", \"methodCalls\": [[\"Case/set\", "
                                               "{\"accountId\": \"org\", \"update\": {\"%s\": "
                                               "{\"subject\": \"Benchmark write %u\"}}}, \"w\"]]}",
                                               case_id, w);
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      Write write = { bench, n_measured, 0, 0, 0, FALSE };
      gint64 slowest = 0;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
      write.sent_ns = bench_now_ns ();
      soup_session_send_and_read_async (bench->http, msg, G_PRIORITY_DEFAULT, NULL, write_done, &write);
      if (!fl_test_wait_until (write_seen_everywhere, &write, WAIT_MS))
        g_error ("Write %u: not every connection got its StateChange in %d ms", w, WAIT_MS);

      for (guint i = 0; i < n_measured; i++)
        {
          Receiver *receiver = g_ptr_array_index (bench->receivers, i);
          gint64 latency = receiver->arrived_ns - write.sent_ns;

          /* Exactly this write's: one write at a time, each a new state. */
          g_assert_cmpint (receiver->push_state, ==, write.new_state);
          g_array_append_val (each, latency);
          slowest = MAX (slowest, latency);
        }
      g_array_append_val (last, slowest);
      {
        gint64 ack = write.acked_ns - write.sent_ns;

        g_array_append_val (acked, ack);
      }
    }

  bench_report ("write acknowledged (HTTP answer)", acked, "-");
  bench_report ("write -> StateChange, each connection", each, "p99 <= 50 ms");
  bench_report ("write -> StateChange on all connections", last, "-");
}

int
main (int   argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  g_autofree char *case_id = NULL;
  int n_connections = 200;
  int n_writes = 200;
  int n_idle = 1000;
  gboolean deflate = FALSE;
  Bench bench = { 0 };
  struct rlimit files;
  guint64 rss_before;
  guint64 rss_after;
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &server, "The frontline-server binary", "PATH" },
    { "connections", 0, 0, G_OPTION_ARG_INT, &n_connections, "WebSockets that receive the pushes (200)", "N" },
    { "writes", 0, 0, G_OPTION_ARG_INT, &n_writes, "Writes to time (200)", "N" },
    { "idle", 0, 0, G_OPTION_ARG_INT, &n_idle, "Idle WebSockets for the memory figure (1000)", "N" },
    { "deflate", 0, 0, G_OPTION_ARG_NONE, &deflate, "Offer permessage-deflate, as browsers do", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("— push latency and memory of frontline-server");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (server == NULL)
    server = g_strdup (g_getenv ("FRONTLINE_SERVER"));
  if (server == NULL || n_connections < 1 || n_writes < 1 || n_idle < 0)
    {
      g_printerr ("Give --server PATH (or FRONTLINE_SERVER) and positive counts\n");
      return 2;
    }

  /* Each WebSocket is a descriptor here and one in the server (which gets
   * the same limit from us). */
  if (getrlimit (RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max)
    {
      files.rlim_cur = files.rlim_max;
      setrlimit (RLIMIT_NOFILE, &files);
    }
  g_print ("open files limit: %llu; WebSockets: %d measured + %d idle\n",
           (unsigned long long) files.rlim_cur, n_connections, n_idle);

  start_server (&bench, server);
  bench.http = soup_session_new ();
  bench.ws = soup_session_new ();
  soup_session_set_timeout (bench.http, 60);
  /* libsoup's session offers no extension unless given the manager. */
  if (deflate)
    soup_session_add_feature_by_type (bench.ws, SOUP_TYPE_WEBSOCKET_EXTENSION_MANAGER);
  bench.receivers = g_ptr_array_new ();
  bench.token_lead = sign_in (&bench, "lead");
  bench.token_agent = sign_in (&bench, "agent");
  g_print ("server %s (pid %s), permessage-deflate %s\n", bench.url,
           g_subprocess_get_identifier (bench.process), deflate ? "offered" : "not offered");

  {
    g_autoptr(JsonObject) customers = call (&bench, "Customer/query",
                                            "{\"accountId\": \"org\", \"filter\": {\"phone\": \"+1 555 0100\"}}");
    g_autofree char *args = g_strdup_printf ("{\"accountId\": \"org\", \"create\": {\"k\": {\"customerId\": \"%s\", "
                                             "\"subject\": \"Benchmark\"}}}",
                                             json_array_get_string_element (
                                               json_object_get_array_member (customers, "ids"), 0));
    g_autoptr(JsonObject) set = call (&bench, "Case/set", args);

    case_id = g_strdup (json_object_get_string_member (
      json_object_get_object_member (json_object_get_object_member (set, "created"), "k"), "id"));
  }

  open_receivers (&bench, n_connections, TRUE);
  {
    Receiver *first = g_ptr_array_index (bench.receivers, 0);

    g_print ("extensions negotiated: %u\n", g_list_length (soup_websocket_connection_get_extensions (first->conn)));
  }
  /* Warm-up: first-use costs (statement caches, page cache) are not push's. */
  bench_writes (&bench, case_id, n_connections, MIN (20, n_writes));
  g_print ("-- measured:\n");
  bench_writes (&bench, case_id, n_connections, n_writes);

  rss_before = server_rss_kib (&bench);
  open_receivers (&bench, n_idle, TRUE);
  rss_after = server_rss_kib (&bench);
  g_print ("server RSS with %d WebSockets: %" G_GUINT64_FORMAT " KiB; with %d more idle: %" G_GUINT64_FORMAT
           " KiB; %.1f KiB per idle connection\n",
           n_connections, rss_before, n_idle, rss_after,
           n_idle > 0 ? (double) (rss_after - rss_before) / n_idle : 0.0);

  /* Done: the server is stopped as an admin would, and waited for. */
  stop (&bench);
  for (guint i = 0; i < bench.receivers->len; i++)
    {
      Receiver *receiver = g_ptr_array_index (bench.receivers, i);

      g_signal_handlers_disconnect_by_data (receiver->conn, receiver);
      g_object_unref (receiver->conn);
      g_free (receiver);
    }
  g_ptr_array_unref (bench.receivers);
  g_object_unref (bench.http);
  g_object_unref (bench.ws);
  fl_test_remove_tree (bench.dir);
  g_free (bench.dir);
  g_free (bench.url);
  g_free (bench.token_lead);
  g_free (bench.token_agent);
  return 0;
}

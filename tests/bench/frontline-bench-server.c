/* frontline-bench-server.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server's numbers on a realistic dataset (1M customers by default): durable
 * writes per second from 1, 8 and 64 desktops writing at once, and how fast a
 * desktop that was away catches up through X/changes and X/get. It runs the
 * real frontline-server binary on loopback and talks JMAP to it over HTTP, as a
 * desktop does. A program that prints figures, not a timed test.
 *
 *   frontline-bench-server [--customers N] [--seed N] [--db PATH] [--keep]
 *                          [--server PATH] [--seconds S] [--clients 1,8,64]
 *                          [--random-ids]
 *
 * With --db naming a file that already holds a dataset, generating is skipped
 * (it takes minutes at 1M customers); the writes are added to it. Without
 * --db the dataset lives in a temporary directory, removed at the end unless
 * --keep is given.
 */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "fl-demo-generator.h"
#include "bench-server-process.h"
#include "bench-stats.h"
#include "fl-password.h"
#include "fl-store-server.h"

#define BENCH_LOGIN "agent"
#define CUSTOMER_PAGES 8
#define CHANGES_PAGE 10000
#define GET_PAGE 1000

/* --random-ids: version 4 UUIDs for the new records, the load measured before;
 * by default the ids a desktop makes (fl_id_new(): version 7, time first). */
static gboolean random_ids;

/* The commit queue's totals, from the line the server logs on SIGUSR1. */
static gboolean
server_commit_stats (BenchServer  *server,
                     guint64 *n_groups,
                     guint64 *n_jobs)
{
  const char *prefix = "Commit queue: ";

  g_subprocess_send_signal (server->process, SIGUSR1);
  for (guint attempt = 0; attempt < 200; attempt++)
    {
      g_autofree char *log = NULL;
      g_auto(GStrv) lines = NULL;
      const char *last = NULL;
      guint n = 0;

      g_usleep (10000);
      if (!g_file_get_contents (server->log_path, &log, NULL, NULL))
        return FALSE;
      lines = g_strsplit (log, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (g_str_has_prefix (lines[i], prefix))
          n++, last = lines[i];
      if (n > server->n_stats)
        {
          server->n_stats = n;
          return sscanf (last + strlen (prefix), "%" G_GUINT64_FORMAT " groups, %" G_GUINT64_FORMAT " jobs",
                         n_groups, n_jobs) == 2;
        }
    }
  return FALSE;
}

static char *
type_state (BenchServer      *server,
            const char  *type_name,
            GError     **error)
{
  g_autofree char *method = g_strconcat (type_name, "/get", NULL);
  g_autoptr(JsonObject) result = bench_server_call (server, method, "{\"accountId\": \"org\", \"ids\": []}", error);

  if (result == NULL)
    return NULL;
  return g_strdup (json_object_get_string_member (result, "state"));
}

/* Customer ids to write cases for: pages of Customer/query spread over the
 * whole table, so the writes touch all of the customers' index. */
static GPtrArray *
pick_customers (BenchServer  *server,
                GError **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  gint64 total = 0;

  for (guint page = 0; page < CUSTOMER_PAGES; page++)
    {
      g_autofree char *args = g_strdup_printf ("{\"accountId\": \"org\", \"position\": %" G_GINT64_FORMAT ","
                                               " \"limit\": 1000, \"calculateTotal\": %s}",
                                               total * page / CUSTOMER_PAGES,
                                               page == 0 ? "true" : "false");
      g_autoptr(JsonObject) result = bench_server_call (server, "Customer/query", args, error);
      JsonArray *page_ids;

      if (result == NULL)
        return NULL;
      if (page == 0)
        total = json_object_get_int_member_with_default (result, "total", 0);
      page_ids = json_object_get_array_member (result, "ids");
      for (guint i = 0; i < json_array_get_length (page_ids); i++)
        g_ptr_array_add (ids, g_strdup (json_array_get_string_element (page_ids, i)));
    }
  if (ids->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Customer/query found no customers");
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* --- Writes from concurrent desktops ------------------------------------ */

typedef struct _Level Level;

/* A desktop: one kept-alive HTTP/1.1 connection, one request in flight. The
 * requests are written and the answers read straight on the socket: libsoup's
 * client machinery cost the load generator about 170 µs of CPU per request,
 * on the two cores the server needs. Each request is still a whole HTTP
 * request over a real TCP connection, answered after its durable commit. */
typedef struct
{
  Level              *level;
  guint               index;
  char               *client_id;     /* the desktop's UUID */
  gint64              mutation_id;
  gint64              sent_at;
  gboolean            done;
  GSocketConnection  *connection;
  char               *request;       /* being written */
  gsize               request_length;
  GByteArray         *answer;        /* read so far */
  guint8              buffer[16 * 1024];
} Client;

struct _Level
{
  BenchServer      *server;
  GSocketClient    *socket_client;
  char             *host;
  int               port;
  char             *authorization;
  GMainLoop        *loop;
  GPtrArray        *customers;
  GRand            *rand;
  GArray           *latencies;      /* ns, of every answered request */
  gint64            deadline;
  gint64            last_answer;
  guint             n_clients;
  guint             n_running;
  guint             max_in_flight;
  guint             in_flight;
  guint64           n_requests;
  guint64           n_failed;
};

static void send_next (Client *client);

/* Cheap enough not to compete with the server for the two cores, strict enough
 * to notice a refused record: both calls answered, each with one record
 * created and none refused. */
static gboolean
answer_is_good (const char *text)
{
  const char *refused = "\"notCreated\":null";
  const char *first;

  if (strstr (text, "[\"Case/set\",") == NULL || strstr (text, "[\"Interaction/set\",") == NULL
      || strstr (text, "\"created\":{\"k\":") == NULL || strstr (text, "\"created\":{\"n\":") == NULL)
    return FALSE;
  first = strstr (text, refused);
  return first != NULL && strstr (first + strlen (refused), refused) != NULL;
}

/* The request is answered (@status, @body), or failed (@problem). */
static void
write_done (Client     *client,
            guint       status,
            const char *body,
            const char *problem)
{
  Level *level = client->level;
  gint64 now = bench_now_ns ();
  gint64 elapsed = now - client->sent_at;

  level->in_flight--;
  level->last_answer = now;
  level->n_requests++;
  g_array_append_val (level->latencies, elapsed);

  if (problem != NULL || status != 200)
    {
      if (level->n_failed++ < 3)
        g_printerr ("  write failed: %s (HTTP %u)\n", problem != NULL ? problem : "", status);
      /* Started again on a new connection. */
      g_clear_object (&client->connection);
    }
  else if (!answer_is_good (body) && level->n_failed++ < 3)
    g_printerr ("  write refused: %.600s\n", body);

  if (now < level->deadline)
    send_next (client);
  else
    {
      client->done = TRUE;
      if (--level->n_running == 0)
        g_main_loop_quit (level->loop);
    }
}

static void read_more (Client *client);

/* A whole answer in client->answer yet? Headers, then Content-Length bytes
 * (the server answers every API request with a length, never chunked). */
static gboolean
take_answer (Client *client)
{
  const char *data = (const char *) client->answer->data;
  const char *end = g_strstr_len (data, client->answer->len, "\r\n\r\n");
  g_autofree char *headers = NULL;
  g_autofree char *length_text = NULL;
  g_autofree char *body = NULL;
  const char *length_header;
  guint64 length;
  guint status = 0;
  gsize header_length;

  if (end == NULL)
    return FALSE;
  header_length = end + 4 - data;
  headers = g_ascii_strdown (data, header_length);
  length_header = strstr (headers, "\r\ncontent-length:");
  if (length_header != NULL)
    length_text = g_strstrip (g_strndup (length_header + 17, strcspn (length_header + 17, "\r")));
  if (sscanf (headers, "http/1.1 %u", &status) != 1 || length_text == NULL
      || !g_ascii_string_to_unsigned (length_text, 10, 0, G_MAXUINT32, &length, NULL))
    {
      write_done (client, status, NULL, "the answer has no status line or length");
      return TRUE;
    }
  if (client->answer->len < header_length + length)
    return FALSE;

  body = g_strndup (data + header_length, length);
  g_byte_array_remove_range (client->answer, 0, header_length + length);
  write_done (client, status, body, NULL);
  return TRUE;
}

static void
answer_read (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Client *client = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (n <= 0)
    {
      write_done (client, 0, NULL, error != NULL ? error->message : "the server closed the connection");
      return;
    }
  g_byte_array_append (client->answer, client->buffer, n);
  if (!take_answer (client))
    read_more (client);
}

static void
read_more (Client *client)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (client->connection)),
                             client->buffer, sizeof client->buffer, G_PRIORITY_DEFAULT, NULL,
                             answer_read, client);
}

static void
request_written (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Client *client = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&client->request, g_free);
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      write_done (client, 0, NULL, error->message);
      return;
    }
  read_more (client);
}

/* A desktop's write: a new case for a customer and the first note on it, in
 * one request, the note naming the case by its creation id. */
static void
send_next (Client *client)
{
  Level *level = client->level;
  /* A desktop names its new records with fl_id_new(), as the New Case window
   * does: ids that sort by time, so the id indexes grow at their end. */
  g_autofree char *case_id = random_ids ? g_uuid_string_random () : fl_id_new ();
  g_autofree char *note_id = random_ids ? g_uuid_string_random () : fl_id_new ();
  const char *customer_id = g_ptr_array_index (level->customers,
                                               g_rand_int_range (level->rand, 0, level->customers->len));
  g_autofree char *body = NULL;
  gint64 first_mutation = client->mutation_id;

  client->mutation_id += 2;
  body = g_strdup_printf ("{\"using\": " BENCH_JMAP_USING ", \"methodCalls\": ["
                          "[\"Case/set\", {\"accountId\": \"org\", \"clientId\": \"%s\", \"mutationId\": %" G_GINT64_FORMAT ","
                          " \"create\": {\"k\": {\"id\": \"%s\", \"customerId\": \"%s\","
                          " \"subject\": \"Printer drops off the network after sleep (bench %u/%" G_GINT64_FORMAT ")\","
                          " \"description\": \"The printer answers pings for a minute after waking, then vanishes.\","
                          " \"status\": \"new\", \"priority\": \"normal\", \"tier\": \"tier1\"}}}, \"c0\"],"
                          "[\"Interaction/set\", {\"accountId\": \"org\", \"clientId\": \"%s\", \"mutationId\": %" G_GINT64_FORMAT ","
                          " \"create\": {\"n\": {\"id\": \"%s\", \"caseId\": \"#k\", \"kind\": \"note\","
                          " \"body\": \"Customer called; asked them to turn off the printer's deep sleep and to retry.\"}}},"
                          " \"c1\"]]}",
                          client->client_id, first_mutation, case_id, customer_id, client->index, first_mutation,
                          client->client_id, first_mutation + 1, note_id);
  client->request = g_strdup_printf ("POST /jmap/api HTTP/1.1\r\n"
                                     "Host: %s:%d\r\n"
                                     "Authorization: %s\r\n"
                                     "Content-Type: application/json\r\n"
                                     "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                     "\r\n%s",
                                     level->host, level->port, level->authorization, strlen (body), body);
  client->request_length = strlen (client->request);

  level->in_flight++;
  level->max_in_flight = MAX (level->max_in_flight, level->in_flight);
  client->sent_at = bench_now_ns ();

  if (client->connection == NULL)
    {
      g_autoptr(GError) error = NULL;

      g_byte_array_set_size (client->answer, 0);
      client->connection = g_socket_client_connect_to_host (level->socket_client, level->host, level->port,
                                                            NULL, &error);
      if (client->connection == NULL)
        {
          g_clear_pointer (&client->request, g_free);
          /* Not again at once: the deadline ends the level. */
          g_usleep (10000);
          write_done (client, 0, NULL, error->message);
          return;
        }
    }
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (client->connection)),
                                   client->request, client->request_length, G_PRIORITY_DEFAULT, NULL,
                                   request_written, client);
}

typedef struct
{
  guint   n_clients;
  guint64 n_requests;
  guint64 n_failed;
  double  seconds;
  double  requests_per_second;
  double  p50_ms;
  double  p99_ms;
  double  max_ms;
  double  group_size;    /* jobs per commit, or 0 if unknown */
  guint   max_in_flight;
} LevelResult;

/* One thread's share of the clients, with a GMainContext of its own: desktops
 * are separate processes, and one libsoup session driving 64 connections
 * spent a whole core of its own (mostly in the kernel) before the server was
 * busy. */
typedef struct
{
  BenchServer    *server;
  GPtrArray *customers;
  guint      first_index;
  guint      n_clients;
  gint64     start;
  gint64     deadline;
  GArray    *latencies;     /* out */
  guint64    n_requests;    /* out */
  guint64    n_failed;      /* out */
  gint64     last_answer;   /* out */
  guint      max_in_flight; /* out */
} Shard;

static gpointer
run_shard (gpointer data)
{
  Shard *shard = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (shard->first_index + 1);
  g_autofree Client *clients = g_new0 (Client, shard->n_clients);
  Level level = { 0 };

  g_main_context_push_thread_default (context);
  loop = g_main_loop_new (context, FALSE);

  /* One connection per desktop: each keeps one request in flight at a time. */
  {
    g_autoptr(GUri) uri = g_uri_parse (shard->server->url, G_URI_FLAGS_NONE, NULL);

    g_assert (uri != NULL);
    level.host = g_strdup (g_uri_get_host (uri));
    level.port = g_uri_get_port (uri);
  }
  level.socket_client = g_socket_client_new ();
  level.authorization = g_strconcat ("Bearer ", shard->server->token, NULL);
  level.server = shard->server;
  level.loop = loop;
  level.customers = shard->customers;
  level.rand = rand;
  level.latencies = shard->latencies;
  level.n_clients = shard->n_clients;
  level.n_running = shard->n_clients;
  level.deadline = shard->deadline;

  for (guint i = 0; i < shard->n_clients; i++)
    {
      clients[i].level = &level;
      clients[i].index = shard->first_index + i;
      clients[i].client_id = g_uuid_string_random ();
      clients[i].mutation_id = 1;
      clients[i].answer = g_byte_array_new ();
      send_next (&clients[i]);
    }
  g_main_loop_run (loop);

  shard->n_requests = level.n_requests;
  shard->n_failed = level.n_failed;
  shard->last_answer = level.last_answer;
  shard->max_in_flight = level.max_in_flight;

  for (guint i = 0; i < shard->n_clients; i++)
    {
      g_free (clients[i].client_id);
      g_clear_object (&clients[i].connection);
      g_byte_array_unref (clients[i].answer);
    }
  g_object_unref (level.socket_client);
  g_free (level.host);
  g_free (level.authorization);
  g_main_context_pop_thread_default (context);
  return NULL;
}

/* Client threads for a level: enough that no one session is the bottleneck. */
#define MAX_CLIENT_THREADS 4

static void
run_level (BenchServer      *server,
           GPtrArray   *customers,
           guint        n_clients,
           double       seconds,
           LevelResult *out)
{
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n_threads = MIN (n_clients, MAX_CLIENT_THREADS);
  g_autofree Shard *shards = g_new0 (Shard, n_threads);
  g_autofree GThread **threads = g_new0 (GThread *, n_threads);
  guint64 groups_before = 0, jobs_before = 0, groups_after = 0, jobs_after = 0;
  gboolean have_stats;
  gint64 start;
  gint64 last_answer = 0;
  guint first = 0;

  have_stats = server_commit_stats (server, &groups_before, &jobs_before);

  start = bench_now_ns ();
  for (guint t = 0; t < n_threads; t++)
    {
      Shard *shard = &shards[t];

      shard->server = server;
      shard->customers = customers;
      shard->first_index = first;
      shard->n_clients = n_clients / n_threads + (t < n_clients % n_threads ? 1 : 0);
      shard->start = start;
      shard->deadline = start + (gint64) (seconds * 1e9);
      shard->latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
      first += shard->n_clients;
      threads[t] = g_thread_new ("bench-clients", run_shard, shard);
    }

  out->n_requests = 0;
  out->n_failed = 0;
  out->max_in_flight = 0;
  for (guint t = 0; t < n_threads; t++)
    {
      g_thread_join (threads[t]);
      g_array_append_vals (latencies, shards[t].latencies->data, shards[t].latencies->len);
      g_array_unref (shards[t].latencies);
      out->n_requests += shards[t].n_requests;
      out->n_failed += shards[t].n_failed;
      out->max_in_flight += shards[t].max_in_flight;
      last_answer = MAX (last_answer, shards[t].last_answer);
    }

  have_stats = have_stats && server_commit_stats (server, &groups_after, &jobs_after);

  out->n_clients = n_clients;
  out->seconds = (last_answer - start) / 1e9;
  out->requests_per_second = out->n_requests / MAX (out->seconds, 1e-9);
  out->p50_ms = bench_percentile_ms (latencies, 0.50);
  out->p99_ms = bench_percentile_ms (latencies, 0.99);
  out->max_ms = bench_percentile_ms (latencies, 1.0);
  out->group_size = have_stats && groups_after > groups_before
                    ? (double) (jobs_after - jobs_before) / (groups_after - groups_before) : 0;
}

/* --- Catching up through X/changes -------------------------------------- */

typedef struct
{
  guint64 n_changes;       /* ids listed by X/changes */
  guint64 n_records;       /* records read by X/get */
  guint   n_change_calls;
  guint   n_get_calls;
  double  changes_seconds;
  double  get_seconds;
} CatchUp;

static gboolean
catch_up (BenchServer      *server,
          const char  *type_name,
          const char  *since_state,
          CatchUp     *out,
          GError     **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *state = g_strdup (since_state);
  g_autofree char *changes_method = g_strconcat (type_name, "/changes", NULL);
  g_autofree char *get_method = g_strconcat (type_name, "/get", NULL);
  gboolean more = TRUE;
  gint64 start;

  start = bench_now_ns ();
  while (more)
    {
      g_autofree char *args = g_strdup_printf ("{\"accountId\": \"org\", \"sinceState\": \"%s\", \"maxChanges\": %d}",
                                               state, CHANGES_PAGE);
      g_autoptr(JsonObject) result = bench_server_call (server, changes_method, args, error);
      const char *lists[] = { "created", "updated" };

      if (result == NULL)
        return FALSE;
      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        {
          JsonArray *list = json_object_get_array_member (result, lists[l]);

          for (guint i = 0; i < json_array_get_length (list); i++)
            g_ptr_array_add (ids, g_strdup (json_array_get_string_element (list, i)));
        }
      out->n_changes += json_array_get_length (json_object_get_array_member (result, "created"))
                        + json_array_get_length (json_object_get_array_member (result, "updated"))
                        + json_array_get_length (json_object_get_array_member (result, "destroyed"));
      out->n_change_calls++;
      more = json_object_get_boolean_member (result, "hasMoreChanges");
      g_free (state);
      state = g_strdup (json_object_get_string_member (result, "newState"));
    }
  out->changes_seconds += (bench_now_ns () - start) / 1e9;

  start = bench_now_ns ();
  for (guint first = 0; first < ids->len; first += GET_PAGE)
    {
      g_autoptr(GString) args = g_string_new ("{\"accountId\": \"org\", \"ids\": [");
      g_autoptr(JsonObject) result = NULL;
      guint n = MIN (GET_PAGE, ids->len - first);

      for (guint i = 0; i < n; i++)
        g_string_append_printf (args, "%s\"%s\"", i > 0 ? ", " : "",
                                (const char *) g_ptr_array_index (ids, first + i));
      g_string_append (args, "]}");
      result = bench_server_call (server, get_method, args->str, error);
      if (result == NULL)
        return FALSE;
      out->n_records += json_array_get_length (json_object_get_array_member (result, "list"));
      out->n_get_calls++;
    }
  out->get_seconds += (bench_now_ns () - start) / 1e9;
  return TRUE;
}

/* --- main --------------------------------------------------------------- */

static char *
default_server_binary (void)
{
  const char *from_env = g_getenv ("FRONTLINE_SERVER");

  if (from_env != NULL)
    return g_strdup (from_env);
  return g_strdup (FL_BENCH_SERVER_BINARY);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GArray) results = g_array_new (FALSE, TRUE, sizeof (LevelResult));
  g_autofree char *db_path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *binary = NULL;
  g_autofree char *levels_text = NULL;
  g_autofree char *case_state = NULL;
  g_autofree char *note_state = NULL;
  g_auto(GStrv) levels = NULL;
  gint64 n_customers = 1000000;
  gint64 seed = 1;
  double seconds = 10;
  gboolean keep = FALSE;
  BenchServer server = { 0 };
  CatchUp cases = { 0 }, notes = { 0 };
  GOptionEntry entries[] = {
    { "customers", 0, 0, G_OPTION_ARG_INT64, &n_customers, "Customers to generate (default 1000000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Generator seed", "N" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Database to use, or reuse if it holds a dataset", "PATH" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the temporary database (to pass as --db next time)", NULL },
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &binary,
      "The frontline-server binary (default: $FRONTLINE_SERVER, else the one built with this)", "PATH" },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, "How long each level of writers runs (default 10)", "S" },
    { "clients", 0, 0, G_OPTION_ARG_STRING, &levels_text, "Concurrent writers per level (default 1,8,64)", "N,N,…" },
    { "random-ids", 0, 0, G_OPTION_ARG_NONE, &random_ids,
      "Random (version 4) ids for the new records instead of the time-ordered ones desktops make", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("— measure the Frontline server");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (binary == NULL)
    binary = default_server_binary ();
  levels = g_strsplit (levels_text != NULL ? levels_text : "1,8,64", ",", -1);

  if (!fl_password_init (&error))
    goto failed;

  if (db_path == NULL)
    {
      dir = g_dir_make_tmp ("frontline-bench-server-XXXXXX", &error);
      if (dir == NULL)
        goto failed;
      db_path = g_build_filename (dir, "bench.db", NULL);
    }

  g_print ("Frontline server benchmark — %u cores, server %s\n", g_get_num_processors (), binary);
  if (!bench_prepare_dataset (db_path, n_customers, seed, &error))
    goto failed;

  if (!bench_server_start (&server, binary, db_path, &error) || !bench_server_login (&server, BENCH_LOGIN, &error))
    goto failed;
  g_print ("Server at %s, signed in as %s\n", server.url, BENCH_LOGIN);

  customers = pick_customers (&server, &error);
  if (customers == NULL)
    goto failed;
  case_state = type_state (&server, "Case", &error);
  note_state = case_state != NULL ? type_state (&server, "Interaction", &error) : NULL;
  if (note_state == NULL)
    goto failed;

  g_print ("\nWrites: each request is Case/set (a case for one of %u customers) and\n"
           "Interaction/set (a note on it, by creation reference): 2 durable records,\n"
           "with %s ids\n",
           customers->len, random_ids ? "random (version 4)" : "time-ordered (version 7, as desktops make)");
  for (guint i = 0; levels[i] != NULL; i++)
    {
      LevelResult result = { 0 };
      guint n_clients = (guint) g_ascii_strtoull (levels[i], NULL, 10);

      if (n_clients == 0)
        continue;
      run_level (&server, customers, n_clients, seconds, &result);
      g_array_append_val (results, result);
      g_print ("  %3u clients: %7" G_GUINT64_FORMAT " requests in %.1f s: %7.0f requests/s, %7.0f records/s,"
               " p50 %6.2f ms, p99 %6.2f ms, max %6.1f ms",
               n_clients, result.n_requests, result.seconds, result.requests_per_second,
               2 * result.requests_per_second, result.p50_ms, result.p99_ms, result.max_ms);
      if (result.group_size > 0)
        g_print (", %.1f jobs/commit", result.group_size);
      g_print ("\n");
      if (result.n_failed > 0)
        g_print ("      %" G_GUINT64_FORMAT " requests failed or were refused — a bug\n", result.n_failed);
      if (result.max_in_flight < n_clients)
        g_print ("      only %u requests were ever in flight at once\n", result.max_in_flight);
    }

  g_print ("\nCatching up: X/changes (maxChanges %d) from the state before the writes,\n"
           "then X/get of every changed record in pages of %d, one call at a time\n",
           CHANGES_PAGE, GET_PAGE);
  if (!catch_up (&server, "Case", case_state, &cases, &error)
      || !catch_up (&server, "Interaction", note_state, &notes, &error))
    goto failed;
  {
    const struct { const char *name; CatchUp *c; } rows[] = { { "Case", &cases }, { "Interaction", &notes } };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      g_print ("  %-12s %7" G_GUINT64_FORMAT " changes in %3u calls: %8.0f ids/s;"
               " %7" G_GUINT64_FORMAT " records in %3u calls: %7.0f records/s\n",
               rows[i].name, rows[i].c->n_changes, rows[i].c->n_change_calls,
               rows[i].c->n_changes / MAX (rows[i].c->changes_seconds, 1e-9),
               rows[i].c->n_records, rows[i].c->n_get_calls,
               rows[i].c->n_records / MAX (rows[i].c->get_seconds, 1e-9));
  }

  {
    double changes_rate = (cases.n_changes + notes.n_changes) / MAX (cases.changes_seconds + notes.changes_seconds, 1e-9);
    double get_rate = (cases.n_records + notes.n_records) / MAX (cases.get_seconds + notes.get_seconds, 1e-9);
    double sync_rate = (cases.n_records + notes.n_records)
                       / MAX (cases.changes_seconds + notes.changes_seconds + cases.get_seconds + notes.get_seconds, 1e-9);
    gint64 customers_now = -1;

    {
      g_autoptr(FlStore) store = fl_store_open (db_path, NULL);

      if (store != NULL)
        customers_now = fl_store_count (store, FL_TYPE_CUSTOMER, NULL);
    }

    g_print ("\n--- Summary (%u cores, %" G_GINT64_FORMAT " customers, SQLite %s, every answer after its fdatasync) ---\n",
             g_get_num_processors (), customers_now, sqlite3_libversion ());
    for (guint i = 0; i < results->len; i++)
      {
        LevelResult *r = &g_array_index (results, LevelResult, i);

        g_print ("writes, %2u clients   %6.0f requests/s  %6.0f records/s  p50 %6.2f ms  p99 %6.2f ms",
                 r->n_clients, r->requests_per_second, 2 * r->requests_per_second, r->p50_ms, r->p99_ms);
        if (r->group_size > 0)
          g_print ("  %5.1f jobs/commit", r->group_size);
        g_print ("%s\n", r->n_clients == 64 ? "  (target >= 5000 records/s)" : "");
      }
    g_print ("X/changes            %8.0f ids/s listed  (target >= 100000)\n", changes_rate);
    g_print ("X/get after changes  %8.0f records/s fetched\n", get_rate);
    g_print ("catch-up, both       %8.0f records/s, changes and get together\n", sync_rate);
  }

  bench_server_stop (&server);
  if (dir != NULL && !keep)
    {
      g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);

      g_unlink (db_path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }
  else if (dir != NULL)
    g_print ("Kept the database: %s\n", db_path);
  return 0;

failed:
  g_printerr ("frontline-bench-server: %s\n", error->message);
  bench_server_stop (&server);
  return 1;
}

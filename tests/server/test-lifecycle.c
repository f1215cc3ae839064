/* test-lifecycle.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real server's life and death: killed with SIGKILL in the middle of a
 * stream of writes it loses none it acknowledged, and a mutation whose answer
 * was lost is written at most once when sent again; stopped with SIGTERM it
 * answers every request it had accepted, completely, and exits cleanly.
 */
#include "config.h"

#include <string.h>

#include <signal.h>

#include "server-fixture.h"

#define N_STREAMS 4
/* Acknowledged writes before the kill: enough that the writer is busy. */
#define KILL_AFTER 60

typedef FlTestFixture Fixture;

/* --- kill -9 during writes ---------------------------------------------- */

typedef struct _Run Run;

/* One desktop writing cases one after another, each its own mutation. */
typedef struct
{
  Run         *run;
  SoupSession *session;
  char        *client_id;
  gint64       mutation_id;   /* the one in flight, or the next */
  GPtrArray   *acked;         /* ids of the cases acknowledged */
  gint64       unacked;       /* the mutation that got no answer, or -1 */
} Stream;

struct _Run
{
  Fixture *fixture;
  Stream   streams[N_STREAMS];
  guint    n_acked;
  gboolean killed;
  guint    pending;
};

static char *
stream_body (Stream *stream,
             gint64  mutation_id)
{
  g_autofree char *calls =
    g_strdup_printf ("[[\"Case/set\", {\"accountId\": \"org\", \"clientId\": \"%s\", \"mutationId\": %"
                     G_GINT64_FORMAT ", \"create\": {\"k\": {\"customerId\": \"%s\", \"subject\": \"Write %"
                     G_GINT64_FORMAT " of %s\"}}}, \"0\"]]",
                     stream->client_id, mutation_id, stream->run->fixture->customer, mutation_id, stream->client_id);

  return fl_test_jmap_body (calls);
}

/* The id an answer to stream_body() acknowledges, or NULL. */
static char *
acknowledged_id (guint       status,
                 const char *body)
{
  g_autoptr(JsonNode) root = NULL;

  if (status != 200 || body == NULL || (root = json_from_string (body, NULL)) == NULL)
    return NULL;
  return g_strdup (fl_test_created_id (fl_test_response_args (json_node_get_object (root), 0,
                                                              "Case/set"), "k"));
}

static void stream_send (Stream *stream);

static void
stream_sent (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Stream *stream = user_data;
  Run *run = stream->run;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                              &error);
  g_autofree char *text = body != NULL ? g_strndup (g_bytes_get_data (body, NULL),
                                                    g_bytes_get_size (body)) : NULL;
  g_autofree char *id = acknowledged_id (soup_message_get_status (msg), text);

  run->pending--;
  if (id == NULL)
    {
      /* No answer: the server died with this write in flight. */
      g_assert_true (run->killed);
      stream->unacked = stream->mutation_id;
      return;
    }

  /* Acknowledged, even if the answer is read after the kill: it must be there. */
  g_ptr_array_add (stream->acked, g_steal_pointer (&id));
  run->n_acked++;
  stream->mutation_id++;
  if (run->killed)
    return;

  stream_send (stream);
  if (run->n_acked >= KILL_AFTER)
    {
      run->killed = TRUE;
      fl_test_server_kill (run->fixture->server);
    }
}

static void
stream_send (Stream *stream)
{
  g_autofree char *body = stream_body (stream, stream->mutation_id);
  g_autoptr(SoupMessage) msg = fl_test_server_new_message (stream->run->fixture->server, "POST",
                                                           "/jmap/api",
                                                           stream->run->fixture->token, body);

  stream->run->pending++;
  soup_session_send_and_read_async (stream->session, msg, G_PRIORITY_DEFAULT, NULL, stream_sent,
                                    stream);
}

static void
test_kill_during_writes (Fixture       *fixture,
                         gconstpointer  data)
{
  gint64 count = fl_test_server_count (fixture->server, fixture->token, "Case");
  guint n_unacked = 0;
  Run run = { fixture };

  for (guint i = 0; i < N_STREAMS; i++)
    {
      Stream *stream = &run.streams[i];

      stream->run = &run;
      stream->session = fl_test_server_new_session (fixture->server);
      stream->client_id = g_uuid_string_random ();
      stream->mutation_id = 1;
      stream->acked = g_ptr_array_new_with_free_func (g_free);
      stream->unacked = -1;
      stream_send (stream);
    }
  fl_test_wait (&run.pending);
  g_assert_true (run.killed);
  g_assert_cmpuint (run.n_acked, >=, KILL_AFTER);

  fl_test_server_restart (fixture->server);

  for (guint i = 0; i < N_STREAMS; i++)
    {
      Stream *stream = &run.streams[i];

      /* Every acknowledged write is there. */
      for (guint j = 0; j < stream->acked->len; j++)
        {
          g_autoptr(JsonObject) record = fl_test_server_get_record (fixture->server,
                                                                    fixture->token, "Case",
                                                                    g_ptr_array_index (stream->acked, j));

          g_assert_nonnull (record);
        }

      /* The write in flight, sent again (twice): one case, whether or not it
       * had landed before the kill. */
      if (stream->unacked >= 0)
        {
          g_autofree char *body = stream_body (stream, stream->unacked);
          g_autofree char *first_id = NULL;
          g_autofree char *second_id = NULL;

          for (guint attempt = 0; attempt < 2; attempt++)
            {
              g_autoptr(JsonNode) answer = NULL;
              g_autofree char *text = NULL;
              guint status;

              answer = fl_test_server_request (fixture->server, "POST", "/jmap/api",
                                               fixture->token, body, -1, &status);
              g_assert_nonnull (answer);
              text = json_to_string (answer, FALSE);
              if (attempt == 0)
                first_id = acknowledged_id (status, text);
              else
                second_id = acknowledged_id (status, text);
            }
          g_assert_nonnull (first_id);
          g_assert_cmpstr (first_id, ==, second_id);
          n_unacked++;
        }
    }

  g_test_message ("%u writes acknowledged, %u in flight at the kill", run.n_acked, n_unacked);
  /* The stream that sent just before the kill had a write in flight. */
  g_assert_cmpuint (n_unacked, >=, 1);
  g_assert_cmpint (fl_test_server_count (fixture->server, fixture->token, "Case"), ==,
                   count + run.n_acked + n_unacked);

  for (guint i = 0; i < N_STREAMS; i++)
    {
      g_object_unref (run.streams[i].session);
      g_free (run.streams[i].client_id);
      g_ptr_array_unref (run.streams[i].acked);
    }
}

/* --- SIGTERM drains ----------------------------------------------------- */

#define N_READS 6
#define N_WRITES 6
#define SEARCHES_PER_READ 30
#define CASES_PER_WRITE 100
#define BIG_PAGES 20

static void
wrote_body (SoupMessage *msg,
            gpointer     user_data)
{
  guint *n_written = user_data;

  (*n_written)++;
}

static void
test_sigterm_drains (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SoupSession) session = fl_test_server_new_session (fixture->server);
  g_autoptr(GString) reads = g_string_new ("[");
  g_autofree char *read_body = NULL;
  g_autoptr(GString) big_reads = g_string_new (NULL);
  g_autofree char *big_body = NULL;
  FlTestReply replies[N_READS + N_WRITES] = { { 0 } };
  g_autofree char *client_id = g_uuid_string_random ();
  gint64 count = fl_test_server_count (fixture->server, fixture->token, "Case");
  g_autoptr(GHashTable) warm = g_hash_table_new (NULL, NULL);
  SoupMessage *messages[N_READS + N_WRITES];
  guint n_written = 0;
  guint pending = 0;
  guint n_answered = 0;
  guint n_refused = 0;
  guint n_cases = 0;

  /* Slow-ish reads: many full-text searches in one request. */
  for (guint i = 0; i < SEARCHES_PER_READ; i++)
    g_string_append_printf (reads,
                            "%s[\"Case/query\", {\"accountId\": \"org\", \"filter\": {\"text\": \"monitor\"},"
                            " \"limit\": 1000, \"calculateTotal\": true}, \"q%u\"]", i > 0 ? ", " : "", i);
  g_string_append_c (reads, ']');
  read_body = fl_test_jmap_body (reads->str);

  /* One answer of several megabytes, still being written when the rest are done. */
  g_string_assign (big_reads, "[");
  for (guint i = 0; i < BIG_PAGES; i++)
    g_string_append_printf (big_reads,
                            "%s[\"Interaction/query\", {\"accountId\": \"org\", \"position\": %u,"
                            " \"limit\": 1000}, \"q%u\"], [\"Interaction/get\", {\"accountId\": \"org\","
                            " \"#ids\": {\"resultOf\": \"q%u\", \"name\": \"Interaction/query\", \"path\": \"/ids\"}},"
                            " \"g%u\"]", i > 0 ? ", " : "", (i % 5) * 1000, i, i, i);
  g_string_append_c (big_reads, ']');
  big_body = fl_test_jmap_body (big_reads->str);

  /* One connection per request, open and accepted beforehand: a connection
   * still in the listen backlog at the signal was never the server's, and is
   * reset when it stops listening. Searches, slow enough that all are in
   * flight at once and each gets a connection of its own. */
  for (guint attempt = 0; g_hash_table_size (warm) < N_READS + N_WRITES; attempt++)
    {
      g_autofree char *search = fl_test_jmap_body ("[[\"Case/query\", {\"accountId\": \"org\","
                                                   " \"filter\": {\"text\": \"monitor\"}}, \"0\"]]");
      SoupMessage *warming[N_READS + N_WRITES];

      g_assert_cmpuint (attempt, <, 5);
      for (guint i = 0; i < N_READS + N_WRITES; i++)
        {
          warming[i] = fl_test_server_new_message (fixture->server, "POST", "/jmap/api",
                                                   fixture->token, search);
          fl_test_send_async (session, warming[i], &replies[i], &pending);
        }
      fl_test_wait (&pending);
      for (guint i = 0; i < N_READS + N_WRITES; i++)
        {
          g_assert_cmpuint (replies[i].status, ==, 200);
          fl_test_reply_clear (&replies[i]);
          g_hash_table_add (warm, GSIZE_TO_POINTER (soup_message_get_connection_id (warming[i])));
          g_object_unref (warming[i]);
        }
    }

  for (guint i = 0; i < N_READS + N_WRITES; i++)
    {
      g_autofree char *body = NULL;

      if (i == N_READS - 1)
        body = g_strdup (big_body);
      else if (i < N_READS)
        body = g_strdup (read_body);
      else
        {
          /* And writes of many records each. */
          g_autoptr(GString) create = g_string_new (NULL);
          g_autofree char *calls = NULL;

          for (guint j = 0; j < CASES_PER_WRITE; j++)
            g_string_append_printf (create,
                                    "%s\"k%u\": {\"customerId\": \"%s\", \"subject\": \"Drained %u.%u\"}",
                                    j > 0 ? ", " : "", j, fixture->customer, i, j);
          calls = g_strdup_printf ("[[\"Case/set\", {\"accountId\": \"org\", \"clientId\": \"%s\", \"mutationId\": %u,"
                                   " \"create\": {%s}}, \"w\"]]", client_id, i, create->str);
          body = fl_test_jmap_body (calls);
        }
      messages[i] = fl_test_server_new_message (fixture->server, "POST", "/jmap/api",
                                                fixture->token, body);
      /* Else libsoup opens a new connection for a POST rather than reuse an
       * idle one (these are safe to send again: reads, and a mutation). */
      soup_message_add_flags (messages[i], SOUP_MESSAGE_IDEMPOTENT);
      g_signal_connect (messages[i], "wrote-body", G_CALLBACK (wrote_body), &n_written);
      fl_test_send_async (session, messages[i], &replies[i], &pending);
    }

  /* Every request is on the wire, on a connection the server took; then the
   * signal, while they run. */
  while (n_written < N_READS + N_WRITES)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < N_READS + N_WRITES; i++)
    g_assert_true (g_hash_table_contains (warm,
                                          GSIZE_TO_POINTER (soup_message_get_connection_id (messages[i]))));
  g_subprocess_send_signal (fixture->server->process, SIGTERM);
  fl_test_wait (&pending);
  fl_test_server_wait_stopped (fixture->server);
  for (guint i = 0; i < N_READS + N_WRITES; i++)
    g_object_unref (messages[i]);

  for (guint i = 0; i < N_READS + N_WRITES; i++)
    {
      g_autoptr(JsonNode) answer = NULL;
      JsonObject *object;

      /* An answer, complete, for every request. */
      g_assert_no_error (replies[i].error);
      answer = fl_test_reply_json (&replies[i]);
      g_assert_nonnull (answer);
      object = json_node_get_object (answer);
      if (replies[i].status == 503)
        {
          /* Read after the signal: refused, and said so. */
          g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "shuttingDown");
          n_refused++;
          continue;
        }
      g_assert_cmpuint (replies[i].status, ==, 200);
      n_answered++;
      if (i == N_READS - 1)
        {
          JsonArray *responses = json_object_get_array_member (object, "methodResponses");

          g_assert_cmpuint (json_array_get_length (responses), ==, 2 * BIG_PAGES);
          for (guint j = 0; j < BIG_PAGES; j++)
            {
              JsonObject *got = fl_test_response_args (object, 2 * j + 1, "Interaction/get");

              g_assert_cmpuint (json_array_get_length (json_object_get_array_member (got, "list")),
                                ==, 1000);
            }
        }
      else if (i < N_READS)
        {
          JsonArray *responses = json_object_get_array_member (object, "methodResponses");

          g_assert_cmpuint (json_array_get_length (responses), ==, SEARCHES_PER_READ);
          for (guint j = 0; j < SEARCHES_PER_READ; j++)
            {
              g_autofree char *call_id = g_strdup_printf ("q%u", j);
              JsonArray *triple = json_array_get_array_element (responses, j);

              g_assert_cmpstr (json_array_get_string_element (triple, 0), ==, "Case/query");
              g_assert_cmpstr (json_array_get_string_element (triple, 2), ==, call_id);
              g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (triple, 1), "total"), >, 0);
            }
        }
      else
        {
          JsonObject *set = fl_test_response_args (object, 0, "Case/set");

          g_assert_cmpuint (json_object_get_size (json_object_get_object_member (set, "created")),
                            ==, CASES_PER_WRITE);
          n_cases += CASES_PER_WRITE;
        }
      fl_test_reply_clear (&replies[i]);
    }
  g_test_message ("%u requests answered, %u refused while shutting down", n_answered, n_refused);
  g_assert_cmpuint (n_answered, >, 0);

  /* What was answered was written; what was refused was not. */
  fl_test_server_restart (fixture->server);
  g_assert_cmpint (fl_test_server_count (fixture->server, fixture->token, "Case"), ==,
                   count + n_cases);
}

static guint
count_open_files (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/fd", (int) pid);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* A client that closes a kept-alive connection while it is idle (as libsoup's
 * own clients do after a minute, and curl after each request) must not leave
 * its socket open on the server: libsoup 3.2 did, and the server ran out of
 * file descriptors. */
static void
test_closed_connections_are_closed (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GUri) uri = g_uri_parse (fixture->server->url, G_URI_FLAGS_NONE, NULL);
  const char *identifier = g_subprocess_get_identifier (fixture->server->process);
  GPid pid = (GPid) g_ascii_strtoll (identifier, NULL, 10);
  guint before = count_open_files (pid);
  guint after;
  gint64 deadline;

  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketConnection) connection = NULL;
      const char request[] = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";
      char answer[512];
      gssize n;

      connection = g_socket_client_connect_to_host (client, g_uri_get_host (uri), g_uri_get_port (uri),
                                                    NULL, &error);
      g_assert_no_error (error);
      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), request,
                                 strlen (request), NULL, NULL, &error);
      g_assert_no_error (error);
      n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)), answer,
                               sizeof answer - 1, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      answer[n] = '\0';
      g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 200"));
      /* Kept alive by the server; closed here, while idle. */
      g_io_stream_close (G_IO_STREAM (connection), NULL, &error);
      g_assert_no_error (error);
    }

  /* Closed on the server's side within its sweep (every 5 s). */
  deadline = g_get_monotonic_time () + 15 * G_TIME_SPAN_SECOND;
  do
    {
      g_usleep (G_TIME_SPAN_SECOND / 2);
      after = count_open_files (pid);
    }
  while (after > before + 5 && g_get_monotonic_time () < deadline);
  g_test_message ("open files: %u before, %u after 100 closed connections", before, after);
  g_assert_cmpuint (after, <=, before + 5);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/server/lifecycle/" path, Fixture, NULL, fl_test_fixture_set_up, func, fl_test_fixture_tear_down)
  ADD ("kill-9-loses-no-acknowledged-write", test_kill_during_writes);
  ADD ("sigterm-answers-every-accepted-request", test_sigterm_drains);
  ADD ("connections-closed-by-clients-are-closed", test_closed_connections_are_closed);
#undef ADD

  return g_test_run ();
}

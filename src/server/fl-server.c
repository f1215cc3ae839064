/* fl-server.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Frontline-Server"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <gio/gnetworking.h>

#include "fl-auth.h"
#include "fl-commit-queue.h"
#include "fl-jmap-service.h"
#include "fl-push-hub.h"
#include "fl-server.h"
#include "fl-server-private.h"
#include "fl-snapshot-cache.h"
#include "fl-store-pool.h"
#include "fl-store-server.h"

/* Readers beside the writer: two cores, and reads are short. */
#define N_READERS 4
/* Writes waiting for their pages to be read ahead (see fl-jmap-service.c): as
 * many as the disk reads well side by side; the reads cost little CPU. */
#define N_PREFETCHERS 8
/* Connections the kernel queues before the main loop accepts them. */
#define LISTEN_BACKLOG 1024

struct _FlServer
{
  GObject         parent_instance;

  char           *db_path;
  SoupServer     *soup;
  FlStorePool    *readers;
  FlStorePool    *prefetchers;  /* read ahead for the writer */
  FlCommitQueue  *writer;
  FlAuth         *auth;
  FlJmapService  *jmap;
  FlPushHub      *push;
  FlSnapshotCache *snapshots;

  gsize           max_body;
  gboolean        tls;
  char           *url;
  GTimeSpan       retention;
  guint           purge_source;
  GHashTable     *sockets;      /* GSocket -> itself: every connection, for the sweep */
  guint           sweep_source;
  guint           in_flight;    /* paused requests waiting on a worker */
  guint           writing;      /* answers set, not yet all written (answer_pending()) */
  gboolean        draining;
};

G_DEFINE_FINAL_TYPE (FlServer, fl_server, G_TYPE_OBJECT)

static GQuark started_quark;
static GQuark gone_quark;
static GQuark writing_quark;

static void
fl_server_finalize (GObject *object)
{
  FlServer *self = FL_SERVER (object);

  g_clear_handle_id (&self->purge_source, g_source_remove);
  g_clear_handle_id (&self->sweep_source, g_source_remove);
  g_clear_pointer (&self->sockets, g_hash_table_unref);
  g_clear_object (&self->push);
  g_clear_object (&self->snapshots);
  g_clear_object (&self->jmap);
  g_clear_object (&self->auth);
  if (self->writer != NULL)
    fl_commit_queue_stop (self->writer);
  g_clear_object (&self->writer);
  g_clear_object (&self->readers);
  g_clear_object (&self->prefetchers);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (fl_server_parent_class)->finalize (object);
}

static void
fl_server_class_init (FlServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fl_server_finalize;

  started_quark = g_quark_from_static_string ("fl-server-started");
  gone_quark = g_quark_from_static_string ("fl-server-gone");
  writing_quark = g_quark_from_static_string ("fl-server-writing");
}

static void
fl_server_init (FlServer *self)
{
  self->max_body = FL_SERVER_DEFAULT_MAX_BODY;
  self->retention = 30 * G_TIME_SPAN_DAY;
  self->sockets = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
}

/* --- Replies ------------------------------------------------------------ */

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            JsonNode          *root)
{
  g_autofree char *text = json_to_string (root, FALSE);
  gsize length = strlen (text);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&text), length);
}

/* A 200 with JSON a worker has already serialised. */
static void
reply_json_bytes (SoupServerMessage *msg,
                  GBytes            *json)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         "application/json", NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), json);
}

/* Every error is JSON: a problem details object (RFC 7807) with a type an
 * program can test and a detail a person can read. */
static JsonNode *
problem_new (guint       status,
             const char *type,
             const char *detail)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "detail");
  json_builder_add_string_value (builder, detail);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *type,
             const char        *detail)
{
  g_autoptr(JsonNode) root = problem_new (status, type, detail);

  reply_json (msg, status, root);
}

static void
reply_auth_error (SoupServerMessage *msg,
                  const GError      *error)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer realm=\"frontline\"");
  reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", error->message);
}

void
_fl_server_reply_problem (SoupServerMessage *msg,
                          guint              status,
                          const char        *type,
                          const char        *detail)
{
  reply_error (msg, status, type, detail);
}

void
_fl_server_reply_unauthorized (SoupServerMessage *msg,
                               const GError      *error)
{
  reply_auth_error (msg, error);
}

/* An answer is set but goes out later, from the main loop: a drain that
 * stopped before it is written would cut it short, so it waits for
 * answer_done() too. */
static void
answer_pending (FlServer          *self,
                SoupServerMessage *msg)
{
  if (g_object_get_qdata (G_OBJECT (msg), writing_quark) != NULL)
    return;
  g_object_set_qdata (G_OBJECT (msg), writing_quark, GINT_TO_POINTER (TRUE));
  self->writing++;
}

/* The answer of a message is written, or never will be. */
static void
answer_done (FlServer          *self,
             SoupServerMessage *msg)
{
  if (g_object_get_qdata (G_OBJECT (msg), writing_quark) == NULL)
    return;
  g_object_set_qdata (G_OBJECT (msg), writing_quark, NULL);
  self->writing--;
}

/* Holds the message while a worker runs; FALSE if the client went away since. */
static void
pause_message (FlServer          *self,
               SoupServerMessage *msg)
{
  self->in_flight++;
  g_object_ref (msg);
  soup_server_message_pause (msg);
}

static void
resume_message (FlServer          *self,
                SoupServerMessage *msg)
{
  self->in_flight--;
  if (g_object_get_qdata (G_OBJECT (msg), gone_quark) == NULL)
    {
      answer_pending (self, msg);
      soup_server_message_unpause (msg);
    }
  g_object_unref (msg);
}

/* libsoup hands a handler the paths below its own too ("/healthz/x"): only
 * the path itself is served, then only with @method. FALSE after replying. */
static gboolean
accept_request (SoupServerMessage *msg,
                const char        *path,
                const char        *served_path,
                const char        *method)
{
  if (g_strcmp0 (path, served_path) != 0)
    {
      reply_error (msg, SOUP_STATUS_NOT_FOUND, "notFound", "There is nothing at this path");
      return FALSE;
    }
  if (g_str_equal (soup_server_message_get_method (msg), method))
    return TRUE;
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", method);
  reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "methodNotAllowed",
               strcmp (method, "GET") == 0 ? "Use GET here" : "Use POST here");
  return FALSE;
}

/* The signed-in agent's id, or NULL after replying 401. */
static const char *
authenticate (FlServer          *self,
              SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  const char *authorization;
  const char *agent_id;

  authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                "Authorization");
  agent_id = fl_auth_check (self->auth, authorization, &error);
  if (agent_id == NULL)
    reply_auth_error (msg, error);
  return agent_id;
}

static GBytes *
request_body (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  return soup_message_body_flatten (body);
}

/* --- Request bookkeeping: size limit, timing, the log line ------------- */

static void
message_gone (SoupServerMessage *msg,
              gpointer           user_data)
{
  g_object_set_qdata (G_OBJECT (msg), gone_quark, GINT_TO_POINTER (TRUE));
  answer_done (user_data, msg);
}

/* --- Refusing a body that is too large, without reading it ------------- */

/* libsoup 3.2 reads a request's whole body before it writes any answer (unless
 * the client sent "Expect: 100-continue"), so a 413 set as the headers arrive
 * would still wait for, and buffer, every byte of it. Instead the connection
 * is taken from libsoup, the answer written at once, and whatever the client
 * still sends is read and dropped for a moment: closing a socket with unread
 * data resets it, and the client could lose the answer. */
#define REFUSAL_LINGER_SECONDS 2

typedef struct
{
  GIOStream    *stream;
  GCancellable *cancellable;
  guint         timeout_id;
  char         *response;
  guint8        sink[16 * 1024];
} Refusal;

static void
refusal_free (Refusal *refusal)
{
  g_clear_handle_id (&refusal->timeout_id, g_source_remove);
  g_clear_object (&refusal->stream);
  g_clear_object (&refusal->cancellable);
  g_free (refusal->response);
  g_free (refusal);
}

static void
refusal_closed (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  refusal_free (user_data);
}

static gboolean
refusal_timeout (gpointer user_data)
{
  Refusal *refusal = user_data;

  refusal->timeout_id = 0;
  g_cancellable_cancel (refusal->cancellable);
  return G_SOURCE_REMOVE;
}

static void
refusal_drained (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Refusal *refusal = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n > 0)
    {
      g_input_stream_read_async (G_INPUT_STREAM (source), refusal->sink, sizeof refusal->sink,
                                 G_PRIORITY_LOW, refusal->cancellable, refusal_drained, refusal);
      return;
    }
  /* The client closed, or the time is up. */
  g_clear_handle_id (&refusal->timeout_id, g_source_remove);
  g_io_stream_close_async (refusal->stream, G_PRIORITY_DEFAULT, NULL, refusal_closed, refusal);
}

static void
refusal_written (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Refusal *refusal = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      g_io_stream_close_async (refusal->stream, G_PRIORITY_DEFAULT, NULL, refusal_closed, refusal);
      return;
    }
  refusal->timeout_id = g_timeout_add_seconds (REFUSAL_LINGER_SECONDS, refusal_timeout, refusal);
  g_input_stream_read_async (g_io_stream_get_input_stream (refusal->stream), refusal->sink,
                             sizeof refusal->sink, G_PRIORITY_LOW, refusal->cancellable,
                             refusal_drained, refusal);
}

/* Answers 413 now, whatever of the body is still on its way. */
static void
refuse_unread (FlServer          *self,
               SoupServerMessage *msg,
               const char        *detail)
{
  g_autoptr(JsonNode) problem = problem_new (SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                                             "urn:ietf:params:jmap:error:limit", detail);
  g_autofree char *body = json_to_string (problem, FALSE);
  GUri *uri = soup_server_message_get_uri (msg);
  GIOStream *stream;
  Refusal *refusal;

  /* Logged here: a stolen connection gets no "request-finished". */
  g_printerr ("%s %s 413 (body refused unread)\n", soup_server_message_get_method (msg),
              uri != NULL ? g_uri_get_path (uri) : "?");

  g_object_ref (msg);
  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    {
      /* No connection of its own to take (not HTTP/1): the slow way. */
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "urn:ietf:params:jmap:error:limit", detail);
      g_object_unref (msg);
      return;
    }
  g_object_unref (msg);

  refusal = g_new0 (Refusal, 1);
  refusal->stream = stream;
  refusal->cancellable = g_cancellable_new ();
  refusal->response = g_strdup_printf ("HTTP/1.1 413 Payload Too Large\r\n"
                                       "Server: frontline-server/" PACKAGE_VERSION "\r\n"
                                       "Content-Type: application/json\r\n"
                                       "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                       "Connection: close\r\n"
                                       "\r\n%s", strlen (body), body);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream), refusal->response,
                                   strlen (refusal->response), G_PRIORITY_DEFAULT, refusal->cancellable,
                                   refusal_written, refusal);
}

/* A chunked body has no Content-Length to check up front: it is counted as it
 * comes, and refused as soon as it is over the limit. */
static void
got_chunk (SoupServerMessage *msg,
           GBytes            *chunk,
           gpointer           user_data)
{
  FlServer *self = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  if (body->length <= (goffset) self->max_body)
    return;
  g_signal_handlers_disconnect_by_func (msg, got_chunk, user_data);
  refuse_unread (self, msg, "The request body is larger than this server takes");
}

/* Every request's headers, whatever its path. (An early handler would not do:
 * libsoup runs the one handler that matches the path, and an early handler
 * added for no path only ever matched paths that have no handler.) Runs after
 * libsoup's own checks. */
static void
got_headers (SoupServerMessage *msg,
             gpointer           user_data)
{
  FlServer *self = user_data;
  goffset length;

  if (soup_server_message_get_status (msg) != 0)
    return;

  /* Read after SIGTERM, on a connection accepted before it: the client sent it
   * believing us up, so it is served like the others, but the connection
   * closes after the answer so that nothing more comes on it. (New push
   * connections are refused: see the push hub.) */
  if (self->draining)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");

  /* Refused on the headers alone, before the body is read into memory. */
  length = soup_message_headers_get_content_length (soup_server_message_get_request_headers (msg));
  if (length > (goffset) self->max_body)
    {
      g_autofree char *detail = g_strdup_printf ("The request body is %" G_GOFFSET_FORMAT
                                                 " bytes; this server takes at most %" G_GSIZE_FORMAT,
                                                 length, self->max_body);

      refuse_unread (self, msg, detail);
    }
}

/* libsoup 3.2 never closes a kept-alive connection that the client closes
 * while it is idle (fixed in libsoup 3.3): its socket stays open in
 * CLOSE_WAIT. Clients do that all the time (libsoup's own drop idle
 * connections after a minute, curl after each request), so the server ran out
 * of file descriptors within minutes under load. Every few seconds, each
 * connection seen is checked, and those the client has closed are closed. */
#define SWEEP_SECONDS 5

static gboolean
sweep_closed_connections (gpointer user_data)
{
  FlServer *self = user_data;
  GHashTableIter iter;
  GSocket *socket;

  g_hash_table_iter_init (&iter, self->sockets);
  while (g_hash_table_iter_next (&iter, (gpointer *) &socket, NULL))
    {
      char byte;
      gssize n;

      if (g_socket_is_closed (socket))
        {
          g_hash_table_iter_remove (&iter);
          continue;
        }
      /* Peek: a request waiting to be read is libsoup's, and stays. */
      n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
      if (n > 0 || (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)))
        continue;
      /* End of stream, or the connection broke: it will carry nothing more. */
      g_socket_close (socket, NULL);
      g_hash_table_iter_remove (&iter);
    }
  return G_SOURCE_CONTINUE;
}

static void
request_started (SoupServer        *server,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  FlServer *self = user_data;
  GSocket *socket = soup_server_message_get_socket (msg);
  gint64 *started = g_new (gint64, 1);

  if (socket != NULL && !g_hash_table_contains (self->sockets, socket))
    g_hash_table_add (self->sockets, g_object_ref (socket));

  *started = g_get_monotonic_time ();
  g_object_set_qdata_full (G_OBJECT (msg), started_quark, started, g_free);
  g_signal_connect_object (msg, "disconnected", G_CALLBACK (message_gone), user_data, 0);
  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers), user_data);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk), user_data);
}

static void
log_request (SoupServerMessage *msg,
             const char        *outcome)
{
  gint64 *started = g_object_get_qdata (G_OBJECT (msg), started_quark);
  double ms = started != NULL ? (g_get_monotonic_time () - *started) / 1000.0 : 0;
  GUri *uri = soup_server_message_get_uri (msg);

  /* One line per request, for an admin's tail -f; never the body or a token. */
  g_printerr ("%s %s %s %.1fms\n", soup_server_message_get_method (msg),
              uri != NULL ? g_uri_get_path (uri) : "?", outcome, ms);
}

static void
request_finished (SoupServer        *server,
                  SoupServerMessage *msg,
                  gpointer           user_data)
{
  g_autofree char *status = g_strdup_printf ("%u", soup_server_message_get_status (msg));

  log_request (msg, status);
  answer_done (user_data, msg);
}

/* The connection broke before the answer was written: libsoup sets 500 on
 * such a message, but nothing failed here (an EventSource client that hung
 * up, say). */
static void
request_aborted (SoupServer        *server,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  log_request (msg, "aborted");
  answer_done (user_data, msg);
}

/* --- Handlers ----------------------------------------------------------- */

static void
handle_default (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  reply_error (msg, SOUP_STATUS_NOT_FOUND, "notFound", "There is nothing at this path");
}

static void
handle_healthz (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  if (!accept_request (msg, path, "/healthz", "GET"))
    return;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "ok\n", 3);
}

typedef struct
{
  FlServer          *self;
  SoupServerMessage *msg;
} Pending;

static Pending *
pending_new (FlServer          *self,
             SoupServerMessage *msg)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = g_object_ref (self);
  pending->msg = msg;
  pause_message (self, msg);
  return pending;
}

static void
pending_finish (Pending *pending)
{
  resume_message (pending->self, pending->msg);
  g_object_unref (pending->self);
  g_free (pending);
}

static void
login_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  gint64 expires_at = 0;
  guint retry_after = 0;

  token = fl_auth_login_finish (FL_AUTH (source), result, &expires_at, &retry_after, &error);
  if (token != NULL)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *expires = fl_timestamp_format (expires_at);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "token");
      json_builder_add_string_value (builder, token);
      json_builder_set_member_name (builder, "expires");
      json_builder_add_string_value (builder, expires);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      reply_json (pending->msg, SOUP_STATUS_OK, root);
    }
  else if (g_error_matches (error, FL_AUTH_ERROR, FL_AUTH_ERROR_RATE_LIMITED))
    {
      g_autofree char *seconds = g_strdup_printf ("%u", retry_after);

      soup_message_headers_replace (soup_server_message_get_response_headers (pending->msg),
                                    "Retry-After", seconds);
      reply_error (pending->msg, 429 /* Too Many Requests: not in libsoup 3.2 */, "rateLimited", error->message);
    }
  else if (g_error_matches (error, FL_AUTH_ERROR, FL_AUTH_ERROR_DISABLED))
    reply_error (pending->msg, SOUP_STATUS_FORBIDDEN, "accountDisabled", error->message);
  else if (g_error_matches (error, FL_AUTH_ERROR, FL_AUTH_ERROR_BAD_CREDENTIALS))
    reply_error (pending->msg, SOUP_STATUS_UNAUTHORIZED, "badCredentials", error->message);
  else
    reply_error (pending->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "serverUnavailable", error->message);

  pending_finish (pending);
}

static void
handle_login (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  FlServer *self = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonNode *login;
  JsonNode *password;
  gsize length;
  const char *data;

  if (!accept_request (msg, path, "/auth/login", "POST"))
    return;

  body = request_body (msg);
  data = g_bytes_get_data (body, &length);
  /* Small by nature: parsed here. Anything big is refused unparsed. */
  if (length > 64 * 1024)
    {
      reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "urn:ietf:params:jmap:error:limit",
                   "A sign-in request is a few bytes of JSON");
      return;
    }
  /* g_bytes_get_data() may give NULL for an empty body, which
   * json_from_string() would take for a programming error. */
  if (length > 0 && g_utf8_validate (data, length, NULL))
    {
      g_autofree char *text = g_strndup (data, length);

      root = json_from_string (text, NULL);
    }
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "urn:ietf:params:jmap:error:notJSON",
                   "Send a JSON object: {\"login\": …, \"password\": …}");
      return;
    }
  object = json_node_get_object (root);
  login = json_object_get_member (object, "login");
  password = json_object_get_member (object, "password");
  if (login == NULL || password == NULL || !JSON_NODE_HOLDS_VALUE (login) || !JSON_NODE_HOLDS_VALUE (password)
      || json_node_get_value_type (login) != G_TYPE_STRING
      || json_node_get_value_type (password) != G_TYPE_STRING
      || json_object_get_size (object) != 2)
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalidArguments",
                   "Send exactly {\"login\": \"…\", \"password\": \"…\"}, both strings");
      return;
    }

  fl_auth_login_async (self->auth, json_node_get_string (login), json_node_get_string (password),
                       soup_server_message_get_remote_host (msg), NULL, login_done,
                       pending_new (self, msg));
}

static void
logout_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;

  if (fl_auth_logout_finish (FL_AUTH (source), result, &error))
    soup_server_message_set_status (pending->msg, SOUP_STATUS_NO_CONTENT, NULL);
  else if (g_error_matches (error, FL_AUTH_ERROR, FL_AUTH_ERROR_NO_TOKEN))
    reply_auth_error (pending->msg, error);
  else
    reply_error (pending->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "serverUnavailable", error->message);
  pending_finish (pending);
}

static void
handle_logout (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  FlServer *self = user_data;
  const char *authorization;

  if (!accept_request (msg, path, "/auth/logout", "POST") || authenticate (self, msg) == NULL)
    return;
  authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                "Authorization");
  fl_auth_logout_async (self->auth, authorization, NULL, logout_done, pending_new (self, msg));
}

static void
api_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = NULL;

  response = fl_jmap_service_execute_finish (FL_JMAP_SERVICE (source), result, &error);
  if (response != NULL)
    reply_json_bytes (pending->msg, response);
  else if (error->domain == FL_JMAP_ERROR)
    reply_error (pending->msg, fl_jmap_error_http_status (error->code),
                 fl_jmap_error_type_uri (error->code), error->message);
  else
    reply_error (pending->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "serverUnavailable", error->message);
  pending_finish (pending);
}

static void
handle_api (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  FlServer *self = user_data;
  g_autoptr(GBytes) body = NULL;
  const char *agent_id;

  if (!accept_request (msg, path, "/jmap/api", "POST"))
    return;
  agent_id = authenticate (self, msg);
  if (agent_id == NULL)
    return;

  body = request_body (msg);
  /* A chunked body has no Content-Length for the early check. */
  if (g_bytes_get_size (body) > self->max_body)
    {
      reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "urn:ietf:params:jmap:error:limit",
                   "The request body is larger than this server takes");
      return;
    }
  fl_jmap_service_execute_async (self->jmap, agent_id, body, NULL, api_done, pending_new (self, msg));
}

/* --- The session resource (RFC 8620 §2) --------------------------------- */

typedef struct
{
  char  *agent_id;
  char  *base_url;
  char  *ws_url;
  gsize  max_body;
} SessionJob;

static void
session_job_free (gpointer data)
{
  SessionJob *job = data;

  g_free (job->agent_id);
  g_free (job->base_url);
  g_free (job->ws_url);
  g_free (job);
}

static gpointer
build_session (FlStore       *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  SessionJob *job = data;
  g_autoptr(FlEntity) agent = fl_store_get (store, FL_TYPE_AGENT, job->agent_id, error);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *api_url = NULL;
  g_autofree char *event_source_url = NULL;
  g_autofree char *state = NULL;
  g_autofree char *text = NULL;
  const GType *types;
  guint n_types;
  gsize length;

  if (agent == NULL)
    return NULL;
  if (fl_agent_get_disabled (FL_AGENT (agent)))
    {
      g_set_error_literal (error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND, "This account is disabled");
      return NULL;
    }

  api_url = g_strconcat (job->base_url, "/jmap/api", NULL);
  event_source_url = g_strconcat (job->base_url,
                                  "/jmap/eventsource?types={types}&closeafter={closeafter}&ping={ping}",
                                  NULL);
  state = g_strdup_printf ("%" G_GINT64_FORMAT, fl_store_get_modseq (store));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "capabilities");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, FL_JMAP_CAPABILITY_CORE);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "maxSizeUpload");
  json_builder_add_int_value (b, 0);
  json_builder_set_member_name (b, "maxConcurrentUpload");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "maxSizeRequest");
  json_builder_add_int_value (b, job->max_body);
  json_builder_set_member_name (b, "maxConcurrentRequests");
  json_builder_add_int_value (b, FL_JMAP_MAX_CONCURRENT_REQUESTS);
  json_builder_set_member_name (b, "maxCallsInRequest");
  json_builder_add_int_value (b, FL_JMAP_MAX_CALLS_IN_REQUEST);
  json_builder_set_member_name (b, "maxObjectsInGet");
  json_builder_add_int_value (b, FL_JMAP_MAX_OBJECTS_IN_GET);
  json_builder_set_member_name (b, "maxObjectsInSet");
  json_builder_add_int_value (b, FL_JMAP_MAX_OBJECTS_IN_SET);
  json_builder_set_member_name (b, "collationAlgorithms");
  json_builder_begin_array (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, FL_JMAP_CAPABILITY_WEBSOCKET);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "url");
  json_builder_add_string_value (b, job->ws_url);
  json_builder_set_member_name (b, "supportsPush");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_end_object (b);
  json_builder_set_member_name (b, FL_JMAP_CAPABILITY_FRONTLINE);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "types");
  json_builder_begin_array (b);
  types = fl_model_get_types (&n_types);
  for (guint i = 0; i < n_types; i++)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (types[i]);

      json_builder_add_string_value (b, fl_entity_class_get_type_name (FL_ENTITY_CLASS (klass)));
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "accounts");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, FL_JMAP_ACCOUNT_ID);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "Support");
  json_builder_set_member_name (b, "isPersonal");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "isReadOnly");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "accountCapabilities");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, FL_JMAP_CAPABILITY_FRONTLINE);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "role");
  {
    g_autoptr(GEnumClass) roles = g_type_class_ref (FL_TYPE_AGENT_ROLE);

    json_builder_add_string_value (b, g_enum_get_value (roles, fl_agent_get_role (FL_AGENT (agent)))->value_nick);
  }
  json_builder_set_member_name (b, "agentId");
  json_builder_add_string_value (b, job->agent_id);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "primaryAccounts");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, FL_JMAP_CAPABILITY_CORE);
  json_builder_add_string_value (b, FL_JMAP_ACCOUNT_ID);
  json_builder_set_member_name (b, FL_JMAP_CAPABILITY_FRONTLINE);
  json_builder_add_string_value (b, FL_JMAP_ACCOUNT_ID);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "username");
  json_builder_add_string_value (b, fl_agent_get_login (FL_AGENT (agent)));
  json_builder_set_member_name (b, "apiUrl");
  json_builder_add_string_value (b, api_url);
  json_builder_set_member_name (b, "downloadUrl");
  json_builder_add_string_value (b, "");
  json_builder_set_member_name (b, "uploadUrl");
  json_builder_add_string_value (b, "");
  json_builder_set_member_name (b, "eventSourceUrl");
  json_builder_add_string_value (b, event_source_url);
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b, state);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);
  length = strlen (text);
  return g_bytes_new_take (g_steal_pointer (&text), length);
}

static void
session_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) session = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);

  if (session != NULL)
    {
      reply_json_bytes (pending->msg, session);
      soup_message_headers_replace (soup_server_message_get_response_headers (pending->msg),
                                    "Cache-Control", "no-cache, no-store, must-revalidate");
    }
  else if (g_error_matches (error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND))
    reply_error (pending->msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                 "This account is disabled or no longer exists");
  else
    reply_error (pending->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "serverUnavailable", error->message);
  pending_finish (pending);
}

/* "http://host:port" as the client reached us, so that the URLs we hand out
 * work through whatever name or port forwarding it used. */
static char *
base_url_for (FlServer          *self,
              SoupServerMessage *msg,
              const char        *scheme)
{
  const char *host = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Host");
  GUri *uri = soup_server_message_get_uri (msg);

  if (host == NULL || *host == '\0' || strpbrk (host, "/\\ \"") != NULL)
    {
      g_autofree char *port = g_strdup_printf (":%d", g_uri_get_port (uri));

      return g_strconcat (scheme, "://", g_uri_get_host (uri), port, NULL);
    }
  return g_strconcat (scheme, "://", host, NULL);
}

static void
handle_session (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  FlServer *self = user_data;
  SessionJob *job;
  const char *agent_id;

  if (!accept_request (msg, path, "/.well-known/jmap", "GET"))
    return;
  agent_id = authenticate (self, msg);
  if (agent_id == NULL)
    return;

  job = g_new0 (SessionJob, 1);
  job->agent_id = g_strdup (agent_id);
  job->base_url = base_url_for (self, msg, self->tls ? "https" : "http");
  {
    g_autofree char *ws_base = base_url_for (self, msg, self->tls ? "wss" : "ws");

    job->ws_url = g_strconcat (ws_base, "/jmap/ws", NULL);
  }
  job->max_body = self->max_body;
  fl_store_pool_read_async (self->readers, build_session, job, session_job_free,
                            (GDestroyNotify) g_bytes_unref, NULL, session_done, pending_new (self, msg));
}

/* --- The first-sync snapshot (see PROTOCOL.md) -------------------------- */

#define MAX_SCOPE_DAYS 36500

static void
snapshot_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSnapshot) snapshot = fl_snapshot_cache_get_finish (FL_SNAPSHOT_CACHE (source), result, &error);

  if (snapshot == NULL)
    reply_error (pending->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "serverUnavailable", error->message);
  else
    {
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (pending->msg);
      g_autofree char *records = g_strdup_printf ("%" G_GUINT64_FORMAT, fl_snapshot_get_n_records (snapshot));
      g_autofree char *state = g_strdup_printf ("%" G_GINT64_FORMAT, fl_snapshot_get_modseq (snapshot));
      g_autofree char *etag = g_strdup_printf ("\"%s\"", fl_snapshot_get_sha256 (snapshot));

      soup_message_headers_replace (headers, "Content-Type", "application/vnd.sqlite3");
      soup_message_headers_replace (headers, "Cache-Control", "no-store");
      soup_message_headers_replace (headers, "ETag", etag);
      soup_message_headers_replace (headers, "X-Frontline-Snapshot-Sha256", fl_snapshot_get_sha256 (snapshot));
      soup_message_headers_replace (headers, "X-Frontline-Snapshot-Records", records);
      soup_message_headers_replace (headers, "X-Frontline-Snapshot-State", state);
      soup_server_message_set_status (pending->msg, SOUP_STATUS_OK, NULL);
      /* The mapped file itself: libsoup writes it out a piece at a time. */
      soup_message_body_append_bytes (soup_server_message_get_response_body (pending->msg),
                                      fl_snapshot_get_bytes (snapshot));
    }
  pending_finish (pending);
}

static void
handle_snapshot (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  FlServer *self = user_data;
  const char *days_text = query != NULL ? g_hash_table_lookup (query, "scopeDays") : NULL;
  guint64 days = FL_SERVER_DEFAULT_SCOPE_DAYS;

  if (!accept_request (msg, path, "/jmap/snapshot", "GET") || authenticate (self, msg) == NULL)
    return;
  if (days_text != NULL
      && !g_ascii_string_to_unsigned (days_text, 10, 0, MAX_SCOPE_DAYS, &days, NULL))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalidArguments",
                   "scopeDays must be a number of days from 0 (everything) to 36500");
      return;
    }
  fl_snapshot_cache_get_async (self->snapshots, (guint) days, snapshot_done, pending_new (self, msg));
}

/* --- Life cycle --------------------------------------------------------- */

static void
committed (FlCommitQueue      *queue,
           gint64              modseq,
           const char * const *types,
           GArray             *type_modseqs,
           gpointer            user_data)
{
  FlServer *self = user_data;

  fl_push_hub_notify (self->push, modseq, types, type_modseqs);
}

FlServer *
fl_server_new (const char  *db_path,
               GError     **error)
{
  g_autoptr(FlServer) self = NULL;
  g_autoptr(FlStore) store = NULL;
  const GType *types;
  guint n_types;

  g_return_val_if_fail (db_path != NULL, NULL);

  self = g_object_new (FL_TYPE_SERVER, NULL);
  self->db_path = g_strdup (db_path);

  /* Opened once here, on the main thread before serving: creates and migrates
   * the file, and reads what the push side needs to start from. */
  store = fl_store_open (db_path, error);
  if (store == NULL)
    return NULL;

  self->writer = fl_commit_queue_new (db_path, error);
  if (self->writer == NULL)
    return NULL;
  self->readers = fl_store_pool_new (db_path, N_READERS, error);
  if (self->readers == NULL)
    return NULL;

  self->auth = fl_auth_new (self->readers, self->writer);
  if (!fl_auth_load (self->auth, db_path, error))
    return NULL;
  /* Small caches: a prefetcher's pages only have to reach the operating
   * system's cache, and each of its read transactions starts with an empty
   * cache anyway (the writer has committed since its last one). Eight of the
   * default 64 MiB could have cost half a GB. (Its pool's writer is never used.) */
  self->prefetchers = fl_store_pool_new (db_path, N_PREFETCHERS, error);
  if (self->prefetchers == NULL
      || !fl_store_pool_set_cache_size (self->prefetchers, 1024 * 1024, 2 * 1024 * 1024, error))
    return NULL;
  self->jmap = fl_jmap_service_new (self->readers, self->prefetchers, self->writer);
  self->push = fl_push_hub_new (self->jmap, self->auth);
  {
    g_autofree char *folder = g_strconcat (db_path, ".snapshots", NULL);

    self->snapshots = fl_snapshot_cache_new (db_path, folder, error);
    if (self->snapshots == NULL)
      return NULL;
  }

  types = fl_model_get_types (&n_types);
  for (guint i = 0; i < n_types; i++)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (types[i]);
      gint64 modseq = fl_store_get_type_modseq (store, types[i], error);

      if (modseq < 0)
        return NULL;
      fl_push_hub_set_type_state (self->push, fl_entity_class_get_type_name (FL_ENTITY_CLASS (klass)),
                                  modseq);
    }
  g_signal_connect_object (self->writer, "committed", G_CALLBACK (committed), self, 0);

  self->soup = soup_server_new ("server-header", "frontline-server/" PACKAGE_VERSION, NULL);
  soup_server_add_handler (self->soup, NULL, handle_default, self, NULL);
  soup_server_add_handler (self->soup, "/healthz", handle_healthz, self, NULL);
  soup_server_add_handler (self->soup, "/auth/login", handle_login, self, NULL);
  soup_server_add_handler (self->soup, "/auth/logout", handle_logout, self, NULL);
  soup_server_add_handler (self->soup, "/.well-known/jmap", handle_session, self, NULL);
  soup_server_add_handler (self->soup, "/jmap/api", handle_api, self, NULL);
  soup_server_add_handler (self->soup, "/jmap/snapshot", handle_snapshot, self, NULL);
  fl_push_hub_attach (self->push, self->soup, "/jmap/ws", "/jmap/eventsource");
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (request_finished), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (request_aborted), self);

  return g_steal_pointer (&self);
}

void
fl_server_set_max_body_size (FlServer *self,
                             gsize     bytes)
{
  g_return_if_fail (FL_IS_SERVER (self));
  g_return_if_fail (bytes > 0);

  self->max_body = bytes;
  fl_push_hub_set_max_message_size (self->push, bytes);
}

void
fl_server_keep_snapshot_ready (FlServer *self,
                               guint     scope_days)
{
  g_return_if_fail (FL_IS_SERVER (self));

  fl_snapshot_cache_keep_ready (self->snapshots, scope_days);
}

void
fl_server_set_snapshot_max_age (FlServer  *self,
                                GTimeSpan  max_age)
{
  g_return_if_fail (FL_IS_SERVER (self));

  fl_snapshot_cache_set_max_age (self->snapshots, max_age);
}

void
fl_server_set_token_lifetime (FlServer  *self,
                              GTimeSpan  lifetime)
{
  g_return_if_fail (FL_IS_SERVER (self));

  fl_auth_set_token_lifetime (self->auth, lifetime);
}

static gpointer
purge_job (FlStore       *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  gint64 before = g_get_real_time () - *(GTimeSpan *) data;
  guint n_purged = 0;

  if (!fl_store_purge_changelog (store, before, &n_purged, error)
      || !fl_store_purge_mutations (store, before, error))
    return NULL;
  if (n_purged > 0)
    g_message ("Purged %u changes older than the retention window", n_purged);
  return GINT_TO_POINTER (TRUE);
}

static void
purge_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (fl_commit_queue_submit_finish (FL_COMMIT_QUEUE (source), result, &error) == NULL)
    g_warning ("Could not purge old changes: %s", error->message);
}

static gboolean
purge_old_changes (gpointer user_data)
{
  FlServer *self = user_data;

  fl_commit_queue_submit_async (self->writer, purge_job, g_memdup2 (&self->retention, sizeof self->retention),
                                g_free, NULL, NULL, purge_done, NULL);
  return G_SOURCE_CONTINUE;
}

void
fl_server_set_retention (FlServer  *self,
                         GTimeSpan  retention)
{
  g_return_if_fail (FL_IS_SERVER (self));
  g_return_if_fail (retention > 0);

  self->retention = retention;
}

gboolean
fl_server_set_tls_files (FlServer    *self,
                         const char  *cert_file,
                         const char  *key_file,
                         GError     **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;

  g_return_val_if_fail (FL_IS_SERVER (self), FALSE);

  certificate = g_tls_certificate_new_from_files (cert_file, key_file, error);
  if (certificate == NULL)
    return FALSE;
  soup_server_set_tls_certificate (self->soup, certificate);
  self->tls = TRUE;
  return TRUE;
}

gboolean
fl_server_listen (FlServer    *self,
                  const char  *address,
                  GError     **error)
{
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GSocketAddressEnumerator) enumerator = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocket) socket = NULL;
  GSList *uris;

  g_return_val_if_fail (FL_IS_SERVER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  /* A numeric address only: a server binds what it is told, it does not
   * resolve names (which would block). */
  connectable = g_network_address_parse (address, 8080, error);
  if (connectable == NULL)
    return FALSE;
  inet = g_inet_address_new_from_string (g_network_address_get_hostname (G_NETWORK_ADDRESS (connectable)));
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not ADDRESS:PORT with a numeric address (127.0.0.1:8080, [::1]:8080, 0.0.0.0:8080)",
                   address);
      return FALSE;
    }
  socket_address = g_inet_socket_address_new (inet, g_network_address_get_port (G_NETWORK_ADDRESS (connectable)));

  /* Our own socket rather than soup_server_listen()'s, for its backlog: GSocket
   * listens with 10, and when more desktops than that connect at once (every
   * one of them after a restart) the kernel drops the rest of their SYNs; they
   * wait a second for a retransmit or get their connection reset. */
  socket = g_socket_new (g_socket_address_get_family (socket_address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  if (g_socket_address_get_family (socket_address) == G_SOCKET_FAMILY_IPV6
      && !g_socket_set_option (socket, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, error))
    return FALSE;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, socket_address, TRUE, error)
      || !g_socket_listen (socket, error)
      || !soup_server_listen_socket (self->soup, socket, self->tls ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    {
      g_autofree char *text = g_uri_to_string (uris->data);
      gsize length = strlen (text);

      /* soup gives "http://127.0.0.1:8080/": keep it without the slash. */
      if (length > 0 && text[length - 1] == '/')
        text[length - 1] = '\0';
      g_free (self->url);
      self->url = g_steal_pointer (&text);
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  if (self->purge_source == 0)
    {
      purge_old_changes (self);
      self->purge_source = g_timeout_add_seconds (24 * 60 * 60, purge_old_changes, self);
      self->sweep_source = g_timeout_add_seconds (SWEEP_SECONDS, sweep_closed_connections, self);
    }
  return TRUE;
}

const char *
fl_server_get_url (FlServer *self)
{
  g_return_val_if_fail (FL_IS_SERVER (self), NULL);
  return self->url;
}

void
fl_server_get_commit_stats (FlServer *self,
                            guint64  *n_groups,
                            guint64  *n_jobs)
{
  g_return_if_fail (FL_IS_SERVER (self));
  fl_commit_queue_get_stats (self->writer, n_groups, n_jobs);
}

typedef struct
{
  gint64 deadline;
} Drain;

static gboolean
drain_tick (gpointer user_data)
{
  GTask *task = user_data;
  FlServer *self = g_task_get_source_object (task);
  Drain *drain = g_task_get_task_data (task);

  if (self->in_flight + self->writing > 0 && g_get_monotonic_time () < drain->deadline)
    return G_SOURCE_CONTINUE;

  if (self->in_flight + self->writing > 0)
    g_warning ("%u requests still running at the end of the drain; closing anyway",
               self->in_flight + self->writing);
  g_clear_handle_id (&self->purge_source, g_source_remove);
  g_clear_handle_id (&self->sweep_source, g_source_remove);
  fl_push_hub_close_all (self->push);
  /* Every acknowledged write is already committed; this finishes the queue. */
  fl_commit_queue_stop (self->writer);
  soup_server_disconnect (self->soup);
  g_task_return_boolean (task, TRUE);
  return G_SOURCE_REMOVE;
}

void
fl_server_shutdown_async (FlServer            *self,
                          guint                timeout_ms,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;
  Drain *drain;
  GSList *listeners;

  g_return_if_fail (FL_IS_SERVER (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, fl_server_shutdown_async);
  drain = g_new0 (Drain, 1);
  drain->deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;
  g_task_set_task_data (task, drain, g_free);

  /* No new connections; requests already read finish and are answered. */
  self->draining = TRUE;
  listeners = soup_server_get_listeners (self->soup);
  for (GSList *l = listeners; l != NULL; l = l->next)
    g_socket_close (l->data, NULL);
  g_slist_free (listeners);

  g_timeout_add_full (G_PRIORITY_DEFAULT, 20, drain_tick, task, g_object_unref);
}

gboolean
fl_server_shutdown_finish (FlServer      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

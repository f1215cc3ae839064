/* fl-push-eventsource.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Push as server-sent events (RFC 8620 §7.3), for clients that only speak
 * HTTP (a browser's EventSource, curl -N):
 *
 *   GET /jmap/eventsource?types=Case,Interaction|*&closeafter=state|no&ping=N
 *
 * answers a chunked text/event-stream that stays open: "state" events carry
 * a StateChange, "ping" events keep proxies from timing the stream out. The
 * message stays paused between events; each event is appended to the body
 * and the message unpaused, and libsoup pauses it again when it has written
 * what there is.
 */
#define G_LOG_DOMAIN "Frontline-Server"

#include "config.h"

#include <string.h>

#include "fl-jmap-private.h"
#include "fl-push-private.h"
#include "fl-server-private.h"

#define MIN_PING_SECONDS 5
#define MAX_PING_SECONDS 3600

typedef struct
{
  FlPushClient       parent;
  SoupServerMessage *msg;
  gulong             finished_handler;
  gulong             disconnected_handler;
  gboolean           close_after_state;
  gboolean           ended;       /* the body is complete: nothing more goes out */
  gboolean           gone;        /* libsoup is done with the message */
  guint              ping_seconds;
  guint              ping_source;
  GSource           *hangup_source;
} EsClient;

static void es_detach (EsClient *es);

static void
es_write (EsClient   *es,
          const char *text,
          gsize       length)
{
  if (es->ended || es->gone)
    return;
  soup_message_body_append (soup_server_message_get_response_body (es->msg), SOUP_MEMORY_COPY, text, length);
  soup_server_message_unpause (es->msg);
}

/* Completes the body: libsoup writes the last chunk and finishes the message,
 * which detaches the client ("finished"). */
static void
es_end (EsClient *es)
{
  if (es->ended || es->gone)
    return;
  es->ended = TRUE;
  es->parent.push_enabled = FALSE;
  g_clear_handle_id (&es->ping_source, g_source_remove);
  if (es->hangup_source != NULL)
    {
      g_source_destroy (es->hangup_source);
      g_clear_pointer (&es->hangup_source, g_source_unref);
    }
  soup_message_body_complete (soup_server_message_get_response_body (es->msg));
  soup_server_message_unpause (es->msg);
}

static void
es_send_state_change (FlPushClient *client,
                      const char   *json,
                      gsize         length,
                      gint64        push_state)
{
  EsClient *es = (EsClient *) client;
  g_autoptr(GString) event = g_string_sized_new (length + 64);

  /* "id" is the push state: a browser that reconnects sends it back as
   * Last-Event-ID and is told what it missed. */
  g_string_append_printf (event, "event: state\nid: %" G_GINT64_FORMAT "\ndata: ", push_state);
  g_string_append_len (event, json, length);
  g_string_append (event, "\n\n");
  es_write (es, event->str, event->len);
  if (es->close_after_state)
    es_end (es);
}

static void
es_close (FlPushClient *client,
          gushort       code,
          const char   *reason)
{
  es_end ((EsClient *) client);
}

static void
es_finalize (FlPushClient *client)
{
  EsClient *es = (EsClient *) client;

  g_clear_handle_id (&es->ping_source, g_source_remove);
  if (es->hangup_source != NULL)
    {
      g_source_destroy (es->hangup_source);
      g_clear_pointer (&es->hangup_source, g_source_unref);
    }
  g_clear_signal_handler (&es->finished_handler, es->msg);
  g_clear_signal_handler (&es->disconnected_handler, es->msg);
  g_clear_object (&es->msg);
}

static const FlPushClientClass es_client_class = {
  .send_state_change = es_send_state_change,
  .close = es_close,
  .finalize = es_finalize,
};

static gboolean
es_ping (gpointer user_data)
{
  EsClient *es = user_data;
  g_autofree char *event = NULL;

  /* A ping goes to a signed-in client only, like a state event. */
  if (!_fl_push_client_check_auth (&es->parent))
    return G_SOURCE_CONTINUE;
  event = g_strdup_printf ("event: ping\ndata: {\"interval\":%u}\n\n", es->ping_seconds);
  es_write (es, event, strlen (event));
  return G_SOURCE_CONTINUE;
}

/* While the stream is paused nobody reads the socket, so a client that hangs
 * up would only be noticed at the next event. Watching it for end-of-file
 * frees the connection at once. Anything else readable (a client sending
 * more on this connection) ends the watch, and the next write tells. */
static gboolean
es_hangup (GSocket      *socket,
           GIOCondition  condition,
           gpointer      user_data)
{
  EsClient *es = user_data;
  g_autoptr(GError) error = NULL;
  char byte;
  GInputVector vector = { &byte, 1 };
  int flags = G_SOCKET_MSG_PEEK;
  gssize n;

  n = g_socket_receive_message (socket, NULL, &vector, 1, NULL, NULL, &flags, NULL, &error);
  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    return G_SOURCE_CONTINUE;

  g_clear_pointer (&es->hangup_source, g_source_unref);
  if (n <= 0)
    {
      g_debug ("An EventSource client of %s hung up", es->parent.agent_id);
      es_end (es);
    }
  return G_SOURCE_REMOVE;
}

static void
es_message_gone (SoupServerMessage *msg,
                 gpointer           user_data)
{
  es_detach (user_data);
}

static void
es_detach (EsClient *es)
{
  es->gone = TRUE;
  es->parent.push_enabled = FALSE;
  g_clear_handle_id (&es->ping_source, g_source_remove);
  if (es->hangup_source != NULL)
    {
      g_source_destroy (es->hangup_source);
      g_clear_pointer (&es->hangup_source, g_source_unref);
    }
  if (es->parent.hub != NULL)
    _fl_push_hub_remove_client (es->parent.hub, &es->parent);
}

/* --- The request -------------------------------------------------------- */

static gboolean
parse_types (const char   *text,
             GStrv        *types)
{
  g_auto(GStrv) names = NULL;

  *types = NULL;
  if (text == NULL || g_str_equal (text, "*"))
    return TRUE;
  names = g_strsplit (text, ",", -1);
  if (names[0] == NULL)
    return FALSE;
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_strstrip (names[i]);
      if (names[i][0] == '\0')
        return FALSE;
    }
  *types = g_steal_pointer (&names);
  return TRUE;
}

static void
handle_eventsource (SoupServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  FlPushHub *self = user_data;
  const char *agent_id;
  const char *close_after = query != NULL ? g_hash_table_lookup (query, "closeafter") : NULL;
  const char *ping_text = query != NULL ? g_hash_table_lookup (query, "ping") : NULL;
  const char *last_event_id;
  g_auto(GStrv) types = NULL;
  guint64 ping = 0;
  SoupMessageHeaders *headers;
  EsClient *es;
  gint64 since = -1;

  if (!g_str_equal (soup_server_message_get_method (msg), "GET"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET");
      _fl_server_reply_problem (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "methodNotAllowed", "Use GET here");
      return;
    }
  agent_id = _fl_push_authenticate (self, msg);
  if (agent_id == NULL)
    return;

  if (!parse_types (query != NULL ? g_hash_table_lookup (query, "types") : NULL, &types)
      || (close_after != NULL && !g_str_equal (close_after, "state") && !g_str_equal (close_after, "no"))
      || (ping_text != NULL && !g_ascii_string_to_unsigned (ping_text, 10, 0, G_MAXUINT32, &ping, NULL)))
    {
      _fl_server_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, "invalidArguments",
                                "Use ?types=* or a comma-separated list of type names, "
                                "&closeafter=state or no, &ping=seconds (0 for none)");
      return;
    }

  es = g_new0 (EsClient, 1);
  _fl_push_client_init (&es->parent, &es_client_class, agent_id,
                        soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                      "Authorization"));
  _fl_push_client_set_data_types (&es->parent, (const char * const *) types);
  es->parent.push_enabled = TRUE;
  es->msg = g_object_ref (msg);
  es->close_after_state = g_strcmp0 (close_after, "state") == 0;
  if (ping > 0)
    es->ping_seconds = CLAMP (ping, MIN_PING_SECONDS, MAX_PING_SECONDS);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  headers = soup_server_message_get_response_headers (msg);
  soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  /* Buffering proxies would hold the events back. */
  soup_message_headers_replace (headers, "X-Accel-Buffering", "no");
  /* Written chunks are dropped, not kept for the life of the stream. */
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);

  es->finished_handler = g_signal_connect (msg, "finished", G_CALLBACK (es_message_gone), es);
  es->disconnected_handler = g_signal_connect (msg, "disconnected", G_CALLBACK (es_message_gone), es);
  _fl_push_hub_add_client (self, &es->parent);

  if (es->ping_seconds > 0)
    es->ping_source = g_timeout_add_seconds (es->ping_seconds, es_ping, es);
  {
    GSocket *socket = soup_server_message_get_socket (msg);

    if (socket != NULL)
      {
        es->hangup_source = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
        g_source_set_callback (es->hangup_source, G_SOURCE_FUNC (es_hangup), es, NULL);
        g_source_attach (es->hangup_source, g_main_context_get_thread_default ());
      }
  }

  /* The state to start from: what was missed since Last-Event-ID (a browser
   * reconnecting), else everything — except with closeafter=state, where that
   * would end the stream at once and set the client polling in a loop. */
  last_event_id = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Last-Event-ID");
  if (last_event_id != NULL && fl_jmap_parse_state (last_event_id, &since)
      && since <= _fl_push_hub_get_push_state (self))
    ;
  else if (!es->close_after_state)
    since = -1;
  else
    since = G_MAXINT64;
  if (since != G_MAXINT64)
    {
      gsize length;
      g_autofree char *current = _fl_push_hub_build_state_change (self, &es->parent, since, &length);

      if (current != NULL)
        es_send_state_change (&es->parent, current, length, _fl_push_hub_get_push_state (self));
    }
  _fl_push_client_unref (&es->parent);
}

void
_fl_push_eventsource_attach (FlPushHub  *self,
                             SoupServer *server,
                             const char *path)
{
  soup_server_add_handler (server, path, handle_eventsource, self, NULL);
}

/* fl-push-websocket.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * JMAP over WebSocket (RFC 8887), subprotocol "jmap": Request frames run
 * through the JMAP service and are answered, in the order they finish, with
 * Response or RequestError frames carrying the request's id;
 * WebSocketPushEnable/Disable turn StateChange pushes on and off.
 */
#define G_LOG_DOMAIN "Frontline-Server"

#include "config.h"

#include <string.h>

#include "fl-jmap-private.h"
#include "fl-push-private.h"
#include "fl-server-private.h"

/* Frames up to this size are parsed where they arrive; a bigger one (only a
 * Request is ever that big) is parsed on a worker, off the main loop. */
#define INLINE_PARSE_LIMIT (64 * 1024)
/* Pings keep idle connections through NATs and proxies, and find dead peers. */
#define KEEPALIVE_SECONDS 30

typedef struct
{
  FlPushClient             parent;
  SoupWebsocketConnection *conn;
  gulong                   message_handler;
  gulong                   closed_handler;
  guint                    n_in_flight;   /* Requests sent to the service, not yet answered */
  gboolean                 closing;
} WsClient;

static const char agent_key[] = "fl-push-agent-id";

static gboolean
ws_is_open (WsClient *ws)
{
  return !ws->closing && soup_websocket_connection_get_state (ws->conn) == SOUP_WEBSOCKET_STATE_OPEN;
}

static void
ws_send (WsClient *ws,
         GBytes   *text)
{
  if (ws_is_open (ws))
    soup_websocket_connection_send_message (ws->conn, SOUP_WEBSOCKET_DATA_TEXT, text);
}

static void
ws_send_state_change (FlPushClient *client,
                      const char   *json,
                      gsize         length,
                      gint64        push_state)
{
  WsClient *ws = (WsClient *) client;
  g_autoptr(GBytes) text = g_bytes_new (json, length);

  ws_send (ws, text);
}

static void
ws_close (FlPushClient *client,
          gushort       code,
          const char   *reason)
{
  WsClient *ws = (WsClient *) client;

  /* It stays in the hub until "closed", but takes and sends nothing more. */
  client->push_enabled = FALSE;
  if (ws_is_open (ws))
    soup_websocket_connection_close (ws->conn, code, reason);
  ws->closing = TRUE;
}

static void
ws_finalize (FlPushClient *client)
{
  WsClient *ws = (WsClient *) client;

  g_clear_signal_handler (&ws->message_handler, ws->conn);
  g_clear_signal_handler (&ws->closed_handler, ws->conn);
  g_clear_object (&ws->conn);
}

static const FlPushClientClass ws_client_class = {
  .send_state_change = ws_send_state_change,
  .close = ws_close,
  .finalize = ws_finalize,
};

/* --- Replies ------------------------------------------------------------ */

/* A RequestError (RFC 8887 §4.3.4): problem details with "@type" and the
 * request's id when it had one. */
static void
send_request_error (WsClient   *ws,
                    const char *request_id,
                    const char *type,
                    guint       status,
                    const char *detail,
                    const char *limit)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *text;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "@type");
  json_builder_add_string_value (b, "RequestError");
  if (request_id != NULL)
    {
      json_builder_set_member_name (b, "requestId");
      json_builder_add_string_value (b, request_id);
    }
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, type);
  json_builder_set_member_name (b, "status");
  json_builder_add_int_value (b, status);
  if (limit != NULL)
    {
      json_builder_set_member_name (b, "limit");
      json_builder_add_string_value (b, limit);
    }
  json_builder_set_member_name (b, "detail");
  json_builder_add_string_value (b, detail);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);
  bytes = g_bytes_new_take (text, strlen (text));
  ws_send (ws, bytes);
}

static void
send_jmap_error (WsClient     *ws,
                 const char   *request_id,
                 FlJmapError   code,
                 const char   *detail)
{
  send_request_error (ws, request_id, fl_jmap_error_type_uri (code), fl_jmap_error_http_status (code),
                      detail, NULL);
}

/* The service answers {"methodResponses": …, "sessionState": …}; the
 * Response frame is that object with "@type" and "requestId" in front. Spliced
 * as text rather than parsed again: a response can be megabytes. */
static GBytes *
response_frame (GBytes     *response,
                const char *request_id)
{
  gsize length;
  const char *data = g_bytes_get_data (response, &length);
  GString *frame;

  if (length < 2 || data[0] != '{')
    return NULL;

  frame = g_string_sized_new (length + 64);
  g_string_append (frame, "{\"@type\":\"Response\",");
  if (request_id != NULL)
    {
      g_autoptr(JsonNode) id = json_node_init_string (json_node_alloc (), request_id);
      g_autofree char *quoted = json_to_string (id, FALSE);

      g_string_append (frame, "\"requestId\":");
      g_string_append (frame, quoted);
      g_string_append_c (frame, ',');
    }
  g_string_append_len (frame, data + 1, length - 1);
  return g_string_free_to_bytes (frame);
}

/* --- Requests ----------------------------------------------------------- */

typedef struct
{
  WsClient *ws;
  char     *request_id;
} Call;

static void
request_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Call *call = user_data;
  WsClient *ws = call->ws;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = fl_jmap_service_execute_finish (FL_JMAP_SERVICE (source), result, &error);

  ws->n_in_flight--;
  if (response != NULL)
    {
      g_autoptr(GBytes) frame = response_frame (response, call->request_id);

      if (frame != NULL)
        ws_send (ws, frame);
      else
        send_jmap_error (ws, call->request_id, FL_JMAP_ERROR_UNAVAILABLE, "The response could not be framed");
    }
  else if (error->domain == FL_JMAP_ERROR)
    {
      send_jmap_error (ws, call->request_id, error->code, error->message);
      /* Disabled or removed since the connection opened. */
      if (error->code == FL_JMAP_ERROR_UNAUTHORIZED)
        {
          if (ws->parent.hub != NULL)
            fl_auth_revoke_agent (_fl_push_hub_get_auth (ws->parent.hub), ws->parent.agent_id);
          ws_close (&ws->parent, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, error->message);
        }
    }
  else
    send_jmap_error (ws, call->request_id, FL_JMAP_ERROR_UNAVAILABLE, error->message);

  _fl_push_client_unref (&ws->parent);
  g_free (call->request_id);
  g_free (call);
}

static void
handle_request (WsClient   *ws,
                GBytes     *frame,
                const char *request_id)
{
  Call *call;

  if (ws->n_in_flight >= FL_JMAP_MAX_CONCURRENT_REQUESTS)
    {
      g_autofree char *detail = g_strdup_printf ("At most %d requests may run at once on a connection "
                                                 "(maxConcurrentRequests); wait for an answer",
                                                 FL_JMAP_MAX_CONCURRENT_REQUESTS);

      send_request_error (ws, request_id, fl_jmap_error_type_uri (FL_JMAP_ERROR_LIMIT),
                          fl_jmap_error_http_status (FL_JMAP_ERROR_LIMIT), detail, "maxConcurrentRequests");
      return;
    }

  call = g_new0 (Call, 1);
  call->ws = (WsClient *) _fl_push_client_ref (&ws->parent);
  call->request_id = g_strdup (request_id);
  ws->n_in_flight++;
  /* The frame as it came: the service ignores "@type" and "id". No
   * cancellable: a write the client sent is carried out even if it goes away,
   * as over HTTP. */
  fl_jmap_service_execute_async (_fl_push_hub_get_service (ws->parent.hub), ws->parent.agent_id, frame,
                                 NULL, request_done, call);
}

/* --- Push --------------------------------------------------------------- */

static gboolean
read_data_types (JsonObject  *object,
                 GStrv       *types)
{
  JsonNode *node = json_object_get_member (object, "dataTypes");
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;

  *types = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;

  builder = g_strv_builder_new ();
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        return FALSE;
      g_strv_builder_add (builder, json_node_get_string (item));
    }
  *types = g_strv_builder_end (builder);
  return TRUE;
}

static void
handle_push_enable (WsClient   *ws,
                    JsonObject *object,
                    const char *request_id)
{
  FlPushHub *hub = ws->parent.hub;
  g_auto(GStrv) types = NULL;
  JsonNode *push_state = json_object_get_member (object, "pushState");
  gint64 since;

  if (!read_data_types (object, &types)
      || (push_state != NULL && !JSON_NODE_HOLDS_NULL (push_state)
          && (!JSON_NODE_HOLDS_VALUE (push_state) || json_node_get_value_type (push_state) != G_TYPE_STRING)))
    {
      send_jmap_error (ws, request_id, FL_JMAP_ERROR_NOT_REQUEST,
                       "WebSocketPushEnable takes “dataTypes” (null or an array of type names) "
                       "and an optional “pushState” (a string)");
      return;
    }

  _fl_push_client_set_data_types (&ws->parent, (const char * const *) types);
  ws->parent.push_enabled = TRUE;

  if (push_state == NULL || JSON_NODE_HOLDS_NULL (push_state))
    return;

  /* What happened while the client was away. A state this server never gave
   * out (from another server, or before a restore) gets every type: the
   * client compares each with its own and asks for what differs. */
  if (!fl_jmap_parse_state (json_node_get_string (push_state), &since)
      || since > _fl_push_hub_get_push_state (hub))
    since = -1;
  {
    gsize length;
    g_autofree char *missed = _fl_push_hub_build_state_change (hub, &ws->parent, since, &length);

    if (missed != NULL)
      ws_send_state_change (&ws->parent, missed, length, _fl_push_hub_get_push_state (hub));
  }
}

/* --- Frames ------------------------------------------------------------- */

static void
handle_frame (WsClient     *ws,
              GBytes       *frame,
              JsonNode     *root,
              const GError *parse_error)
{
  JsonObject *object;
  JsonNode *type_node;
  JsonNode *id_node;
  const char *type = NULL;
  const char *request_id = NULL;

  if (!ws_is_open (ws) || ws->parent.hub == NULL)
    return;

  if (root == NULL)
    {
      g_autofree char *detail = g_strdup_printf ("The message is not valid JSON in UTF-8%s%s",
                                                 parse_error != NULL ? ": " : "",
                                                 parse_error != NULL ? parse_error->message : "");

      send_jmap_error (ws, NULL, FL_JMAP_ERROR_NOT_JSON, detail);
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    goto not_request;
  object = json_node_get_object (root);
  id_node = json_object_get_member (object, "id");
  if (id_node != NULL && JSON_NODE_HOLDS_VALUE (id_node) && json_node_get_value_type (id_node) == G_TYPE_STRING)
    request_id = json_node_get_string (id_node);
  type_node = json_object_get_member (object, "@type");
  if (type_node != NULL && JSON_NODE_HOLDS_VALUE (type_node) && json_node_get_value_type (type_node) == G_TYPE_STRING)
    type = json_node_get_string (type_node);

  if (g_strcmp0 (type, "Request") == 0)
    handle_request (ws, frame, request_id);
  else if (g_strcmp0 (type, "WebSocketPushEnable") == 0)
    handle_push_enable (ws, object, request_id);
  else if (g_strcmp0 (type, "WebSocketPushDisable") == 0)
    ws->parent.push_enabled = FALSE;
  else
    goto not_request;
  return;

not_request:
  send_jmap_error (ws, request_id, FL_JMAP_ERROR_NOT_REQUEST,
                   "A message is a JSON object whose “@type” is “Request”, “WebSocketPushEnable” "
                   "or “WebSocketPushDisable”");
}

static JsonNode *
parse_frame (GBytes  *frame,
             GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize length;
  const char *data = g_bytes_get_data (frame, &length);
  JsonNode *root;

  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "invalid UTF-8");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, length, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "empty message");
      return NULL;
    }
  return json_node_ref (root);
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;
  JsonNode *root = parse_frame (task_data, &error);

  if (root != NULL)
    g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
  else
    g_task_return_error (task, error);
}

static void
parsed (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  WsClient *ws = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = g_task_propagate_pointer (G_TASK (result), &error);

  handle_frame (ws, g_task_get_task_data (G_TASK (result)), root, error);
  _fl_push_client_unref (&ws->parent);
}

static void
ws_message (SoupWebsocketConnection *conn,
            gint                     type,
            GBytes                  *message,
            gpointer                 user_data)
{
  WsClient *ws = user_data;

  if (!ws_is_open (ws) || ws->parent.hub == NULL || !_fl_push_client_check_auth (&ws->parent))
    return;

  if (g_bytes_get_size (message) <= INLINE_PARSE_LIMIT)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = parse_frame (message, &error);

      handle_frame (ws, message, root, error);
    }
  else
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, parsed, _fl_push_client_ref (&ws->parent));

      g_task_set_source_tag (task, ws_message);
      g_task_set_task_data (task, g_bytes_ref (message), (GDestroyNotify) g_bytes_unref);
      g_task_run_in_thread (task, parse_in_thread);
    }
}

static void
ws_closed (SoupWebsocketConnection *conn,
           gpointer                 user_data)
{
  WsClient *ws = user_data;

  ws->closing = TRUE;
  if (ws->parent.hub != NULL)
    _fl_push_hub_remove_client (ws->parent.hub, &ws->parent);
}

/* --- The handlers ------------------------------------------------------- */

/* Runs before libsoup looks at the handshake: a status set here refuses the
 * upgrade, so a client without a valid sign-in gets a plain 401. */
static void
ws_check (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  FlPushHub *self = user_data;
  g_autoptr(GError) error = NULL;
  char *protocols[] = { (char *) "jmap", NULL };
  const char *agent_id = _fl_push_authenticate (self, msg);

  if (agent_id == NULL)
    return;
  /* libsoup would refuse a bad handshake too, but in HTML: every error here
   * is JSON. */
  if (!soup_websocket_server_check_handshake (msg, NULL, protocols, NULL, &error))
    {
      g_autofree char *detail = g_strdup_printf ("%s: this is the JMAP WebSocket (RFC 8887), "
                                                 "subprotocol “jmap”", error->message);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      _fl_server_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, "notWebSocket", detail);
      return;
    }
  g_object_set_data_full (G_OBJECT (msg), agent_key, g_strdup (agent_id), g_free);
}

static void
ws_connected (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *conn,
              gpointer                 user_data)
{
  FlPushHub *self = user_data;
  const char *agent_id = g_object_get_data (G_OBJECT (msg), agent_key);
  const char *authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                            "Authorization");
  WsClient *ws;

  g_return_if_fail (agent_id != NULL);

  ws = g_new0 (WsClient, 1);
  _fl_push_client_init (&ws->parent, &ws_client_class, agent_id, authorization);
  ws->conn = g_object_ref (conn);
  soup_websocket_connection_set_max_incoming_payload_size (conn, _fl_push_hub_get_max_message_size (self));
  soup_websocket_connection_set_keepalive_interval (conn, KEEPALIVE_SECONDS);
  ws->message_handler = g_signal_connect (conn, "message", G_CALLBACK (ws_message), ws);
  ws->closed_handler = g_signal_connect (conn, "closed", G_CALLBACK (ws_closed), ws);
  _fl_push_hub_add_client (self, &ws->parent);
  _fl_push_client_unref (&ws->parent);
  /* libsoup reports no end for an upgraded request: the log line is here. */
  g_printerr ("GET %s 101 (WebSocket)\n", path);
}

void
_fl_push_websocket_attach (FlPushHub  *self,
                           SoupServer *server,
                           const char *path)
{
  char *protocols[] = { (char *) "jmap", NULL };

  /* No permessage-deflate: its zlib state costs about 100 KiB per connection
   * (measured: 102 KiB per idle connection with it, 5 KiB without), for
   * messages that are mostly a StateChange of a hundred bytes. */
  soup_server_remove_websocket_extension (server, SOUP_TYPE_WEBSOCKET_EXTENSION_DEFLATE);
  soup_server_add_handler (server, path, ws_check, self, NULL);
  soup_server_add_websocket_handler (server, path, NULL, protocols, ws_connected, self, NULL);
}

/* fl-sync-live.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The live connection: session resource → WebSocket → WebSocketPushEnable,
 * then a push of the outbox and a pull of what changed while away; after that
 * a StateChange whose states differ from the saved ones asks for a pull, and a
 * local change for a push. At most one of our operations runs at a time; what
 * is asked for meanwhile runs once after it, however often it was asked.
 */
#define G_LOG_DOMAIN "Frontline-Sync"

#include "config.h"

#include <libsoup/soup.h>

#include "fl-sync-engine-private.h"
#include "fl-sync-live.h"

#define WEBSOCKET_CAPABILITY "urn:ietf:params:jmap:websocket"
/* We ping this often; a connection that has said nothing (no pong, no
 * message) for three times as long is dead, although TCP has not noticed:
 * a suspended laptop, a NAT that forgot us. */
#define KEEPALIVE_SECONDS    15
#define SILENCE_ALLOWED      3

struct _FlSyncLive
{
  GObject                  parent_instance;

  FlSyncEngine            *engine;       /* unowned: it owns us */
  GMainContext            *context;      /* where start was called: our timers run there */
  SoupSession             *session;
  SoupWebsocketConnection *conn;
  GCancellable            *cancellable;  /* the connection steps of this generation */
  guint                    generation;   /* bumped by stop and network loss: older callbacks are stale */
  GNetworkMonitor         *monitor;
  gulong                   network_handler;
  GRand                   *rand;
  char                    *push_state;   /* the last StateChange's, sent again on reconnect */

  gboolean                 started;
  gboolean                 awaiting_sign_in; /* stopped for want of a token the server takes */
  gboolean                 connecting;
  gboolean                 network_down;
  guint                    attempt;      /* failed connections in a row */
  GSource                 *retry_source;
  GSource                 *push_source; /* the short wait after a local change */
  GSource                 *kick_source;
  GSource                 *watchdog_source;
  guint                    keepalive_seconds;
  gint64                   last_heard;   /* monotonic µs of the last frame from the server */

  gboolean                 want_push;
  gboolean                 want_pull;
  gboolean                 running;      /* one of our operations is under way */
  gboolean                 running_push;
  gboolean                 running_pull;
};

G_DEFINE_FINAL_TYPE (FlSyncLive, fl_sync_live, G_TYPE_OBJECT)

static void connect_now (FlSyncLive *self);
static void kick        (FlSyncLive *self);

/* --- the object ------------------------------------------------------------------ */

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
fl_sync_live_dispose (GObject *object)
{
  FlSyncLive *self = FL_SYNC_LIVE (object);

  _fl_sync_live_stop (self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (fl_sync_live_parent_class)->dispose (object);
}

static void
fl_sync_live_finalize (GObject *object)
{
  FlSyncLive *self = FL_SYNC_LIVE (object);

  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->push_state, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (fl_sync_live_parent_class)->finalize (object);
}

static void
fl_sync_live_class_init (FlSyncLiveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fl_sync_live_dispose;
  object_class->finalize = fl_sync_live_finalize;
}

static void
fl_sync_live_init (FlSyncLive *self)
{
  self->rand = g_rand_new ();
  self->keepalive_seconds = KEEPALIVE_SECONDS;
  self->session = soup_session_new_with_options ("timeout", 60,
                                                 "user-agent", "frontline-sync/" PACKAGE_VERSION,
                                                 NULL);
}

FlSyncLive *
_fl_sync_live_new (FlSyncEngine *engine)
{
  FlSyncLive *self;

  g_return_val_if_fail (FL_IS_SYNC_ENGINE (engine), NULL);

  self = g_object_new (FL_TYPE_SYNC_LIVE, NULL);
  self->engine = engine;
  return self;
}

gboolean
_fl_sync_live_is_started (FlSyncLive *self)
{
  g_return_val_if_fail (FL_IS_SYNC_LIVE (self), FALSE);
  return self->started;
}

void
_fl_sync_live_set_keepalive (FlSyncLive *self,
                             guint       seconds)
{
  g_return_if_fail (FL_IS_SYNC_LIVE (self));
  g_return_if_fail (seconds > 0);
  self->keepalive_seconds = seconds;
}

guint
_fl_sync_live_get_attempt (FlSyncLive *self)
{
  g_return_val_if_fail (FL_IS_SYNC_LIVE (self), 0);
  return self->attempt;
}

/* A callback's ticket: the object, kept alive, and the generation the call
 * was made in. */
typedef struct
{
  FlSyncLive  *self;
  guint        generation;
  SoupMessage *message;   /* the WebSocket handshake, for its status */
} Call;

static Call *
call_new (FlSyncLive *self)
{
  Call *call = g_new0 (Call, 1);

  call->self = g_object_ref (self);
  call->generation = self->generation;
  return call;
}

static void
call_free (Call *call)
{
  g_clear_object (&call->self);
  g_clear_object (&call->message);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

static gboolean
call_is_stale (Call *call)
{
  return call->generation != call->self->generation || call->self->engine == NULL;
}

static GSource *
add_timeout (FlSyncLive  *self,
             guint        delay_ms,
             GSourceFunc  func)
{
  GSource *source = delay_ms == 0 ? g_idle_source_new () : g_timeout_source_new (delay_ms);

  g_source_set_callback (source, func, self, NULL);
  g_source_attach (source, self->context);
  return source;
}

/* --- the connection's ups and downs ------------------------------------------------ */

/* Closes the WebSocket, if any, without hearing of it: a close we asked for
 * is not a reason to reconnect. */
static void
drop_connection (FlSyncLive *self)
{
  clear_source (&self->watchdog_source);
  if (self->conn != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->conn, self);
      if (soup_websocket_connection_get_state (self->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->conn);
    }
  if (self->engine != NULL)
    _fl_sync_engine_set_live (self->engine, FALSE);
}

/* Everything under way becomes stale. Our running operation goes on (the
 * engine finishes it safely) but we no longer wait for it. */
static void
new_generation (FlSyncLive *self)
{
  self->generation++;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->connecting = FALSE;
  self->running = FALSE;
  clear_source (&self->retry_source);
}

static gboolean
on_retry_time (gpointer user_data)
{
  FlSyncLive *self = user_data;

  g_clear_pointer (&self->retry_source, g_source_unref);
  connect_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (FlSyncLive *self)
{
  guint delay;

  if (!self->started || self->network_down || self->retry_source != NULL)
    return;
  delay = fl_sync_live_backoff_delay_ms (self->attempt, self->rand);
  if (self->attempt < G_MAXUINT)
    self->attempt++;
  g_debug ("Live connection: retrying in %u ms", delay);
  self->retry_source = add_timeout (self, delay, on_retry_time);
}

/* The server or the network let us down: offline, and try again later. */
static void
connection_lost (FlSyncLive   *self,
                 const GError *error)
{
  g_debug ("Live connection lost: %s", error != NULL ? error->message : "closed");
  new_generation (self);
  drop_connection (self);
  if (error != NULL && !g_error_matches (error, FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_NETWORK)
      && !g_error_matches (error, FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_UNAVAILABLE))
    _fl_sync_engine_note_error (self->engine, error);
  else
    _fl_sync_engine_set_state (self->engine, FL_SYNC_STATE_OFFLINE);
  schedule_retry (self);
}

/* The server refused our token: trying again would only be refused again,
 * so we stop until the user signs in again. */
static void
auth_failed (FlSyncLive   *self,
             const GError *error)
{
  g_autoptr(FlSyncEngine) engine = g_object_ref (self->engine);

  g_message ("Live updates stopped: %s", error->message);
  _fl_sync_live_stop (self);
  self->awaiting_sign_in = TRUE;
  _fl_sync_engine_note_error (engine, error);
}

/* A 401 straight from the network, or as the engine's operations report it. */
static gboolean
is_unauthorized (const GError *error)
{
  return g_error_matches (error, FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_UNAUTHORIZED)
         || g_error_matches (error, FL_SYNC_ERROR, FL_SYNC_ERROR_SIGNED_OUT);
}

/* --- StateChange ------------------------------------------------------------------- */

static void
on_states_compared (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  FlSyncLive *self = call->self;
  g_autoptr(GError) error = NULL;
  gpointer answer = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);

  if (call_is_stale (call))
    return;
  /* A local copy we cannot read is no reason to miss a change. */
  if (answer == NULL)
    g_warning ("Could not read the saved sync states: %s", error->message);
  if (answer == NULL || GPOINTER_TO_INT (answer) == FL_SYNC_STATES_DIFFER)
    {
      self->want_pull = TRUE;
      kick (self);
    }
}

static void
on_message (SoupWebsocketConnection *conn,
            gint                     type,
            GBytes                  *bytes,
            gpointer                 user_data)
{
  FlSyncLive *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *push_state = NULL;
  GHashTable *changed = NULL;

  self->last_heard = g_get_monotonic_time ();
  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;
  if (!_fl_sync_live_parse_state_change (bytes, &push_state, &changed, &error))
    {
      if (error != NULL)
        g_message ("The server sent a live message that is not JSON: %s", error->message);
      return;
    }
  if (push_state != NULL)
    {
      g_free (self->push_state);
      self->push_state = g_steal_pointer (&push_state);
    }
  /* The saved states are in the local copy: compared on a pool thread. */
  fl_store_pool_read_async (self->engine->pool, _fl_sync_live_states_differ_job, changed,
                            (GDestroyNotify) g_hash_table_unref, NULL, self->cancellable,
                            on_states_compared, call_new (self));
}

static void
on_pong (SoupWebsocketConnection *conn,
         GBytes                  *bytes,
         gpointer                 user_data)
{
  FlSyncLive *self = user_data;

  self->last_heard = g_get_monotonic_time ();
}

static gboolean
on_watchdog_time (gpointer user_data)
{
  FlSyncLive *self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 silence = g_get_monotonic_time () - self->last_heard;

  if (silence < (gint64) self->keepalive_seconds * SILENCE_ALLOWED * G_USEC_PER_SEC)
    return G_SOURCE_CONTINUE;
  error = g_error_new (FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_NETWORK,
                       "The server has not answered for %" G_GINT64_FORMAT " s", silence / G_USEC_PER_SEC);
  /* connection_lost() destroys this source: it must not be removed twice. */
  g_clear_pointer (&self->watchdog_source, g_source_unref);
  /* The HTTP connections went the same way, and a request on one of them
   * would wait out its whole timeout. */
  if (self->engine->client != NULL)
    fl_jmap_client_abort (self->engine->client);
  connection_lost (self, error);
  return G_SOURCE_REMOVE;
}

static void
on_closed (SoupWebsocketConnection *conn,
           gpointer                 user_data)
{
  FlSyncLive *self = user_data;
  gushort code = soup_websocket_connection_get_close_code (conn);

  /* 1008: the token expired or was revoked while we were connected. */
  if (code == SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION)
    {
      g_autoptr(GError) error = g_error_new (FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_UNAUTHORIZED,
                                             "The server no longer takes this profile's token: sign in again");

      auth_failed (self, error);
      return;
    }
  connection_lost (self, NULL);
}

static void
on_error (SoupWebsocketConnection *conn,
          GError                  *error,
          gpointer                 user_data)
{
  /* "closed" follows; this only says why. */
  g_debug ("Live connection: %s", error->message);
}

/* --- connecting: settings, session resource, WebSocket --------------------------- */

static void
on_ws_connected (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  FlSyncLive *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) conn = soup_session_websocket_connect_finish (SOUP_SESSION (source),
                                                                                   result, &error);
  guint status = soup_message_get_status (call->message);
  g_autofree char *push_enable = NULL;

  if (call_is_stale (call))
    {
      if (conn != NULL)
        soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      return;
    }
  self->connecting = FALSE;
  if (conn == NULL)
    {
      g_autoptr(GError) wrapped = NULL;

      if (status == SOUP_STATUS_UNAUTHORIZED)
        wrapped = g_error_new (FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_UNAUTHORIZED,
                               "The server refused this profile's token: sign in again");
      else
        wrapped = g_error_new (FL_JMAP_CLIENT_ERROR,
                               status >= 500 ? FL_JMAP_CLIENT_ERROR_UNAVAILABLE : FL_JMAP_CLIENT_ERROR_NETWORK,
                               "Cannot open the live connection: %s", error->message);
      if (is_unauthorized (wrapped))
        auth_failed (self, wrapped);
      else
        connection_lost (self, wrapped);
      return;
    }

  self->conn = g_steal_pointer (&conn);
  soup_websocket_connection_set_keepalive_interval (self->conn, self->keepalive_seconds);
  self->last_heard = g_get_monotonic_time ();
  self->watchdog_source = add_timeout (self, self->keepalive_seconds * 1000, on_watchdog_time);
  g_signal_connect (self->conn, "message", G_CALLBACK (on_message), self);
  g_signal_connect (self->conn, "pong", G_CALLBACK (on_pong), self);
  g_signal_connect (self->conn, "closed", G_CALLBACK (on_closed), self);
  g_signal_connect (self->conn, "error", G_CALLBACK (on_error), self);
  push_enable = _fl_sync_live_push_enable_text (self->push_state);
  soup_websocket_connection_send_text (self->conn, push_enable);
  _fl_sync_engine_set_live (self->engine, TRUE);

  /* What we did offline goes up first, then what others did comes down
   * (X/changes from the saved states). */
  self->want_push = TRUE;
  self->want_pull = TRUE;
  kick (self);
}

static void
on_session (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  FlSyncLive *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) session = fl_jmap_client_get_session_finish (FL_JMAP_CLIENT (source), result, &error);
  const char *url;
  SoupMessage *message;
  char *protocols[] = { (char *) "jmap", NULL };
  g_autofree char *authorization = NULL;

  if (call_is_stale (call))
    return;
  if (session == NULL)
    {
      if (is_unauthorized (error))
        auth_failed (self, error);
      else
        connection_lost (self, error);
      return;
    }

  url = _fl_sync_json_string (_fl_sync_json_object (_fl_sync_json_object (session, "capabilities"),
                                                   WEBSOCKET_CAPABILITY), "url");
  if (url == NULL || g_uri_peek_scheme (url) == NULL)
    {
      g_autoptr(GError) missing = g_error_new (FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_INVALID_RESPONSE,
                                               "The server offers no WebSocket for live updates");

      connection_lost (self, missing);
      return;
    }

  call->message = soup_message_new ("GET", url);
  if (call->message == NULL)
    {
      g_autoptr(GError) bad = g_error_new (FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_INVALID_RESPONSE,
                                           "The server's WebSocket address is not valid: %s", url);

      connection_lost (self, bad);
      return;
    }
  authorization = g_strconcat ("Bearer ", fl_jmap_client_get_token (self->engine->client), NULL);
  soup_message_headers_replace (soup_message_get_request_headers (call->message), "Authorization",
                                authorization);
  message = call->message;
  soup_session_websocket_connect_async (self->session, message, NULL, protocols,
                                        G_PRIORITY_DEFAULT, self->cancellable, on_ws_connected,
                                        g_steal_pointer (&call));
}

static void
on_prepared (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  FlSyncLive *self = call->self;
  g_autoptr(GError) error = NULL;

  if (!_fl_sync_engine_prepare_finish (FL_SYNC_ENGINE (source), result, &error))
    {
      if (call_is_stale (call))
        return;
      /* Not signed in: nothing to connect with until someone signs in. */
      if (g_error_matches (error, FL_SYNC_ERROR, FL_SYNC_ERROR_NOT_SIGNED_IN))
        {
          g_autoptr(FlSyncEngine) engine = g_object_ref (self->engine);

          _fl_sync_live_stop (self);
          self->awaiting_sign_in = TRUE;
          _fl_sync_engine_note_error (engine, error);
        }
      else
        connection_lost (self, error);
      return;
    }
  if (call_is_stale (call))
    return;
  fl_jmap_client_get_session_async (self->engine->client, self->cancellable, on_session,
                                    g_steal_pointer (&call));
}

static void
connect_now (FlSyncLive *self)
{
  if (!self->started || self->network_down || self->connecting || self->conn != NULL)
    return;
  clear_source (&self->retry_source);
  self->connecting = TRUE;
  _fl_sync_engine_prepare_async (self->engine, self->cancellable, on_prepared, call_new (self));
}

/* --- our operations ---------------------------------------------------------------- */

static void
on_operation_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  FlSyncLive *self = call->self;
  FlSyncEngine *engine = FL_SYNC_ENGINE (source);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_async_result_is_tagged (result, fl_sync_engine_sync_async))
    ok = fl_sync_engine_sync_finish (engine, result, &error);
  else if (g_async_result_is_tagged (result, fl_sync_engine_pull_async))
    ok = fl_sync_engine_pull_finish (engine, result, &error);
  else
    ok = fl_sync_engine_push_finish (engine, result, &error);

  if (call_is_stale (call))
    {
      /* Finished after we lost the connection: it must not say "online". */
      if (self->engine != NULL && self->conn == NULL && self->started)
        _fl_sync_engine_set_state (self->engine, FL_SYNC_STATE_OFFLINE);
      return;
    }
  self->running = FALSE;

  if (ok)
    {
      /* The connection works end to end: the next loss starts from short waits. */
      self->attempt = 0;
      kick (self);
      return;
    }

  if (g_error_matches (error, FL_SYNC_ERROR, FL_SYNC_ERROR_BUSY))
    {
      /* Someone else's sync is running: ours runs when it ends
       * (_fl_sync_live_engine_idle()). */
      self->want_push |= self->running_push;
      self->want_pull |= self->running_pull;
      return;
    }
  if (is_unauthorized (error))
    {
      auth_failed (self, error);
      return;
    }
  if (g_error_matches (error, FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_NETWORK)
      || g_error_matches (error, FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_UNAVAILABLE))
    {
      /* A reconnect pushes and pulls again anyway, after the backoff, so a
       * server that keeps failing is not hammered. */
      connection_lost (self, error);
      return;
    }
  /* Anything else (a bad record, a full disk) is not cured by trying again
   * at once: the engine shows ERROR, and the next change tries again. */
  g_message ("Live sync failed: %s", error->message);
  kick (self);
}

static void
kick (FlSyncLive *self)
{
  GCancellable *no_cancellable = NULL;

  if (self->engine == NULL || !self->started || self->conn == NULL)
    return;
  if (self->running || self->engine->busy || (!self->want_push && !self->want_pull))
    return;

  self->running = TRUE;
  self->running_push = self->want_push;
  self->running_pull = self->want_pull;
  self->want_push = FALSE;
  self->want_pull = FALSE;
  /* Not our cancellable: an operation stopped half-way only has to be done
   * again, and the engine finishes it safely on its own. */
  if (self->running_push && self->running_pull)
    fl_sync_engine_sync_async (self->engine, no_cancellable, on_operation_done, call_new (self));
  else if (self->running_pull)
    fl_sync_engine_pull_async (self->engine, no_cancellable, on_operation_done, call_new (self));
  else
    fl_sync_engine_push_async (self->engine, no_cancellable, on_operation_done, call_new (self));
}

/* One wake-up for the wait after a local change and for the engine being free
 * again: both only mean "see what there is to do". */
static gboolean
on_kick_time (gpointer user_data)
{
  FlSyncLive *self = user_data;
  GSource *current = g_main_current_source ();

  if (current == self->push_source)
    g_clear_pointer (&self->push_source, g_source_unref);
  else if (current == self->kick_source)
    g_clear_pointer (&self->kick_source, g_source_unref);
  kick (self);
  return G_SOURCE_REMOVE;
}

void
_fl_sync_live_local_change (FlSyncLive *self)
{
  g_return_if_fail (FL_IS_SYNC_LIVE (self));

  if (!self->started)
    return;
  self->want_push = TRUE;
  /* A fixed window, not one that restarts with each change: a steady stream
   * of edits must not hold its first one back for ever. */
  if (self->push_source == NULL)
    self->push_source = add_timeout (self, FL_SYNC_LIVE_PUSH_DELAY_MS, on_kick_time);
}

void
_fl_sync_live_engine_idle (FlSyncLive *self)
{
  g_return_if_fail (FL_IS_SYNC_LIVE (self));

  /* From an idle: the operation that just ended has not returned yet. */
  if (self->started && self->kick_source == NULL)
    self->kick_source = add_timeout (self, 0, on_kick_time);
}

/* --- start, stop, network ----------------------------------------------------------- */

static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    gpointer         user_data)
{
  _fl_sync_live_network_changed (FL_SYNC_LIVE (user_data), available);
}

void
_fl_sync_live_network_changed (FlSyncLive *self,
                               gboolean    available)
{
  g_return_if_fail (FL_IS_SYNC_LIVE (self));

  if (!self->started || available == !self->network_down)
    return;
  if (!available)
    {
      /* Say so now rather than when the keepalive times out. */
      self->network_down = TRUE;
      new_generation (self);
      drop_connection (self);
      if (self->engine->client != NULL)
        fl_jmap_client_abort (self->engine->client);
      _fl_sync_engine_set_state (self->engine, FL_SYNC_STATE_OFFLINE);
      return;
    }
  /* Back: no reason to wait out a backoff meant for a failing server. */
  self->network_down = FALSE;
  self->attempt = 0;
  clear_source (&self->retry_source);
  connect_now (self);
}

void
_fl_sync_live_start (FlSyncLive *self)
{
  g_return_if_fail (FL_IS_SYNC_LIVE (self));
  g_return_if_fail (self->engine != NULL);

  if (self->started)
    return;
  self->started = TRUE;
  self->awaiting_sign_in = FALSE;
  self->attempt = 0;
  /* Not the monitor's word at start: without a default route it says "no
   * network" although a server on this machine or the LAN answers. Only its
   * changes are news. */
  self->network_down = FALSE;
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  new_generation (self);
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_handler = g_signal_connect (self->monitor, "network-changed",
                                            G_CALLBACK (on_network_changed), self);
  connect_now (self);
}

void
_fl_sync_live_settings_changed (FlSyncLive *self)
{
  g_return_if_fail (FL_IS_SYNC_LIVE (self));

  if (self->awaiting_sign_in)
    {
      _fl_sync_live_start (self);
      return;
    }
  if (!self->started)
    return;
  /* The connection we have (or are making) is with the old token or to the
   * old address. */
  new_generation (self);
  drop_connection (self);
  self->attempt = 0;
  connect_now (self);
}

void
_fl_sync_live_detach (FlSyncLive *self)
{
  g_return_if_fail (FL_IS_SYNC_LIVE (self));

  _fl_sync_live_stop (self);
  self->engine = NULL;
}

void
_fl_sync_live_stop (FlSyncLive *self)
{
  g_return_if_fail (FL_IS_SYNC_LIVE (self));

  /* Stopped on purpose: signing in again must not start it behind the
   * user's back. */
  self->awaiting_sign_in = FALSE;
  if (!self->started)
    return;
  self->started = FALSE;
  new_generation (self);
  g_clear_object (&self->cancellable);
  clear_source (&self->push_source);
  clear_source (&self->kick_source);
  g_clear_signal_handler (&self->network_handler, self->monitor);
  g_clear_object (&self->monitor);
  self->want_push = FALSE;
  self->want_pull = FALSE;
  drop_connection (self);
}

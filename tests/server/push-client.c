/* push-client.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "push-client.h"

static gboolean
deadline_passed (gpointer user_data)
{
  gboolean *passed = user_data;

  *passed = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
fl_test_wait_until (FlTestCondition condition,
                    gpointer        data,
                    guint           timeout_ms)
{
  GMainContext *context = g_main_context_get_thread_default ();
  gboolean passed = FALSE;
  GSource *deadline = g_timeout_source_new (timeout_ms);
  gboolean held;

  g_source_set_callback (deadline, deadline_passed, &passed, NULL);
  g_source_attach (deadline, context);
  while (!(held = condition (data)) && !passed)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (deadline);
  g_source_unref (deadline);
  return held;
}

typedef struct
{
  gboolean                 done;
  SoupWebsocketConnection *conn;
  GError                  *error;
} Connecting;

static void
connected (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Connecting *connecting = user_data;

  connecting->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &connecting->error);
  connecting->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Connecting *) data)->done;
}

SoupWebsocketConnection *
fl_test_ws_connect (SoupSession  *session,
                    const char   *base_url,
                    const char   *token,
                    guint        *status,
                    GError      **error)
{
  g_autofree char *uri = g_strconcat (base_url, "/jmap/ws", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  char *protocols[] = { (char *) "jmap", NULL };
  Connecting connecting = { 0 };

  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  soup_session_websocket_connect_async (session, msg, NULL, protocols, G_PRIORITY_DEFAULT, NULL,
                                        connected, &connecting);
  /* The callback points into this frame: returning without it is not an
   * option, so a server that never answers is fatal. */
  if (!fl_test_wait_until (is_done, &connecting, 30000))
    g_error ("No answer to the WebSocket handshake with %s in 30 s", uri);
  if (status != NULL)
    *status = soup_message_get_status (msg);
  if (connecting.error != NULL)
    g_propagate_error (error, connecting.error);
  return connecting.conn;
}

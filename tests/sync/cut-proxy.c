/* cut-proxy.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cut-proxy.h"

#define API_REQUEST "POST /jmap/api"

struct _CutProxy
{
  GSocketService     *service;
  GSocketClient      *client;
  GSocketConnectable *upstream;
  char               *url;
  gboolean            armed;
  const char         *armed_request;  /* the start of the request whose answer is cut */
  gboolean            stall;          /* at the cut, go silent instead of closing */
  gsize               cut_after;
  guint               cuts;
  GPtrArray          *pipes;   /* open ones, closed when the proxy goes */
};

/* One client connection and its connection to the server. */
typedef struct
{
  grefcount     ref;
  CutProxy     *proxy;        /* NULL once the proxy is gone */
  GIOStream    *down;         /* the client's */
  GIOStream    *up;           /* the server's */
  GCancellable *cancellable;  /* ends the reads still pending when it closes */
  gboolean      closed;
  gboolean      frozen;       /* swallows everything, closes nothing */
  gssize        cut_left;     /* bytes of the answer still let through, -1 for all */
  gboolean      stall;        /* at the cut, go silent instead of closing */
} Pipe;

/* One direction of a pipe. */
typedef struct
{
  Pipe     *pipe;
  gboolean  upward;           /* client to server */
  gsize     length;
  gboolean  cut;              /* close once this buffer is written */
  guint8    buffer[16384];
} Pump;

static Pipe *
pipe_ref (Pipe *pipe)
{
  g_ref_count_inc (&pipe->ref);
  return pipe;
}

static void
pipe_unref (Pipe *pipe)
{
  if (!g_ref_count_dec (&pipe->ref))
    return;
  g_clear_object (&pipe->down);
  g_clear_object (&pipe->up);
  g_clear_object (&pipe->cancellable);
  g_free (pipe);
}

static void
pipe_close (Pipe *pipe)
{
  if (pipe->closed)
    return;
  pipe->closed = TRUE;
  g_cancellable_cancel (pipe->cancellable);
  if (pipe->down != NULL)
    g_io_stream_close (pipe->down, NULL, NULL);
  if (pipe->up != NULL)
    g_io_stream_close (pipe->up, NULL, NULL);
  if (pipe->proxy != NULL)
    g_ptr_array_remove (pipe->proxy->pipes, pipe);
}

static void pump_read (Pump *pump);

static void
pump_free (Pump *pump)
{
  pipe_unref (pump->pipe);
  g_free (pump);
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Pump *pump = user_data;
  gboolean written = g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);

  if (written && pump->cut && pump->pipe->stall)
    {
      /* Silent from here on: nothing more goes down, the connection stays. */
      if (pump->pipe->proxy != NULL)
        pump->pipe->proxy->cuts++;
      pump->pipe->frozen = TRUE;
      pump->cut = FALSE;
      pump_read (pump);
      return;
    }
  if (!written || pump->pipe->closed || pump->cut)
    {
      if (pump->cut && pump->pipe->proxy != NULL)
        pump->pipe->proxy->cuts++;
      pipe_close (pump->pipe);
      pump_free (pump);
      return;
    }
  pump_read (pump);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Pump *pump = user_data;
  Pipe *pipe = pump->pipe;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);
  GIOStream *to = pump->upward ? pipe->up : pipe->down;

  if (n <= 0 || pipe->closed)
    {
      pipe_close (pipe);
      pump_free (pump);
      return;
    }
  if (pipe->frozen)
    {
      pump_read (pump);
      return;
    }
  pump->length = (gsize) n;
  if (pump->upward && pipe->proxy != NULL && pipe->proxy->armed
      && pump->length >= strlen (pipe->proxy->armed_request)
      && memcmp (pump->buffer, pipe->proxy->armed_request, strlen (pipe->proxy->armed_request)) == 0)
    {
      pipe->cut_left = (gssize) pipe->proxy->cut_after;
      pipe->stall = pipe->proxy->stall;
      pipe->proxy->armed = FALSE;
    }
  if (!pump->upward && pipe->cut_left >= 0 && (gssize) pump->length >= pipe->cut_left)
    {
      pump->length = (gsize) pipe->cut_left;
      pump->cut = TRUE;
    }
  else if (!pump->upward && pipe->cut_left >= 0)
    pipe->cut_left -= (gssize) pump->length;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (to), pump->buffer, pump->length,
                                   G_PRIORITY_DEFAULT, pipe->cancellable, on_written, pump);
}

static void
pump_read (Pump *pump)
{
  GIOStream *from = pump->upward ? pump->pipe->down : pump->pipe->up;

  g_input_stream_read_async (g_io_stream_get_input_stream (from), pump->buffer, sizeof pump->buffer,
                             G_PRIORITY_DEFAULT, pump->pipe->cancellable, on_read, pump);
}

static void
pump_start (Pipe     *pipe,
            gboolean  upward)
{
  Pump *pump = g_new0 (Pump, 1);

  pump->pipe = pipe_ref (pipe);
  pump->upward = upward;
  pump_read (pump);
}

static void
on_upstream (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Pipe *pipe = user_data;
  GSocketConnection *up = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, NULL);

  if (up == NULL || pipe->closed)
    {
      g_clear_object (&up);
      pipe_close (pipe);
      pipe_unref (pipe);
      return;
    }
  pipe->up = G_IO_STREAM (up);
  pump_start (pipe, TRUE);
  pump_start (pipe, FALSE);
  pipe_unref (pipe);
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  CutProxy *proxy = user_data;
  Pipe *pipe = g_new0 (Pipe, 1);

  g_ref_count_init (&pipe->ref);
  pipe->proxy = proxy;
  pipe->down = g_object_ref (G_IO_STREAM (connection));
  pipe->cancellable = g_cancellable_new ();
  pipe->cut_left = -1;
  g_ptr_array_add (proxy->pipes, pipe_ref (pipe));
  g_socket_client_connect_async (proxy->client, proxy->upstream, pipe->cancellable, on_upstream, pipe);
  return TRUE;
}

CutProxy *
cut_proxy_new (const char *upstream_url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  CutProxy *proxy = g_new0 (CutProxy, 1);

  proxy->upstream = g_network_address_parse_uri (upstream_url, 80, &error);
  g_assert_no_error (error);
  proxy->client = g_socket_client_new ();
  proxy->pipes = g_ptr_array_new_with_free_func ((GDestroyNotify) pipe_unref);
  proxy->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (proxy->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  proxy->url = g_strdup_printf ("http://127.0.0.1:%u",
                                g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  g_signal_connect (proxy->service, "incoming", G_CALLBACK (on_incoming), proxy);
  g_socket_service_start (proxy->service);
  return proxy;
}

const char *
cut_proxy_get_url (CutProxy *proxy)
{
  return proxy->url;
}

void
cut_proxy_arm (CutProxy *proxy,
               gsize     n_bytes)
{
  cut_proxy_arm_request (proxy, API_REQUEST, n_bytes, FALSE);
}

void
cut_proxy_arm_request (CutProxy   *proxy,
                       const char *request,
                       gsize       n_bytes,
                       gboolean    stall)
{
  g_assert_cmpuint (n_bytes, >, 0);
  proxy->armed = TRUE;
  proxy->armed_request = request;
  proxy->stall = stall;
  proxy->cut_after = n_bytes;
}

void
cut_proxy_freeze (CutProxy *proxy)
{
  for (guint i = 0; i < proxy->pipes->len; i++)
    ((Pipe *) g_ptr_array_index (proxy->pipes, i))->frozen = TRUE;
}

guint
cut_proxy_get_cuts (CutProxy *proxy)
{
  return proxy->cuts;
}

void
cut_proxy_free (CutProxy *proxy)
{
  g_socket_service_stop (proxy->service);
  g_socket_listener_close (G_SOCKET_LISTENER (proxy->service));
  g_signal_handlers_disconnect_by_data (proxy->service, proxy);
  /* The pumps still pending hold the pipes; they only need to hear that
   * the proxy is gone. */
  while (proxy->pipes->len > 0)
    {
      Pipe *pipe = pipe_ref (g_ptr_array_index (proxy->pipes, proxy->pipes->len - 1));

      pipe->proxy = NULL;
      g_ptr_array_remove_index (proxy->pipes, proxy->pipes->len - 1);
      pipe_close (pipe);
      pipe_unref (pipe);
    }
  g_ptr_array_unref (proxy->pipes);
  g_object_unref (proxy->service);
  g_object_unref (proxy->client);
  g_object_unref (proxy->upstream);
  g_free (proxy->url);
  g_free (proxy);
}

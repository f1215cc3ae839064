/* fl-jmap-client.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HTTP goes through libsoup on the caller's main context; the answer's JSON is
 * parsed on a worker thread, because a page of a thousand records is a megabyte
 * the main loop should not spend its frame on.
 */
#define G_LOG_DOMAIN "Frontline-Sync"

/* O_DIRECT */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "fl-background.h"
#include "fl-jmap-client.h"
#include "fl-sha256.h"

typedef struct
{
  char  *problem_type;
} FlJmapClientErrorPrivate;

static void
fl_jmap_client_error_private_init (FlJmapClientErrorPrivate *priv)
{
}

/* The generated hooks pass what _get_private() returns, which is NULL for a
 * GError of another domain: checked here. */
static void
fl_jmap_client_error_private_copy (const FlJmapClientErrorPrivate *src,
                                   FlJmapClientErrorPrivate       *dest)
{
  if (src != NULL && dest != NULL)
    dest->problem_type = g_strdup (src->problem_type);
}

static void
fl_jmap_client_error_private_clear (FlJmapClientErrorPrivate *priv)
{
  if (priv != NULL)
    g_clear_pointer (&priv->problem_type, g_free);
}

G_DEFINE_EXTENDED_ERROR (FlJmapClientError, fl_jmap_client_error)

const char *
fl_jmap_client_error_get_problem_type (const GError *error)
{
  FlJmapClientErrorPrivate *priv;

  if (error == NULL || error->domain != FL_JMAP_CLIENT_ERROR)
    return NULL;
  priv = fl_jmap_client_error_get_private (error);
  return priv != NULL ? priv->problem_type : NULL;
}

G_GNUC_PRINTF (4, 5)
static void
set_problem (GError     **error,
             int          code,
             const char  *problem_type,
             const char  *format,
             ...)
{
  GError *local;
  va_list args;

  va_start (args, format);
  local = g_error_new_valist (FL_JMAP_CLIENT_ERROR, code, format, args);
  va_end (args);
  if (problem_type != NULL)
    {
      FlJmapClientErrorPrivate *priv = fl_jmap_client_error_get_private (local);

      if (priv != NULL)
        priv->problem_type = g_strdup (problem_type);
    }
  g_propagate_error (error, local);
}

struct _FlJmapClient
{
  GObject       parent_instance;

  char         *base_url;
  char         *token;
  SoupSession  *session;
  GPtrArray    *downloads;  /* the cancellables of the downloads under way */
};

G_DEFINE_FINAL_TYPE (FlJmapClient, fl_jmap_client, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BASE_URL,
  PROP_TOKEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fl_jmap_client_finalize (GObject *object)
{
  FlJmapClient *self = FL_JMAP_CLIENT (object);

  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_object (&self->session);
  g_clear_pointer (&self->downloads, g_ptr_array_unref);

  G_OBJECT_CLASS (fl_jmap_client_parent_class)->finalize (object);
}

static void
fl_jmap_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FlJmapClient *self = FL_JMAP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_TOKEN:
      g_value_set_string (value, self->token);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_jmap_client_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FlJmapClient *self = FL_JMAP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      {
        const char *url = g_value_get_string (value);
        gsize length = url != NULL ? strlen (url) : 0;

        /* "http://host:port/" and "http://host:port" are the same server. */
        while (length > 0 && url[length - 1] == '/')
          length--;
        self->base_url = g_strndup (url, length);
      }
      break;
    case PROP_TOKEN:
      fl_jmap_client_set_token (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_jmap_client_class_init (FlJmapClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fl_jmap_client_finalize;
  object_class->get_property = fl_jmap_client_get_property;
  object_class->set_property = fl_jmap_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fl_jmap_client_init (FlJmapClient *self)
{
  self->session = soup_session_new_with_options ("timeout", 60,
                                                 "user-agent", "frontline-sync/" PACKAGE_VERSION,
                                                 NULL);
  self->downloads = g_ptr_array_new_with_free_func (g_object_unref);
}

FlJmapClient *
fl_jmap_client_new (const char *base_url)
{
  g_return_val_if_fail (base_url != NULL, NULL);

  return g_object_new (FL_TYPE_JMAP_CLIENT, "base-url", base_url, NULL);
}

const char *
fl_jmap_client_get_base_url (FlJmapClient *self)
{
  g_return_val_if_fail (FL_IS_JMAP_CLIENT (self), NULL);
  return self->base_url;
}

const char *
fl_jmap_client_get_token (FlJmapClient *self)
{
  g_return_val_if_fail (FL_IS_JMAP_CLIENT (self), NULL);
  return self->token;
}

void
fl_jmap_client_set_token (FlJmapClient *self,
                          const char   *token)
{
  g_return_if_fail (FL_IS_JMAP_CLIENT (self));

  if (g_strcmp0 (self->token, token) == 0)
    return;
  g_free (self->token);
  self->token = g_strdup (token);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
}

void
fl_jmap_client_abort (FlJmapClient *self)
{
  g_return_if_fail (FL_IS_JMAP_CLIENT (self));
  soup_session_abort (self->session);
  /* Each download has a session of its own, on its own thread. */
  for (guint i = 0; i < self->downloads->len; i++)
    g_cancellable_cancel (g_ptr_array_index (self->downloads, i));
}

/* --- one HTTP exchange ---------------------------------------------------- */

typedef struct
{
  SoupMessage *message;
  GBytes      *body;
  guint        status;
} Exchange;

static void
exchange_free (gpointer data)
{
  Exchange *exchange = data;

  g_clear_object (&exchange->message);
  g_clear_pointer (&exchange->body, g_bytes_unref);
  g_free (exchange);
}

/* The error an answer with a 4xx/5xx @status stands for, with the problem
 * details of its body (@root, may be NULL). */
static void
set_http_problem (GError   **error,
                  guint      status,
                  JsonNode  *root)
{
  const char *type = NULL;
  const char *detail = NULL;
  int code;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      type = json_object_get_string_member_with_default (json_node_get_object (root), "type", NULL);
      detail = json_object_get_string_member_with_default (json_node_get_object (root), "detail", NULL);
    }
  if (status == 401)
    code = FL_JMAP_CLIENT_ERROR_UNAUTHORIZED;
  else if (status >= 500)
    code = FL_JMAP_CLIENT_ERROR_UNAVAILABLE;
  else
    code = FL_JMAP_CLIENT_ERROR_REFUSED;
  set_problem (error, code, type, "%s (HTTP %u%s%s)",
               detail != NULL ? detail : soup_status_get_phrase (status),
               status, type != NULL ? ", " : "", type != NULL ? type : "");
}

/* A request that got no answer: @error (taken) as a network error, unless it
 * was cancelled. */
static GError *
network_error (GError *error)
{
  GError *wrapped = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;
  /* Still a network error to everything that retries, but the sign-in must
   * say "certificate", not "unreachable". */
  set_problem (&wrapped, FL_JMAP_CLIENT_ERROR_NETWORK,
               error->domain == G_TLS_ERROR ? FL_JMAP_PROBLEM_CERTIFICATE : NULL,
               "Cannot reach the server: %s", error->message);
  g_error_free (error);
  return wrapped;
}

/* Worker thread: the body as JSON, or the error it stands for. */
static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Exchange *exchange = task_data;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data = exchange->body != NULL ? g_bytes_get_data (exchange->body, &length) : NULL;
  JsonNode *root = NULL;

  if (length > 0 && json_parser_load_from_data (parser, data, (gssize) length, NULL))
    root = json_parser_get_root (parser);

  if (exchange->status >= 200 && exchange->status < 300)
    {
      if (root == NULL && exchange->status != 204)
        {
          set_problem (&error, FL_JMAP_CLIENT_ERROR_INVALID_RESPONSE, NULL,
                       "The server answered with something that is not JSON");
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_task_return_pointer (task, root != NULL ? json_node_copy (root) : NULL,
                             (GDestroyNotify) json_node_unref);
      return;
    }

  set_http_problem (&error, exchange->status, root);
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Exchange *exchange = g_task_get_task_data (task);
  GError *error = NULL;

  exchange->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (exchange->body == NULL)
    {
      g_task_return_error (task, network_error (error));
      return;
    }
  exchange->status = soup_message_get_status (exchange->message);
  /* A page of a thousand records takes milliseconds to parse: background
   * work, behind the console's own (see fl-background.h). */
  fl_background_run_in_thread (task, parse_in_thread);
}

/* Sends a request; the task returns the answer's JSON (a JsonNode, or NULL for
 * an empty 2xx answer). */
static void
exchange_async (FlJmapClient        *self,
                const char          *method,
                const char          *path,
                gboolean             with_token,
                JsonNode            *body,
                GCancellable        *cancellable,
                gpointer             source_tag,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *uri = g_strconcat (self->base_url, path, NULL);
  Exchange *exchange = g_new0 (Exchange, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, exchange, exchange_free);

  exchange->message = soup_message_new (method, uri);
  if (exchange->message == NULL)
    {
      g_task_return_new_error (task, FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_NETWORK,
                               "“%s” is not a server address (http://host:port)", self->base_url);
      return;
    }
  /* Every JMAP request is safe to send twice (reads are reads, and writes
   * carry a clientId and mutationId the server deduplicates), so libsoup may
   * reuse a kept-alive connection for a POST instead of opening a new one. */
  if (with_token)
    soup_message_add_flags (exchange->message, SOUP_MESSAGE_IDEMPOTENT);
  if (with_token && self->token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (exchange->message),
                                    "Authorization", value);
    }
  if (body != NULL)
    {
      gsize length = 0;
      char *text = json_to_string (body, FALSE);
      g_autoptr(GBytes) bytes = NULL;

      length = strlen (text);
      bytes = g_bytes_new_take (text, length);
      soup_message_set_request_body_from_bytes (exchange->message, "application/json", bytes);
    }

  soup_session_send_and_read_async (self->session, exchange->message, G_PRIORITY_DEFAULT,
                                    cancellable, on_sent, g_steal_pointer (&task));
}

static JsonNode *
exchange_finish (FlJmapClient  *self,
                 GAsyncResult  *result,
                 gpointer       source_tag,
                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- sign-in ---------------------------------------------------------------- */

void
fl_jmap_client_login_async (FlJmapClient        *self,
                            const char          *login,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (FL_IS_JMAP_CLIENT (self));
  g_return_if_fail (login != NULL && password != NULL);

  json_object_set_string_member (object, "login", login);
  json_object_set_string_member (object, "password", password);
  body = json_node_init_object (json_node_alloc (), object);
  exchange_async (self, "POST", "/auth/login", FALSE, body, cancellable,
                  fl_jmap_client_login_async, callback, user_data);
}

char *
fl_jmap_client_login_finish (FlJmapClient  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_autoptr(JsonNode) answer = NULL;
  const char *token = NULL;

  g_return_val_if_fail (FL_IS_JMAP_CLIENT (self), NULL);

  answer = exchange_finish (self, result, fl_jmap_client_login_async, error);
  if (answer == NULL)
    {
      if (error != NULL && *error == NULL)
        set_problem (error, FL_JMAP_CLIENT_ERROR_INVALID_RESPONSE, NULL, "The sign-in answer is empty");
      return NULL;
    }
  if (JSON_NODE_HOLDS_OBJECT (answer))
    token = json_object_get_string_member_with_default (json_node_get_object (answer), "token", NULL);
  if (token == NULL)
    {
      set_problem (error, FL_JMAP_CLIENT_ERROR_INVALID_RESPONSE, NULL, "The sign-in answer has no token");
      return NULL;
    }
  fl_jmap_client_set_token (self, token);
  return g_strdup (token);
}

void
fl_jmap_client_logout_async (FlJmapClient        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (FL_IS_JMAP_CLIENT (self));
  exchange_async (self, "POST", "/auth/logout", TRUE, NULL, cancellable,
                  fl_jmap_client_logout_async, callback, user_data);
}

gboolean
fl_jmap_client_logout_finish (FlJmapClient  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_autoptr(JsonNode) answer = NULL;
  GError *local = NULL;

  g_return_val_if_fail (FL_IS_JMAP_CLIENT (self), FALSE);

  answer = exchange_finish (self, result, fl_jmap_client_logout_async, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  fl_jmap_client_set_token (self, NULL);
  return TRUE;
}

/* --- the session resource --------------------------------------------------- */

void
fl_jmap_client_get_session_async (FlJmapClient        *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (FL_IS_JMAP_CLIENT (self));
  exchange_async (self, "GET", "/.well-known/jmap", TRUE, NULL, cancellable,
                  fl_jmap_client_get_session_async, callback, user_data);
}

JsonObject *
fl_jmap_client_get_session_finish (FlJmapClient  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_autoptr(JsonNode) answer = NULL;
  GError *local = NULL;

  g_return_val_if_fail (FL_IS_JMAP_CLIENT (self), NULL);

  answer = exchange_finish (self, result, fl_jmap_client_get_session_async, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      set_problem (error, FL_JMAP_CLIENT_ERROR_INVALID_RESPONSE, NULL, "The session resource is not an object");
      return NULL;
    }
  return json_object_ref (json_node_get_object (answer));
}

/* --- method calls ------------------------------------------------------------ */

/* --- a download to a file -------------------------------------------------- */

/* A download is a gigabyte or more at full speed, and nothing an agent waits
 * on: it runs on a thread of its own, at lower priority (see fl-background.c),
 * with a session it makes and uses there alone, so the main loop and the
 * console's reads get the processor first. It hashes what it writes as it
 * goes, so nothing reads the file back to check it.
 *
 * It writes around the page cache (O_DIRECT) where the file system allows:
 * a gigabyte through the cache in a few seconds makes the kernel allocate,
 * dirty and write back every page of it on threads that no nice value
 * lowers, and the console's reads beside it waited milliseconds for the
 * processor (measured on a 2-core machine: a thread woken every 5 ms while
 * 1.5 GB was written through the cache ran p99 1.5 ms late, max 40 ms; with
 * O_DIRECT, as without any writing, 0.2 ms). */

#define DOWNLOAD_PIECE (1024 * 1024)
/* O_DIRECT wants the buffer, the offset and the length aligned to the
 * device's logical block; no device here has one larger than a page. */
#define DOWNLOAD_ALIGNMENT 4096
#define DOWNLOAD_TIMEOUT_SECONDS 900
/* Progress reaches the main context at most this often. */
#define DOWNLOAD_PROGRESS_INTERVAL_US (100 * G_TIME_SPAN_MILLISECOND)

typedef struct
{
  GTask                  *task;           /* completed from the download thread */
  char                   *uri;
  char                   *authorization;  /* NULL without a token */
  char                   *path;
  FlJmapDownloadProgress  progress;
  gpointer                progress_data;
  GCancellable           *cancellable;    /* cancelled by the caller's, or by abort */
  gulong                  caller_cancelled_id;
} Download;

typedef struct
{
  SoupMessageHeaders *headers;
  char               *sha256;
} DownloadResult;

typedef struct
{
  GTask              *task;  /* keeps the caller's data alive */
  SoupMessageHeaders *headers;
  goffset             written;
  goffset             total;
} DownloadProgress;

static void
download_free (gpointer data)
{
  Download *download = data;

  g_free (download->uri);
  g_free (download->authorization);
  g_free (download->path);
  g_clear_object (&download->cancellable);
  g_free (download);
}

static void
download_result_free (gpointer data)
{
  DownloadResult *result = data;

  g_clear_pointer (&result->headers, soup_message_headers_unref);
  g_free (result->sha256);
  g_free (result);
}

static gboolean
report_progress (gpointer data)
{
  DownloadProgress *report = data;
  Download *download = g_task_get_task_data (report->task);

  if (!g_task_get_completed (report->task))
    download->progress (report->written, report->total, report->headers, download->progress_data);
  return G_SOURCE_REMOVE;
}

static void
download_progress_free (gpointer data)
{
  DownloadProgress *report = data;

  g_object_unref (report->task);
  soup_message_headers_unref (report->headers);
  g_free (report);
}

static void
queue_progress (Download           *download,
                SoupMessageHeaders *headers,
                goffset             written,
                goffset             total)
{
  DownloadProgress *report = g_new0 (DownloadProgress, 1);

  report->task = g_object_ref (download->task);
  report->headers = soup_message_headers_ref (headers);
  report->written = written;
  report->total = total;
  g_main_context_invoke_full (g_task_get_context (download->task), G_PRIORITY_DEFAULT,
                              report_progress, report, download_progress_free);
}

/* A 4xx/5xx: its problem details, a small body, make the error. */
static void
read_problem (GInputStream  *body,
              guint          status,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes (body, 64 * 1024, cancellable, NULL);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize length = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &length) : NULL;
  JsonNode *root = NULL;

  if (length > 0 && json_parser_load_from_data (parser, data, (gssize) length, NULL))
    root = json_parser_get_root (parser);
  set_http_problem (error, status, root);
}

/* @error from errno @saved, after "@what: " (as GIO words its own). */
static void
set_error_from_errno (GError     **error,
                      int          saved,
                      const char  *what)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", what, g_strerror (saved));
}

static gboolean
write_all (int            fd,
           const guint8  *data,
           gsize          size,
           GError       **error)
{
  while (size > 0)
    {
      gssize n = write (fd, data, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_error_from_errno (error, errno, "Could not write the download");
          return FALSE;
        }
      data += n;
      size -= (gsize) n;
    }
  return TRUE;
}

/* The last piece of a download is seldom a whole number of blocks: it
 * goes through the page cache, as any write. */
static gboolean
leave_direct_io (int      fd,
                 GError **error)
{
  int flags = fcntl (fd, F_GETFL);

  if (flags < 0 || ((flags & O_DIRECT) != 0 && fcntl (fd, F_SETFL, flags & ~O_DIRECT) != 0))
    {
      set_error_from_errno (error, errno, "Could not write the download");
      return FALSE;
    }
  return TRUE;
}

/* Streams @body into @fd through SHA-256; Returns: the hex digest, or NULL
 * with @error set. */
static char *
receive_body (Download            *download,
              SoupMessageHeaders  *headers,
              GInputStream        *body,
              int                  fd,
              GError             **error)
{
  g_autoptr(FlSha256) checksum = fl_sha256_new ();
  g_autofree guint8 *buffer = NULL;
  goffset total = MAX (soup_message_headers_get_content_length (headers), 0);
  goffset written = 0;
  gint64 last_report = 0;

  if (posix_memalign ((void **) &buffer, DOWNLOAD_ALIGNMENT, DOWNLOAD_PIECE) != 0)
    g_error ("Out of memory for a download buffer");
  for (;;)
    {
      GError *read_error = NULL;
      gsize n = 0;

      /* Whole pieces, so that every write but the last is aligned. */
      if (!g_input_stream_read_all (body, buffer, DOWNLOAD_PIECE, &n, download->cancellable, &read_error))
        {
          g_propagate_error (error, network_error (read_error));
          return NULL;
        }
      if (n == 0)
        break;
      fl_sha256_update (checksum, buffer, n);
      if (n % DOWNLOAD_ALIGNMENT != 0 && !leave_direct_io (fd, error))
        return NULL;
      if (!write_all (fd, buffer, n, error))
        return NULL;
      written += (goffset) n;
      if (download->progress != NULL && g_get_monotonic_time () - last_report >= DOWNLOAD_PROGRESS_INTERVAL_US)
        {
          last_report = g_get_monotonic_time ();
          queue_progress (download, headers, written, total);
        }
    }
  if (total > 0 && written != total)
    {
      set_problem (error, FL_JMAP_CLIENT_ERROR_NETWORK, NULL,
                   "The connection broke after %" G_GOFFSET_FORMAT " of %" G_GOFFSET_FORMAT " bytes",
                   written, total);
      return NULL;
    }
  /* On disk before anyone renames or relies on it. */
  if (fdatasync (fd) != 0)
    {
      set_error_from_errno (error, errno, "Could not write the download");
      return NULL;
    }
  if (download->progress != NULL)
    queue_progress (download, headers, written, total);
  return fl_sha256_finish (g_steal_pointer (&checksum));
}

static DownloadResult *
download_in_thread (Download  *download,
                    GError   **error)
{
  /* Made, used and dropped on this thread: libsoup before 3.2 allows no other
   * way, and nothing on the main context waits for it. */
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", DOWNLOAD_TIMEOUT_SECONDS,
                                                                  "user-agent", "frontline-sync/" PACKAGE_VERSION,
                                                                  NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", download->uri);
  g_autoptr(GInputStream) body = NULL;
  g_autofree char *sha256 = NULL;
  DownloadResult *result;
  GError *send_error = NULL;
  SoupMessageHeaders *headers;
  guint status;
  int fd;

  if (download->authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                  download->authorization);
  body = soup_session_send (session, message, download->cancellable, &send_error);
  if (body == NULL)
    {
      g_propagate_error (error, network_error (send_error));
      return NULL;
    }
  status = soup_message_get_status (message);
  if (status != SOUP_STATUS_OK)
    {
      read_problem (body, status, download->cancellable, error);
      return NULL;
    }
  headers = soup_message_get_response_headers (message);
  /* Created, not replaced: a download killed half-way leaves its part where
   * the next attempt finds (and deletes) it. */
  fd = g_open (download->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_DIRECT, 0600);
  /* A file system without direct I/O (tmpfs) refuses the flag. */
  if (fd < 0 && errno == EINVAL)
    fd = g_open (download->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *what = g_strdup_printf ("Could not create %s", download->path);

      set_error_from_errno (error, saved, what);
      return NULL;
    }
  sha256 = receive_body (download, headers, body, fd, error);
  close (fd);
  if (sha256 == NULL)
    return NULL;
  result = g_new0 (DownloadResult, 1);
  result->headers = soup_message_headers_ref (headers);
  result->sha256 = g_steal_pointer (&sha256);
  return result;
}

static gpointer
download_thread (gpointer data)
{
  g_autoptr(GTask) task = data;
  Download *download = g_task_get_task_data (task);
  GError *error = NULL;
  DownloadResult *result;

  /* This thread is the download's alone and ends with it: lowering it
   * touches nothing else. If even that fails, it runs at normal priority. */
  fl_background_lower_current_thread ();
  result = download_in_thread (download, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, download_result_free);
  return NULL;
}

static void
cancel_download (GCancellable *caller,
                 gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
on_download_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Download *download = g_task_get_task_data (G_TASK (result));
  FlJmapClient *self = FL_JMAP_CLIENT (source);
  GError *error = NULL;
  DownloadResult *done = g_task_propagate_pointer (G_TASK (result), &error);

  g_cancellable_disconnect (g_task_get_cancellable (task), download->caller_cancelled_id);
  g_ptr_array_remove (self->downloads, download->cancellable);
  if (done == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, done, download_result_free);
}

void
fl_jmap_client_download_async (FlJmapClient           *self,
                               const char             *path,
                               const char             *destination,
                               FlJmapDownloadProgress  progress,
                               gpointer                progress_data,
                               GCancellable           *cancellable,
                               GAsyncReadyCallback     callback,
                               gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GThread) thread = NULL;
  Download *download;

  g_return_if_fail (FL_IS_JMAP_CLIENT (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (destination != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fl_jmap_client_download_async);

  download = g_new0 (Download, 1);
  download->uri = g_strconcat (self->base_url, path, NULL);
  download->path = g_strdup (destination);
  download->progress = progress;
  download->progress_data = progress_data;
  download->cancellable = g_cancellable_new ();
  if (self->token != NULL)
    download->authorization = g_strconcat ("Bearer ", self->token, NULL);

  /* The thread's own task: its answer comes back here first, on this
   * context, whatever the caller does with its cancellable meanwhile. */
  worker = g_task_new (self, NULL, on_download_done, g_object_ref (task));
  g_task_set_task_data (worker, download, download_free);
  download->task = worker;

  uri = g_uri_parse (download->uri, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0
                      && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      g_task_return_new_error (worker, FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_NETWORK,
                               "“%s” is not a server address (http://host:port)", self->base_url);
      return;
    }
  if (cancellable != NULL)
    download->caller_cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancel_download),
                                                           g_object_ref (download->cancellable),
                                                           g_object_unref);
  g_ptr_array_add (self->downloads, g_object_ref (download->cancellable));

  thread = g_thread_try_new ("frontline-download", download_thread, g_object_ref (worker), &error);
  if (thread == NULL)
    {
      g_object_unref (worker);
      g_task_return_new_error (worker, FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_NETWORK,
                               "Cannot start the download: %s", error->message);
    }
}

SoupMessageHeaders *
fl_jmap_client_download_finish (FlJmapClient  *self,
                                GAsyncResult  *result,
                                char         **sha256,
                                GError       **error)
{
  DownloadResult *done;
  SoupMessageHeaders *headers;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fl_jmap_client_download_async, NULL);

  done = g_task_propagate_pointer (G_TASK (result), error);
  if (done == NULL)
    return NULL;
  headers = g_steal_pointer (&done->headers);
  if (sha256 != NULL)
    *sha256 = g_steal_pointer (&done->sha256);
  download_result_free (done);
  return headers;
}

void
fl_jmap_calls_add (JsonArray   *calls,
                   const char  *name,
                   JsonObject  *args,
                   const char  *call_id)
{
  JsonArray *triple = json_array_sized_new (3);

  g_return_if_fail (calls != NULL && name != NULL && args != NULL && call_id != NULL);

  if (!json_object_has_member (args, "accountId"))
    json_object_set_string_member (args, "accountId", FL_JMAP_ACCOUNT);
  json_array_add_string_element (triple, name);
  json_array_add_object_element (triple, args);
  json_array_add_string_element (triple, call_id);
  json_array_add_array_element (calls, triple);
}

void
fl_jmap_client_call_async (FlJmapClient        *self,
                           JsonArray           *method_calls,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonNode) body = NULL;
  JsonArray *using = json_array_sized_new (2);

  g_return_if_fail (FL_IS_JMAP_CLIENT (self));
  g_return_if_fail (method_calls != NULL);

  json_array_add_string_element (using, FL_JMAP_USING_CORE);
  json_array_add_string_element (using, FL_JMAP_USING_SUPPORT);
  json_object_set_array_member (request, "using", using);
  json_object_set_array_member (request, "methodCalls", json_array_ref (method_calls));
  body = json_node_init_object (json_node_alloc (), request);
  exchange_async (self, "POST", "/jmap/api", TRUE, body, cancellable,
                  fl_jmap_client_call_async, callback, user_data);
}

JsonArray *
fl_jmap_client_call_finish (FlJmapClient  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_autoptr(JsonNode) answer = NULL;
  GError *local = NULL;
  JsonArray *responses = NULL;

  g_return_val_if_fail (FL_IS_JMAP_CLIENT (self), NULL);

  answer = exchange_finish (self, result, fl_jmap_client_call_async, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    {
      JsonNode *node = json_object_get_member (json_node_get_object (answer), "methodResponses");

      if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
        responses = json_node_get_array (node);
    }
  if (responses == NULL)
    {
      set_problem (error, FL_JMAP_CLIENT_ERROR_INVALID_RESPONSE, NULL, "The answer has no methodResponses");
      return NULL;
    }
  return json_array_ref (responses);
}

JsonObject *
fl_jmap_responses_get (JsonArray   *responses,
                       const char  *call_id,
                       GError     **error)
{
  g_return_val_if_fail (responses != NULL && call_id != NULL, NULL);

  for (guint i = 0; i < json_array_get_length (responses); i++)
    {
      JsonNode *node = json_array_get_element (responses, i);
      JsonArray *triple;
      JsonObject *args;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        continue;
      triple = json_node_get_array (node);
      if (json_array_get_length (triple) != 3
          || !JSON_NODE_HOLDS_OBJECT (json_array_get_element (triple, 1))
          || g_strcmp0 (json_node_get_string (json_array_get_element (triple, 2)), call_id) != 0)
        continue;

      args = json_array_get_object_element (triple, 1);
      if (g_strcmp0 (json_array_get_string_element (triple, 0), "error") == 0)
        {
          const char *type = json_object_get_string_member_with_default (args, "type", "serverFail");
          const char *description = json_object_get_string_member_with_default (args, "description", NULL);

          set_problem (error, FL_JMAP_CLIENT_ERROR_METHOD, type, "%s%s%s", type,
                       description != NULL ? ": " : "", description != NULL ? description : "");
          return NULL;
        }
      return args;
    }

  set_problem (error, FL_JMAP_CLIENT_ERROR_INVALID_RESPONSE, NULL, "The answer has no response to “%s”", call_id);
  return NULL;
}

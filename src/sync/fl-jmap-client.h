/* fl-jmap-client.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlJmapClient talks to frontline-server over HTTP with libsoup's async API:
 * sign-in, the session resource and JMAP method calls. It never blocks; results
 * arrive on the main context the call was made from. Errors the server explains
 * carry its problem-details type (fl_jmap_client_error_get_problem_type()).
 */
#pragma once

#include <json-glib/json-glib.h>
#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define FL_JMAP_USING_CORE    "urn:ietf:params:jmap:core"
#define FL_JMAP_USING_SUPPORT "https://frontlinedesk.github.io/jmap/support"
#define FL_JMAP_ACCOUNT       "org"

#define FL_JMAP_CLIENT_ERROR (fl_jmap_client_error_quark ())

typedef enum
{
  FL_JMAP_CLIENT_ERROR_NETWORK,          /* the server cannot be reached, or the connection broke */
  FL_JMAP_CLIENT_ERROR_UNAUTHORIZED,     /* 401: no, bad or expired token; wrong password */
  FL_JMAP_CLIENT_ERROR_REFUSED,          /* another 4xx: the request itself was refused */
  FL_JMAP_CLIENT_ERROR_UNAVAILABLE,      /* 5xx: the server cannot answer now */
  FL_JMAP_CLIENT_ERROR_INVALID_RESPONSE, /* not what the protocol says */
  FL_JMAP_CLIENT_ERROR_METHOD,           /* a method call answered "error" */
} FlJmapClientError;

/* The problem type of a FL_JMAP_CLIENT_ERROR_NETWORK error when the server's
 * TLS certificate was not accepted (expired, self-signed, another name). */
#define FL_JMAP_PROBLEM_CERTIFICATE "certificate"

GQuark      fl_jmap_client_error_quark            (void);
/* The problem-details or method error "type" ("unauthorized",
 * "cannotCalculateChanges"…), or NULL if the error has none. */
const char *fl_jmap_client_error_get_problem_type (const GError *error);

#define FL_TYPE_JMAP_CLIENT (fl_jmap_client_get_type ())
G_DECLARE_FINAL_TYPE (FlJmapClient, fl_jmap_client, FL, JMAP_CLIENT, GObject)

FlJmapClient *fl_jmap_client_new                  (const char          *base_url);
const char   *fl_jmap_client_get_base_url         (FlJmapClient        *self);
const char   *fl_jmap_client_get_token            (FlJmapClient        *self);
void          fl_jmap_client_set_token            (FlJmapClient        *self,
                                                   const char          *token);

/* Drops every connection to the server, failing the requests under way: for
 * when they are known to be dead although TCP has not noticed (the network
 * changed, the server went silent). The next request connects afresh. */
void          fl_jmap_client_abort                (FlJmapClient        *self);

/* POST /auth/login; the token is kept for later calls and returned. */
void          fl_jmap_client_login_async          (FlJmapClient        *self,
                                                   const char          *login,
                                                   const char          *password,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
char         *fl_jmap_client_login_finish         (FlJmapClient        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* POST /auth/logout: the server forgets the token (and so does the client). */
void          fl_jmap_client_logout_async         (FlJmapClient        *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean      fl_jmap_client_logout_finish        (FlJmapClient        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* GET /.well-known/jmap */
void          fl_jmap_client_get_session_async    (FlJmapClient        *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
JsonObject   *fl_jmap_client_get_session_finish   (FlJmapClient        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* POST /jmap/api with @method_calls ([[name, args, callId], …]); finishes with
 * the methodResponses array. Method errors are in it, as JMAP has them: read
 * them with fl_jmap_responses_get(). */
void          fl_jmap_client_call_async           (FlJmapClient        *self,
                                                   JsonArray           *method_calls,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
JsonArray    *fl_jmap_client_call_finish          (FlJmapClient        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* GET @path (with the token) streamed into the file @destination (created:
 * it must not exist) a piece at a time, never whole in memory, on a thread of
 * its own at lower priority. @progress, if given, is called on the calling
 * thread's main context now and then (at most every 100 ms, and once at the
 * end), with the bytes written, the Content-Length (0 if none) and the
 * response's headers. A body shorter than its Content-Length fails as a
 * broken connection. The file is synced to disk before it finishes, with the
 * response's headers and the body's SHA-256 (lower-case hex) in @sha256; a
 * 4xx/5xx is an error as for the other calls. */
typedef void (*FlJmapDownloadProgress) (goffset              written,
                                        goffset              total,
                                        SoupMessageHeaders  *headers,
                                        gpointer             user_data);
void          fl_jmap_client_download_async       (FlJmapClient        *self,
                                                   const char          *path,
                                                   const char          *destination,
                                                   FlJmapDownloadProgress progress,
                                                   gpointer             progress_data,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
SoupMessageHeaders *fl_jmap_client_download_finish (FlJmapClient       *self,
                                                   GAsyncResult        *result,
                                                   char               **sha256,
                                                   GError             **error);

/* Building and reading method calls. */
void          fl_jmap_calls_add                   (JsonArray           *calls,
                                                   const char          *name,
                                                   JsonObject          *args,
                                                   const char          *call_id);
/* The arguments of the response to @call_id (borrowed from @responses), or NULL
 * with FL_JMAP_CLIENT_ERROR_METHOD and the method error's type. */
JsonObject   *fl_jmap_responses_get               (JsonArray           *responses,
                                                   const char          *call_id,
                                                   GError             **error);

G_END_DECLS

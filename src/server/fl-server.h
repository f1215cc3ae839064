/* fl-server.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlServer is frontline-server's HTTP side: it owns the SoupServer and routes
 * its paths to the services (sign-in, the JMAP API, push). Nothing here touches
 * SQLite or hashes a password on the main loop: a request that needs either is
 * paused, the work runs on a worker, and the answer resumes it.
 *
 *   GET  /healthz               "ok" (no sign-in)
 *   POST /auth/login            {"login", "password"} -> {"token", "expires"}
 *   POST /auth/logout           ends the bearer token's session
 *   GET  /.well-known/jmap      the JMAP session resource
 *   POST /jmap/api              JMAP requests
 *   GET  /jmap/snapshot         a desktop's first sync as a SQLite file
 *   GET  /jmap/ws               JMAP over WebSocket (RFC 8887), with push
 *   GET  /jmap/eventsource      push as server-sent events
 *   GET  /jmap/audit            (leads) is served through the API: AuditEntry/query
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define FL_SERVER_DEFAULT_MAX_BODY (8 * 1024 * 1024)
#define FL_SERVER_DEFAULT_LISTEN "127.0.0.1:8080"

#define FL_TYPE_SERVER (fl_server_get_type ())
G_DECLARE_FINAL_TYPE (FlServer, fl_server, FL, SERVER, GObject)

FlServer   *fl_server_new                 (const char          *db_path,
                                           GError             **error);
void        fl_server_set_max_body_size   (FlServer            *self,
                                           gsize                bytes);
void        fl_server_set_token_lifetime  (FlServer            *self,
                                           GTimeSpan            lifetime);
/* How long a first-sync snapshot is handed out again before a new one is
 * built (FL_SNAPSHOT_DEFAULT_MAX_AGE; 0: always build). */
/* The desktops' default first-sync scope (active cases and those changed in
 * this many days), which GET /jmap/snapshot serves unless asked otherwise. */
#define FL_SERVER_DEFAULT_SCOPE_DAYS 90

/* Keeps @scope_days's first-sync snapshot built ahead (see
 * fl_snapshot_cache_keep_ready()); the first build starts now. */
void        fl_server_keep_snapshot_ready  (FlServer           *self,
                                            guint               scope_days);
void        fl_server_set_snapshot_max_age (FlServer           *self,
                                           GTimeSpan            max_age);
/* How long changes and tombstones stay in the log for X/changes (default 30
 * days); older ones are purged at start and then daily, in the writer. */
void        fl_server_set_retention       (FlServer            *self,
                                           GTimeSpan            retention);
gboolean    fl_server_set_tls_files       (FlServer            *self,
                                           const char          *cert_file,
                                           const char          *key_file,
                                           GError             **error);
/* "ADDRESS:PORT"; port 0 picks a free one (see fl_server_get_url()). */
gboolean    fl_server_listen              (FlServer            *self,
                                           const char          *address,
                                           GError             **error);
/* "http://127.0.0.1:8080" (https with TLS), no trailing slash. */
const char *fl_server_get_url             (FlServer            *self);
/* Commits the writer made since it started, and the write requests they held. */
void        fl_server_get_commit_stats    (FlServer            *self,
                                           guint64             *n_groups,
                                           guint64             *n_jobs);
/* Stops accepting, lets requests in flight finish (up to @timeout_ms), closes
 * push connections and the writer. */
void        fl_server_shutdown_async      (FlServer            *self,
                                           guint                timeout_ms,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    fl_server_shutdown_finish     (FlServer            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS

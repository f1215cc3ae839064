/* fl-sync-engine.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlSyncEngine keeps a profile's local copy (one FlStore database) in step with
 * frontline-server: it pulls what changed, pushes the outbox of local changes,
 * and shows how it is doing as properties for the UI, notified on the main
 * thread. SQLite work runs on pool threads and the network is async, so nothing
 * here blocks the main loop but opening the profile.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "fl-credential-store.h"
#include "fl-store-pool.h"
#include "fl-store-sync.h"

G_BEGIN_DECLS

typedef enum
{
  FL_SYNC_STATE_OFFLINE,   /* not signed in, or the server cannot be reached */
  FL_SYNC_STATE_ONLINE,    /* the last exchange with the server went well */
  FL_SYNC_STATE_SYNCING,
  FL_SYNC_STATE_ERROR,     /* the server refused us (sign in again) or the copy failed */
} FlSyncState;

#define FL_TYPE_SYNC_STATE (fl_sync_state_get_type ())
GType fl_sync_state_get_type (void);

#define FL_SYNC_ERROR (fl_sync_error_quark ())

typedef enum
{
  FL_SYNC_ERROR_NOT_SIGNED_IN,  /* the profile has no server or no token */
  FL_SYNC_ERROR_BUSY,           /* a sync or push is already running */
  FL_SYNC_ERROR_PROTOCOL,       /* the server answered something we cannot use */
  FL_SYNC_ERROR_GONE,           /* the record was deleted on the server */
  FL_SYNC_ERROR_SIGNED_OUT,     /* the server no longer takes the token (expired,
                                 * revoked): sign in again; the outbox is kept */
  FL_SYNC_ERROR_NO_SNAPSHOT,    /* the server has no first-sync snapshot to give */
  FL_SYNC_ERROR_BAD_SNAPSHOT,   /* the snapshot arrived damaged or is not one this build can use */
} FlSyncError;

/* What an agent decides about a change the server refused. */
typedef enum
{
  FL_CONFLICT_KEEP_MINE,    /* make our change again, on top of the server's version */
  FL_CONFLICT_TAKE_THEIRS,  /* keep the server's version and forget ours */
} FlConflictResolution;

#define FL_TYPE_CONFLICT_RESOLUTION (fl_conflict_resolution_get_type ())
GType fl_conflict_resolution_get_type (void);

GQuark fl_sync_error_quark (void);

#define FL_TYPE_SYNC_ENGINE (fl_sync_engine_get_type ())
G_DECLARE_FINAL_TYPE (FlSyncEngine, fl_sync_engine, FL, SYNC_ENGINE, GObject)

/* $XDG_DATA_HOME/frontline/<account-key>, the key made from the server's
 * address and the login so that two accounts never share a copy. */
char         *fl_sync_engine_default_profile_dir (const char          *server_url,
                                                  const char          *login);

/* Opens (creating) the profile: the folder and its database. The one blocking
 * step, as opening FlStorePool is: do it at start-up. */
FlSyncEngine *fl_sync_engine_new                 (const char          *profile_dir,
                                                  GError             **error);
const char   *fl_sync_engine_get_profile_dir     (FlSyncEngine        *self);
/* The local copy, for the UI's own reads (they never wait on the network). */
FlStorePool  *fl_sync_engine_get_pool            (FlSyncEngine        *self);
/* Where the token is kept; its fallback-reason tells when that is a file. */
FlCredentialStore *fl_sync_engine_get_credentials (FlSyncEngine       *self);
/* The server and login of the last sign-in or exchange (NULL before either),
 * for a "sign in again" that names them. */
const char   *fl_sync_engine_get_server_url      (FlSyncEngine        *self);
const char   *fl_sync_engine_get_login           (FlSyncEngine        *self);

FlSyncState   fl_sync_engine_get_state           (FlSyncEngine        *self);
gint64        fl_sync_engine_get_pending         (FlSyncEngine        *self);
gint64        fl_sync_engine_get_conflicts       (FlSyncEngine        *self);
gint64        fl_sync_engine_get_last_sync       (FlSyncEngine        *self);
guint64       fl_sync_engine_get_progress_done   (FlSyncEngine        *self);
guint64       fl_sync_engine_get_progress_total  (FlSyncEngine        *self);

/* Records per X/query page and per X/changes round (default 1,000). */
void          fl_sync_engine_set_page_size       (FlSyncEngine        *self,
                                                  guint                page_size);
/* A first sync copies products, flaws, offers and agents in full, and the
 * cases active or changed in the last @days (90 by default) with their
 * customers' whole histories; 0 copies everything. Later syncs bring every
 * change, whatever its age. Only a first sync looks at this. */
#define FL_SYNC_DEFAULT_SCOPE_DAYS 90
void          fl_sync_engine_set_scope_days      (FlSyncEngine        *self,
                                                  guint                days);
guint         fl_sync_engine_get_scope_days      (FlSyncEngine        *self);
/* A first sync asks the server for its scope as one SQLite database
 * (GET /jmap/snapshot) and puts it in place of the local copy; if the server
 * has none, or it arrives damaged, it pages the records in as before. On by
 * default; off, it always pages. */
void          fl_sync_engine_set_use_snapshot    (FlSyncEngine        *self,
                                                  gboolean             use_snapshot);
gboolean      fl_sync_engine_get_use_snapshot    (FlSyncEngine        *self);
/* Why the last first sync paged instead of using a snapshot (NULL if it used
 * one, or has not run): for logs and tests. */
const char   *fl_sync_engine_get_snapshot_error  (FlSyncEngine        *self);

/* Fetches a customer the first sync left out, with their whole history —
 * cases, interactions, ownerships, offer outcomes — into the local copy,
 * where it stays and is kept in step like the rest. */
void          fl_sync_engine_fetch_customer_async  (FlSyncEngine        *self,
                                                    const char          *customer_id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean      fl_sync_engine_fetch_customer_finish (FlSyncEngine        *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* Asks the server for the customers with this phone number (or e-mail
 * address, if it has an @) and fetches them as above: for a caller the local
 * copy does not know. A GPtrArray of their ids, empty if the server knows none. */
void          fl_sync_engine_lookup_customers_async  (FlSyncEngine        *self,
                                                      const char          *phone_or_email,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray    *fl_sync_engine_lookup_customers_finish (FlSyncEngine        *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* Points the profile at another address of the same server (it moved); the
 * local copy and the outbox stay. */
void          fl_sync_engine_set_server_url_async (FlSyncEngine       *self,
                                                   const char         *server_url,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
gboolean      fl_sync_engine_set_server_url_finish (FlSyncEngine      *self,
                                                    GAsyncResult      *result,
                                                    GError           **error);

/* Signs in and remembers the server, the login and the token (in the Secret
 * Service, or a 0600 file in the profile where there is none: see
 * FlCredentialStore). The password is not kept anywhere. Signing in again
 * after FL_SYNC_ERROR_SIGNED_OUT keeps the outbox, which the next push sends. */
void          fl_sync_engine_login_async         (FlSyncEngine        *self,
                                                  const char          *server_url,
                                                  const char          *login,
                                                  const char          *password,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean      fl_sync_engine_login_finish        (FlSyncEngine        *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Signs out: asks the server to revoke the token (if it cannot be reached,
 * the token is forgotten here all the same), then forgets it (keyring and
 * file). The local copy and the outbox stay. */
void          fl_sync_engine_logout_async        (FlSyncEngine        *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean      fl_sync_engine_logout_finish       (FlSyncEngine        *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Reads the profile's counts (pending, conflicts, last sync) into the
 * properties; new() starts one of these itself. */
void          fl_sync_engine_refresh_async       (FlSyncEngine        *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean      fl_sync_engine_refresh_finish      (FlSyncEngine        *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Asks the server for its session resource: is it there, and does it still
 * take our token? Sets the state accordingly. */
void          fl_sync_engine_check_async         (FlSyncEngine        *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean      fl_sync_engine_check_finish        (FlSyncEngine        *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Push the outbox, then pull: a first sync pages every type in, later ones ask
 * for changes since the saved states. Cancelling stops between pages; what was
 * saved stays, and the next sync goes on from there. */
void          fl_sync_engine_sync_async          (FlSyncEngine        *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean      fl_sync_engine_sync_finish         (FlSyncEngine        *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
/* Only the pull half. */
void          fl_sync_engine_pull_async          (FlSyncEngine        *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean      fl_sync_engine_pull_finish         (FlSyncEngine        *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
/* Only the push half: sends the outbox in order, removes what the server took,
 * records what it refused as conflicts, and stops at a network failure with the
 * rest kept for later. */
void          fl_sync_engine_push_async          (FlSyncEngine        *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean      fl_sync_engine_push_finish         (FlSyncEngine        *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Live updates: a WebSocket to the server pulls what others change as soon as
 * they do, and local changes go up a few milliseconds after they are made. A
 * lost connection comes back on its own (with backoff, or at once when the
 * network returns); a refused token stops it with the ERROR state until the
 * profile signs in again (login restarts it). The "live" property
 * tells whether the connection is up. An engine that is live is kept by its
 * running operations: stop it before dropping the last reference. */
void          fl_sync_engine_start_live          (FlSyncEngine        *self);
void          fl_sync_engine_stop_live           (FlSyncEngine        *self);
gboolean      fl_sync_engine_get_live            (FlSyncEngine        *self);

/* Local changes: applied to the local copy at once and queued in the outbox in
 * the same transaction. A record without an id gets one here (so it keeps it
 * on the server). */
void          fl_sync_engine_create_async        (FlSyncEngine        *self,
                                                  FlEntity            *entity,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* @patch: top-level properties to change, as in X/set's update. */
void          fl_sync_engine_update_async        (FlSyncEngine        *self,
                                                  GType                type,
                                                  const char          *id,
                                                  JsonObject          *patch,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
void          fl_sync_engine_destroy_async       (FlSyncEngine        *self,
                                                  GType                type,
                                                  const char          *id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* For the three above. */
gboolean      fl_sync_engine_change_finish       (FlSyncEngine        *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Signal "cases-pulled" (GPtrArray *before, GPtrArray *after): a pull that
 * caught up with X/changes (not the paging of a first sync, nor a fetched
 * customer) changed these cases in the local copy. before[i] is FlCase as the
 * copy had it (NULL: new to the copy), after[i] as it has it now. A record
 * with changes of ours still in the outbox is not overwritten, so our own
 * changes never show here. Emitted on the main thread once the round is
 * committed, before the pull goes on. */

/* Conflicts, oldest first: a GPtrArray of FlConflict. The local copy shows the
 * server's version of each record; the conflict holds what we wanted. */
void          fl_sync_engine_list_conflicts_async    (FlSyncEngine         *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
GPtrArray    *fl_sync_engine_list_conflicts_finish   (FlSyncEngine         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
/* Settles conflict @seq. Keeping ours queues it again (the next push sends it;
 * the server may refuse it again, e.g. when it was "forbidden"); keeping an
 * update of a record deleted on the server fails with FL_SYNC_ERROR_GONE and
 * leaves the conflict as it was. */
void          fl_sync_engine_resolve_conflict_async  (FlSyncEngine         *self,
                                                      gint64                seq,
                                                      FlConflictResolution  resolution,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean      fl_sync_engine_resolve_conflict_finish (FlSyncEngine         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

G_END_DECLS

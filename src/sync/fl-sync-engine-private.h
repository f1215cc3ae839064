/* fl-sync-engine-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of FlSyncEngine share: the instance, the property setters the
 * pull and push halves report through, and those halves themselves.
 */
#pragma once

#include "fl-jmap-client.h"
#include "fl-sync-engine.h"
#include "fl-sync-live.h"

G_BEGIN_DECLS

#define FL_SYNC_DEFAULT_PAGE_SIZE 1000
/* The server takes at most 64 calls a request; a pushed row is an X/set and an
 * X/get. */
#define FL_SYNC_PUSH_BATCH 32

struct _FlSyncEngine
{
  GObject        parent_instance;

  char          *profile_dir;
  FlStorePool   *pool;
  FlJmapClient  *client;      /* made from the saved settings by _fl_sync_engine_prepare_async() */
  FlCredentialStore *credentials;
  char          *login;       /* the saved login, known once prepared or signed in */
  char          *client_id;   /* this profile's UUID, sent with every X/set */

  FlSyncState    state;
  gint64         pending;
  gint64         conflicts;
  gint64         last_sync;
  guint64        progress_done;
  guint64        progress_total;
  guint          page_size;
  guint          scope_days;  /* a first sync copies cases active or changed in these days; 0: everything */
  gboolean       use_snapshot; /* a first sync asks for the scope as a database first */
  char          *snapshot_error; /* why the last first sync could not use one, or NULL */
  gboolean       busy;        /* a push or pull runs: one at a time */
  FlSyncLive    *live;        /* made by fl_sync_engine_start_live() */
  gboolean       live_connected;
};

void      _fl_sync_engine_set_state      (FlSyncEngine        *self,
                                          FlSyncState          state);
void      _fl_sync_engine_set_pending    (FlSyncEngine        *self,
                                          gint64               pending);
/* The live connection is up (or not). */
void      _fl_sync_engine_set_live       (FlSyncEngine        *self,
                                          gboolean             live);
void      _fl_sync_engine_set_progress   (FlSyncEngine        *self,
                                          guint64              done,
                                          guint64              total);
/* Emits "cases-pulled" (see fl-sync-engine.h); the arrays may be empty. */
void      _fl_sync_engine_cases_pulled   (FlSyncEngine        *self,
                                          GPtrArray           *before,
                                          GPtrArray           *after);
/* A failed exchange tells whether we are offline (the network), out of favour
 * (sign in again) or in trouble (anything else). */
void      _fl_sync_engine_note_error     (FlSyncEngine        *self,
                                          const GError        *error);

/* Loads the saved server, client id and token and makes the client. */
void      _fl_sync_engine_prepare_async  (FlSyncEngine        *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean  _fl_sync_engine_prepare_finish (FlSyncEngine        *self,
                                          GAsyncResult        *result,
                                          GError             **error);

/* The halves of a sync, run after prepare. */
void      _fl_sync_pull_async            (FlSyncEngine        *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean  _fl_sync_pull_finish           (FlSyncEngine        *self,
                                          GAsyncResult        *result,
                                          GError             **error);
void      _fl_sync_push_async            (FlSyncEngine        *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean  _fl_sync_push_finish           (FlSyncEngine        *self,
                                          GAsyncResult        *result,
                                          GError             **error);

/* A first sync with a scope (see fl-sync-scope.c): cases, then their
 * customers' histories, then the five types' states saved as in step. */
void      _fl_sync_scope_async           (FlSyncEngine        *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean  _fl_sync_scope_finish          (FlSyncEngine        *self,
                                          GAsyncResult        *result,
                                          GError             **error);
/* A first sync as one database file (see fl-sync-snapshot.c): downloaded,
 * checked and put in place of the local copy, with the states of the moment
 * it was taken. Fails with FL_SYNC_ERROR_NO_SNAPSHOT when the server has no
 * such endpoint, and with other errors when it could not be used. */
void      _fl_sync_snapshot_async        (FlSyncEngine        *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean  _fl_sync_snapshot_finish       (FlSyncEngine        *self,
                                          GAsyncResult        *result,
                                          GError             **error);
/* Customer, Case, Interaction, Ownership and OfferOutcome: what the scope
 * decides about. */
gboolean  _fl_sync_is_scoped_type        (GType                type);

/* "Case/get" for FL_TYPE_CASE and "get". */
char     *_fl_sync_method                (GType                type,
                                          const char          *verb);
/* Adds an X/get (as @call_id) of the ids at @path in the answer to the
 * X/@verb call @result_id, by back-reference. */
void      _fl_sync_add_get_of            (JsonArray           *calls,
                                          GType                type,
                                          const char          *verb,
                                          const char          *result_id,
                                          const char          *path,
                                          const char          *call_id);
/* Returns @error from @task and drops the caller's reference. */
void      _fl_sync_task_fail             (GTask               *task,
                                          GError              *error);

/* "Case" for FL_TYPE_CASE. */
const char *_fl_sync_type_name           (GType                type);
/* Puts a record the server sent into the local copy, unless the outbox still
 * holds changes to it (they win until pushed). */
gboolean  _fl_sync_apply_record          (FlStore             *store,
                                          GType                type,
                                          JsonNode            *record,
                                          GError             **error);

typedef gboolean (*FlSyncApplyFunc) (FlStore   *store,
                                     gpointer   data,
                                     GError   **error);
/* @func in one transaction: committed if it returns TRUE, rolled back if not. */
gboolean  _fl_sync_transaction           (FlStore             *store,
                                          FlSyncApplyFunc      func,
                                          gpointer             data,
                                          GError             **error);
/* Runs @func in one transaction with reference checks off around it (see
 * fl_store_set_foreign_keys()), and on again whatever happened. */
gboolean  _fl_sync_write_transaction     (FlStore             *store,
                                          FlSyncApplyFunc      func,
                                          gpointer             data,
                                          GError             **error);

/* Applies one local change and queues it in the outbox, inside the caller's
 * transaction: @entity for a create, @patch (JSON text) for an update. */
gboolean  _fl_sync_apply_local_change    (FlStore             *store,
                                          FlOutboxOp           op,
                                          GType                type,
                                          const char          *id,
                                          FlEntity            *entity,
                                          const char          *patch,
                                          GError             **error);
/* Members of JSON from the network, NULL when missing or of another kind
 * (json-glib's own getters are critical about those). */
JsonObject *_fl_sync_json_object         (JsonObject          *object,
                                          const char          *name);
const char *_fl_sync_json_string         (JsonObject          *object,
                                          const char          *name);

/* The live WebSocket's messages (fl-sync-live-messages.c). */
char       *_fl_sync_live_push_enable_text   (const char   *push_state);
/* TRUE for a StateChange: @push_state gets its pushState (or NULL) and
 * @changed the account's type names → states. FALSE, with @error set if it
 * was not even JSON, for anything else. */
gboolean    _fl_sync_live_parse_state_change (GBytes       *bytes,
                                              char        **push_state,
                                              GHashTable  **changed,
                                              GError      **error);
/* A pool read job on a @changed table: FL_SYNC_STATES_DIFFER if a type the
 * pull keeps has a state other than the one saved, else FL_SYNC_STATES_SAME. */
#define FL_SYNC_STATES_SAME   1
#define FL_SYNC_STATES_DIFFER 2
gpointer    _fl_sync_live_states_differ_job  (FlStore      *store,
                                              gpointer      job_data,
                                              GCancellable *cancellable,
                                              GError      **error);

/* Runs @func in one transaction whose commit waits for the disk: for the
 * transactions that put an agent's own changes into the outbox. */
gboolean  _fl_sync_durable_transaction   (FlStore             *store,
                                          FlSyncApplyFunc      func,
                                          gpointer             data,
                                          GError             **error);

/* A record as X/set's create takes it: without what the server sets. */
JsonObject *_fl_sync_create_args_for     (FlEntity            *entity);

G_END_DECLS

/* fl-sync-engine.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's object: its properties, opening the profile, and the operations
 * (sync, pull, push, check) that chain its halves: the saved settings and
 * sign-in are in fl-sync-profile.c, local changes in fl-sync-changes.c, the
 * pull and push halves in fl-sync-pull.c and fl-sync-push.c.
 */
#define G_LOG_DOMAIN "Frontline-Sync"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#include "fl-sync-engine-private.h"

G_DEFINE_ENUM_TYPE (FlSyncState, fl_sync_state,
  G_DEFINE_ENUM_VALUE (FL_SYNC_STATE_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (FL_SYNC_STATE_ONLINE, "online"),
  G_DEFINE_ENUM_VALUE (FL_SYNC_STATE_SYNCING, "syncing"),
  G_DEFINE_ENUM_VALUE (FL_SYNC_STATE_ERROR, "error"))

G_DEFINE_QUARK (fl-sync-error-quark, fl_sync_error)

#define DESKTOP_WRITER_CACHE_BYTES ((gsize) 16 << 20)
#define DESKTOP_READER_CACHE_BYTES ((gsize) 4 << 20)

G_DEFINE_FINAL_TYPE (FlSyncEngine, fl_sync_engine, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_PROFILE_DIR,
  PROP_STATE,
  PROP_PENDING,
  PROP_CONFLICTS,
  PROP_LAST_SYNC,
  PROP_PROGRESS_DONE,
  PROP_PROGRESS_TOTAL,
  PROP_LIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  CASES_PULLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define DATABASE_FILE "frontline.db"

static void
fl_sync_engine_dispose (GObject *object)
{
  FlSyncEngine *self = FL_SYNC_ENGINE (object);

  if (self->live != NULL)
    _fl_sync_live_detach (self->live);
  g_clear_object (&self->live);

  G_OBJECT_CLASS (fl_sync_engine_parent_class)->dispose (object);
}

static void
fl_sync_engine_finalize (GObject *object)
{
  FlSyncEngine *self = FL_SYNC_ENGINE (object);

  g_clear_pointer (&self->profile_dir, g_free);
  g_clear_pointer (&self->snapshot_error, g_free);
  g_clear_object (&self->pool);
  g_clear_object (&self->client);
  g_clear_object (&self->credentials);
  g_clear_pointer (&self->client_id, g_free);
  g_clear_pointer (&self->login, g_free);

  G_OBJECT_CLASS (fl_sync_engine_parent_class)->finalize (object);
}

static void
fl_sync_engine_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FlSyncEngine *self = FL_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_PROFILE_DIR:
      g_value_set_string (value, self->profile_dir);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PENDING:
      g_value_set_int64 (value, self->pending);
      break;
    case PROP_CONFLICTS:
      g_value_set_int64 (value, self->conflicts);
      break;
    case PROP_LAST_SYNC:
      g_value_set_int64 (value, self->last_sync);
      break;
    case PROP_PROGRESS_DONE:
      g_value_set_uint64 (value, self->progress_done);
      break;
    case PROP_PROGRESS_TOTAL:
      g_value_set_uint64 (value, self->progress_total);
      break;
    case PROP_LIVE:
      g_value_set_boolean (value, self->live_connected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_sync_engine_class_init (FlSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = fl_sync_engine_dispose;
  object_class->finalize = fl_sync_engine_finalize;
  object_class->get_property = fl_sync_engine_get_property;

  properties[PROP_PROFILE_DIR] = g_param_spec_string ("profile-dir", NULL, NULL, NULL, flags);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, FL_TYPE_SYNC_STATE,
                                              FL_SYNC_STATE_OFFLINE, flags);
  properties[PROP_PENDING] = g_param_spec_int64 ("pending", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CONFLICTS] = g_param_spec_int64 ("conflicts", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LAST_SYNC] = g_param_spec_int64 ("last-sync", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_PROGRESS_DONE] = g_param_spec_uint64 ("progress-done", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_PROGRESS_TOTAL] = g_param_spec_uint64 ("progress-total", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_LIVE] = g_param_spec_boolean ("live", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CASES_PULLED] = g_signal_new ("cases-pulled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                        G_TYPE_PTR_ARRAY, G_TYPE_PTR_ARRAY);
}

static void
fl_sync_engine_init (FlSyncEngine *self)
{
  self->page_size = FL_SYNC_DEFAULT_PAGE_SIZE;
  self->scope_days = FL_SYNC_DEFAULT_SCOPE_DAYS;
  self->use_snapshot = TRUE;
  self->state = FL_SYNC_STATE_OFFLINE;
}

/* --- properties ------------------------------------------------------------ */

static void
set_int64 (FlSyncEngine *self,
           gint64       *field,
           gint64        value,
           guint         prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
_fl_sync_engine_cases_pulled (FlSyncEngine *self,
                              GPtrArray    *before,
                              GPtrArray    *after)
{
  g_assert (FL_IS_SYNC_ENGINE (self));
  g_assert (before->len == after->len);

  if (after->len > 0)
    g_signal_emit (self, signals[CASES_PULLED], 0, before, after);
}

void
_fl_sync_engine_set_state (FlSyncEngine *self,
                           FlSyncState   state)
{
  g_assert (FL_IS_SYNC_ENGINE (self));

  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_fl_sync_engine_set_live (FlSyncEngine *self,
                          gboolean      live)
{
  g_assert (FL_IS_SYNC_ENGINE (self));

  live = !!live;
  if (self->live_connected == live)
    return;
  self->live_connected = live;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE]);
}

gboolean
fl_sync_engine_get_live (FlSyncEngine *self)
{
  g_return_val_if_fail (FL_IS_SYNC_ENGINE (self), FALSE);
  return self->live_connected;
}

void
fl_sync_engine_start_live (FlSyncEngine *self)
{
  g_return_if_fail (FL_IS_SYNC_ENGINE (self));

  if (self->live == NULL)
    self->live = _fl_sync_live_new (self);
  _fl_sync_live_start (self->live);
}

void
fl_sync_engine_stop_live (FlSyncEngine *self)
{
  g_return_if_fail (FL_IS_SYNC_ENGINE (self));

  if (self->live != NULL)
    _fl_sync_live_stop (self->live);
}

void
_fl_sync_engine_set_progress (FlSyncEngine *self,
                              guint64       done,
                              guint64       total)
{
  g_assert (FL_IS_SYNC_ENGINE (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->progress_total != total)
    {
      self->progress_total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS_TOTAL]);
    }
  if (self->progress_done != done)
    {
      self->progress_done = done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS_DONE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
_fl_sync_engine_note_error (FlSyncEngine *self,
                            const GError *error)
{
  g_assert (FL_IS_SYNC_ENGINE (self));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _fl_sync_engine_set_state (self, self->client != NULL ? FL_SYNC_STATE_ONLINE : FL_SYNC_STATE_OFFLINE);
  else if (g_error_matches (error, FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_NETWORK)
           || g_error_matches (error, FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_UNAVAILABLE)
           || g_error_matches (error, FL_SYNC_ERROR, FL_SYNC_ERROR_NOT_SIGNED_IN))
    _fl_sync_engine_set_state (self, FL_SYNC_STATE_OFFLINE);
  else
    _fl_sync_engine_set_state (self, FL_SYNC_STATE_ERROR);
}

FlSyncState
fl_sync_engine_get_state (FlSyncEngine *self)
{
  g_return_val_if_fail (FL_IS_SYNC_ENGINE (self), FL_SYNC_STATE_OFFLINE);
  return self->state;
}

gint64
fl_sync_engine_get_pending (FlSyncEngine *self)
{
  g_return_val_if_fail (FL_IS_SYNC_ENGINE (self), 0);
  return self->pending;
}

gint64
fl_sync_engine_get_conflicts (FlSyncEngine *self)
{
  g_return_val_if_fail (FL_IS_SYNC_ENGINE (self), 0);
  return self->conflicts;
}

gint64
fl_sync_engine_get_last_sync (FlSyncEngine *self)
{
  g_return_val_if_fail (FL_IS_SYNC_ENGINE (self), 0);
  return self->last_sync;
}

guint64
fl_sync_engine_get_progress_done (FlSyncEngine *self)
{
  g_return_val_if_fail (FL_IS_SYNC_ENGINE (self), 0);
  return self->progress_done;
}

guint64
fl_sync_engine_get_progress_total (FlSyncEngine *self)
{
  g_return_val_if_fail (FL_IS_SYNC_ENGINE (self), 0);
  return self->progress_total;
}

void
fl_sync_engine_set_scope_days (FlSyncEngine *self,
                               guint         days)
{
  g_return_if_fail (FL_IS_SYNC_ENGINE (self));
  self->scope_days = days;
}

guint
fl_sync_engine_get_scope_days (FlSyncEngine *self)
{
  g_return_val_if_fail (FL_IS_SYNC_ENGINE (self), 0);
  return self->scope_days;
}

void
fl_sync_engine_set_use_snapshot (FlSyncEngine *self,
                                 gboolean      use_snapshot)
{
  g_return_if_fail (FL_IS_SYNC_ENGINE (self));
  self->use_snapshot = use_snapshot;
}

gboolean
fl_sync_engine_get_use_snapshot (FlSyncEngine *self)
{
  g_return_val_if_fail (FL_IS_SYNC_ENGINE (self), FALSE);
  return self->use_snapshot;
}

const char *
fl_sync_engine_get_snapshot_error (FlSyncEngine *self)
{
  g_return_val_if_fail (FL_IS_SYNC_ENGINE (self), NULL);
  return self->snapshot_error;
}

void
fl_sync_engine_set_page_size (FlSyncEngine *self,
                              guint         page_size)
{
  g_return_if_fail (FL_IS_SYNC_ENGINE (self));
  /* The server's limits: 1,000 ids a query page and a get. */
  self->page_size = CLAMP (page_size, 1, 1000);
}

const char *
fl_sync_engine_get_profile_dir (FlSyncEngine *self)
{
  g_return_val_if_fail (FL_IS_SYNC_ENGINE (self), NULL);
  return self->profile_dir;
}

FlStorePool *
fl_sync_engine_get_pool (FlSyncEngine *self)
{
  g_return_val_if_fail (FL_IS_SYNC_ENGINE (self), NULL);
  return self->pool;
}

FlCredentialStore *
fl_sync_engine_get_credentials (FlSyncEngine *self)
{
  g_return_val_if_fail (FL_IS_SYNC_ENGINE (self), NULL);
  return self->credentials;
}

const char *
fl_sync_engine_get_server_url (FlSyncEngine *self)
{
  g_return_val_if_fail (FL_IS_SYNC_ENGINE (self), NULL);
  return self->client != NULL ? fl_jmap_client_get_base_url (self->client) : NULL;
}

const char *
fl_sync_engine_get_login (FlSyncEngine *self)
{
  g_return_val_if_fail (FL_IS_SYNC_ENGINE (self), NULL);
  return self->login;
}

/* --- the profile ------------------------------------------------------------ */

char *
fl_sync_engine_default_profile_dir (const char *server_url,
                                    const char *login)
{
  g_autofree char *raw = NULL;
  GString *key = g_string_new (NULL);

  g_return_val_if_fail (server_url != NULL && login != NULL, NULL);

  /* "agent@desk.example.org_8080": readable in a file manager, safe as a name. */
  raw = g_strdup_printf ("%s@%s", login,
                         g_str_has_prefix (server_url, "https://") ? server_url + 8
                         : g_str_has_prefix (server_url, "http://") ? server_url + 7 : server_url);
  for (const char *p = raw; *p != '\0'; p++)
    g_string_append_c (key, g_ascii_isalnum (*p) || *p == '@' || *p == '.' || *p == '-' ? *p : '_');

  {
    g_autofree char *name = g_string_free (key, FALSE);

    return g_build_filename (g_get_user_data_dir (), "frontline", name, NULL);
  }
}

static void on_refreshed_quietly (GObject      *source,
                                  GAsyncResult *result,
                                  gpointer      user_data);

FlSyncEngine *
fl_sync_engine_new (const char  *profile_dir,
                    GError     **error)
{
  g_autoptr(FlSyncEngine) self = NULL;
  g_autofree char *db_path = NULL;

  g_return_val_if_fail (profile_dir != NULL, NULL);

  /* 0700: the folder holds the token and customers' details. */
  if (g_mkdir_with_parents (profile_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot create the profile folder %s: %s", profile_dir, g_strerror (saved));
      return NULL;
    }

  self = g_object_new (FL_TYPE_SYNC_ENGINE, NULL);
  self->profile_dir = g_strdup (profile_dir);
  self->credentials = fl_credential_store_new (profile_dir);
  db_path = g_build_filename (profile_dir, DATABASE_FILE, NULL);
  self->pool = fl_store_pool_new (db_path, 2, error);
  /* Three connections at 64 MiB each would be most of a desktop's memory
   * budget; the local copy's hot pages fit in far less. The readers serve the
   * screen (a page of a list, a case, a history page) and would fill 16 MiB
   * each with rows read once while the agent scrolls: 4 MiB keeps the indexes'
   * upper pages, and the rest comes from the operating system's file cache. */
  if (self->pool == NULL
      || !fl_store_pool_set_cache_size (self->pool, DESKTOP_WRITER_CACHE_BYTES, DESKTOP_READER_CACHE_BYTES, error))
    return NULL;

  fl_sync_engine_refresh_async (self, NULL, on_refreshed_quietly, NULL);
  return g_steal_pointer (&self);
}

/* --- counts ------------------------------------------------------------------ */

typedef struct
{
  gint64 pending;
  gint64 conflicts;
  gint64 last_sync;
} Counts;

static gpointer
read_counts_job (FlStore       *store,
                 gpointer       job_data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree Counts *counts = g_new0 (Counts, 1);
  g_autofree char *last = NULL;

  counts->pending = fl_store_outbox_count (store, error);
  if (counts->pending < 0)
    return NULL;
  counts->conflicts = fl_store_conflict_count (store, error);
  if (counts->conflicts < 0)
    return NULL;
  last = fl_store_sync_get (store, "last-sync", error);
  if (last == NULL && error != NULL && *error != NULL)
    return NULL;
  counts->last_sync = last != NULL ? g_ascii_strtoll (last, NULL, 10) : 0;
  return g_steal_pointer (&counts);
}

static void
on_counts_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree Counts *counts = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);

  if (counts == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_object_freeze_notify (G_OBJECT (self));
  set_int64 (self, &self->pending, counts->pending, PROP_PENDING);
  set_int64 (self, &self->conflicts, counts->conflicts, PROP_CONFLICTS);
  set_int64 (self, &self->last_sync, counts->last_sync, PROP_LAST_SYNC);
  g_object_thaw_notify (G_OBJECT (self));
  g_task_return_boolean (task, TRUE);
}

void
fl_sync_engine_refresh_async (FlSyncEngine        *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FL_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fl_sync_engine_refresh_async);
  fl_store_pool_read_async (self->pool, read_counts_job, NULL, NULL, g_free, cancellable,
                            on_counts_read, task);
}

gboolean
fl_sync_engine_refresh_finish (FlSyncEngine  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_refreshed_quietly (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!fl_sync_engine_refresh_finish (FL_SYNC_ENGINE (source), result, &error))
    g_warning ("Could not read the profile's counts: %s", error->message);
}

void
_fl_sync_engine_set_pending (FlSyncEngine *self,
                             gint64        pending)
{
  g_assert (FL_IS_SYNC_ENGINE (self));
  set_int64 (self, &self->pending, pending, PROP_PENDING);
}

/* --- sync, pull, push ------------------------------------------------------------ */

typedef enum
{
  STEP_PUSH  = 1 << 0,
  STEP_PULL  = 1 << 1,
  STEP_CHECK = 1 << 2,
} Steps;

typedef struct
{
  Steps    steps;
  GError  *error;   /* the failure, kept while the counts are read back */
} Operation;

static void
operation_free (gpointer data)
{
  Operation *operation = data;

  g_clear_error (&operation->error);
  g_free (operation);
}

static void
on_operation_refreshed (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Operation *operation = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!fl_sync_engine_refresh_finish (FL_SYNC_ENGINE (source), result, &error))
    g_warning ("Could not read the profile's counts: %s", error->message);
  if (operation->error != NULL)
    g_task_return_error (task, g_steal_pointer (&operation->error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Both ends of an operation come here: the counts are read back before the
 * caller hears of it, so a finish() callback sees them up to date. */
static void
end_operation (GTask  *task,
               GError *error)
{
  FlSyncEngine *self = g_task_get_source_object (task);
  Operation *operation = g_task_get_task_data (task);

  self->busy = FALSE;
  /* A 401 after a sign-in that worked: the token expired or was revoked. Only
   * the person can fix that; what was queued stays queued for after. */
  if (g_error_matches (error, FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_UNAUTHORIZED))
    {
      GError *signed_out = g_error_new (FL_SYNC_ERROR, FL_SYNC_ERROR_SIGNED_OUT,
                                        "The server no longer accepts this sign-in (%s): sign in "
                                        "again as %s at %s; local changes are kept until then",
                                        error->message, self->login != NULL ? self->login : "?",
                                        fl_sync_engine_get_server_url (self) != NULL
                                        ? fl_sync_engine_get_server_url (self) : "?");

      g_error_free (error);
      error = signed_out;
    }
  /* Live work that waited for this operation can go now. */
  if (self->live != NULL)
    _fl_sync_live_engine_idle (self->live);
  if (error != NULL)
    _fl_sync_engine_note_error (self, error);
  else
    _fl_sync_engine_set_state (self, FL_SYNC_STATE_ONLINE);
  operation->error = error;
  /* Not the operation's cancellable: the counts are wanted even after a cancel. */
  fl_sync_engine_refresh_async (self, NULL, on_operation_refreshed, task);
}

static gpointer
save_last_sync_job (FlStore       *store,
                    gpointer       job_data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, fl_timestamp_now ());

  if (!fl_store_sync_set (store, "last-sync", now, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
on_last_sync_saved (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  fl_store_pool_finish (FL_STORE_POOL (source), result, &error);
  end_operation (task, error);
}

static void
on_pulled (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = FL_SYNC_ENGINE (source);
  GError *error = NULL;

  if (!_fl_sync_pull_finish (self, result, &error))
    {
      end_operation (task, error);
      return;
    }
  fl_store_pool_write_async (self->pool, save_last_sync_job, NULL, NULL, NULL, NULL,
                             on_last_sync_saved, task);
}

static void
start_pull_or_end (GTask *task)
{
  FlSyncEngine *self = g_task_get_source_object (task);
  Operation *operation = g_task_get_task_data (task);

  if (operation->steps & STEP_PULL)
    _fl_sync_pull_async (self, g_task_get_cancellable (task), on_pulled, task);
  else
    end_operation (task, NULL);
}

static void
on_pushed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!_fl_sync_push_finish (FL_SYNC_ENGINE (source), result, &error))
    {
      end_operation (task, error);
      return;
    }
  start_pull_or_end (task);
}

static void
on_checked (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  g_autoptr(JsonObject) session = fl_jmap_client_get_session_finish (FL_JMAP_CLIENT (source), result, &error);

  end_operation (task, session == NULL ? error : NULL);
}

static void
on_prepared (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = FL_SYNC_ENGINE (source);
  Operation *operation = g_task_get_task_data (task);
  GError *error = NULL;

  if (!_fl_sync_engine_prepare_finish (self, result, &error))
    {
      end_operation (task, error);
      return;
    }
  /* Offline changes go up first, so that what comes down already has them
   * (and records with changes still queued are left as they are locally). */
  if (operation->steps & STEP_CHECK)
    fl_jmap_client_get_session_async (self->client, g_task_get_cancellable (task), on_checked, task);
  else if (operation->steps & STEP_PUSH)
    _fl_sync_push_async (self, g_task_get_cancellable (task), on_pushed, task);
  else
    start_pull_or_end (task);
}

static void
run_operation (FlSyncEngine        *self,
               Steps                steps,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Operation *operation = g_new0 (Operation, 1);

  g_task_set_source_tag (task, source_tag);
  operation->steps = steps;
  g_task_set_task_data (task, operation, operation_free);

  if (self->busy)
    {
      g_task_return_new_error (task, FL_SYNC_ERROR, FL_SYNC_ERROR_BUSY, "A sync is already running");
      g_object_unref (task);
      return;
    }
  self->busy = TRUE;
  _fl_sync_engine_set_state (self, FL_SYNC_STATE_SYNCING);
  _fl_sync_engine_prepare_async (self, cancellable, on_prepared, task);
}

static gboolean
operation_finish (FlSyncEngine  *self,
                  GAsyncResult  *result,
                  gpointer       source_tag,
                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
fl_sync_engine_sync_async (FlSyncEngine        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (FL_IS_SYNC_ENGINE (self));
  run_operation (self, STEP_PUSH | STEP_PULL, fl_sync_engine_sync_async, cancellable, callback, user_data);
}

gboolean
fl_sync_engine_sync_finish (FlSyncEngine  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return operation_finish (self, result, fl_sync_engine_sync_async, error);
}

void
fl_sync_engine_pull_async (FlSyncEngine        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (FL_IS_SYNC_ENGINE (self));
  run_operation (self, STEP_PULL, fl_sync_engine_pull_async, cancellable, callback, user_data);
}

gboolean
fl_sync_engine_pull_finish (FlSyncEngine  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return operation_finish (self, result, fl_sync_engine_pull_async, error);
}

void
fl_sync_engine_push_async (FlSyncEngine        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (FL_IS_SYNC_ENGINE (self));
  run_operation (self, STEP_PUSH, fl_sync_engine_push_async, cancellable, callback, user_data);
}

gboolean
fl_sync_engine_push_finish (FlSyncEngine  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return operation_finish (self, result, fl_sync_engine_push_async, error);
}

void
fl_sync_engine_check_async (FlSyncEngine        *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (FL_IS_SYNC_ENGINE (self));
  run_operation (self, STEP_CHECK, fl_sync_engine_check_async, cancellable, callback, user_data);
}

gboolean
fl_sync_engine_check_finish (FlSyncEngine  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return operation_finish (self, result, fl_sync_engine_check_async, error);
}

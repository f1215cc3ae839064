/* fl-snapshot-cache.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why a cached snapshot is still exact: it carries each type's state at the
 * moment it was taken, and a desktop installing it catches up with X/changes
 * from those states, so whatever was written since arrives then — nothing
 * lost, nothing twice — as after a paged first sync, which also takes its
 * states before its first page. What a cached one may differ in is the edge
 * of the scope: it took the cases changed in the 90 days before it was built,
 * so it may hold a few more old cases than one built now. The age limit keeps
 * that edge, and the catch-up, short; it must also stay well inside the change
 * log's retention (30 days), or the catch-up could not be worked out.
 */
#define G_LOG_DOMAIN "Frontline-Server"

#include "config.h"

#include <glib/gstdio.h>

#include "fl-background.h"
#include "fl-sha256.h"
#include "fl-snapshot-cache.h"
#include "fl-store-snapshot.h"

struct _FlSnapshot
{
  char        *path;
  GMappedFile *mapped;
  GBytes      *bytes;
  char        *sha256;
  guint64      n_records;
  gint64       modseq;
  gint64       built_at;
};

static void
snapshot_clear (gpointer data)
{
  FlSnapshot *snapshot = data;

  g_clear_pointer (&snapshot->bytes, g_bytes_unref);
  g_clear_pointer (&snapshot->mapped, g_mapped_file_unref);
  /* Anyone still sending it holds the mapping; the name can go now. */
  if (snapshot->path != NULL)
    g_unlink (snapshot->path);
  g_free (snapshot->path);
  g_free (snapshot->sha256);
}

FlSnapshot *
fl_snapshot_ref (FlSnapshot *snapshot)
{
  return g_atomic_rc_box_acquire (snapshot);
}

void
fl_snapshot_unref (FlSnapshot *snapshot)
{
  g_atomic_rc_box_release_full (snapshot, snapshot_clear);
}

GBytes *
fl_snapshot_get_bytes (FlSnapshot *snapshot)
{
  return snapshot->bytes;
}

const char *
fl_snapshot_get_sha256 (FlSnapshot *snapshot)
{
  return snapshot->sha256;
}

guint64
fl_snapshot_get_n_records (FlSnapshot *snapshot)
{
  return snapshot->n_records;
}

gint64
fl_snapshot_get_modseq (FlSnapshot *snapshot)
{
  return snapshot->modseq;
}

gint64
fl_snapshot_get_built_at (FlSnapshot *snapshot)
{
  return snapshot->built_at;
}

/* --- the cache ------------------------------------------------------------ */

typedef struct
{
  FlSnapshotCache *cache; /* not a reference: the cache owns its entries */
  guint       scope_days;
  FlSnapshot *snapshot;   /* the latest built, or NULL */
  GPtrArray  *waiting;    /* of GTask: a build runs and these wait for it; NULL when none runs */
  gboolean    keep_ready; /* built again before it grows too old, unasked */
  guint       refresh_id;
} Entry;

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_clear_handle_id (&entry->refresh_id, g_source_remove);
  g_clear_pointer (&entry->snapshot, fl_snapshot_unref);
  g_clear_pointer (&entry->waiting, g_ptr_array_unref);
  g_free (entry);
}

struct _FlSnapshotCache
{
  GObject     parent_instance;

  char       *db_path;
  char       *folder;
  GTimeSpan   max_age;
  GHashTable *entries;    /* scope days → Entry */
  guint       serial;     /* makes every file name new */
};

G_DEFINE_FINAL_TYPE (FlSnapshotCache, fl_snapshot_cache, G_TYPE_OBJECT)

static void
fl_snapshot_cache_finalize (GObject *object)
{
  FlSnapshotCache *self = FL_SNAPSHOT_CACHE (object);

  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_free (self->db_path);
  g_free (self->folder);
  G_OBJECT_CLASS (fl_snapshot_cache_parent_class)->finalize (object);
}

static void
fl_snapshot_cache_class_init (FlSnapshotCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fl_snapshot_cache_finalize;
}

static void
fl_snapshot_cache_init (FlSnapshotCache *self)
{
  self->max_age = FL_SNAPSHOT_DEFAULT_MAX_AGE;
  self->entries = g_hash_table_new_full (NULL, NULL, NULL, entry_free);
}

FlSnapshotCache *
fl_snapshot_cache_new (const char  *db_path,
                       const char  *folder,
                       GError     **error)
{
  g_autoptr(FlSnapshotCache) self = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (folder != NULL, NULL);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot create the snapshot folder %s: %s", folder, g_strerror (saved));
      return NULL;
    }
  /* What an earlier run left (a build it was killed in, or its cache). */
  dir = g_dir_open (folder, 0, error);
  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "snapshot-"))
      {
        g_autofree char *path = g_build_filename (folder, name, NULL);

        g_unlink (path);
      }

  self = g_object_new (FL_TYPE_SNAPSHOT_CACHE, NULL);
  self->db_path = g_strdup (db_path);
  self->folder = g_strdup (folder);
  return g_steal_pointer (&self);
}

void
fl_snapshot_cache_set_max_age (FlSnapshotCache *self,
                               GTimeSpan        max_age)
{
  g_return_if_fail (FL_IS_SNAPSHOT_CACHE (self));
  self->max_age = MAX (max_age, 0);
}

typedef struct
{
  char   *db_path;
  char   *path;
  gint64  since;
} Build;

static void
build_free (gpointer data)
{
  Build *build = data;

  g_free (build->db_path);
  g_free (build->path);
  g_free (build);
}

static void
build_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Build *build = task_data;
  FlStoreSnapshotInfo info;
  GError *error = NULL;
  FlSnapshot *snapshot;
  gint64 started = g_get_real_time ();
  gsize size;

  if (!fl_store_snapshot_build (build->db_path, build->path, build->since, &info, &error))
    {
      g_unlink (build->path);
      g_task_return_error (task, error);
      return;
    }
  snapshot = g_atomic_rc_box_new0 (FlSnapshot);
  snapshot->path = g_strdup (build->path);
  snapshot->n_records = info.n_records;
  snapshot->modseq = info.modseq;
  snapshot->built_at = started;
  snapshot->mapped = g_mapped_file_new (build->path, FALSE, &error);
  if (snapshot->mapped == NULL)
    {
      fl_snapshot_unref (snapshot);
      g_task_return_error (task, error);
      return;
    }
  snapshot->bytes = g_mapped_file_get_bytes (snapshot->mapped);
  size = g_bytes_get_size (snapshot->bytes);
  snapshot->sha256 = fl_sha256_for_data (g_bytes_get_data (snapshot->bytes, NULL),
                                         g_bytes_get_size (snapshot->bytes));
  g_message ("Built a snapshot of %" G_GUINT64_FORMAT " records (%" G_GSIZE_FORMAT " MB) in %.1f s",
             info.n_records, size / 1000000, (g_get_real_time () - started) / 1e6);
  g_task_return_pointer (task, snapshot, (GDestroyNotify) fl_snapshot_unref);
}

static void schedule_refresh (FlSnapshotCache *self,
                              Entry           *entry);

static void
on_built (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  FlSnapshotCache *self = FL_SNAPSHOT_CACHE (source);
  guint days = GPOINTER_TO_UINT (user_data);
  Entry *entry = g_hash_table_lookup (self->entries, GUINT_TO_POINTER (days));
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSnapshot) snapshot = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&entry->waiting);

  if (snapshot != NULL)
    {
      g_clear_pointer (&entry->snapshot, fl_snapshot_unref);
      entry->snapshot = fl_snapshot_ref (snapshot);
    }
  else if (waiting->len == 0)
    g_warning ("Could not build a snapshot to keep ready: %s", error->message);
  /* Tried again after the same while when it failed: a full disk may clear. */
  if (entry->keep_ready && self->max_age > 0)
    schedule_refresh (self, entry);
  for (guint i = 0; i < waiting->len; i++)
    {
      GTask *task = g_ptr_array_index (waiting, i);

      if (snapshot != NULL)
        g_task_return_pointer (task, fl_snapshot_ref (snapshot), (GDestroyNotify) fl_snapshot_unref);
      else
        g_task_return_error (task, g_error_copy (error));
    }
}

static Entry *
lookup_entry (FlSnapshotCache *self,
              guint            scope_days)
{
  Entry *entry = g_hash_table_lookup (self->entries, GUINT_TO_POINTER (scope_days));

  if (entry == NULL)
    {
      entry = g_new0 (Entry, 1);
      entry->cache = self;
      entry->scope_days = scope_days;
      g_hash_table_insert (self->entries, GUINT_TO_POINTER (scope_days), entry);
    }
  return entry;
}

/* Starts building @scope_days's snapshot; those in @entry->waiting get it.
 * A build nobody waits for (keeping one ready) runs on the background thread,
 * below the requests the server is answering. */
static void
start_build (FlSnapshotCache *self,
             guint            scope_days,
             Entry           *entry,
             gboolean         in_background)
{
  g_autoptr(GTask) build_task = NULL;
  Build *build;

  g_assert (entry->waiting == NULL);
  entry->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  build = g_new0 (Build, 1);
  build->db_path = g_strdup (self->db_path);
  build->path = g_strdup_printf ("%s/snapshot-%u-%u.db", self->folder, scope_days, ++self->serial);
  build->since = scope_days == 0 ? FL_STORE_SNAPSHOT_EVERYTHING
                                 : fl_timestamp_now () - (gint64) scope_days * FL_USEC_PER_DAY;
  build_task = g_task_new (self, NULL, on_built, GUINT_TO_POINTER (scope_days));
  g_task_set_task_data (build_task, build, build_free);
  if (in_background)
    fl_background_run_in_thread (build_task, build_in_thread);
  else
    g_task_run_in_thread (build_task, build_in_thread);
}

void
fl_snapshot_cache_get_async (FlSnapshotCache     *self,
                             guint                scope_days,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Entry *entry;

  g_return_if_fail (FL_IS_SNAPSHOT_CACHE (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, fl_snapshot_cache_get_async);
  entry = lookup_entry (self, scope_days);
  if (entry->snapshot != NULL && g_get_real_time () - entry->snapshot->built_at < self->max_age)
    {
      g_task_return_pointer (task, fl_snapshot_ref (entry->snapshot), (GDestroyNotify) fl_snapshot_unref);
      return;
    }
  if (entry->waiting == NULL)
    start_build (self, scope_days, entry, FALSE);
  g_ptr_array_add (entry->waiting, g_steal_pointer (&task));
}

/* Keeping a snapshot ready: built again when three quarters of its time are
 * up, so the one handed out is never older than the maximum age and a desktop
 * never waits for a build. */
static gboolean
on_refresh (gpointer user_data)
{
  Entry *entry = user_data;

  entry->refresh_id = 0;
  if (entry->waiting == NULL)
    start_build (entry->cache, entry->scope_days, entry, TRUE);
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (FlSnapshotCache *self,
                  Entry           *entry)
{
  guint seconds = (guint) MAX (self->max_age * 3 / 4 / G_TIME_SPAN_SECOND, 1);

  g_clear_handle_id (&entry->refresh_id, g_source_remove);
  /* The entry removes the source when it goes, with the cache. */
  entry->refresh_id = g_timeout_add_seconds_full (G_PRIORITY_LOW, seconds, on_refresh, entry, NULL);
}

void
fl_snapshot_cache_keep_ready (FlSnapshotCache *self,
                              guint            scope_days)
{
  Entry *entry;

  g_return_if_fail (FL_IS_SNAPSHOT_CACHE (self));

  /* A maximum age of 0 builds every snapshot afresh: nothing to keep. */
  if (self->max_age == 0)
    return;
  entry = lookup_entry (self, scope_days);
  entry->keep_ready = TRUE;
  if (entry->waiting == NULL)
    start_build (self, scope_days, entry, TRUE);
}

FlSnapshot *
fl_snapshot_cache_get_finish (FlSnapshotCache  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

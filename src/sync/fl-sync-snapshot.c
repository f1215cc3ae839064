/* fl-sync-snapshot.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A first sync as one database. Paging a million records in as JSON costs the
 * desktop about 80 µs of processor a record (a json-glib tree each, and every
 * row written with its search-index and lookup-key rows); the server can copy
 * the same scope into a SQLite file with its indexes built once, in a fraction
 * of that (see fl-store-snapshot.c and PROTOCOL.md).
 *
 * The file is streamed to "snapshot.download" in the profile, a piece at a
 * time, never whole in memory, and hashed on the way in, on a thread of its own
 * (fl_jmap_client_download_async()). Its SHA-256 must be the one the server
 * sent. On the background thread it is then checked (its schema, a state
 * for every type), given this profile's own tables (settings, outbox,
 * conflicts, and the local version of records with changes still queued), and
 * renamed over the local copy while the pool holds every job back
 * (fl_store_pool_replace_file()). A kill at any point leaves the old copy or
 * the new one: until the rename, the download is a separate file, deleted and
 * fetched again by the next attempt. The states it carries are saved with it,
 * so the pull goes straight on to X/changes from them.
 */
#define G_LOG_DOMAIN "Frontline-Sync"

#include "config.h"

#include <glib/gstdio.h>

#include "fl-background.h"
#include "fl-store-snapshot.h"
#include "fl-sync-engine-private.h"

#define DOWNLOAD_FILE "snapshot.download"
#define HEADER_SHA256 "X-Frontline-Snapshot-Sha256"
#define HEADER_RECORDS "X-Frontline-Snapshot-Records"

typedef struct
{
  char        *path;      /* the download */
  char        *sha256;    /* as the server sent it */
  FlStorePool *pool;
  FlStore     *snapshot;  /* opened on the worker */
  guint64      n_records;
} Install;

static void
install_free (gpointer data)
{
  Install *install = data;

  g_clear_object (&install->snapshot);
  g_clear_object (&install->pool);
  g_free (install->path);
  g_free (install->sha256);
  g_free (install);
}

static void
remove_download (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      g_unlink (name);
    }
}

static gboolean
bad_snapshot (GError     **error,
              const char  *format,
              ...) G_GNUC_PRINTF (2, 3);

static gboolean
bad_snapshot (GError     **error,
              const char  *format,
              ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (FL_SYNC_ERROR, FL_SYNC_ERROR_BAD_SNAPSHOT, format, args));
  va_end (args);
  return FALSE;
}

/* Inside fl_store_pool_replace_file(), no other write running. */
static gboolean
adopt_profile (FlStore     *local,
               const char  *new_path,
               gpointer     data,
               GError     **error)
{
  Install *install = data;
  gboolean ok = fl_store_snapshot_adopt (install->snapshot, local, error)
                && fl_store_sync_set (install->snapshot, "snapshot:sha256", install->sha256, error);

  /* Closed here: the last connection takes its log with it, so the file is
   * complete on its own before it is renamed. */
  g_clear_object (&install->snapshot);
  return ok;
}

static void
install_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Install *install = task_data;
  g_autofree char *wal = g_strconcat (install->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (install->path, "-shm", NULL);
  GError *error = NULL;

  /* A log left by an earlier attempt killed half-way would be replayed into
   * this file. */
  g_unlink (wal);
  g_unlink (shm);
  install->snapshot = fl_store_open (install->path, &error);
  if (install->snapshot == NULL)
    {
      g_autoptr(GError) unusable = g_steal_pointer (&error);

      bad_snapshot (&error, "The snapshot is not a database this build can use: %s", unusable->message);
      goto failed;
    }
  if (!fl_store_snapshot_check (install->snapshot, &error))
    goto failed;
  if (!fl_store_pool_replace_file (install->pool, install->path, adopt_profile, install, &error))
    goto failed;
  g_task_return_boolean (task, TRUE);
  return;

failed:
  g_clear_object (&install->snapshot);
  remove_download (install->path);
  g_task_return_error (task, error);
}

static void
on_installed (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  Install *install = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      _fl_sync_task_fail (task, error);
      return;
    }
  _fl_sync_engine_set_progress (self, install->n_records, install->n_records);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static guint64
records_header (SoupMessageHeaders *headers)
{
  const char *text = soup_message_headers_get_one (headers, HEADER_RECORDS);

  return text != NULL ? g_ascii_strtoull (text, NULL, 10) : 0;
}

/* Progress in records: the share of the file that has arrived. */
static void
on_download_progress (goffset              written,
                      goffset              total,
                      SoupMessageHeaders  *headers,
                      gpointer             user_data)
{
  FlSyncEngine *self = user_data;
  guint64 records = records_header (headers);

  if (total > 0 && records > 0)
    _fl_sync_engine_set_progress (self, (guint64) ((double) records * written / total), records);
}

static void
on_downloaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  Install *install = g_task_get_task_data (task);
  GError *error = NULL;
  g_autofree char *received_sha256 = NULL;
  g_autoptr(SoupMessageHeaders) headers = fl_jmap_client_download_finish (FL_JMAP_CLIENT (source), result,
                                                                          &received_sha256, &error);
  g_autoptr(GTask) worker = NULL;
  const char *sha256;

  if (headers == NULL)
    {
      remove_download (install->path);
      /* No such path: a server from before snapshots. */
      if (g_error_matches (error, FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_REFUSED)
          && g_strcmp0 (fl_jmap_client_error_get_problem_type (error), "notFound") == 0)
        {
          GError *none = g_error_new (FL_SYNC_ERROR, FL_SYNC_ERROR_NO_SNAPSHOT,
                                      "The server has no snapshots: %s", error->message);

          g_error_free (error);
          error = none;
        }
      _fl_sync_task_fail (task, error);
      return;
    }
  sha256 = soup_message_headers_get_one (headers, HEADER_SHA256);
  if (sha256 == NULL)
    {
      remove_download (install->path);
      bad_snapshot (&error, "The server sent a snapshot without its checksum");
      _fl_sync_task_fail (task, error);
      return;
    }
  /* Hashed on the way in: the file is not read again to check it. */
  if (g_ascii_strcasecmp (received_sha256, sha256) != 0)
    {
      remove_download (install->path);
      bad_snapshot (&error, "The snapshot arrived damaged (its checksum does not match)");
      _fl_sync_task_fail (task, error);
      return;
    }
  install->sha256 = g_strdup (sha256);
  install->n_records = records_header (headers);
  install->pool = g_object_ref (self->pool);

  /* @install belongs to @task, which outlives the worker. */
  worker = g_task_new (self, g_task_get_cancellable (task), on_installed, task);
  g_task_set_task_data (worker, install, NULL);
  /* Opening and checking the file is work that may wait: the console's
   * reads get the processor first. */
  fl_background_run_in_thread (worker, install_in_thread);
}

void
_fl_sync_snapshot_async (FlSyncEngine        *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Install *install = g_new0 (Install, 1);
  g_autofree char *path = g_strdup_printf ("/jmap/snapshot?scopeDays=%u", self->scope_days);

  g_task_set_source_tag (task, _fl_sync_snapshot_async);
  install->path = g_build_filename (self->profile_dir, DOWNLOAD_FILE, NULL);
  g_task_set_task_data (task, install, install_free);
  /* What an earlier attempt left, killed half-way. */
  remove_download (install->path);
  fl_jmap_client_download_async (self->client, path, install->path, on_download_progress, self, cancellable,
                                 on_downloaded, task);
}

gboolean
_fl_sync_snapshot_finish (FlSyncEngine  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

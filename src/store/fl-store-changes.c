/* fl-store-changes.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The change log as the sync protocol reads it (X/changes, type states, the
 * tombstone window), savepoints for the server's group commit, durability and
 * online backup.
 */
#define G_LOG_DOMAIN "Frontline-Store"

#include "config.h"

#include <glib/gstdio.h>

#include "fl-store-private.h"

/* Runs one of the savepoint statements from the statement cache: the server
 * opens and closes several per request, and parsing them each time showed. */
static gboolean
step_cached (FlStore     *self,
             const char  *sql,
             const char  *doing,
             GError     **error)
{
  g_autoptr(FlCachedStmt) stmt = _fl_store_prepare (self, sql, error);

  return stmt != NULL && _fl_store_step_done (self, stmt, doing, error);
}

/**
 * fl_store_savepoint:
 *
 * Opens a savepoint inside the current write (fl_store_begin() must have been
 * called). Savepoints nest; close each with fl_store_release_savepoint() or
 * fl_store_rollback_to_savepoint().
 */
gboolean
fl_store_savepoint (FlStore  *self,
                    GError  **error)
{
  SavedModseq saved;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (!step_cached (self, "SAVEPOINT fl_step", "Could not start a step of the write", error))
    return FALSE;
  saved.modseq = self->txn_modseq;
  saved.dirty = self->txn_modseq_dirty;
  g_array_append_val (self->savepoints, saved);
  return TRUE;
}

gboolean
fl_store_release_savepoint (FlStore  *self,
                            GError  **error)
{
  g_return_val_if_fail (FL_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->savepoints->len > 0, FALSE);

  if (!step_cached (self, "RELEASE fl_step", "Could not finish a step of the write", error))
    return FALSE;
  g_array_set_size (self->savepoints, self->savepoints->len - 1);
  return TRUE;
}

/**
 * fl_store_rollback_to_savepoint:
 *
 * Undoes everything since the matching fl_store_savepoint(), modseqs assigned
 * included, and closes the savepoint. The transaction itself goes on.
 */
void
fl_store_rollback_to_savepoint (FlStore *self)
{
  SavedModseq *saved;

  g_return_if_fail (FL_IS_STORE (self));
  g_return_if_fail (self->savepoints->len > 0);

  if (!step_cached (self, "ROLLBACK TO fl_step", "Could not undo a step of the write", NULL)
      || !step_cached (self, "RELEASE fl_step", "Could not undo a step of the write", NULL))
    g_warning ("Could not roll back to a savepoint: %s", sqlite3_errmsg (self->db));
  _fl_store_customer_keys_changed (self, NULL, TRUE);
  saved = &g_array_index (self->savepoints, SavedModseq, self->savepoints->len - 1);
  self->txn_modseq = saved->modseq;
  self->txn_modseq_dirty = saved->dirty;
  g_array_set_size (self->savepoints, self->savepoints->len - 1);
}

gboolean
fl_store_set_durable (FlStore   *self,
                      gboolean   durable,
                      GError   **error)
{
  g_return_val_if_fail (FL_IS_STORE (self), FALSE);

  /* In WAL mode NORMAL already survives the process being killed: only a power
   * cut can lose the last commits. FULL syncs the log at every commit, which the
   * server pays once per group of requests. */
  return _fl_store_exec (self, durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL",
                         "Could not set durability", error);
}

gboolean
fl_store_set_auto_checkpoint (FlStore   *self,
                              gboolean   enabled,
                              GError   **error)
{
  g_return_val_if_fail (FL_IS_STORE (self), FALSE);

  return _fl_store_exec (self, enabled ? "PRAGMA wal_autocheckpoint = 1000" : "PRAGMA wal_autocheckpoint = 0",
                         "Could not set automatic checkpoints", error);
}

static int
checkpoint_past_limit (void       *data,
                       sqlite3    *db,
                       const char *schema,
                       int         pages)
{
  FlStore *self = data;

  if (pages > self->wal_limit)
    sqlite3_wal_checkpoint_v2 (db, schema, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  return SQLITE_OK;
}

gboolean
fl_store_set_wal_limit (FlStore  *self,
                        int       pages,
                        GError  **error)
{
  g_return_val_if_fail (FL_IS_STORE (self), FALSE);
  g_return_val_if_fail (pages > 0, FALSE);

  /* Replaces SQLite's automatic checkpoint, which is a wal hook too. */
  self->wal_limit = pages;
  sqlite3_wal_hook (self->db, checkpoint_past_limit, self);
  return TRUE;
}

gboolean
fl_store_checkpoint (FlStore   *self,
                     gboolean   restart,
                     int       *log_frames,
                     GError   **error)
{
  int frames = 0;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);

  rc = sqlite3_wal_checkpoint_v2 (self->db, NULL,
                                  restart ? SQLITE_CHECKPOINT_RESTART : SQLITE_CHECKPOINT_PASSIVE,
                                  &frames, NULL);
  if (log_frames != NULL)
    *log_frames = frames;
  if (rc != SQLITE_OK && rc != SQLITE_BUSY)
    return _fl_store_set_error (self, rc, "Could not checkpoint the write-ahead log", error);
  return TRUE;
}

void
fl_store_changes_clear (FlStoreChanges *changes)
{
  g_clear_pointer (&changes->created, g_ptr_array_unref);
  g_clear_pointer (&changes->updated, g_ptr_array_unref);
  g_clear_pointer (&changes->destroyed, g_ptr_array_unref);
  changes->new_modseq = 0;
  changes->has_more = FALSE;
}

gint64
fl_store_get_changelog_horizon (FlStore  *self,
                                GError  **error)
{
  gint64 horizon;

  g_return_val_if_fail (FL_IS_STORE (self), -1);

  if (!_fl_store_query_int (self, "SELECT value FROM meta WHERE key = 'changelog_horizon'",
                            &horizon, error))
    return -1;
  return horizon;
}

gint64
fl_store_get_type_modseq (FlStore  *self,
                          GType     type,
                          GError  **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;
  gint64 horizon;
  gint64 modseq;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), -1);

  horizon = fl_store_get_changelog_horizon (self, error);
  if (horizon < 0)
    return -1;

  stmt = _fl_store_prepare (self, "SELECT max (modseq) FROM changelog WHERE type = ?1", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, fl_entity_class_get_type_name (_fl_store_entity_class (type)),
                     -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _fl_store_set_error (self, rc, "Could not read the change log", error);
      return -1;
    }
  modseq = sqlite3_column_int64 (stmt, 0);
  return MAX (modseq, horizon);
}

typedef enum
{
  SEEN_CREATED,
  SEEN_UPDATED,
  SEEN_DESTROYED,
  SEEN_CREATED_THEN_DESTROYED,
} SeenAs;

/**
 * fl_store_get_changes:
 * @since: the modseq the client has seen (a type state it was given)
 * @max_changes: the most ids to return; 0 means no limit
 *
 * Reads the change log. An id is reported once, as what it is to a client that
 * saw @since: created (new since then), updated, or destroyed; a record both
 * created and destroyed since then is not reported at all. Fails with
 * %FL_STORE_ERROR_CANNOT_CALCULATE_CHANGES when @since is older than the log.
 */
gboolean
fl_store_get_changes (FlStore         *self,
                      GType            type,
                      gint64           since,
                      guint            max_changes,
                      FlStoreChanges  *changes,
                      GError         **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;
  g_autoptr(GHashTable) seen = NULL;   /* id -> SeenAs */
  g_autoptr(GPtrArray) order = NULL;   /* ids in first-seen order, owned by seen */
  gint64 horizon;
  gint64 last_modseq;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  horizon = fl_store_get_changelog_horizon (self, error);
  if (horizon < 0)
    return FALSE;
  last_modseq = fl_store_get_modseq (self);
  if (since < horizon || since > last_modseq)
    {
      g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_CANNOT_CALCULATE_CHANGES,
                   since < horizon
                   ? "Changes since %" G_GINT64_FORMAT " are no longer kept (the log starts at %"
                     G_GINT64_FORMAT "): fetch everything again"
                   : "State %" G_GINT64_FORMAT " is newer than this server's (%" G_GINT64_FORMAT
                     "): it belongs to another database",
                   since, since < horizon ? horizon : last_modseq);
      return FALSE;
    }

  changes->created = g_ptr_array_new_with_free_func (g_free);
  changes->updated = g_ptr_array_new_with_free_func (g_free);
  changes->destroyed = g_ptr_array_new_with_free_func (g_free);
  changes->new_modseq = since;
  changes->has_more = FALSE;

  stmt = _fl_store_prepare (self,
                            "SELECT modseq, record_id, op FROM changelog INDEXED BY changelog_by_type"
                            " WHERE type = ?1 AND modseq > ?2 ORDER BY modseq", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, fl_entity_class_get_type_name (_fl_store_entity_class (type)),
                     -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, since);

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  order = g_ptr_array_new ();

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 modseq = sqlite3_column_int64 (stmt, 0);
      const char *id = (const char *) sqlite3_column_text (stmt, 1);
      const char *op = (const char *) sqlite3_column_text (stmt, 2);
      gpointer value;
      SeenAs was;
      SeenAs now;

      if (!g_hash_table_lookup_extended (seen, id, NULL, &value))
        {
          /* A new id; stop before it if the page is full. The ids already in
           * the page may still change later in the log: the next page says so. */
          if (max_changes > 0 && order->len == max_changes)
            {
              changes->has_more = TRUE;
              break;
            }
          now = op[0] == 'c' ? SEEN_CREATED : op[0] == 'u' ? SEEN_UPDATED : SEEN_DESTROYED;
          {
            char *key = g_strdup (id);

            g_hash_table_insert (seen, key, GINT_TO_POINTER (now));
            g_ptr_array_add (order, key);
          }
        }
      else
        {
          was = GPOINTER_TO_INT (value);
          if (op[0] == 'd')
            now = was == SEEN_CREATED ? SEEN_CREATED_THEN_DESTROYED : SEEN_DESTROYED;
          else if (was == SEEN_CREATED_THEN_DESTROYED || was == SEEN_DESTROYED)
            /* Destroyed, then written again with the same id: to the client it
             * is an update of what it had (or a creation if it never had it). */
            now = was == SEEN_CREATED_THEN_DESTROYED ? SEEN_CREATED : SEEN_UPDATED;
          else
            now = was;
          g_hash_table_insert (seen, g_strdup (id), GINT_TO_POINTER (now));
        }
      changes->new_modseq = modseq;
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      fl_store_changes_clear (changes);
      return _fl_store_set_error (self, rc, "Could not read the change log", error);
    }

  /* Past the last change of this type, the state is the store's: other types'
   * changes in between concern this client's other calls, not this one. */
  if (!changes->has_more)
    changes->new_modseq = MAX (changes->new_modseq, fl_store_get_type_modseq (self, type, NULL));

  for (guint i = 0; i < order->len; i++)
    {
      const char *id = g_ptr_array_index (order, i);

      switch ((SeenAs) GPOINTER_TO_INT (g_hash_table_lookup (seen, id)))
        {
        case SEEN_CREATED:
          g_ptr_array_add (changes->created, g_strdup (id));
          break;
        case SEEN_UPDATED:
          g_ptr_array_add (changes->updated, g_strdup (id));
          break;
        case SEEN_DESTROYED:
          g_ptr_array_add (changes->destroyed, g_strdup (id));
          break;
        case SEEN_CREATED_THEN_DESTROYED:
        default:
          break;
        }
    }

  return TRUE;
}

/**
 * fl_store_purge_changelog:
 *
 * Deletes the log's entries older than @before and moves the horizon past
 * them, in one write.
 */
gboolean
fl_store_purge_changelog (FlStore  *self,
                          gint64    before,
                          guint    *n_purged,
                          GError  **error)
{
  g_autoptr(FlCachedStmt) find = NULL;
  g_autoptr(FlCachedStmt) purge = NULL;
  g_autoptr(FlCachedStmt) horizon = NULL;
  gint64 through;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);

  if (n_purged != NULL)
    *n_purged = 0;

  if (!fl_store_begin (self, error))
    return FALSE;

  /* Modseqs grow with time; cut at the last entry written before @before, so
   * the log stays one unbroken run from the horizon up. */
  find = _fl_store_prepare (self, "SELECT max (modseq) FROM changelog WHERE at < ?1", error);
  if (find == NULL)
    goto failed;
  sqlite3_bind_int64 (find, 1, before);
  rc = sqlite3_step (find);
  if (rc != SQLITE_ROW)
    {
      _fl_store_set_error (self, rc, "Could not read the change log", error);
      goto failed;
    }
  if (sqlite3_column_type (find, 0) == SQLITE_NULL)
    return fl_store_commit (self, error);
  through = sqlite3_column_int64 (find, 0);

  purge = _fl_store_prepare (self, "DELETE FROM changelog WHERE modseq <= ?1", error);
  if (purge == NULL)
    goto failed;
  sqlite3_bind_int64 (purge, 1, through);
  rc = sqlite3_step (purge);
  if (rc != SQLITE_DONE)
    {
      _fl_store_set_error (self, rc, "Could not purge the change log", error);
      goto failed;
    }
  if (n_purged != NULL)
    *n_purged = sqlite3_changes (self->db);

  horizon = _fl_store_prepare (self,
                               "UPDATE meta SET value = max (value, ?1) WHERE key = 'changelog_horizon'",
                               error);
  if (horizon == NULL)
    goto failed;
  sqlite3_bind_int64 (horizon, 1, through);
  rc = sqlite3_step (horizon);
  if (rc != SQLITE_DONE)
    {
      _fl_store_set_error (self, rc, "Could not move the change log's horizon", error);
      goto failed;
    }

  return fl_store_commit (self, error);

failed:
  fl_store_rollback (self);
  return FALSE;
}

/**
 * fl_store_backup:
 * @destination: a file that does not exist yet
 *
 * Copies the database with SQLite's online backup, in one step: the copy is a
 * snapshot of one moment, and writers on other connections carry on meanwhile
 * (WAL keeps the snapshot readable while they append).
 */
gboolean
fl_store_backup (FlStore     *self,
                 const char  *destination,
                 GError     **error)
{
  sqlite3 *target = NULL;
  sqlite3_backup *backup;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);
  g_return_val_if_fail (destination != NULL, FALSE);

  if (g_file_test (destination, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_OPEN,
                   "%s already exists: a backup never overwrites a file", destination);
      return FALSE;
    }

  rc = sqlite3_open_v2 (destination, &target,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_OPEN, "Could not create %s: %s",
                   destination, target != NULL ? sqlite3_errmsg (target) : sqlite3_errstr (rc));
      sqlite3_close_v2 (target);
      return FALSE;
    }

  backup = sqlite3_backup_init (target, "main", self->db, "main");
  if (backup == NULL)
    {
      g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_FAILED, "Could not start the backup: %s",
                   sqlite3_errmsg (target));
      sqlite3_close_v2 (target);
      g_unlink (destination);
      return FALSE;
    }
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_FAILED, "The backup failed: %s",
                   sqlite3_errstr (rc));
      sqlite3_close_v2 (target);
      g_unlink (destination);
      return FALSE;
    }

  rc = sqlite3_close_v2 (target);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_FAILED, "Could not finish %s: %s",
                   destination, sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

GStrv
fl_store_get_changed_types (FlStore  *self,
                            gint64    since,
                            GArray  **modseqs,
                            GError  **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;
  g_autoptr(GStrvBuilder) types = g_strv_builder_new ();
  g_autoptr(GArray) last = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), NULL);

  /* The log's primary key is the modseq: this reads only the new entries.
   * NOT INDEXED, because for the grouping the planner otherwise prefers the
   * covering (type, modseq) index and reads the whole log, after every commit. */
  stmt = _fl_store_prepare (self,
                            "SELECT type, max (modseq) FROM changelog NOT INDEXED WHERE modseq > ?1"
                            " GROUP BY type", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 modseq = sqlite3_column_int64 (stmt, 1);

      g_strv_builder_add (types, (const char *) sqlite3_column_text (stmt, 0));
      g_array_append_val (last, modseq);
    }
  if (rc != SQLITE_DONE)
    {
      _fl_store_set_error (self, rc, "Could not read the change log", error);
      return NULL;
    }
  if (modseqs != NULL)
    *modseqs = g_steal_pointer (&last);
  return g_strv_builder_end (types);
}

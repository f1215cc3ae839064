/* fl-store-bulk.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bulk loading: indexes set aside during a large load and rebuilt once at its
 * end, and finished on the next open if the process died in between.
 *
 * A load into an empty store also leaves the write-ahead log for its duration:
 * in WAL mode every page is written twice (to the log, then by checkpoints to
 * the database), and a load writes gigabytes. Meanwhile the rollback journal is
 * kept in memory (pages of a fresh file are new: almost nothing is journaled),
 * nothing is synced and the file is locked for this connection alone. Should
 * the process die meanwhile, the file is incomplete and may be damaged: the
 * bulk-load flag says so (value BULK_UNJOURNALED) and fl_store_open() refuses
 * it rather than open it as if the load had finished. At the end the file is
 * synced, back in WAL mode, and only then is the flag cleared.
 */
#define G_LOG_DOMAIN "Frontline-Store"

#include "config.h"

#include <string.h>

#include "fl-search-text.h"
#include "fl-store-private.h"

static gboolean drop_or_create_secondary_indexes   (FlStore   *self,
                                                    gboolean   create,
                                                    GError   **error);
static gboolean drop_or_create_fts_insert_triggers (FlStore   *self,
                                                    gboolean   create,
                                                    GError   **error);

/* meta 'bulk_load': a load in WAL mode, whose committed rows are kept… */
#define BULK_JOURNALED 1
/* …and one that ran without a journal on disk (see above). */
#define BULK_UNJOURNALED 2

/* Returns: the flag's value, 0 when no load is under way, or -1 on error */
static gint64
bulk_load_flag (FlStore  *self,
                GError  **error)
{
  gint64 value;

  if (!_fl_store_query_int (self, "SELECT coalesce (max (value), 0) FROM meta WHERE key = 'bulk_load'",
                            &value, error))
    return -1;
  return value;
}

static gboolean
clear_bulk_load_flag (FlStore  *self,
                      GError  **error)
{
  return _fl_store_exec (self,
                         "DELETE FROM meta WHERE key = 'bulk_load';"
                         "UPDATE meta SET value = (SELECT value FROM meta WHERE key = 'modseq')"
                         "  WHERE key = 'changelog_horizon';",
                         "Could not finish the bulk load", error);
}

/* Rebuilds the secondary indexes, the customer lookup keys and every full-text
 * index from the records and clears the bulk-load flag,
 * in one transaction: the indexes are complete, or the flag is still there for
 * the next open to try again. */
static gboolean
rebuild_search_indexes (FlStore  *self,
                        GError  **error)
{
  static const char rebuild[] =
    "INSERT INTO customer_fts (customer_fts) VALUES ('rebuild');"
    "INSERT INTO case_fts (case_fts) VALUES ('rebuild');"
    "INSERT INTO interaction_fts (interaction_fts) VALUES ('rebuild');"
    "DELETE FROM flaw_fts;"
    "INSERT INTO flaw_fts (rowid, title, symptoms, workaround, product, product_key)"
    "  SELECT f.pk, f.title, f.symptoms, f.workaround,"
    "         (SELECT name || ' ' || line FROM products WHERE id = f.product_id),"
    "         'p' || replace (f.product_id, '-', '')"
    "  FROM flaws f;"
    "DELETE FROM flaw_words;"
    "INSERT INTO flaw_words (rowid, title, symptoms)"
    "  SELECT pk, fl_scoped_words (product_id, title), fl_scoped_words (product_id, symptoms)"
    "  FROM flaws;";

  gboolean ok;

  /* A helper thread sorts half of each CREATE INDEX's keys on the other core;
   * the rest of the time the store stays on one thread, as callers expect. */
  if (!_fl_store_exec (self, "PRAGMA threads = 2;", "Could not rebuild the search indexes", error))
    return FALSE;

  if (!fl_store_begin (self, error))
    return FALSE;
  /* Keys first: written in order into a table with no other index yet. */
  ok = _fl_store_rebuild_customer_keys (self, error)
       && drop_or_create_secondary_indexes (self, TRUE, error)
       && drop_or_create_fts_insert_triggers (self, TRUE, error)
       && _fl_store_exec (self, rebuild, "Could not rebuild the search indexes", error);
  /* Without a journal on disk, the flag is cleared once all this is synced. */
  if (ok && !self->bulk_unjournaled)
    ok = clear_bulk_load_flag (self, error);
  if (!ok)
    fl_store_rollback (self);
  else
    ok = fl_store_commit (self, error);

  if (!_fl_store_exec (self, "PRAGMA threads = 0;", "Could not rebuild the search indexes",
                 ok ? error : NULL))
    return FALSE;
  return ok;
}

static gboolean
drop_or_create_secondary_indexes (FlStore   *self,
                                  gboolean   create,
                                  GError   **error)
{
  guint n_indexes;
  const char * const *indexes = _fl_store_get_secondary_indexes (&n_indexes);

  for (guint i = 0; i < n_indexes; i++)
    {
      g_autofree char *name = g_strndup (indexes[i], strcspn (indexes[i], " "));
      g_autofree char *sql = create
                             ? g_strdup_printf ("CREATE INDEX IF NOT EXISTS %s", indexes[i])
                             : g_strdup_printf ("DROP INDEX IF EXISTS %s", name);

      if (!_fl_store_exec (self, sql, create ? "Could not rebuild an index" : "Could not drop an index",
                     error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
drop_or_create_fts_insert_triggers (FlStore   *self,
                                    gboolean   create,
                                    GError   **error)
{
  guint n_triggers;
  const char * const *triggers = _fl_store_get_fts_insert_triggers (&n_triggers);

  for (guint i = 0; i < n_triggers; i++)
    {
      g_autofree char *name = g_strndup (triggers[i], strcspn (triggers[i], " "));
      g_autofree char *sql = create
                             ? g_strdup_printf ("CREATE TRIGGER IF NOT EXISTS %s", triggers[i])
                             : g_strdup_printf ("DROP TRIGGER IF EXISTS %s", name);

      if (!_fl_store_exec (self, sql,
                     create ? "Could not restore a search trigger" : "Could not drop a search trigger",
                     error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_fl_store_finish_interrupted_bulk_load (FlStore  *self,
                              GError  **error)
{
  gint64 flag = bulk_load_flag (self, error);

  if (flag < 0)
    return FALSE;
  if (flag == 0)
    return TRUE;
  if (flag == BULK_UNJOURNALED)
    {
      g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_OPEN,
                   "%s: a bulk load into this file was interrupted, and it ran without a "
                   "journal: the file is incomplete. Delete it and load the data again.",
                   self->path);
      return FALSE;
    }

  g_message ("%s: a bulk load was interrupted; rebuilding the search indexes", self->path);
  return rebuild_search_indexes (self, error);
}

static gboolean
store_is_empty (FlStore  *self,
                gboolean *empty,
                GError  **error)
{
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);

  *empty = TRUE;
  for (guint i = 0; i < n_types && *empty; i++)
    {
      g_autofree char *sql =
        g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM %s)",
                         _fl_store_entity_class (types[i])->table_name);
      gint64 any;

      if (!_fl_store_query_int (self, sql, &any, error))
        return FALSE;
      *empty = !any;
    }
  return TRUE;
}

/* Sets the journal mode, or with %NULL only reads it. Returns: (transfer full)
 * the mode it is in now, lower case ("" if that could not be read); leaving
 * WAL is refused while another connection has the file open. */
static char *
journal_mode (FlStore    *self,
              const char *mode)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA journal_mode%s%s", mode ? " = " : "",
                                          mode ? mode : "");
  sqlite3_stmt *stmt = NULL;
  char *now = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    now = g_ascii_strdown ((const char *) sqlite3_column_text (stmt, 0), -1);
  sqlite3_finalize (stmt);
  return now != NULL ? now : g_strdup ("");
}

/* Leaves WAL for the load into an empty store (see the top of this file). */
static gboolean
leave_wal (FlStore  *self,
           GError  **error)
{
  g_autofree char *mode = journal_mode (self, NULL);
  const char *file = sqlite3_db_filename (self->db, "main");
  gboolean empty;

  /* Only a file in WAL: a store in memory has no log to leave. */
  if (g_strcmp0 (mode, "wal") != 0 || file == NULL || *file == '\0')
    return TRUE;
  if (!store_is_empty (self, &empty, error))
    return FALSE;
  g_free (mode);
  mode = empty ? journal_mode (self, "memory") : NULL;
  if (g_strcmp0 (mode, "memory") != 0)
    return TRUE;

  /* The flag first, synced: from here on the file may be incomplete. */
  self->bulk_unjournaled = TRUE;
  _fl_store_start_key_builder (self);
  return _fl_store_exec (self,
                         "UPDATE meta SET value = 2 WHERE key = 'bulk_load';"
                         "PRAGMA synchronous = OFF;"
                         "PRAGMA locking_mode = EXCLUSIVE;",
                         "Could not start the bulk load", error);
}

/* Syncs what the load wrote, then goes back to WAL and the normal settings and
 * clears the flag. Tries every step whatever failed before: the store must be
 * a normal one afterwards. */
static gboolean
return_to_wal (FlStore  *self,
               gboolean  loaded,
               GError  **error)
{
  g_autofree char *mode = NULL;
  gboolean ok = loaded;

  self->bulk_unjournaled = FALSE;
  /* A write committed with syncing on: everything the load wrote reaches the
   * disk before the flag can be cleared. */
  ok = ok && _fl_store_exec (self,
                             "PRAGMA synchronous = FULL;"
                             "UPDATE meta SET value = value WHERE key = 'bulk_load';",
                             "Could not finish the bulk load", error);
  /* The exclusive lock goes with the next read, which must come before WAL:
   * entered in exclusive mode, WAL would keep its index in this process. */
  _fl_store_exec (self, "PRAGMA locking_mode = NORMAL; SELECT count(*) FROM meta;", "", NULL);
  mode = journal_mode (self, "wal");
  if (g_strcmp0 (mode, "wal") != 0 && ok)
    {
      g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_FAILED,
                   "Could not finish the bulk load: the database did not go back to WAL");
      ok = FALSE;
    }
  if (!_fl_store_exec (self, "PRAGMA synchronous = NORMAL;", "Could not finish the bulk load",
                       ok ? error : NULL))
    ok = FALSE;
  if (ok)
    ok = fl_store_begin (self, error)
         && clear_bulk_load_flag (self, error)
         && fl_store_commit (self, error);
  return ok;
}

/**
 * fl_store_begin_bulk_load:
 *
 * Starts a bulk load: until fl_store_end_bulk_load(), secondary and full-text
 * indexes are set aside and fl_store_put() logs no changes (modseqs are still
 * assigned). Reads during the load are correct but slow.
 * If the process dies before the end, the next fl_store_open() finishes the job.
 * Writes within the load are still committed in the caller's own transactions;
 * keep them to a few thousand records each.
 *
 * Into an empty store, the load runs without the write-ahead log and holds the
 * file for this connection alone; if the process dies meanwhile, the next
 * fl_store_open() refuses the file (%FL_STORE_ERROR_OPEN) as incomplete.
 */
gboolean
fl_store_begin_bulk_load (FlStore  *self,
                          GError  **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);
  g_return_val_if_fail (!self->bulk_load, FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);

  if (!fl_store_begin (self, error))
    return FALSE;
  if (!_fl_store_exec (self, "INSERT OR REPLACE INTO meta (key, value) VALUES ('bulk_load', 1);",
                 "Could not start the bulk load", error)
      || !drop_or_create_secondary_indexes (self, FALSE, error)
      || !drop_or_create_fts_insert_triggers (self, FALSE, error)
      || !fl_store_commit (self, error))
    {
      fl_store_rollback (self);
      return FALSE;
    }

  /* A big page cache keeps the id indexes in memory, and rarer checkpoints
   * keep the WAL writes sequential if the load stays in WAL. */
  sql = g_strdup_printf ("PRAGMA cache_size = -%" G_GSIZE_FORMAT ";"
                         "PRAGMA wal_autocheckpoint = 16384;",
                         MAX (self->cache_kib, (gsize) 1 << 20));
  if (!_fl_store_exec (self, sql, "Could not start the bulk load", error)
      || !leave_wal (self, error))
    return FALSE;

  self->bulk_load = TRUE;
  return TRUE;
}

/**
 * fl_store_end_bulk_load:
 *
 * Rebuilds the full-text indexes and restarts the change log after what was
 * loaded: a client whose last sync predates the load must sync afresh.
 */
gboolean
fl_store_end_bulk_load (FlStore  *self,
                        GError  **error)
{
  g_autofree char *sql = NULL;
  gboolean ok;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->bulk_load, FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);

  self->bulk_load = FALSE;
  ok = rebuild_search_indexes (self, error);
  if (self->bulk_unjournaled && !return_to_wal (self, ok, ok ? error : NULL))
    ok = FALSE;
  if (!ok)
    return FALSE;

  sql = g_strdup_printf ("PRAGMA cache_size = -%" G_GSIZE_FORMAT ";"
                         "PRAGMA wal_autocheckpoint = 1000;"
                         "PRAGMA wal_checkpoint (TRUNCATE);",
                         self->cache_kib);
  return _fl_store_exec (self, sql, "Could not finish the bulk load", error);
}

/* fl-store-bulk.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bulk loading: indexes set aside during a large load and rebuilt once at its
 * end, and finished on the next open if the process died in between.
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

static gboolean
bulk_load_flag_is_set (FlStore  *self,
                       gboolean *is_set,
                       GError  **error)
{
  gint64 count;

  if (!_fl_store_query_int (self, "SELECT count(*) FROM meta WHERE key = 'bulk_load'", &count, error))
    return FALSE;
  *is_set = count > 0;
  return TRUE;
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
    "  FROM flaws;"
    "DELETE FROM meta WHERE key = 'bulk_load';"
    "UPDATE meta SET value = (SELECT value FROM meta WHERE key = 'modseq')"
    "  WHERE key = 'changelog_horizon';";

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
  gboolean is_set;

  if (!bulk_load_flag_is_set (self, &is_set, error))
    return FALSE;
  if (!is_set)
    return TRUE;

  g_message ("%s: a bulk load was interrupted; rebuilding the search indexes", self->path);
  return rebuild_search_indexes (self, error);
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
 */
gboolean
fl_store_begin_bulk_load (FlStore  *self,
                          GError  **error)
{
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

  if (!_fl_store_exec (self,
                 /* A big page cache keeps the id indexes in memory, and rarer
                  * checkpoints keep the WAL writes sequential. */
                 "PRAGMA cache_size = -1048576;"
                 "PRAGMA wal_autocheckpoint = 16384;",
                 "Could not start the bulk load", error))
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
  g_return_val_if_fail (FL_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->bulk_load, FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);

  self->bulk_load = FALSE;
  if (!rebuild_search_indexes (self, error))
    return FALSE;

  {
    g_autofree char *sql = g_strdup_printf ("PRAGMA cache_size = -%" G_GSIZE_FORMAT ";"
                                            "PRAGMA wal_autocheckpoint = 1000;"
                                            "PRAGMA wal_checkpoint (TRUNCATE);",
                                            self->cache_kib);

    return _fl_store_exec (self, sql, "Could not finish the bulk load", error);
  }
}

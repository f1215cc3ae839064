/* fl-store-snapshot.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A desktop's first sync as one database file (see fl-store-snapshot.h).
 *
 * Building it is a bulk load (fl-store-bulk.c) whose rows come from the
 * server's database by INSERT … SELECT, attached to the new file's own
 * connection: no record is decoded, encoded or sent as JSON, and the search
 * indexes and lookup keys are built once at the end from the rows. The
 * server's file is attached read-only in practice (nothing writes to it) and
 * in normal locking mode, and the copy runs in one deferred transaction, so it
 * reads one consistent moment of it without ever holding its write lock: the
 * server's writer goes on meanwhile.
 */
#define G_LOG_DOMAIN "Frontline-Store"

#include "config.h"

#include <glib/gstdio.h>

#include "fl-store-private.h"
#include "fl-store-snapshot.h"
#include "fl-store-sync.h"

/* The state a type has at this moment in the attached database "src", as
 * fl_store_get_type_modseq() works it out. */
static gint64
source_type_state (FlStore     *self,
                   const char  *type_name,
                   GError     **error)
{
  g_autoptr(FlCachedStmt) stmt =
    _fl_store_prepare (self,
                       "SELECT max (coalesce ((SELECT max (modseq) FROM src.changelog WHERE type = ?1), 0),"
                       "            (SELECT coalesce (max (value), 0) FROM src.meta"
                       "             WHERE key = 'changelog_horizon'))",
                       error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, type_name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _fl_store_set_error (self, rc, "Could not read the server's states", error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/* "ATTACH DATABASE '@path' AS @name;" with the path quoted for SQL. */
static char *
attach_sql (const char *path,
            const char *name)
{
  char *quoted = sqlite3_mprintf ("%Q", path);
  char *sql = g_strdup_printf ("ATTACH DATABASE %s AS %s;", quoted, name);

  sqlite3_free (quoted);
  return sql;
}

/* Which rows of a type's table the scope takes: all of them, or those of the
 * customers in temp.snapshot_customers. */
static const char *
scope_condition (GType type)
{
  /* The unary + keeps SQLite off the server's indexes: reading the table
   * through, in order, and asking the small in-memory list of customers about
   * each row reads the file sequentially; going through the index by customer
   * jumps about all of it, which on a file not yet in memory is a disk seek
   * per row (two and a half times slower here). */
  if (type == FL_TYPE_CUSTOMER)
    return " WHERE +id IN (SELECT id FROM temp.snapshot_customers)";
  if (type == FL_TYPE_CASE || type == FL_TYPE_INTERACTION || type == FL_TYPE_OWNERSHIP
      || type == FL_TYPE_OFFER_OUTCOME)
    return " WHERE +customer_id IN (SELECT id FROM temp.snapshot_customers)";
  return "";
}

/* The copy itself, inside the caller's transaction. */
static gboolean
copy_scope (FlStore              *self,
            gint64                since,
            FlStoreSnapshotInfo  *info,
            GError              **error)
{
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);
  sqlite3 *db = _fl_store_get_db (self);
  gint64 modseq;

  /* The read transaction on the server's file starts with this first read:
   * the states and every row below come from the same moment. */
  if (!_fl_store_query_int (self, "SELECT coalesce (max (value), 0) FROM src.meta WHERE key = 'modseq'",
                            &modseq, error))
    return FALSE;
  info->modseq = modseq;

  if (since != FL_STORE_SNAPSHOT_EVERYTHING)
    {
      g_autoptr(FlCachedStmt) stmt = NULL;

      /* The cases of the paged sync's first step (the "activeSince" filter of
       * Case/query), and so the customers whose whole history comes along. */
      if (!_fl_store_exec (self,
                           "PRAGMA temp_store = MEMORY;"
                           "CREATE TEMP TABLE snapshot_customers (id TEXT PRIMARY KEY) WITHOUT ROWID;",
                           "Could not work out the scope", error))
        return FALSE;
      stmt = _fl_store_prepare (self,
                                "INSERT OR IGNORE INTO temp.snapshot_customers (id)"
                                "  SELECT customer_id FROM src.cases"
                                "  WHERE +status IN ('new', 'open', 'pending', 'escalated')"
                                "     OR +updated_at >= ?1",
                                error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, since);
      if (!_fl_store_step_done (self, stmt, "Could not work out the scope", error))
        return FALSE;
    }

  for (guint i = 0; i < n_types; i++)
    {
      FlEntityClass *klass = _fl_store_entity_class (types[i]);
      const char *columns = _fl_store_columns (self, types[i]);
      g_autofree char *sql = g_strdup_printf ("INSERT INTO main.%s (%s) SELECT %s FROM src.%s%s",
                                              klass->table_name, columns, columns, klass->table_name,
                                              since == FL_STORE_SNAPSHOT_EVERYTHING
                                                ? "" : scope_condition (types[i]));
      g_autofree char *state_key = g_strconcat ("state:", klass->type_name, NULL);
      g_autofree char *state_text = NULL;
      gint64 state;

      if (!_fl_store_exec (self, sql, "Could not copy the records", error))
        return FALSE;
      info->n_records += (guint64) sqlite3_changes64 (db);

      state = source_type_state (self, klass->type_name, error);
      if (state < 0)
        return FALSE;
      state_text = g_strdup_printf ("%" G_GINT64_FORMAT, state);
      if (!fl_store_sync_set (self, state_key, state_text, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
fl_store_snapshot_build (const char           *source_path,
                         const char           *out_path,
                         gint64                since,
                         FlStoreSnapshotInfo  *info,
                         GError              **error)
{
  g_autoptr(FlStore) self = NULL;
  g_autofree char *attach = NULL;
  g_autofree char *wal = NULL;
  FlStoreSnapshotInfo local_info = { 0, 0 };
  gint64 source_version;
  gboolean ok;

  g_return_val_if_fail (source_path != NULL, FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);

  if (info == NULL)
    info = &local_info;
  *info = (FlStoreSnapshotInfo) { 0, 0 };
  wal = g_strconcat (out_path, "-wal", NULL);
  g_unlink (out_path);
  g_unlink (wal);

  self = fl_store_open (out_path, error);
  if (self == NULL || !fl_store_set_foreign_keys (self, FALSE, error)
      || !fl_store_begin_bulk_load (self, error))
    return FALSE;
  /* The keys are worked out from the rows at the end (nothing goes through
   * fl_store_put() to hand them over as it goes). */
  _fl_store_free_key_builder (self);

  /* The load holds its own file exclusively; without a schema name that
   * mode would also be the one the server's file is attached in, and it
   * would wait for (then hold) the server's every lock. */
  attach = attach_sql (source_path, "src");
  if (!_fl_store_exec (self, "PRAGMA locking_mode = NORMAL; PRAGMA main.locking_mode = EXCLUSIVE;",
                       "Could not open the server's database", error)
      || !_fl_store_exec (self, attach, "Could not open the server's database", error)
      /* The scope's lookups by customer jump about the server's indexes. */
      || !_fl_store_exec (self, "PRAGMA src.cache_size = -524288;", "Could not open the server's database", error))
    return FALSE;
  if (!_fl_store_query_int (self, "PRAGMA src.user_version", &source_version, error))
    return FALSE;
  if (source_version != fl_store_get_schema_version (self))
    {
      g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_OPEN,
                   "The server's database has schema %" G_GINT64_FORMAT ", this build writes %d",
                   source_version, fl_store_get_schema_version (self));
      return FALSE;
    }

  /* Deferred: the server's file is only read, so only a read lock is taken
   * on it, whatever is written to ours. */
  ok = _fl_store_exec (self, "BEGIN", "Could not start the copy", error)
       && copy_scope (self, since, info, error)
       && _fl_store_exec (self, "COMMIT", "Could not finish the copy", error);
  if (!ok)
    _fl_store_exec (self, "ROLLBACK", "", NULL);
  if (!_fl_store_exec (self, "DETACH DATABASE src", "Could not close the server's database", ok ? error : NULL))
    ok = FALSE;
  _fl_store_exec (self, "DROP TABLE IF EXISTS temp.snapshot_customers", "", NULL);
  if (!ok)
    return FALSE;
  return fl_store_end_bulk_load (self, error) && fl_store_set_foreign_keys (self, TRUE, error);
}

gboolean
fl_store_snapshot_check (FlStore  *snapshot,
                         GError  **error)
{
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);

  g_return_val_if_fail (FL_IS_STORE (snapshot), FALSE);

  if (fl_store_get_schema_version (snapshot) != fl_store_get_latest_schema_version ())
    {
      g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_OPEN,
                   "The snapshot has schema %d, this build %d",
                   fl_store_get_schema_version (snapshot), fl_store_get_latest_schema_version ());
      return FALSE;
    }
  for (guint i = 0; i < n_types; i++)
    {
      FlEntityClass *klass = _fl_store_entity_class (types[i]);
      g_autofree char *key = g_strconcat ("state:", klass->type_name, NULL);
      GError *local = NULL;
      g_autofree char *state = fl_store_sync_get (snapshot, key, &local);

      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      if (state == NULL || *state == '\0')
        {
          g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_OPEN,
                       "The snapshot has no state for %s", klass->type_name);
          return FALSE;
        }
    }
  return TRUE;
}

/* Puts the local version of one record into the snapshot, or takes it out
 * if this desktop has none. */
static gboolean
adopt_record (FlStore     *snapshot,
              FlStore     *local,
              const char  *type_name,
              const char  *record_id,
              GError     **error)
{
  GType type = fl_model_type_from_name (type_name);
  g_autoptr(FlEntity) entity = NULL;
  g_autoptr(GError) missing = NULL;
  g_autoptr(GError) gone = NULL;

  if (type == G_TYPE_INVALID)
    return TRUE;
  entity = fl_store_get (local, type, record_id, &missing);
  if (entity != NULL)
    return fl_store_put (snapshot, entity, FL_STORE_PUT_TRUSTED, error);
  if (!g_error_matches (missing, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&missing));
      return FALSE;
    }
  /* Destroyed here: gone from the snapshot too, if it has it. */
  if (!fl_store_destroy (snapshot, type, record_id, FL_STORE_PUT_TRUSTED, &gone)
      && !g_error_matches (gone, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&gone));
      return FALSE;
    }
  return TRUE;
}

/* The local version of every record the outbox holds changes to (until they
 * are pushed, they win over the server's, as _fl_sync_apply_record() has it)
 * and of every record in conflict (the agent decides between the two): what a
 * paged first sync would have left as it was. */
static gboolean
adopt_pending_records (FlStore  *snapshot,
                       FlStore  *local,
                       GError  **error)
{
  g_autoptr(GPtrArray) entries = fl_store_outbox_list (local, G_MAXUINT, error);
  g_autoptr(GPtrArray) conflicts = NULL;

  if (entries == NULL)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      FlOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (!adopt_record (snapshot, local, entry->type_name, entry->record_id, error))
        return FALSE;
    }
  conflicts = fl_store_conflict_list (local, error);
  if (conflicts == NULL)
    return FALSE;
  for (guint i = 0; i < conflicts->len; i++)
    {
      FlConflict *conflict = g_ptr_array_index (conflicts, i);

      if (!adopt_record (snapshot, local, conflict->type_name, conflict->record_id, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
fl_store_snapshot_adopt (FlStore  *snapshot,
                         FlStore  *local,
                         GError  **error)
{
  g_autofree char *attach = NULL;
  gboolean ok;

  g_return_val_if_fail (FL_IS_STORE (snapshot), FALSE);
  g_return_val_if_fail (FL_IS_STORE (local), FALSE);

  attach = attach_sql (fl_store_get_path (local), "old");
  if (!_fl_store_exec (snapshot, attach, "Could not open the local copy", error))
    return FALSE;

  ok = fl_store_set_foreign_keys (snapshot, FALSE, error) && fl_store_begin (snapshot, error);
  if (ok)
    {
      ok = _fl_store_exec (snapshot,
                           /* The profile's settings (server, login, client id, mutation
                            * counter…), but not how far its own syncing got. */
                           "INSERT OR REPLACE INTO main.sync_state (key, value)"
                           "  SELECT key, value FROM old.sync_state"
                           "  WHERE key NOT LIKE 'state:%' AND key NOT LIKE 'initial:%'"
                           "    AND key NOT LIKE 'scope:%';"
                           "INSERT INTO main.outbox SELECT * FROM old.outbox;"
                           "INSERT INTO main.conflicts SELECT * FROM old.conflicts;",
                           "Could not carry the profile over", error)
           && adopt_pending_records (snapshot, local, error);
      if (ok)
        ok = fl_store_commit (snapshot, error);
      else
        fl_store_rollback (snapshot);
    }
  if (!fl_store_set_foreign_keys (snapshot, TRUE, ok ? error : NULL))
    ok = FALSE;
  if (!_fl_store_exec (snapshot, "DETACH DATABASE old", "Could not close the local copy", ok ? error : NULL))
    ok = FALSE;
  return ok;
}

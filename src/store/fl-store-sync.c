/* fl-store-sync.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desktop's own tables: sync state, the outbox and conflicts (migration 5).
 */
#define G_LOG_DOMAIN "Frontline-Store"

#include "config.h"

#include "fl-store-private.h"
#include "fl-store-sync.h"

static const char * const op_names[] = { "create", "update", "destroy" };

const char *
fl_outbox_op_to_string (FlOutboxOp op)
{
  g_return_val_if_fail (op <= FL_OUTBOX_DESTROY, NULL);
  return op_names[op];
}

gboolean
fl_outbox_op_from_string (const char *text,
                          FlOutboxOp *op)
{
  for (guint i = 0; i < G_N_ELEMENTS (op_names); i++)
    if (g_strcmp0 (text, op_names[i]) == 0)
      {
        *op = (FlOutboxOp) i;
        return TRUE;
      }
  return FALSE;
}

void
fl_outbox_entry_free (FlOutboxEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->type_name);
  g_free (entry->record_id);
  g_free (entry->payload);
  g_free (entry);
}

void
fl_conflict_free (FlConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->type_name);
  g_free (conflict->record_id);
  g_free (conflict->op);
  g_free (conflict->reason);
  g_free (conflict->local);
  g_free (conflict->server);
  g_free (conflict);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* One integer from a statement taking one text parameter; -1 on error. */
static gint64
count_with_text (FlStore     *self,
                 const char  *sql,
                 const char  *text,
                 GError     **error)
{
  g_autoptr(FlCachedStmt) stmt = _fl_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _fl_store_set_error (self, rc, "Could not count", error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

gboolean
fl_store_set_foreign_keys (FlStore   *self,
                           gboolean   enabled,
                           GError   **error)
{
  g_return_val_if_fail (FL_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);

  return _fl_store_exec (self, enabled ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF",
                         "Could not change the reference checks", error);
}

char *
fl_store_sync_get (FlStore     *self,
                   const char  *key,
                   GError     **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = _fl_store_prepare (self, "SELECT value FROM sync_state WHERE key = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return column_dup (stmt, 0);
  if (rc != SQLITE_DONE)
    _fl_store_set_error (self, rc, "Could not read the sync state", error);
  return NULL;
}

gboolean
fl_store_sync_set (FlStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (value == NULL)
    stmt = _fl_store_prepare (self, "DELETE FROM sync_state WHERE key = ?1", error);
  else
    stmt = _fl_store_prepare (self,
                              "INSERT INTO sync_state (key, value) VALUES (?1, ?2)"
                              " ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  return _fl_store_step_done (self, stmt, "Could not save the sync state", error);
}

gint64
fl_store_sync_next_mutation_id (FlStore  *self,
                                GError  **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), -1);

  stmt = _fl_store_prepare (self,
                            "INSERT INTO sync_state (key, value) VALUES ('mutation-counter', '1')"
                            " ON CONFLICT (key) DO UPDATE SET value = CAST (value AS INTEGER) + 1"
                            " RETURNING CAST (value AS INTEGER)", error);
  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _fl_store_set_error (self, rc, "Could not take a mutation id", error);
      return -1;
    }
  {
    gint64 id = sqlite3_column_int64 (stmt, 0);

    /* RETURNING statements finish their work only when stepped to the end. */
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_DONE)
      {
        _fl_store_set_error (self, rc, "Could not take a mutation id", error);
        return -1;
      }
    return id;
  }
}

gboolean
fl_store_sync_mark_seen (FlStore     *self,
                         const char  *type_name,
                         const char  *id,
                         GError     **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);

  stmt = _fl_store_prepare (self, "INSERT OR IGNORE INTO sync_seen (type, id) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, type_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  return _fl_store_step_done (self, stmt, "Could not note a synced record", error);
}

gboolean
fl_store_sync_sweep_unseen (FlStore  *self,
                            GType     type,
                            guint    *n_swept,
                            GError  **error)
{
  FlEntityClass *klass;
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(FlCachedStmt) clear = NULL;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);

  klass = _fl_store_entity_class (type);
  sql = g_strdup_printf ("SELECT id FROM %s r WHERE NOT EXISTS"
                         " (SELECT 1 FROM sync_seen s WHERE s.type = ?1 AND s.id = r.id)"
                         " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.record_id = r.id)",
                         klass->table_name);
  {
    g_autoptr(FlCachedStmt) stmt = _fl_store_prepare (self, sql, error);
    int rc;

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_text (stmt, 1, klass->type_name, -1, SQLITE_TRANSIENT);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      g_ptr_array_add (ids, column_dup (stmt, 0));
    if (rc != SQLITE_DONE)
      return _fl_store_set_error (self, rc, "Could not list records to sweep", error);
  }

  /* Through fl_store_destroy(), so that lookup keys and full-text rows go too. */
  for (guint i = 0; i < ids->len; i++)
    if (!fl_store_destroy (self, type, g_ptr_array_index (ids, i), FL_STORE_PUT_DEFAULT, error))
      return FALSE;

  clear = _fl_store_prepare (self, "DELETE FROM sync_seen WHERE type = ?1", error);
  if (clear == NULL)
    return FALSE;
  sqlite3_bind_text (clear, 1, klass->type_name, -1, SQLITE_TRANSIENT);
  if (!_fl_store_step_done (self, clear, "Could not clear the synced records' notes", error))
    return FALSE;

  if (n_swept != NULL)
    *n_swept = ids->len;
  return TRUE;
}

gint64
fl_store_outbox_append (FlStore     *self,
                        const char  *type_name,
                        FlOutboxOp   op,
                        const char  *record_id,
                        const char  *payload,
                        gint64       base_modseq,
                        GError     **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;
  gint64 mutation_id;

  g_return_val_if_fail (FL_IS_STORE (self), -1);
  g_return_val_if_fail (type_name != NULL && record_id != NULL, -1);

  mutation_id = fl_store_sync_next_mutation_id (self, error);
  if (mutation_id < 0)
    return -1;

  stmt = _fl_store_prepare (self,
                            "INSERT INTO outbox (mutation_id, type, op, record_id, payload, base_modseq, created_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, mutation_id);
  sqlite3_bind_text (stmt, 2, type_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, fl_outbox_op_to_string (op), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, record_id, -1, SQLITE_TRANSIENT);
  if (payload != NULL)
    sqlite3_bind_text (stmt, 5, payload, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, base_modseq);
  sqlite3_bind_int64 (stmt, 7, fl_timestamp_now ());
  if (!_fl_store_step_done (self, stmt, "Could not add to the outbox", error))
    return -1;
  return sqlite3_last_insert_rowid (_fl_store_get_db (self));
}

GPtrArray *
fl_store_outbox_list (FlStore  *self,
                      guint     limit,
                      GError  **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), NULL);

  stmt = _fl_store_prepare (self,
                            "SELECT seq, mutation_id, type, op, record_id, payload, base_modseq,"
                            " attempts, created_at FROM outbox ORDER BY seq LIMIT ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (gint64) limit : G_MAXINT64);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_outbox_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FlOutboxEntry *entry = g_new0 (FlOutboxEntry, 1);

      entry->seq = sqlite3_column_int64 (stmt, 0);
      entry->mutation_id = sqlite3_column_int64 (stmt, 1);
      entry->type_name = column_dup (stmt, 2);
      if (!fl_outbox_op_from_string ((const char *) sqlite3_column_text (stmt, 3), &entry->op))
        entry->op = FL_OUTBOX_UPDATE;  /* the table's CHECK keeps other values out */
      entry->record_id = column_dup (stmt, 4);
      entry->payload = column_dup (stmt, 5);
      entry->base_modseq = sqlite3_column_int64 (stmt, 6);
      entry->attempts = (guint) sqlite3_column_int64 (stmt, 7);
      entry->created_at = sqlite3_column_int64 (stmt, 8);
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    {
      _fl_store_set_error (self, rc, "Could not read the outbox", error);
      return NULL;
    }
  return g_steal_pointer (&entries);
}

static gboolean
exec_with_seq (FlStore     *self,
               const char  *sql,
               gint64       seq,
               const char  *doing,
               GError     **error)
{
  g_autoptr(FlCachedStmt) stmt = _fl_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  return _fl_store_step_done (self, stmt, doing, error);
}

gboolean
fl_store_outbox_remove (FlStore  *self,
                        gint64    seq,
                        GError  **error)
{
  g_return_val_if_fail (FL_IS_STORE (self), FALSE);
  return exec_with_seq (self, "DELETE FROM outbox WHERE seq = ?1", seq,
                        "Could not remove from the outbox", error);
}

gboolean
fl_store_outbox_mark_attempt (FlStore  *self,
                              gint64    seq,
                              GError  **error)
{
  g_return_val_if_fail (FL_IS_STORE (self), FALSE);
  return exec_with_seq (self, "UPDATE outbox SET attempts = attempts + 1 WHERE seq = ?1", seq,
                        "Could not update the outbox", error);
}

gint64
fl_store_outbox_count (FlStore  *self,
                       GError  **error)
{
  g_return_val_if_fail (FL_IS_STORE (self), -1);
  return count_with_text (self, "SELECT count(*) FROM outbox", NULL, error);
}

gboolean
fl_store_outbox_rebase (FlStore     *self,
                        const char  *record_id,
                        gint64       modseq,
                        GError     **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);

  stmt = _fl_store_prepare (self, "UPDATE outbox SET base_modseq = ?2"
                            " WHERE seq = (SELECT min(seq) FROM outbox WHERE record_id = ?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, modseq);
  return _fl_store_step_done (self, stmt, "Could not update the outbox", error);
}

gint64
fl_store_outbox_count_record (FlStore     *self,
                              const char  *record_id,
                              GError     **error)
{
  g_return_val_if_fail (FL_IS_STORE (self), -1);
  return count_with_text (self, "SELECT count(*) FROM outbox WHERE record_id = ?1", record_id, error);
}

gint64
fl_store_conflict_add (FlStore     *self,
                       const char  *type_name,
                       const char  *record_id,
                       const char  *op,
                       const char  *reason,
                       const char  *local,
                       const char  *server,
                       GError     **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;

  g_return_val_if_fail (FL_IS_STORE (self), -1);

  stmt = _fl_store_prepare (self,
                            "INSERT INTO conflicts (type, record_id, op, reason, local, server, at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, type_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, op, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, reason, -1, SQLITE_TRANSIENT);
  if (local != NULL)
    sqlite3_bind_text (stmt, 5, local, -1, SQLITE_TRANSIENT);
  if (server != NULL)
    sqlite3_bind_text (stmt, 6, server, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, fl_timestamp_now ());
  if (!_fl_store_step_done (self, stmt, "Could not record the conflict", error))
    return -1;
  return sqlite3_last_insert_rowid (_fl_store_get_db (self));
}

/* The row @stmt stands on, from the columns CONFLICT_COLUMNS names. */
#define CONFLICT_COLUMNS "seq, type, record_id, op, reason, local, server, at"

static FlConflict *
read_conflict (sqlite3_stmt *stmt)
{
  FlConflict *conflict = g_new0 (FlConflict, 1);

  conflict->seq = sqlite3_column_int64 (stmt, 0);
  conflict->type_name = column_dup (stmt, 1);
  conflict->record_id = column_dup (stmt, 2);
  conflict->op = column_dup (stmt, 3);
  conflict->reason = column_dup (stmt, 4);
  conflict->local = column_dup (stmt, 5);
  conflict->server = column_dup (stmt, 6);
  conflict->at = sqlite3_column_int64 (stmt, 7);
  return conflict;
}

GPtrArray *
fl_store_conflict_list (FlStore  *self,
                        GError  **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), NULL);

  stmt = _fl_store_prepare (self,
                            "SELECT " CONFLICT_COLUMNS " FROM conflicts ORDER BY seq", error);
  if (stmt == NULL)
    return NULL;

  conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_conflict_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (conflicts, read_conflict (stmt));
  if (rc != SQLITE_DONE)
    {
      _fl_store_set_error (self, rc, "Could not read the conflicts", error);
      return NULL;
    }
  return g_steal_pointer (&conflicts);
}

FlConflict *
fl_store_conflict_get (FlStore  *self,
                       gint64    seq,
                       GError  **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), NULL);

  stmt = _fl_store_prepare (self, "SELECT " CONFLICT_COLUMNS " FROM conflicts WHERE seq = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, seq);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_conflict (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND,
                 "There is no conflict %" G_GINT64_FORMAT " (resolved already?)", seq);
  else
    _fl_store_set_error (self, rc, "Could not read the conflict", error);
  return NULL;
}

gboolean
fl_store_conflict_remove (FlStore  *self,
                          gint64    seq,
                          GError  **error)
{
  g_return_val_if_fail (FL_IS_STORE (self), FALSE);
  return exec_with_seq (self, "DELETE FROM conflicts WHERE seq = ?1", seq,
                        "Could not remove the conflict", error);
}

gint64
fl_store_conflict_count (FlStore  *self,
                         GError  **error)
{
  g_return_val_if_fail (FL_IS_STORE (self), -1);
  return count_with_text (self, "SELECT count(*) FROM conflicts", NULL, error);
}

GPtrArray *
fl_store_sync_case_customers_after (FlStore     *self,
                                    const char  *after,
                                    guint        limit,
                                    GError     **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), NULL);

  /* Read off cases_by_customer, in order, without a sort. */
  stmt = _fl_store_prepare (self,
                            "SELECT DISTINCT customer_id FROM cases WHERE customer_id > ?1"
                            " ORDER BY customer_id LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, after != NULL ? after : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit);
  ids = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, column_dup (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      _fl_store_set_error (self, rc, "Could not list the customers of the cases", error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

gint64
fl_store_sync_count_case_customers (FlStore  *self,
                                    GError  **error)
{
  g_return_val_if_fail (FL_IS_STORE (self), -1);
  return count_with_text (self, "SELECT count(DISTINCT customer_id) FROM cases", NULL, error);
}

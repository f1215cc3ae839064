/* fl-store-write.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writing: transactions, the modseq counter and change log, and putting and
 * destroying records.
 */
#define G_LOG_DOMAIN "Frontline-Store"

#include "config.h"

#include <string.h>

#include "fl-store-private.h"

/* put() runs millions of times during an import: its statements are held here
 * per type, so that no SQL text is built or hashed per record. */
typedef struct
{
  sqlite3_stmt *insert;   /* INSERT … ON CONFLICT (id) DO NOTHING */
  sqlite3_stmt *update;   /* UPDATE … WHERE id = ?1 */
} Writer;

void
_fl_store_writer_free (gpointer data)
{
  Writer *writer = data;

  sqlite3_finalize (writer->insert);
  sqlite3_finalize (writer->update);
  g_free (writer);
}

/**
 * fl_store_begin:
 *
 * Starts a write transaction (BEGIN IMMEDIATE: the write lock is taken now, so a
 * conflict shows here rather than half-way through). Calls nest; only the
 * outermost fl_store_commit() commits.
 */
gboolean
fl_store_begin (FlStore  *self,
                GError  **error)
{
  g_return_val_if_fail (FL_IS_STORE (self), FALSE);

  if (self->depth == 0)
    {
      if (!_fl_store_exec (self, "BEGIN IMMEDIATE", "Could not start writing", error))
        return FALSE;
      self->txn_modseq = -1;
      self->txn_modseq_dirty = FALSE;
    }
  self->depth++;
  return TRUE;
}

static gboolean
flush_modseq (FlStore  *self,
              GError  **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;
  int rc;

  if (!self->txn_modseq_dirty)
    return TRUE;

  stmt = _fl_store_prepare (self, "UPDATE meta SET value = ?1 WHERE key = 'modseq'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->txn_modseq);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _fl_store_set_error (self, rc, "Could not save the change counter", error);
  self->txn_modseq_dirty = FALSE;
  return TRUE;
}

/**
 * _fl_store_index_pending_search:
 *
 * Adds the records the insert triggers noted in fts_pending to the full-text
 * indexes (see migration 4): one statement per index, so FTS5 writes one
 * segment for the lot. Called before COMMIT, and before a search that runs
 * inside a transaction so that it finds what that transaction wrote.
 */
gboolean
_fl_store_index_pending_search (FlStore  *self,
                                GError  **error)
{
  static const char * const index_sql[] = {
    "INSERT INTO customer_fts (rowid, name, organisation, emails, phones)"
    "  SELECT c.pk, c.name, c.organisation, c.emails, c.phones"
    "  FROM fts_pending p JOIN customers c ON c.pk = p.pk WHERE p.source = 'customers'",
    "INSERT INTO case_fts (rowid, subject, description)"
    "  SELECT c.pk, c.subject, c.description"
    "  FROM fts_pending p JOIN cases c ON c.pk = p.pk WHERE p.source = 'cases'",
    "INSERT INTO interaction_fts (rowid, body)"
    "  SELECT i.pk, i.body"
    "  FROM fts_pending p JOIN interactions i ON i.pk = p.pk WHERE p.source = 'interactions'",
    "DELETE FROM fts_pending",
  };
  gint64 pending;

  if (self->schema_version < 4 || self->depth == 0)
    return TRUE;
  if (!_fl_store_query_int (self, "SELECT EXISTS (SELECT 1 FROM fts_pending)", &pending, error))
    return FALSE;
  if (!pending)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (index_sql); i++)
    {
      g_autoptr(FlCachedStmt) stmt = _fl_store_prepare (self, index_sql[i], error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        return _fl_store_set_error (self, rc, "Could not update the search index", error);
    }
  return TRUE;
}

/**
 * fl_store_commit:
 *
 * Ends the outermost transaction. If it cannot commit (a reference to a record
 * that does not exist, say), everything since fl_store_begin() is rolled back.
 */
gboolean
fl_store_commit (FlStore  *self,
                 GError  **error)
{
  gboolean ok;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);

  if (self->depth == 0)
    {
      g_set_error_literal (error, FL_STORE_ERROR, FL_STORE_ERROR_FAILED,
                           "Nothing to commit: the write was already rolled back");
      return FALSE;
    }

  if (--self->depth > 0)
    return TRUE;

  /* Still at depth 1 for the search index: it is written inside the transaction. */
  self->depth++;
  ok = _fl_store_index_pending_search (self, error);
  self->depth--;
  if (!ok
      || !flush_modseq (self, error)
      || !_fl_store_exec (self, "COMMIT", "Could not save the changes", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      _fl_store_customer_keys_changed (self, NULL, TRUE);
      self->txn_modseq = -1;
      g_array_set_size (self->savepoints, 0);
      return FALSE;
    }

  self->txn_modseq = -1;
  g_array_set_size (self->savepoints, 0);
  return TRUE;
}

/**
 * fl_store_rollback:
 *
 * Abandons the whole write, however deeply nested the call.
 */
void
fl_store_rollback (FlStore *self)
{
  g_return_if_fail (FL_IS_STORE (self));

  if (self->depth == 0)
    return;

  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  /* Keys worked out for customers that are no longer there. */
  _fl_store_customer_keys_changed (self, NULL, TRUE);
  self->depth = 0;
  self->txn_modseq = -1;
  self->txn_modseq_dirty = FALSE;
  g_array_set_size (self->savepoints, 0);
}

/**
 * fl_store_begin_read:
 *
 * Starts a read transaction: every read until fl_store_end_read() sees the
 * same snapshot, and SQLite takes its read lock once instead of once per
 * statement (on a reader serving a thousand-record X/get, that lock was a
 * system call per record). Not for a connection that writes meanwhile.
 */
gboolean
fl_store_begin_read (FlStore  *self,
                     GError  **error)
{
  g_return_val_if_fail (FL_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);

  return _fl_store_exec (self, "BEGIN DEFERRED", "Could not start reading", error);
}

void
fl_store_end_read (FlStore *self)
{
  g_return_if_fail (FL_IS_STORE (self));
  g_return_if_fail (self->depth == 0);

  /* The pool calls this after every read job: most have no transaction. */
  if (sqlite3_get_autocommit (self->db))
    return;
  /* Nothing was written: ending it cannot lose anything. */
  sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
}

/**
 * fl_store_write:
 * @func: does the writing; returns %FALSE with an error to abandon it
 *
 * Runs @func in one transaction: all of its writes land, or none.
 */
gboolean
fl_store_write (FlStore           *self,
                FlStoreWriteFunc   func,
                gpointer           user_data,
                GError           **error)
{
  g_return_val_if_fail (FL_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!fl_store_begin (self, error))
    return FALSE;

  if (!func (self, user_data, error))
    {
      fl_store_rollback (self);
      return FALSE;
    }

  return fl_store_commit (self, error);
}

/**
 * fl_store_get_modseq:
 *
 * Returns: the modseq of the last committed (or, inside a write, last assigned)
 *   change, or -1 if it could not be read
 */
gint64
fl_store_get_modseq (FlStore *self)
{
  gint64 value;

  g_return_val_if_fail (FL_IS_STORE (self), -1);

  if (self->txn_modseq >= 0)
    return self->txn_modseq;
  if (!_fl_store_query_int (self, "SELECT value FROM meta WHERE key = 'modseq'", &value, NULL))
    return -1;
  return value;
}

static gboolean
next_modseq (FlStore  *self,
             gint64   *modseq,
             GError  **error)
{
  if (self->txn_modseq < 0
      && !_fl_store_query_int (self, "SELECT value FROM meta WHERE key = 'modseq'", &self->txn_modseq, error))
    return FALSE;

  /* Kept in memory for the rest of the transaction and written once at commit:
   * a bulk import assigns a million of these. */
  *modseq = ++self->txn_modseq;
  self->txn_modseq_dirty = TRUE;
  return TRUE;
}


static Writer *
get_writer (FlStore  *self,
            GType     type,
            GError  **error)
{
  Writer *writer = g_hash_table_lookup (self->writers, GSIZE_TO_POINTER (type));
  FlEntityClass *klass;
  const FlFieldInfo *fields;
  guint n_fields;
  g_autoptr(GString) update = NULL;
  g_autoptr(GString) insert = NULL;
  int rc;

  if (writer != NULL)
    return writer;

  klass = _fl_store_entity_class (type);
  fields = fl_entity_class_get_fields (klass, &n_fields);
  g_assert (fields[FL_ENTITY_FIELD_ID].kind == FL_FIELD_ID);

  update = g_string_new (NULL);
  g_string_append_printf (update, "UPDATE %s SET ", klass->table_name);
  for (guint i = 1; i < n_fields; i++)
    g_string_append_printf (update, "%s%s = ?%u", i > 1 ? ", " : "", fields[i].name, i + 1);
  g_string_append (update, " WHERE id = ?1");

  insert = g_string_new (NULL);
  g_string_append_printf (insert, "INSERT INTO %s (%s) VALUES (",
                          klass->table_name, _fl_store_columns (self, type));
  for (guint i = 0; i < n_fields; i++)
    g_string_append_printf (insert, "%s?%u", i > 0 ? ", " : "", i + 1);
  g_string_append (insert, ") ON CONFLICT (id) DO NOTHING");

  writer = g_new0 (Writer, 1);
  rc = sqlite3_prepare_v3 (self->db, insert->str, -1, SQLITE_PREPARE_PERSISTENT,
                           &writer->insert, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v3 (self->db, update->str, -1, SQLITE_PREPARE_PERSISTENT,
                             &writer->update, NULL);
  if (rc != SQLITE_OK)
    {
      _fl_store_set_error (self, rc, "Could not prepare a write", error);
      _fl_store_writer_free (writer);
      return NULL;
    }

  g_hash_table_insert (self->writers, GSIZE_TO_POINTER (type), writer);
  return writer;
}

static gboolean
log_change (FlStore     *self,
            FlEntity    *entity_or_null,
            const char  *type_name,
            const char  *id,
            gint64       modseq,
            const char  *op,
            GError     **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;
  int rc;

  stmt = _fl_store_prepare (self,
                            "INSERT INTO changelog (modseq, type, record_id, op, at) "
                            "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, modseq);
  sqlite3_bind_text (stmt, 2, type_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, op, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, entity_or_null != NULL
                      ? fl_entity_get_updated_at (entity_or_null) : fl_timestamp_now ());
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _fl_store_set_error (self, rc, "Could not record the change", error);
  return TRUE;
}

/* Copies the customer of the case onto interactions and offer outcomes, so a
 * customer's history is read from one index per table with no join. */
static gboolean
fill_customer_from_case (FlStore   *self,
                         FlEntity  *entity,
                         guint      case_field,
                         guint      customer_field,
                         GError   **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;
  int rc;

  if (fl_entity_field_is_set (entity, customer_field))
    return TRUE;

  stmt = _fl_store_prepare (self, "SELECT customer_id FROM cases WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, fl_entity_get_text (entity, case_field), -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    fl_entity_set_text (entity, customer_field, (const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    return _fl_store_set_error (self, rc, "Could not read the case", error);
  return TRUE;
}

static gboolean
put_locked (FlStore          *self,
            FlEntity         *entity,
            FlStorePutFlags   flags,
            GError          **error)
{
  Writer *writer = get_writer (self, G_OBJECT_TYPE (entity), error);
  gboolean existed;
  int rc;

  if (writer == NULL)
    return FALSE;

  if (FL_IS_INTERACTION (entity)
      && !fill_customer_from_case (self, entity, FL_INTERACTION_FIELD_CASE_ID,
                                   FL_INTERACTION_FIELD_CUSTOMER_ID, error))
    return FALSE;
  if (FL_IS_OFFER_OUTCOME (entity)
      && !fill_customer_from_case (self, entity, FL_OFFER_OUTCOME_FIELD_CASE_ID,
                                   FL_OFFER_OUTCOME_FIELD_CUSTOMER_ID, error))
    return FALSE;

  if (flags & FL_STORE_PUT_ASSIGN_MODSEQ)
    {
      gint64 modseq;

      if (!next_modseq (self, &modseq, error))
        return FALSE;
      fl_entity_set_modseq (entity, modseq);
      /* A bulk load writes history: its records keep the times they came with. */
      if (!self->bulk_load)
        fl_entity_set_updated_at (entity, fl_timestamp_now ());
    }

  /* Insert first, update if the id was taken: a new record (the common case,
   * and all of an import) costs one statement, and the outcome tells "created"
   * from "updated" for the change log, which a plain upsert cannot. */
  _fl_store_bind_entity (writer->insert, entity);
  rc = sqlite3_step (writer->insert);
  _fl_cached_stmt_release (writer->insert);
  if (rc != SQLITE_DONE)
    return _fl_store_set_error (self, rc, "Could not save the record", error);
  existed = sqlite3_changes (self->db) == 0;

  if (existed)
    {
      _fl_store_bind_entity (writer->update, entity);
      rc = sqlite3_step (writer->update);
      _fl_cached_stmt_release (writer->update);
      if (rc != SQLITE_DONE)
        return _fl_store_set_error (self, rc, "Could not save the record", error);
    }

  /* A bulk load computes the keys of all customers at its end, in key order. */
  if (FL_IS_CUSTOMER (entity) && self->bulk_load)
    _fl_store_customer_keys_changed (self, FL_CUSTOMER (entity), existed);
  else if (FL_IS_CUSTOMER (entity)
           && !_fl_store_write_customer_keys (self, FL_CUSTOMER (entity), existed, error))
    return FALSE;

  if ((flags & FL_STORE_PUT_ASSIGN_MODSEQ) && !self->bulk_load
      && !log_change (self, entity, fl_entity_get_type_name (entity), fl_entity_get_id (entity),
                      fl_entity_get_modseq (entity), existed ? "updated" : "created", error))
    return FALSE;

  return TRUE;
}

/**
 * fl_store_put:
 * @entity: the record to create or replace (matched by id)
 * @flags: %FL_STORE_PUT_ASSIGN_MODSEQ for the system of record's writes
 *
 * Validates and writes the record. With %FL_STORE_PUT_ASSIGN_MODSEQ the record's
 * modseq and updatedAt are set on @entity too.
 */
gboolean
fl_store_put (FlStore          *self,
              FlEntity         *entity,
              FlStorePutFlags   flags,
              GError          **error)
{
  gboolean own_transaction;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);
  g_return_val_if_fail (FL_IS_ENTITY (entity), FALSE);

  if (!(flags & FL_STORE_PUT_TRUSTED) && !fl_entity_validate (entity, error))
    return FALSE;

  own_transaction = self->depth == 0;
  if (own_transaction && !fl_store_begin (self, error))
    return FALSE;

  if (!put_locked (self, entity, flags, error))
    {
      /* A failed statement inside someone else's transaction leaves that
       * transaction usable; the caller decides whether to roll it back. */
      if (own_transaction)
        fl_store_rollback (self);
      return FALSE;
    }

  return own_transaction ? fl_store_commit (self, error) : TRUE;
}

/**
 * fl_store_destroy:
 *
 * Deletes a record. Refused (%FL_STORE_ERROR_CONSTRAINT) while other records
 * still refer to it; %FL_STORE_ERROR_NOT_FOUND if there is no such record.
 */
gboolean
fl_store_destroy (FlStore          *self,
                  GType             type,
                  const char       *id,
                  FlStorePutFlags   flags,
                  GError          **error)
{
  g_autofree char *sql = NULL;
  FlEntityClass *klass;
  gboolean own_transaction;
  gboolean ok = TRUE;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_type_is_a (type, FL_TYPE_ENTITY), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  klass = _fl_store_entity_class (type);
  sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?1", klass->table_name);

  own_transaction = self->depth == 0;
  if (own_transaction && !fl_store_begin (self, error))
    return FALSE;

  {
    g_autoptr(FlCachedStmt) stmt = _fl_store_prepare (self, sql, error);
    int rc;

    if (stmt == NULL)
      ok = FALSE;
    else
      {
        sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step (stmt);
        if (rc != SQLITE_DONE)
          ok = _fl_store_set_error (self, rc, "Could not delete the record", error);
        else if (sqlite3_changes (self->db) == 0)
          {
            g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND,
                         "There is no %s with id %s", klass->type_name, id);
            ok = FALSE;
          }
      }
  }

  if (ok && self->bulk_load && g_type_is_a (type, FL_TYPE_CUSTOMER))
    _fl_store_customer_keys_changed (self, NULL, TRUE);

  if (ok && (flags & FL_STORE_PUT_ASSIGN_MODSEQ))
    {
      gint64 modseq;

      ok = next_modseq (self, &modseq, error)
           && (self->bulk_load
               || log_change (self, NULL, klass->type_name, id, modseq, "destroyed", error));
    }

  if (!ok)
    {
      if (own_transaction)
        fl_store_rollback (self);
      return FALSE;
    }

  return own_transaction ? fl_store_commit (self, error) : TRUE;
}

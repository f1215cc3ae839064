/* fl-store.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening and migrating the database, the statement cache, transactions, and
 * writing, reading and deleting records. The row mapping is in fl-store-rows.c,
 * customer lookup keys in fl-store-keys.c, bulk loading in fl-store-bulk.c.
 */
#define G_LOG_DOMAIN "Frontline-Store"

#include "config.h"

#include <string.h>

#include "fl-search-text.h"
#include "fl-store-private.h"

/* 'FlN1' in PRAGMA application_id: tells our files from any other SQLite file. */
#define FL_STORE_APPLICATION_ID 0x466C4E31


G_DEFINE_FINAL_TYPE (FlStore, fl_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (fl-store-error-quark, fl_store_error)

static void
fl_store_finalize (GObject *object)
{
  FlStore *self = FL_STORE (object);

  /* Statements must be finalized before the connection can close. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->columns, g_hash_table_unref);
  g_clear_pointer (&self->writers, g_hash_table_unref);
  if (self->db != NULL)
    {
      if (self->depth > 0)
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (fl_store_parent_class)->finalize (object);
}

static void
fl_store_class_init (FlStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fl_store_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* put() runs millions of times during an import: its statements are held here
 * per type, so that no SQL text is built or hashed per record. */
typedef struct
{
  sqlite3_stmt *insert;   /* INSERT … ON CONFLICT (id) DO NOTHING */
  sqlite3_stmt *update;   /* UPDATE … WHERE id = ?1 */
} Writer;

static void
writer_free (gpointer data)
{
  Writer *writer = data;

  sqlite3_finalize (writer->insert);
  sqlite3_finalize (writer->update);
  g_free (writer);
}

static void
fl_store_init (FlStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            finalize_statement);
  self->columns = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->writers = g_hash_table_new_full (NULL, NULL, NULL, writer_free);
  self->txn_modseq = -1;
  self->cache_kib = 65536;
}

gboolean
_fl_store_set_error (FlStore    *self,
                     int         rc,
                     const char *doing,
                     GError    **error)
{
  const char *message = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);
  int code;

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = FL_STORE_ERROR_BUSY;
      break;
    case SQLITE_CONSTRAINT:
      code = FL_STORE_ERROR_CONSTRAINT;
      break;
    case SQLITE_CANTOPEN:
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      code = FL_STORE_ERROR_OPEN;
      break;
    default:
      code = FL_STORE_ERROR_FAILED;
    }

  g_set_error (error, FL_STORE_ERROR, code, "%s: %s", doing, message);
  return FALSE;
}

sqlite3 *
_fl_store_get_db (FlStore *self)
{
  return self->db;
}

void
_fl_cached_stmt_release (FlCachedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

FlCachedStmt *
_fl_store_prepare (FlStore     *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _fl_store_set_error (self, rc, "Could not prepare a query", error);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
_fl_store_exec (FlStore     *self,
          const char  *sql,
          const char  *doing,
          GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _fl_store_set_error (self, rc, doing, error);
  return TRUE;
}

gboolean
_fl_store_query_int (FlStore     *self,
           const char  *sql,
           gint64      *value,
           GError     **error)
{
  g_autoptr(FlCachedStmt) stmt = _fl_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *value = sqlite3_column_int64 (stmt, 0);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    {
      *value = 0;
      return TRUE;
    }
  return _fl_store_set_error (self, rc, "Could not read from the database", error);
}

static gboolean
migrate (FlStore  *self,
         int       target,
         GError  **error)
{
  guint n_migrations;
  const char * const *migrations = _fl_store_get_migrations (&n_migrations);
  gint64 version;
  gint64 application_id;
  gint64 n_objects;

  if (!_fl_store_query_int (self, "PRAGMA user_version", &version, error)
      || !_fl_store_query_int (self, "PRAGMA application_id", &application_id, error)
      || !_fl_store_query_int (self, "SELECT count(*) FROM sqlite_schema", &n_objects, error))
    return FALSE;

  if (n_objects > 0 && application_id != FL_STORE_APPLICATION_ID)
    {
      g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_OPEN,
                   "%s is an SQLite database, but not one of Frontline's", self->path);
      return FALSE;
    }

  if (version > (gint64) n_migrations)
    {
      g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_TOO_NEW,
                   "%s was written by a newer version of Frontline (schema %" G_GINT64_FORMAT
                   ", this version knows up to %u); update Frontline to open it",
                   self->path, version, n_migrations);
      return FALSE;
    }

  if (version < target)
    {
      g_autofree char *set_version = NULL;

      /* All steps in one transaction: a crash half-way leaves the old schema,
       * never a mixture. */
      if (!_fl_store_exec (self, "BEGIN IMMEDIATE", "Could not start the schema upgrade", error))
        return FALSE;

      for (gint64 v = version; v < target; v++)
        {
          g_debug ("Migrating %s from schema %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                   self->path, v, v + 1);
          if (!_fl_store_exec (self, migrations[v], "Could not upgrade the database schema", error))
            {
              sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
              return FALSE;
            }
        }

      set_version = g_strdup_printf ("PRAGMA user_version = %d;"
                                     "PRAGMA application_id = %d;",
                                     target, FL_STORE_APPLICATION_ID);
      if (!_fl_store_exec (self, set_version, "Could not upgrade the database schema", error)
          || !_fl_store_exec (self, "COMMIT", "Could not upgrade the database schema", error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
      version = target;
    }

  self->schema_version = (int) version;
  return TRUE;
}

/* fl_scoped_words (product_id, text): the words of @text, each prefixed with the
 * product's scope (see _fl_store_scope_word()), separated by spaces. */
static void
scoped_words_func (sqlite3_context  *context,
                   int               argc,
                   sqlite3_value   **argv)
{
  const char *product_id = (const char *) sqlite3_value_text (argv[0]);
  const char *text = (const char *) sqlite3_value_text (argv[1]);
  g_autoptr(GPtrArray) words = NULL;
  GString *out;

  if (product_id == NULL || text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  words = fl_search_split_words (text, 4096);
  out = g_string_new (NULL);
  for (guint i = 0; i < words->len; i++)
    {
      g_autofree char *scoped = _fl_store_scope_word (product_id,
                                                      g_ptr_array_index (words, i));

      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, scoped);
    }
  sqlite3_result_text (context, out->str, (int) out->len, g_free);
  g_string_free (out, FALSE);
}

/**
 * _fl_store_scope_word:
 *
 * "s" + the 32 hex digits of the product id + the word's stem: one token, unique
 * to the product, in the flaw_words index.
 */
char *
_fl_store_scope_word (const char *product_id,
                      const char *word)
{
  g_autofree char *stem = fl_search_stem (word);
  GString *out = g_string_sized_new (40 + strlen (stem));

  g_string_append_c (out, 's');
  for (const char *p = product_id; *p; p++)
    if (g_ascii_isxdigit (*p))
      g_string_append_c (out, g_ascii_tolower (*p));
  g_string_append (out, stem);
  return g_string_free (out, FALSE);
}

FlStore *
_fl_store_open_at_version (const char  *path,
                           int          version,
                           GError     **error)
{
  g_autoptr(FlStore) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (FL_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  /* NOMUTEX: a store is used by one thread at a time (see fl-store.h), so SQLite's
   * own per-connection locking would be pure cost. */
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      _fl_store_set_error (self, rc, "Could not open the database", error);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);

  /* Used by the schema's triggers: every connection that writes flaws needs it. */
  rc = sqlite3_create_function_v2 (self->db, "fl_scoped_words", 2,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                   NULL, scoped_words_func, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _fl_store_set_error (self, rc, "Could not open the database", error);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);

  /* WAL lets the console read while sync writes; synchronous=NORMAL in WAL mode
   * keeps every committed transaction through a crash of the process. */
  if (!_fl_store_exec (self,
                 "PRAGMA journal_mode = WAL;"
                 "PRAGMA synchronous = NORMAL;"
                 "PRAGMA foreign_keys = ON;"
                 "PRAGMA temp_store = MEMORY;"
                 "PRAGMA cache_size = -65536;",
                 "Could not configure the database", error))
    return NULL;

  if (!migrate (self, version, error))
    return NULL;

  if (version >= 2 && !_fl_store_finish_interrupted_bulk_load (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * fl_store_open:
 * @path: the database file; created when missing
 * @error: why it could not be opened
 *
 * Opens the database and brings its schema up to date.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
FlStore *
fl_store_open (const char  *path,
               GError     **error)
{
  guint n_migrations;

  _fl_store_get_migrations (&n_migrations);
  return _fl_store_open_at_version (path, (int) n_migrations, error);
}

/**
 * fl_store_set_cache_size:
 * @bytes: the most memory SQLite may keep pages of this database in
 *
 * The default, 64 MiB, suits a desktop's local copy. A server, or anything that
 * reads a large database at random, does better with its hot pages in its own
 * memory: the operating system's file cache may be given back to a hypervisor
 * (as on the build machines here) and every miss is then a disk read.
 */
gboolean
fl_store_set_cache_size (FlStore  *self,
                         gsize     bytes,
                         GError  **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);

  self->cache_kib = MAX (bytes / 1024, 1024);
  sql = g_strdup_printf ("PRAGMA cache_size = -%" G_GSIZE_FORMAT, self->cache_kib);
  return _fl_store_exec (self, sql, "Could not set the cache size", error);
}

const char *
fl_store_get_path (FlStore *self)
{
  g_return_val_if_fail (FL_IS_STORE (self), NULL);
  return self->path;
}

int
fl_store_get_schema_version (FlStore *self)
{
  g_return_val_if_fail (FL_IS_STORE (self), 0);
  return self->schema_version;
}

int
fl_store_get_latest_schema_version (void)
{
  guint n_migrations;

  _fl_store_get_migrations (&n_migrations);
  return (int) n_migrations;
}

/* Transactions -------------------------------------------------------------- */

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
 * fl_store_commit:
 *
 * Ends the outermost transaction. If it cannot commit (a reference to a record
 * that does not exist, say), everything since fl_store_begin() is rolled back.
 */
gboolean
fl_store_commit (FlStore  *self,
                 GError  **error)
{
  g_return_val_if_fail (FL_IS_STORE (self), FALSE);

  if (self->depth == 0)
    {
      g_set_error_literal (error, FL_STORE_ERROR, FL_STORE_ERROR_FAILED,
                           "Nothing to commit: the write was already rolled back");
      return FALSE;
    }

  if (--self->depth > 0)
    return TRUE;

  if (!flush_modseq (self, error)
      || !_fl_store_exec (self, "COMMIT", "Could not save the changes", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      self->txn_modseq = -1;
      return FALSE;
    }

  self->txn_modseq = -1;
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
  self->depth = 0;
  self->txn_modseq = -1;
  self->txn_modseq_dirty = FALSE;
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
      writer_free (writer);
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
  if (FL_IS_CUSTOMER (entity) && !self->bulk_load
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

/**
 * fl_store_get:
 *
 * Returns: (transfer full) (nullable): the record, or %NULL with
 *   %FL_STORE_ERROR_NOT_FOUND
 */
FlEntity *
fl_store_get (FlStore     *self,
              GType        type,
              const char  *id,
              GError     **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  FlEntityClass *klass;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), NULL);
  g_return_val_if_fail (g_type_is_a (type, FL_TYPE_ENTITY), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  klass = _fl_store_entity_class (type);
  sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?1",
                         _fl_store_columns (self, type), klass->table_name);
  stmt = _fl_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return _fl_store_read_entity (self, type, stmt, 0);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND,
                   "There is no %s with id %s", klass->type_name, id);
      return NULL;
    }

  _fl_store_set_error (self, rc, "Could not read the record", error);
  return NULL;
}

FlEntity *
_fl_store_get_by_pk (FlStore  *self,
                     GType     type,
                     gint64    pk,
                     GError  **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  int rc;

  sql = g_strdup_printf ("SELECT %s FROM %s WHERE rowid = ?1",
                         _fl_store_columns (self, type), _fl_store_entity_class (type)->table_name);
  stmt = _fl_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, pk);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return _fl_store_read_entity (self, type, stmt, 0);
  if (rc == SQLITE_DONE)
    g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND,
                 "The record was deleted while it was being read");
  else
    _fl_store_set_error (self, rc, "Could not read the record", error);
  return NULL;
}

/**
 * fl_store_count:
 *
 * Returns: how many records of @type there are, or -1 with @error set
 */
gint64
fl_store_count (FlStore  *self,
                GType     type,
                GError  **error)
{
  g_autofree char *sql = NULL;
  gint64 count;

  g_return_val_if_fail (FL_IS_STORE (self), -1);
  g_return_val_if_fail (g_type_is_a (type, FL_TYPE_ENTITY), -1);

  sql = g_strdup_printf ("SELECT count(*) FROM %s", _fl_store_entity_class (type)->table_name);
  if (!_fl_store_query_int (self, sql, &count, error))
    return -1;
  return count;
}

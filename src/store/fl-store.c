/* fl-store.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening and migrating the database, the statement cache, errors, and reading
 * records by id. Writing is in fl-store-write.c, the row mapping in
 * fl-store-rows.c, customer lookup keys in fl-store-keys.c, bulk loading in
 * fl-store-bulk.c.
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

  _fl_store_free_key_builder (self);
  /* Statements must be finalized before the connection can close. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->columns, g_hash_table_unref);
  g_clear_pointer (&self->writers, g_hash_table_unref);
  g_clear_pointer (&self->foreign_keys, g_hash_table_unref);
  g_clear_pointer (&self->index_probes, g_hash_table_unref);
  g_clear_pointer (&self->savepoints, g_array_unref);
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

static void
fl_store_init (FlStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            finalize_statement);
  self->columns = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->writers = g_hash_table_new_full (NULL, NULL, NULL, _fl_store_writer_free);
  self->foreign_keys = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_strfreev);
  self->index_probes = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_strfreev);
  self->txn_modseq = -1;
  self->savepoints = g_array_new (FALSE, FALSE, sizeof (SavedModseq));
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
_fl_store_step_done (FlStore       *self,
                     sqlite3_stmt  *stmt,
                     const char    *doing,
                     GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
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

static gsize memstatus_off;

FlStore *
_fl_store_open_at_version (const char  *path,
                           int          version,
                           GError     **error)
{
  g_autoptr(FlStore) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  /* SQLite counts every allocation of every connection under one process-wide
   * mutex unless told not to. A server's writer, readers and prefetchers each
   * have a thread and a connection, and the writer, which every write waits
   * for, was seen waiting for that mutex. Nothing here reads the counts. Only
   * possible before SQLite's first use in the process (else SQLITE_MISUSE,
   * ignored: the counting stays on). */
  if (g_once_init_enter (&memstatus_off))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&memstatus_off, 1);
    }

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

/* fl-store.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening and migrating the database, transactions, and the generic mapping of any
 * record to and from its row: one walk over the record's field table, so adding a
 * field is a migration plus a line in the type's table, and nothing here changes.
 */
#define G_LOG_DOMAIN "Frontline-Store"

#include "config.h"

#include <string.h>

#include "fl-search-text.h"
#include "fl-store-private.h"

/* 'FlN1' in PRAGMA application_id: tells our files from any other SQLite file. */
#define FL_STORE_APPLICATION_ID 0x466C4E31

struct _FlStore
{
  GObject      parent_instance;

  sqlite3     *db;
  char        *path;
  int          schema_version;

  GHashTable  *statements;     /* SQL text -> sqlite3_stmt, prepared once */
  GHashTable  *columns;        /* GType -> "id, modseq, …" */
  GHashTable  *writers;        /* GType -> Writer: the prepared statements of put() */

  guint        depth;          /* nesting of fl_store_begin() */
  gboolean     bulk_load;      /* between fl_store_begin/end_bulk_load() */
  gsize        cache_kib;      /* page cache size outside bulk loads */
  gint64       txn_modseq;     /* modseq counter inside a write, -1 before the first use */
  gboolean     txn_modseq_dirty;
};

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

static gboolean
exec_sql (FlStore     *self,
          const char  *sql,
          const char  *doing,
          GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _fl_store_set_error (self, rc, doing, error);
  return TRUE;
}

static gboolean
query_int (FlStore     *self,
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

  if (!query_int (self, "PRAGMA user_version", &version, error)
      || !query_int (self, "PRAGMA application_id", &application_id, error)
      || !query_int (self, "SELECT count(*) FROM sqlite_schema", &n_objects, error))
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
      if (!exec_sql (self, "BEGIN IMMEDIATE", "Could not start the schema upgrade", error))
        return FALSE;

      for (gint64 v = version; v < target; v++)
        {
          g_debug ("Migrating %s from schema %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                   self->path, v, v + 1);
          if (!exec_sql (self, migrations[v], "Could not upgrade the database schema", error))
            {
              sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
              return FALSE;
            }
        }

      set_version = g_strdup_printf ("PRAGMA user_version = %d;"
                                     "PRAGMA application_id = %d;",
                                     target, FL_STORE_APPLICATION_ID);
      if (!exec_sql (self, set_version, "Could not upgrade the database schema", error)
          || !exec_sql (self, "COMMIT", "Could not upgrade the database schema", error))
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

static gboolean finish_interrupted_bulk_load (FlStore  *self,
                                              GError  **error);
static gboolean rebuild_customer_keys        (FlStore  *self,
                                              GError  **error);
static gboolean drop_or_create_secondary_indexes (FlStore   *self,
                                                  gboolean   create,
                                                  GError   **error);
static gboolean drop_or_create_fts_insert_triggers (FlStore   *self,
                                                    gboolean   create,
                                                    GError   **error);

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
  if (!exec_sql (self,
                 "PRAGMA journal_mode = WAL;"
                 "PRAGMA synchronous = NORMAL;"
                 "PRAGMA foreign_keys = ON;"
                 "PRAGMA temp_store = MEMORY;"
                 "PRAGMA cache_size = -65536;",
                 "Could not configure the database", error))
    return NULL;

  if (!migrate (self, version, error))
    return NULL;

  if (version >= 2 && !finish_interrupted_bulk_load (self, error))
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
  return exec_sql (self, sql, "Could not set the cache size", error);
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
      if (!exec_sql (self, "BEGIN IMMEDIATE", "Could not start writing", error))
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
      || !exec_sql (self, "COMMIT", "Could not save the changes", error))
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
  if (!query_int (self, "SELECT value FROM meta WHERE key = 'modseq'", &value, NULL))
    return -1;
  return value;
}

static gboolean
next_modseq (FlStore  *self,
             gint64   *modseq,
             GError  **error)
{
  if (self->txn_modseq < 0
      && !query_int (self, "SELECT value FROM meta WHERE key = 'modseq'", &self->txn_modseq, error))
    return FALSE;

  /* Kept in memory for the rest of the transaction and written once at commit:
   * a bulk import assigns a million of these. */
  *modseq = ++self->txn_modseq;
  self->txn_modseq_dirty = TRUE;
  return TRUE;
}


/* Bulk loading ------------------------------------------------------------ */

static gboolean
bulk_load_flag_is_set (FlStore  *self,
                       gboolean *is_set,
                       GError  **error)
{
  gint64 count;

  if (!query_int (self, "SELECT count(*) FROM meta WHERE key = 'bulk_load'", &count, error))
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
  if (!exec_sql (self, "PRAGMA threads = 2;", "Could not rebuild the search indexes", error))
    return FALSE;

  if (!fl_store_begin (self, error))
    return FALSE;
  /* Keys first: written in order into a table with no other index yet. */
  ok = rebuild_customer_keys (self, error)
       && drop_or_create_secondary_indexes (self, TRUE, error)
       && drop_or_create_fts_insert_triggers (self, TRUE, error)
       && exec_sql (self, rebuild, "Could not rebuild the search indexes", error);
  if (!ok)
    fl_store_rollback (self);
  else
    ok = fl_store_commit (self, error);

  if (!exec_sql (self, "PRAGMA threads = 0;", "Could not rebuild the search indexes",
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

      if (!exec_sql (self, sql, create ? "Could not rebuild an index" : "Could not drop an index",
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

      if (!exec_sql (self, sql,
                     create ? "Could not restore a search trigger" : "Could not drop a search trigger",
                     error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
finish_interrupted_bulk_load (FlStore  *self,
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
  if (!exec_sql (self, "INSERT OR REPLACE INTO meta (key, value) VALUES ('bulk_load', 1);",
                 "Could not start the bulk load", error)
      || !drop_or_create_secondary_indexes (self, FALSE, error)
      || !drop_or_create_fts_insert_triggers (self, FALSE, error)
      || !fl_store_commit (self, error))
    {
      fl_store_rollback (self);
      return FALSE;
    }

  if (!exec_sql (self,
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

    return exec_sql (self, sql, "Could not finish the bulk load", error);
  }
}

/* Row mapping --------------------------------------------------------------- */

static FlEntityClass *
entity_class (GType type)
{
  /* Every record type's class is referenced for the life of the process once a
   * record of it exists; ref it here so the peek below is never NULL. */
  return FL_ENTITY_CLASS (g_type_class_peek (type) ?: g_type_class_ref (type));
}

const char *
_fl_store_columns (FlStore *self,
                   GType    type)
{
  const char *columns = g_hash_table_lookup (self->columns, GSIZE_TO_POINTER (type));

  if (columns == NULL)
    {
      guint n_fields;
      const FlFieldInfo *fields = fl_entity_class_get_fields (entity_class (type), &n_fields);
      GString *out = g_string_new (NULL);

      for (guint i = 0; i < n_fields; i++)
        g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", fields[i].name);
      columns = g_string_free (out, FALSE);
      g_hash_table_insert (self->columns, GSIZE_TO_POINTER (type), (gpointer) columns);
    }

  return columns;
}

/* Lists are stored as JSON arrays of strings, readable by SQLite's json_each(). */
static char *
list_to_json (const char * const *items)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; items[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '"');
      for (const char *p = items[i]; *p; p++)
        {
          guchar c = (guchar) *p;

          if (c == '"' || c == '\\')
            g_string_append_printf (out, "\\%c", c);
          else if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
      g_string_append_c (out, '"');
    }

  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

static char **
list_from_json (const char *text)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonNode *root;

  if (text == NULL || strcmp (text, "[]") == 0)
    return NULL;

  /* Fast path for what list_to_json() writes when nothing needed escaping. */
  if (strchr (text, '\\') == NULL && text[0] == '[' && text[1] == '"')
    {
      g_auto(GStrv) parts = NULL;
      gsize len = strlen (text);

      if (len >= 4 && text[len - 1] == ']' && text[len - 2] == '"')
        {
          g_autofree char *inner = g_strndup (text + 2, len - 4);

          parts = g_strsplit (inner, "\",\"", -1);
          return g_steal_pointer (&parts);
        }
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_ARRAY (root))
    return NULL;

  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (root), i);

      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (item));
    }
  return g_strv_builder_end (builder);
}

FlEntity *
_fl_store_read_entity (FlStore      *self,
                       GType         type,
                       sqlite3_stmt *stmt,
                       int           first_column)
{
  FlEntityClass *klass = entity_class (type);
  guint n_fields;
  const FlFieldInfo *fields = fl_entity_class_get_fields (klass, &n_fields);
  FlEntity *entity = fl_entity_new (type);

  for (guint i = 0; i < n_fields; i++)
    {
      int column = first_column + (int) i;
      const FlFieldInfo *info = &fields[i];

      switch (info->kind)
        {
        case FL_FIELD_TEXT:
        case FL_FIELD_ID:
          fl_entity_set_text (entity, i, (const char *) sqlite3_column_text (stmt, column));
          break;

        case FL_FIELD_INT:
        case FL_FIELD_BOOL:
        case FL_FIELD_TIMESTAMP:
          fl_entity_set_int (entity, i, sqlite3_column_int64 (stmt, column));
          break;

        case FL_FIELD_ENUM:
          {
            const char *nick = (const char *) sqlite3_column_text (stmt, column);
            int value;

            if (nick != NULL && fl_enum_from_nick (info->enum_type (), nick, &value))
              fl_entity_set_int (entity, i, value);
            else
              g_warning ("%s %s: unknown %s “%s” in the database; kept the default",
                         klass->type_name, fl_entity_get_id (entity), info->name,
                         nick ? nick : "(null)");
          }
          break;

        case FL_FIELD_TEXT_LIST:
        case FL_FIELD_ID_LIST:
          {
            g_auto(GStrv) items =
              list_from_json ((const char *) sqlite3_column_text (stmt, column));

            fl_entity_set_list (entity, i, (const char * const *) items);
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return entity;
}

gboolean
_fl_store_collect (FlStore      *self,
                   GType         type,
                   sqlite3_stmt *stmt,
                   GPtrArray    *out,
                   GError      **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, _fl_store_read_entity (self, type, stmt, 0));

  if (rc != SQLITE_DONE)
    return _fl_store_set_error (self, rc, "Could not read from the database", error);
  return TRUE;
}

/* Binds the record's fields to ?1…?N in field-table order. */
static void
bind_entity (sqlite3_stmt *stmt,
             FlEntity     *entity)
{
  guint n_fields;
  const FlFieldInfo *fields = fl_entity_class_get_fields (FL_ENTITY_GET_CLASS (entity), &n_fields);

  for (guint i = 0; i < n_fields; i++)
    {
      int param = (int) i + 1;

      switch (fields[i].kind)
        {
        case FL_FIELD_TEXT:
        case FL_FIELD_ID:
          {
            const char *text = fl_entity_get_text (entity, i);

            /* The record outlives the statement's use: no copy needed. */
            if (text != NULL)
              sqlite3_bind_text (stmt, param, text, -1, SQLITE_STATIC);
            else
              sqlite3_bind_null (stmt, param);
          }
          break;

        case FL_FIELD_INT:
        case FL_FIELD_BOOL:
          sqlite3_bind_int64 (stmt, param, fl_entity_get_int (entity, i));
          break;

        case FL_FIELD_TIMESTAMP:
          if (fl_entity_get_int (entity, i) != 0)
            sqlite3_bind_int64 (stmt, param, fl_entity_get_int (entity, i));
          else
            sqlite3_bind_null (stmt, param);
          break;

        case FL_FIELD_ENUM:
          sqlite3_bind_text (stmt, param,
                             fl_enum_to_nick (fields[i].enum_type (),
                                              (int) fl_entity_get_int (entity, i)),
                             -1, SQLITE_STATIC);
          break;

        case FL_FIELD_TEXT_LIST:
        case FL_FIELD_ID_LIST:
          sqlite3_bind_text (stmt, param, list_to_json (fl_entity_get_list (entity, i)),
                             -1, g_free);
          break;

        default:
          g_assert_not_reached ();
        }
    }
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

  klass = entity_class (type);
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

/* The lookup keys of a customer (see customer_keys in the schema). */
static GPtrArray *
customer_keys (const char          *name,
               const char * const  *emails,
               const char * const  *phones)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) name_words = fl_search_split_words (name, 8);

  for (guint i = 0; phones[i] != NULL; i++)
    {
      g_autofree char *digits = fl_search_phone_key (phones[i]);

      if (digits != NULL)
        g_ptr_array_add (keys, g_strconcat ("p:", digits, NULL));
    }

  for (guint i = 0; emails[i] != NULL; i++)
    {
      g_autofree char *folded = fl_search_fold (emails[i]);

      if (*folded != '\0')
        g_ptr_array_add (keys, g_strconcat ("e:", folded, NULL));
    }

  for (guint i = 0; i < name_words->len; i++)
    g_ptr_array_add (keys, g_strconcat ("n:", (const char *) g_ptr_array_index (name_words, i),
                                        NULL));

  /* Ordered pairs of name words, both ways round: "helena mar" and "marquez hel"
   * are then one narrow range each, where intersecting every Helena with every
   * Mar… would read thousands of keys. */
  for (guint i = 0; i < MIN (name_words->len, 4); i++)
    for (guint j = 0; j < MIN (name_words->len, 4); j++)
      if (i != j)
        g_ptr_array_add (keys, g_strconcat ("m:", (const char *) g_ptr_array_index (name_words, i),
                                            " ", (const char *) g_ptr_array_index (name_words, j),
                                            NULL));

  return keys;
}

static gboolean
insert_customer_keys (FlStore    *self,
                      const char *sql,
                      gint64      customer_pk,
                      GPtrArray  *keys,
                      GError    **error)
{
  g_autoptr(FlCachedStmt) stmt = _fl_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < keys->len; i++)
    {
      int rc;

      sqlite3_bind_text (stmt, 1, g_ptr_array_index (keys, i), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, customer_pk);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return _fl_store_set_error (self, rc, "Could not index the customer", error);
    }
  return TRUE;
}

static gboolean
write_customer_keys (FlStore     *self,
                     FlCustomer  *customer,
                     gboolean     existed,
                     GError     **error)
{
  g_autoptr(GPtrArray) keys = NULL;
  gint64 pk;

  if (existed)
    {
      g_autoptr(FlCachedStmt) find = _fl_store_prepare (self,
                                                        "SELECT pk FROM customers WHERE id = ?1",
                                                        error);
      g_autoptr(FlCachedStmt) clear = NULL;
      int rc;

      if (find == NULL)
        return FALSE;
      sqlite3_bind_text (find, 1, fl_entity_get_id (FL_ENTITY (customer)), -1, SQLITE_STATIC);
      if ((rc = sqlite3_step (find)) != SQLITE_ROW)
        return _fl_store_set_error (self, rc, "Could not find the customer", error);
      pk = sqlite3_column_int64 (find, 0);

      clear = _fl_store_prepare (self, "DELETE FROM customer_keys WHERE customer_pk = ?1", error);
      if (clear == NULL)
        return FALSE;
      sqlite3_bind_int64 (clear, 1, pk);
      if ((rc = sqlite3_step (clear)) != SQLITE_DONE)
        return _fl_store_set_error (self, rc, "Could not index the customer", error);
    }
  else
    pk = sqlite3_last_insert_rowid (self->db);

  keys = customer_keys (fl_customer_get_name (customer), fl_customer_get_emails (customer),
                        fl_customer_get_phones (customer));
  return insert_customer_keys (self,
                               "INSERT OR IGNORE INTO customer_keys (key, customer_pk) "
                               "VALUES (?1, ?2)", pk, keys, error);
}

/* One lookup key of the rebuild: its text lives in a shared arena of
 * NUL-terminated strings, so a million customers' keys cost two big blocks
 * rather than ten million small allocations. */
typedef struct
{
  gsize  offset;
  gint64 customer_pk;
} RebuiltKey;

static int
compare_rebuilt_keys (gconstpointer a,
                      gconstpointer b,
                      gpointer      arena)
{
  const RebuiltKey *ka = a;
  const RebuiltKey *kb = b;
  /* strcmp() orders UTF-8 as SQLite's BINARY collation (memcmp) does. */
  int cmp = strcmp ((const char *) arena + ka->offset, (const char *) arena + kb->offset);

  if (cmp != 0)
    return cmp;
  return (ka->customer_pk > kb->customer_pk) - (ka->customer_pk < kb->customer_pk);
}

/* Recomputes every customer's lookup keys after a bulk load. They are sorted
 * in memory and inserted in key order, so the table is written front to back
 * instead of at a random page per key; sorting in C rather than through a
 * temporary table and SQLite's sorter saves writing every key twice more. */
static gboolean
rebuild_customer_keys (FlStore  *self,
                       GError  **error)
{
  g_autoptr(FlCachedStmt) customers = NULL;
  g_autoptr(FlCachedStmt) insert = NULL;
  g_autoptr(GString) arena = g_string_sized_new (1 << 20);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (RebuiltKey));
  int rc;

  customers = _fl_store_prepare (self, "SELECT pk, name, emails, phones FROM customers", error);
  if (customers == NULL)
    return FALSE;

  while ((rc = sqlite3_step (customers)) == SQLITE_ROW)
    {
      g_auto(GStrv) emails = list_from_json ((const char *) sqlite3_column_text (customers, 2));
      g_auto(GStrv) phones = list_from_json ((const char *) sqlite3_column_text (customers, 3));
      const char *none[] = { NULL };
      gint64 pk = sqlite3_column_int64 (customers, 0);
      g_autoptr(GPtrArray) customer =
        customer_keys ((const char *) sqlite3_column_text (customers, 1),
                       emails != NULL ? (const char * const *) emails : none,
                       phones != NULL ? (const char * const *) phones : none);

      for (guint i = 0; i < customer->len; i++)
        {
          const char *key = g_ptr_array_index (customer, i);
          RebuiltKey entry = { arena->len, pk };

          g_string_append_len (arena, key, strlen (key) + 1);
          g_array_append_val (keys, entry);
        }
    }
  if (rc != SQLITE_DONE)
    return _fl_store_set_error (self, rc, "Could not rebuild the customer lookup", error);
  g_clear_pointer (&customers, _fl_cached_stmt_release);

  g_array_sort_with_data (keys, compare_rebuilt_keys, arena->str);

  if (!exec_sql (self, "DELETE FROM customer_keys;", "Could not rebuild the customer lookup", error))
    return FALSE;
  /* OR IGNORE: a name with a repeated word gives the same key twice. */
  insert = _fl_store_prepare (self,
                              "INSERT OR IGNORE INTO customer_keys (key, customer_pk) "
                              "VALUES (?1, ?2)", error);
  if (insert == NULL)
    return FALSE;

  for (guint i = 0; i < keys->len; i++)
    {
      const RebuiltKey *entry = &g_array_index (keys, RebuiltKey, i);

      sqlite3_bind_text (insert, 1, arena->str + entry->offset, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 2, entry->customer_pk);
      rc = sqlite3_step (insert);
      sqlite3_reset (insert);
      if (rc != SQLITE_DONE)
        return _fl_store_set_error (self, rc, "Could not rebuild the customer lookup", error);
    }
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
  bind_entity (writer->insert, entity);
  rc = sqlite3_step (writer->insert);
  _fl_cached_stmt_release (writer->insert);
  if (rc != SQLITE_DONE)
    return _fl_store_set_error (self, rc, "Could not save the record", error);
  existed = sqlite3_changes (self->db) == 0;

  if (existed)
    {
      bind_entity (writer->update, entity);
      rc = sqlite3_step (writer->update);
      _fl_cached_stmt_release (writer->update);
      if (rc != SQLITE_DONE)
        return _fl_store_set_error (self, rc, "Could not save the record", error);
    }

  /* A bulk load computes the keys of all customers at its end, in key order. */
  if (FL_IS_CUSTOMER (entity) && !self->bulk_load
      && !write_customer_keys (self, FL_CUSTOMER (entity), existed, error))
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

  klass = entity_class (type);
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

  klass = entity_class (type);
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
                         _fl_store_columns (self, type), entity_class (type)->table_name);
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

  sql = g_strdup_printf ("SELECT count(*) FROM %s", entity_class (type)->table_name);
  if (!query_int (self, sql, &count, error))
    return -1;
  return count;
}

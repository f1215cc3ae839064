/* fl-store-bulk-fts.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The full-text indexes of customers, cases and interactions, built on a thread
 * of their own during a bulk load into an empty store: tokenizing ten million
 * texts was a sixth of the load, done after the rows were in. The thread
 * writes the same FTS5 tables (the store's own CREATE statements and settings)
 * into a scratch database beside the store: copies of each record's text and
 * rowid, handed over in chunks, go into plain tables there as the load runs,
 * and when the records end the thread has FTS5 rebuild its indexes from them
 * while the store builds its other indexes. Then the store recreates those
 * tables and copies the finished index in, which costs a copy of its pages
 * rather than the tokenizing. A record replaced, deleted or
 * rolled back during the load, or any error of the thread, sends the indexes
 * back to FTS5's own 'rebuild' from the records.
 */
#define G_LOG_DOMAIN "Frontline-Store"

#include "config.h"

#include <glib/gstdio.h>

#include "fl-store-private.h"

#define RECORDS_PER_CHUNK 2000

/* The external-content indexes the thread builds, and a table of the same name
 * and columns as each one's records, which the scratch database fills and its
 * copy of the index is rebuilt from. */
static const struct
{
  const char *table;
  const char *content;
  const char *insert;
} indexes[] = {
  { "customer_fts",
    "CREATE TABLE customers (pk INTEGER PRIMARY KEY, name, organisation, emails, phones)",
    "INSERT INTO customers (pk, name, organisation, emails, phones) VALUES (?, ?, ?, ?, ?)" },
  { "case_fts",
    "CREATE TABLE cases (pk INTEGER PRIMARY KEY, subject, description)",
    "INSERT INTO cases (pk, subject, description) VALUES (?, ?, ?)" },
  { "interaction_fts",
    "CREATE TABLE interactions (pk INTEGER PRIMARY KEY, body)",
    "INSERT INTO interactions (pk, body) VALUES (?, ?)" },
};

#define N_INDEXES G_N_ELEMENTS (indexes)
#define MAX_COLUMNS 4

/* The shadow tables of an FTS5 table with external content. */
static const char * const shadow_tables[] = { "data", "idx", "docsize", "config" };

typedef struct
{
  guint   index;
  gint64  rowid;
  char   *text[MAX_COLUMNS];
} IndexedText;

struct _FlFtsBuilder
{
  FlHandover   handover;    /* of IndexedText */
  char        *path;        /* the scratch database */
  char        *create[N_INDEXES];  /* the store's CREATE VIRTUAL TABLE statements */
  char        *settings;    /* the store's FTS5 settings, as SQL, for the scratch tables */
  gboolean     invalid;     /* a record changed under the builder: rebuild instead */
  GError      *error;       /* the thread's, read once it is joined */
};

static void
indexed_text_clear (gpointer data)
{
  IndexedText *text = data;

  for (guint i = 0; i < MAX_COLUMNS; i++)
    g_free (text->text[i]);
}

static gboolean
exec_or_set_error (sqlite3     *db,
                   const char  *sql,
                   GError     **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;
  g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_FAILED,
               "Could not build the search indexes: %s", sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
index_chunk (sqlite3       *db,
             sqlite3_stmt **inserts,
             GArray        *chunk,
             GError       **error)
{
  for (guint i = 0; i < chunk->len; i++)
    {
      const IndexedText *text = &g_array_index (chunk, IndexedText, i);
      sqlite3_stmt *stmt = inserts[text->index];
      int rc;

      sqlite3_bind_int64 (stmt, 1, text->rowid);
      for (int c = 1; c < sqlite3_bind_parameter_count (stmt); c++)
        sqlite3_bind_text (stmt, c + 1, text->text[c - 1], -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return exec_or_set_error (db, "SELECT raise (ABORT, 'insert failed')", error);
    }
  return TRUE;
}

static gpointer
build_indexes (gpointer data)
{
  FlFtsBuilder *builder = data;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *inserts[N_INDEXES] = { NULL };
  sqlite3 *db = NULL;
  GArray *chunk;
  gboolean ok;

  ok = sqlite3_open_v2 (builder->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
       == SQLITE_OK;
  /* Scratch: nothing here must survive a crash. */
  ok = ok && exec_or_set_error (db,
                                "PRAGMA journal_mode = OFF;"
                                "PRAGMA synchronous = OFF;"
                                "PRAGMA cache_size = -262144;", &error);
  for (guint i = 0; ok && i < N_INDEXES; i++)
    ok = exec_or_set_error (db, builder->create[i], &error)
         && exec_or_set_error (db, indexes[i].content, &error);
  ok = ok && exec_or_set_error (db, builder->settings, &error)
       && exec_or_set_error (db, "BEGIN", &error);
  for (guint i = 0; ok && i < N_INDEXES; i++)
    if (sqlite3_prepare_v2 (db, indexes[i].insert, -1, &inserts[i], NULL) != SQLITE_OK)
      ok = exec_or_set_error (db, indexes[i].insert, &error);
  if (!ok && error == NULL)
    g_set_error (&error, FL_STORE_ERROR, FL_STORE_ERROR_FAILED,
                 "Could not build the search indexes: %s",
                 db != NULL ? sqlite3_errmsg (db) : "no database");

  /* Every chunk is taken, even after an error, so the store never waits. */
  while ((chunk = _fl_handover_take (&builder->handover, NULL, NULL)) != NULL)
    {
      ok = ok && index_chunk (db, inserts, chunk, &error);
      g_array_unref (chunk);
    }

  for (guint i = 0; i < N_INDEXES; i++)
    {
      g_autofree char *rebuild = g_strdup_printf ("INSERT INTO %1$s (%1$s) VALUES ('rebuild')",
                                                  indexes[i].table);

      sqlite3_finalize (inserts[i]);
      ok = ok && exec_or_set_error (db, rebuild, &error);
    }
  ok = ok && exec_or_set_error (db, "COMMIT", &error);
  sqlite3_close_v2 (db);

  builder->error = g_steal_pointer (&error);
  return NULL;
}

/* The store's FTS5 settings ('hashsize' and the like) for the scratch tables. */
static char *
read_settings (FlStore  *self,
               GError  **error)
{
  GString *sql = g_string_new (NULL);

  for (guint i = 0; i < N_INDEXES; i++)
    {
      g_autofree char *select = g_strdup_printf ("SELECT k, v FROM %s_config WHERE k != 'version'",
                                                 indexes[i].table);
      sqlite3_stmt *stmt = NULL;
      int rc = sqlite3_prepare_v2 (self->db, select, -1, &stmt, NULL);

      while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          char *insert = sqlite3_mprintf ("INSERT INTO %s (%s, rank) VALUES (%Q, %Q);",
                                          indexes[i].table, indexes[i].table,
                                          sqlite3_column_text (stmt, 0),
                                          sqlite3_column_text (stmt, 1));

          g_string_append (sql, insert);
          sqlite3_free (insert);
          rc = SQLITE_OK;
        }
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        {
          g_string_free (sql, TRUE);
          _fl_store_set_error (self, rc, "Could not read the search settings", error);
          return NULL;
        }
    }
  return g_string_free (sql, FALSE);
}

void
_fl_store_free_fts_builder (FlStore *self)
{
  FlFtsBuilder *builder = g_steal_pointer (&self->fts_builder);

  if (builder == NULL)
    return;
  _fl_handover_clear (&builder->handover);
  g_clear_error (&builder->error);
  for (guint i = 0; i < N_INDEXES; i++)
    g_free (builder->create[i]);
  g_free (builder->settings);
  g_unlink (builder->path);
  g_free (builder->path);
  g_free (builder);
}

/**
 * _fl_store_start_fts_builder:
 *
 * Starts the thread; without it (an error reading the store's definitions,
 * reported as a warning) the end of the load rebuilds the indexes itself.
 */
void
_fl_store_start_fts_builder (FlStore *self)
{
  g_autoptr(GError) error = NULL;
  FlFtsBuilder *builder;

  _fl_store_free_fts_builder (self);

  builder = g_new0 (FlFtsBuilder, 1);
  /* Beside the store's file (the caller made sure it has one). */
  builder->path = g_strconcat (sqlite3_db_filename (self->db, "main"), "-fts-build", NULL);
  g_unlink (builder->path);
  for (guint i = 0; i < N_INDEXES; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT sql FROM sqlite_schema WHERE name = '%s'",
                                              indexes[i].table);
      g_autoptr(FlCachedStmt) stmt = _fl_store_prepare (self, sql, &error);

      if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
        builder->create[i] = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      if (builder->create[i] == NULL)
        break;
    }
  builder->settings = builder->create[N_INDEXES - 1] != NULL ? read_settings (self, &error) : NULL;
  self->fts_builder = builder;

  if (builder->settings == NULL)
    {
      g_warning ("Building the search indexes after the load instead: %s",
                 error != NULL ? error->message : "a search table is missing");
      builder->invalid = TRUE;
      return;
    }
  _fl_handover_start (&builder->handover, "store-fts", sizeof (IndexedText), RECORDS_PER_CHUNK,
                      indexed_text_clear, build_indexes, builder);
}

void
_fl_store_fts_builder_add (FlStore  *self,
                           FlEntity *entity,
                           gint64    rowid)
{
  FlFtsBuilder *builder = self->fts_builder;
  IndexedText text = { 0, rowid, { NULL } };

  if (builder == NULL || builder->invalid)
    return;

  if (FL_IS_CUSTOMER (entity))
    {
      text.index = 0;
      text.text[0] = g_strdup (fl_customer_get_name (FL_CUSTOMER (entity)));
      text.text[1] = g_strdup (fl_customer_get_organisation (FL_CUSTOMER (entity)));
      /* The lists as the row holds them: the index is of the row's text. */
      text.text[2] = _fl_store_list_to_json (fl_customer_get_emails (FL_CUSTOMER (entity)));
      text.text[3] = _fl_store_list_to_json (fl_customer_get_phones (FL_CUSTOMER (entity)));
    }
  else if (FL_IS_CASE (entity))
    {
      text.index = 1;
      text.text[0] = g_strdup (fl_case_get_subject (FL_CASE (entity)));
      text.text[1] = g_strdup (fl_case_get_description (FL_CASE (entity)));
    }
  else if (FL_IS_INTERACTION (entity))
    {
      text.index = 2;
      text.text[0] = g_strdup (fl_interaction_get_body (FL_INTERACTION (entity)));
    }
  else
    return;

  _fl_handover_give (&builder->handover, &text);
}

/* No more records: the thread goes on to build the indexes meanwhile. */
void
_fl_store_fts_builder_end_records (FlStore *self)
{
  if (self->fts_builder != NULL)
    _fl_handover_end (&self->fts_builder->handover);
}

void
_fl_store_fts_builder_invalidate (FlStore *self)
{
  if (self->fts_builder != NULL)
    self->fts_builder->invalid = TRUE;
}

/**
 * _fl_store_attach_fts_builder:
 * @attached: set when the finished indexes are attached as "fts_build"
 *
 * Waits for the thread and attaches its database; outside a transaction, as
 * ATTACH must be. When the builder cannot be used, @attached stays %FALSE and
 * the indexes are to be rebuilt from the records.
 */
gboolean
_fl_store_attach_fts_builder (FlStore   *self,
                              gboolean  *attached,
                              GError   **error)
{
  FlFtsBuilder *builder = self->fts_builder;
  char *sql;
  gboolean ok;

  *attached = FALSE;
  if (builder == NULL)
    return TRUE;
  _fl_handover_finish (&builder->handover);
  if (builder->error != NULL)
    g_warning ("Building the search indexes after the load instead: %s", builder->error->message);
  if (builder->invalid || builder->error != NULL)
    {
      _fl_store_free_fts_builder (self);
      return TRUE;
    }

  sql = sqlite3_mprintf ("ATTACH DATABASE %Q AS fts_build", builder->path);
  ok = _fl_store_exec (self, sql, "Could not copy the search indexes", error);
  sqlite3_free (sql);
  *attached = ok;
  return ok;
}

/**
 * _fl_store_copy_fts_builder:
 *
 * Inside the rebuild's transaction: recreates each table the builder made
 * (so this connection holds nothing of the empty index) and copies the
 * finished index into it.
 */
gboolean
_fl_store_copy_fts_builder (FlStore  *self,
                            GError  **error)
{
  FlFtsBuilder *builder = self->fts_builder;

  for (guint i = 0; i < N_INDEXES; i++)
    {
      g_autoptr(GString) sql = g_string_new (NULL);

      g_string_append_printf (sql, "DROP TABLE main.%s; %s;", indexes[i].table,
                              builder->create[i]);
      for (guint s = 0; s < G_N_ELEMENTS (shadow_tables); s++)
        g_string_append_printf (sql,
                                "DELETE FROM main.%1$s_%2$s;"
                                "INSERT INTO main.%1$s_%2$s SELECT * FROM fts_build.%1$s_%2$s;",
                                indexes[i].table, shadow_tables[s]);
      if (!_fl_store_exec (self, sql->str, "Could not copy the search indexes", error))
        return FALSE;
    }
  return TRUE;
}

/* After the rebuild's transaction, whether it committed or not. */
void
_fl_store_detach_fts_builder (FlStore *self)
{
  sqlite3_exec (self->db, "DETACH DATABASE fts_build", NULL, NULL, NULL);
  _fl_store_free_fts_builder (self);
}

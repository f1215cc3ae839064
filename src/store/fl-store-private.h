/* fl-store-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the store's own files share: the statement cache, row <-> record mapping,
 * error mapping, and the schema's migrations. Not for use outside src/store/ and
 * its tests.
 */
#pragma once

#include <sqlite3.h>

#include "fl-store.h"

G_BEGIN_DECLS

/* Chunks of records handed to a helper thread (fl-store-handover.c). */
typedef struct
{
  GThread        *thread;
  GAsyncQueue    *chunks;    /* of GArray; an empty one ends the handover */
  GArray         *chunk;     /* being filled */
  gsize           element_size;
  guint           chunk_size;
  GDestroyNotify  clear_func;
} FlHandover;

void                 _fl_handover_start        (FlHandover     *handover,
                                                const char     *name,
                                                gsize           element_size,
                                                guint           chunk_size,
                                                GDestroyNotify  clear_func,
                                                GThreadFunc     func,
                                                gpointer        data);
void                 _fl_handover_give         (FlHandover     *handover,
                                                gconstpointer   element);
GArray              *_fl_handover_take         (FlHandover     *handover,
                                                GFunc           when_idle,
                                                gpointer        data);
void                 _fl_handover_end          (FlHandover     *handover);
void                 _fl_handover_finish       (FlHandover     *handover);
void                 _fl_handover_clear        (FlHandover     *handover);

typedef struct _FlKeyBuilder FlKeyBuilder;

/* The instance struct, shared by the files that make up FlStore (fl-store*.c). */
struct _FlStore
{
  GObject      parent_instance;

  sqlite3     *db;
  char        *path;
  int          schema_version;

  GHashTable  *statements;     /* SQL text -> sqlite3_stmt, prepared once */
  GHashTable  *columns;        /* GType -> "id, modseq, …" */
  GHashTable  *writers;        /* GType -> Writer: the prepared statements of put() */
  GHashTable  *foreign_keys;   /* GType -> GStrv: column, table, column, table, … */
  GHashTable  *index_probes;   /* GType -> GStrv: column, probe SQL, … (prefetching) */

  guint        depth;          /* nesting of fl_store_begin() */
  gboolean     bulk_load;      /* between fl_store_begin/end_bulk_load() */
  gboolean     bulk_unjournaled; /* that load runs without WAL (see fl-store-bulk.c) */
  FlKeyBuilder *key_builder;   /* works out a bulk load's lookup keys (fl-store-keys.c) */
  gsize        cache_kib;      /* page cache size outside bulk loads */
  gint64       txn_modseq;     /* modseq counter inside a write, -1 before the first use */
  gboolean     txn_modseq_dirty;
  GArray      *savepoints;     /* of SavedModseq: the counter at each open savepoint */
  int          wal_limit;      /* fl_store_set_wal_limit(), in pages */
};

/* What rolling back to a savepoint restores of the in-memory modseq counter. */
typedef struct
{
  gint64   modseq;
  gboolean dirty;
} SavedModseq;

/* A statement from the store's cache. g_autoptr(FlCachedStmt) resets it and clears
 * its bindings when it goes out of scope, ready for the next use. */
typedef sqlite3_stmt FlCachedStmt;

void                 _fl_cached_stmt_release   (FlCachedStmt  *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlCachedStmt, _fl_cached_stmt_release)

FlCachedStmt        *_fl_store_prepare         (FlStore       *self,
                                                const char    *sql,
                                                GError       **error);
gboolean             _fl_store_set_error       (FlStore       *self,
                                                int            rc,
                                                const char    *doing,
                                                GError       **error);
sqlite3             *_fl_store_get_db          (FlStore       *self);
gboolean             _fl_store_exec            (FlStore       *self,
                                                const char    *sql,
                                                const char    *doing,
                                                GError       **error);
/* Runs a statement that returns no rows, its parameters already bound. */
gboolean             _fl_store_step_done       (FlStore       *self,
                                                sqlite3_stmt  *stmt,
                                                const char    *doing,
                                                GError       **error);
gboolean             _fl_store_query_int       (FlStore       *self,
                                                const char    *sql,
                                                gint64        *value,
                                                GError       **error);
FlEntityClass       *_fl_store_entity_class    (GType          type);
void                 _fl_store_writer_free     (gpointer       writer);
char               **_fl_store_list_from_json  (const char    *text);
void                 _fl_store_bind_entity     (sqlite3_stmt  *stmt,
                                                FlEntity      *entity);
gboolean             _fl_store_write_customer_keys   (FlStore     *self,
                                                      FlCustomer  *customer,
                                                      gboolean     existed,
                                                      GError     **error);
gboolean             _fl_store_rebuild_customer_keys (FlStore     *self,
                                                      GError     **error);
/* During a bulk load into an empty store, customers' keys are worked out on
 * another thread as they are written; see fl-store-keys.c. */
void                 _fl_store_start_key_builder     (FlStore     *self);
void                 _fl_store_free_key_builder      (FlStore     *self);
/* A customer was written (@customer_or_null), or deleted or rolled back (NULL),
 * during a bulk load. */
void                 _fl_store_customer_keys_changed (FlStore     *self,
                                                      FlCustomer  *customer_or_null,
                                                      gboolean     existed);
gboolean             _fl_store_index_pending_search  (FlStore     *self,
                                                      GError     **error);
gboolean             _fl_store_finish_interrupted_bulk_load (FlStore  *self,
                                                             GError  **error);

/* "id, modseq, created_at, … " for @type's table, in field-table order. */
const char          *_fl_store_columns         (FlStore       *self,
                                                GType          type);
/* Builds a record from the current row of @stmt, whose columns starting at
 * @first_column are _fl_store_columns() of @type. */
FlEntity            *_fl_store_read_entity     (FlStore       *self,
                                                GType          type,
                                                sqlite3_stmt  *stmt,
                                                int            first_column);
/* Steps @stmt to the end, reading one @type record per row into @out. */
gboolean             _fl_store_collect         (FlStore       *self,
                                                GType          type,
                                                sqlite3_stmt  *stmt,
                                                GPtrArray     *out,
                                                GError       **error);
char                *_fl_store_qualified_columns (FlStore     *self,
                                                  GType        type,
                                                  const char  *alias);
GPtrArray           *_fl_store_new_result_array (void);
FlEntity            *_fl_store_get_by_pk       (FlStore       *self,
                                                GType          type,
                                                gint64         pk,
                                                GError       **error);

const char * const  *_fl_store_get_migrations  (guint         *n_migrations);
char                *_fl_store_scope_word      (const char    *product_id,
                                                const char    *word);
const char * const  *_fl_store_get_secondary_indexes (guint   *n_indexes);
const char * const  *_fl_store_get_fts_insert_triggers (guint  *n_triggers);
FlStore             *_fl_store_open_at_version (const char    *path,
                                                int            version,
                                                GError       **error);

G_END_DECLS

/* fl-store.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlStore is one SQLite database of records: the server's system of record and the
 * desktop's local copy use the same schema and this same code. One FlStore is one
 * connection and must be used from one thread at a time; open one per thread (WAL
 * lets readers run beside the writer).
 */
#pragma once

#include <gio/gio.h>

#include "frontline-core.h"
#include "fl-flaw-match.h"
#include "fl-history-item.h"
#include "fl-offer-suggestion.h"

G_BEGIN_DECLS

#define FL_TYPE_STORE (fl_store_get_type ())
G_DECLARE_FINAL_TYPE (FlStore, fl_store, FL, STORE, GObject)

#define FL_STORE_ERROR (fl_store_error_quark ())

typedef enum
{
  FL_STORE_ERROR_OPEN,        /* the file cannot be opened or is not a Frontline database */
  FL_STORE_ERROR_TOO_NEW,     /* written by a newer Frontline: refuse rather than damage it */
  FL_STORE_ERROR_NOT_FOUND,   /* no record with that id */
  FL_STORE_ERROR_CONSTRAINT,  /* a reference to a missing record, a duplicate login… */
  FL_STORE_ERROR_BUSY,        /* another writer held the lock for too long */
  FL_STORE_ERROR_FAILED,      /* anything else SQLite reported */
  FL_STORE_ERROR_CANNOT_CALCULATE_CHANGES, /* the change log no longer reaches that far back */
  FL_STORE_ERROR_INVALID_QUERY, /* a query names a field the type does not have */
} FlStoreError;

typedef enum
{
  FL_STORE_PUT_DEFAULT       = 0,
  /* The system of record's write: take the next modseq, stamp updatedAt and log
   * the change for X/changes. Without it the record's own modseq is kept, which
   * is what a local copy does with what the server sent. */
  FL_STORE_PUT_ASSIGN_MODSEQ = 1 << 0,
  /* Skip validation: the caller has just validated (bulk import of generated data). */
  FL_STORE_PUT_TRUSTED       = 1 << 1,
} FlStorePutFlags;

/* Which kinds of event a customer history page includes. */
typedef enum
{
  FL_HISTORY_CASES        = 1 << 0,
  FL_HISTORY_INTERACTIONS = 1 << 1,
  FL_HISTORY_PURCHASES    = 1 << 2,
  FL_HISTORY_OFFERS       = 1 << 3,
  FL_HISTORY_ALL          = 0xf,
} FlHistoryFilter;

/* A case queue. Statuses are a bit mask of (1 << FlCaseStatus); 0 means any. */
typedef struct
{
  guint        statuses;
  int          tier;          /* an FlCaseTier, or -1 for any */
  const char  *assignee_id;   /* NULL: anyone's; "": unassigned only */
  const char  *customer_id;   /* NULL: every customer */
} FlCaseFilter;

#define FL_CASE_FILTER_INIT { 0, -1, NULL, NULL }
#define FL_CASE_STATUS_MASK(status) (1u << (status))
#define FL_CASE_STATUSES_ACTIVE (FL_CASE_STATUS_MASK (FL_CASE_STATUS_NEW) \
                                 | FL_CASE_STATUS_MASK (FL_CASE_STATUS_OPEN) \
                                 | FL_CASE_STATUS_MASK (FL_CASE_STATUS_PENDING) \
                                 | FL_CASE_STATUS_MASK (FL_CASE_STATUS_ESCALATED))

typedef gboolean (*FlStoreWriteFunc) (FlStore   *store,
                                      gpointer   user_data,
                                      GError   **error);

GQuark      fl_store_error_quark           (void);

FlStore    *fl_store_open                  (const char          *path,
                                            GError             **error);
const char *fl_store_get_path              (FlStore             *self);
gboolean    fl_store_set_cache_size        (FlStore             *self,
                                            gsize                bytes,
                                            GError             **error);
int         fl_store_get_schema_version    (FlStore             *self);
int         fl_store_get_latest_schema_version (void);

/* Writes. Each runs in its own BEGIN IMMEDIATE transaction unless called inside
 * fl_store_write() or between fl_store_begin()/fl_store_commit(). */
gboolean    fl_store_write                 (FlStore             *self,
                                            FlStoreWriteFunc     func,
                                            gpointer             user_data,
                                            GError             **error);
gboolean    fl_store_begin                 (FlStore             *self,
                                            GError             **error);
gboolean    fl_store_commit                (FlStore             *self,
                                            GError             **error);
void        fl_store_rollback              (FlStore             *self);
/* One snapshot for a run of reads (see fl-store-write.c). */
gboolean    fl_store_begin_read            (FlStore             *self,
                                            GError             **error);
void        fl_store_end_read              (FlStore             *self);
gboolean    fl_store_put                   (FlStore             *self,
                                            FlEntity            *entity,
                                            FlStorePutFlags      flags,
                                            GError             **error);
gboolean    fl_store_destroy               (FlStore             *self,
                                            GType                type,
                                            const char          *id,
                                            FlStorePutFlags      flags,
                                            GError             **error);
gint64      fl_store_get_modseq            (FlStore             *self);

/* Checks made record by record, because the schema's foreign keys are only
 * checked at commit: references to records that do not exist, and records that
 * others still refer to. Both fail with %FL_STORE_ERROR_CONSTRAINT. */
gboolean    fl_store_check_references      (FlStore             *self,
                                            FlEntity            *entity,
                                            GError             **error);
gboolean    fl_store_check_unreferenced    (FlStore             *self,
                                            GType                type,
                                            const char          *id,
                                            GError             **error);

/* Reads, without writing, the index pages that writing @entity will read:
 * each index of its table at the key the write adds, and the records it
 * refers to. A reader calls it before the write reaches the one writer, so
 * that the writer finds them in memory instead of waiting on the disk. */
void        fl_store_prefetch_write        (FlStore             *self,
                                            FlEntity            *entity);

/* Nested atomic steps inside a write: the server's group commit runs each
 * waiting request in a savepoint of one transaction, so that a request that
 * fails leaves the others in the group untouched. */
gboolean    fl_store_savepoint             (FlStore             *self,
                                            GError             **error);
gboolean    fl_store_release_savepoint     (FlStore             *self,
                                            GError             **error);
void        fl_store_rollback_to_savepoint (FlStore             *self);

/* The system of record acknowledges a write only once it is on disk
 * (synchronous=FULL); a desktop's copy can be re-fetched and keeps NORMAL,
 * except for the commits that queue an agent's own changes in the outbox.
 * (The server's writer keeps NORMAL and syncs the log itself, in a thread of
 * its own: see fl-commit-queue.c.) */
gboolean    fl_store_set_durable           (FlStore             *self,
                                            gboolean             durable,
                                            GError             **error);

/* What changed for one type since a modseq, from the change log: ids created,
 * updated and destroyed, at most @max_changes of them. */
typedef struct
{
  GPtrArray *created;    /* of char *, in change order */
  GPtrArray *updated;
  GPtrArray *destroyed;
  gint64     new_modseq; /* pass back as @since to continue */
  gboolean   has_more;
} FlStoreChanges;

void        fl_store_changes_clear         (FlStoreChanges      *changes);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FlStoreChanges, fl_store_changes_clear)

gboolean    fl_store_get_changes           (FlStore             *self,
                                            GType                type,
                                            gint64               since,
                                            guint                max_changes,
                                            FlStoreChanges      *changes,
                                            GError             **error);
/* The modseq of the last change to any record of @type (the JMAP state of the
 * type), or the change log's horizon if it holds none. -1 on error. */
gint64      fl_store_get_type_modseq       (FlStore             *self,
                                            GType                type,
                                            GError             **error);
/* The type names ("Case", …) with changes logged after @since, and in
 * @modseqs (if not NULL; gint64 each) the last modseq of each: its new state. */
GStrv       fl_store_get_changed_types     (FlStore             *self,
                                            gint64               since,
                                            GArray             **modseqs,
                                            GError             **error);
/* The last modseq whose change is no longer in the log (a bulk load or a purge):
 * changes since anything older cannot be calculated. */
gint64      fl_store_get_changelog_horizon (FlStore             *self,
                                            GError             **error);
/* Forgets changes (and destroyed records' tombstones) logged before @before
 * (µs since the epoch); clients that synced before then resync in full. */
gboolean    fl_store_purge_changelog       (FlStore             *self,
                                            gint64               before,
                                            guint               *n_purged,
                                            GError             **error);

/* WAL checkpoints. The server's writer turns its automatic checkpoints off and
 * a connection of its own copies the log back into the database (PASSIVE: it
 * never waits for, nor holds up, the writer), so commits never pay for it. */
gboolean    fl_store_set_auto_checkpoint   (FlStore             *self,
                                            gboolean             enabled,
                                            GError             **error);
/* For a writer whose automatic checkpoints are off: once the log passes
 * @pages, the next commit ends with a PASSIVE checkpoint of its own. With a
 * background checkpointer doing the bulk, this copies only the tail, and it
 * completes (no other writer can append meanwhile), so the log then starts
 * over instead of growing without bound. */
gboolean    fl_store_set_wal_limit         (FlStore             *self,
                                            int                  pages,
                                            GError             **error);
/* PASSIVE copies what it can without waiting for anyone. @restart waits (up to
 * the busy timeout) for the writer to pause, copies the rest and lets the log
 * start over from its beginning. @log_frames receives the log's length in
 * pages (may be NULL). */
gboolean    fl_store_checkpoint            (FlStore             *self,
                                            gboolean             restart,
                                            int                 *log_frames,
                                            GError             **error);

/* Online backup to a new file, consistent even while others write. */
gboolean    fl_store_backup                (FlStore             *self,
                                            const char          *destination,
                                            GError             **error);

/* Loading a large dataset (an import, the demo generator): full-text indexes are
 * rebuilt once at the end instead of row by row, and writes are not logged one by
 * one (the change log restarts after the load). Other writes go on meanwhile,
 * except in a load into an empty store: that one leaves WAL and holds the file
 * for this connection until its end (see fl-store-bulk.c). */
gboolean    fl_store_begin_bulk_load       (FlStore             *self,
                                            GError             **error);
gboolean    fl_store_end_bulk_load         (FlStore             *self,
                                            GError             **error);

/* Reads. */
FlEntity   *fl_store_get                   (FlStore             *self,
                                            GType                type,
                                            const char          *id,
                                            GError             **error);
gint64      fl_store_count                 (FlStore             *self,
                                            GType                type,
                                            GError             **error);

/* Customer lookup for the caller-ID pop and the picker: by phone (any formatting;
 * matches on the trailing digits), e-mail (prefix), or name (word prefixes). */
GPtrArray  *fl_store_find_customers_by_phone (FlStore           *self,
                                              const char        *phone,
                                              guint              limit,
                                              GError           **error);
GPtrArray  *fl_store_find_customers_by_email (FlStore           *self,
                                              const char        *email_prefix,
                                              guint              limit,
                                              GError           **error);
GPtrArray  *fl_store_find_customers_by_name  (FlStore           *self,
                                              const char        *name_prefix,
                                              guint              limit,
                                              GError           **error);
GPtrArray  *fl_store_lookup_customers        (FlStore           *self,
                                              const char        *text,
                                              guint              limit,
                                              GError           **error);

/* Full-text search, ranked (bm25). Any text is accepted: it is never passed to
 * SQLite as query syntax. */
GPtrArray  *fl_store_search_customers      (FlStore             *self,
                                            const char          *text,
                                            guint                limit,
                                            GError             **error);
GPtrArray  *fl_store_search_cases          (FlStore             *self,
                                            const char          *text,
                                            guint                limit,
                                            GError             **error);
GPtrArray  *fl_store_search_flaws          (FlStore             *self,
                                            const char          *text,
                                            guint                limit,
                                            GError             **error);

/* Known flaws for a case: same product, affecting its version, ranked by how well
 * their words match the case's subject, description and notes. */
GPtrArray  *fl_store_match_flaws           (FlStore             *self,
                                            const char          *product_id,
                                            const char          *version,
                                            const char          *text,
                                            guint                limit,
                                            GError             **error);
GPtrArray  *fl_store_match_flaws_for_case  (FlStore             *self,
                                            const char          *case_id,
                                            guint                limit,
                                            GError             **error);
/* The same with the words of a note the agent is still typing. */
GPtrArray  *fl_store_match_flaws_for_draft (FlStore             *self,
                                            const char          *case_id,
                                            const char          *draft,
                                            guint                limit,
                                            GError             **error);
gint64      fl_store_count_cases_for_flaw  (FlStore             *self,
                                            const char          *flaw_id,
                                            GError             **error);

/* Offers that fit a case, what can be offered now first, each with its reason
 * and, when held back, why (see fl-store-offers.c). */
GPtrArray  *fl_store_suggest_offers        (FlStore             *self,
                                            const char          *case_id,
                                            guint                limit,
                                            GError             **error);

/* A customer's history, newest first, a page at a time. Pass the cursor a page
 * returned to get the next; a NULL *next_cursor means there is no more. */
GPtrArray  *fl_store_get_customer_history  (FlStore             *self,
                                            const char          *customer_id,
                                            FlHistoryFilter      filter,
                                            const char          *cursor,
                                            guint                limit,
                                            char               **next_cursor,
                                            GError             **error);

/* The case queue, most urgent first: priority, then SLA due time, then age. */
GPtrArray  *fl_store_query_cases           (FlStore             *self,
                                            const FlCaseFilter  *filter,
                                            guint                offset,
                                            guint                limit,
                                            GError             **error);

G_END_DECLS

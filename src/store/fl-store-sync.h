/* fl-store-sync.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tables only a desktop's local copy fills (migration 5): the sync engine's
 * remembered state, the outbox of local changes not yet acknowledged, and the
 * conflicts the server refused. Called from the sync engine's pool jobs, inside
 * the same transactions as the record writes they go with.
 */
#pragma once

#include "fl-store.h"

G_BEGIN_DECLS

typedef enum
{
  FL_OUTBOX_CREATE,
  FL_OUTBOX_UPDATE,
  FL_OUTBOX_DESTROY,
} FlOutboxOp;

const char *fl_outbox_op_to_string       (FlOutboxOp      op);
gboolean    fl_outbox_op_from_string     (const char     *text,
                                          FlOutboxOp     *op);

typedef struct
{
  gint64      seq;
  gint64      mutation_id;
  char       *type_name;
  FlOutboxOp  op;
  char       *record_id;
  char       *payload;      /* JSON: the record (create), the patch (update), NULL (destroy) */
  gint64      base_modseq;  /* the record's modseq the change was made on; 0 if new */
  guint       attempts;     /* times sent without an answer we could act on */
  gint64      created_at;
} FlOutboxEntry;

void        fl_outbox_entry_free         (FlOutboxEntry  *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlOutboxEntry, fl_outbox_entry_free)

typedef struct
{
  gint64  seq;
  char   *type_name;
  char   *record_id;
  char   *op;
  char   *reason;   /* the server's error type: "forbidden", "stateMismatch", "changedOnServer"… */
  char   *local;    /* JSON: what this desktop wanted (the record or the patch) */
  char   *server;   /* JSON: the server's record at the time, or NULL if it has none */
  gint64  at;
} FlConflict;

void        fl_conflict_free             (FlConflict     *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlConflict, fl_conflict_free)

/* A replica applies what the server sent in the order pages arrive, and one page
 * may name a record the next brings; the server has already checked every
 * reference. Sync jobs turn the checks off around their transaction (outside
 * any transaction: SQLite ignores the pragma inside one). */
gboolean    fl_store_set_foreign_keys    (FlStore        *self,
                                          gboolean        enabled,
                                          GError        **error);

/* Key/value state. A key not set reads as NULL with no error; setting NULL
 * removes it. */
char       *fl_store_sync_get            (FlStore        *self,
                                          const char     *key,
                                          GError        **error);
gboolean    fl_store_sync_set            (FlStore        *self,
                                          const char     *key,
                                          const char     *value,
                                          GError        **error);
/* The next mutation id of this desktop: never reused, even after the outbox
 * empties. -1 on error. */
gint64      fl_store_sync_next_mutation_id (FlStore      *self,
                                            GError      **error);

/* A full sync of a type notes each id it receives; at its end the records of
 * that type it did not receive (and that no outbox row holds) are destroyed
 * locally, and the notes cleared. */
gboolean    fl_store_sync_mark_seen      (FlStore        *self,
                                          const char     *type_name,
                                          const char     *id,
                                          GError        **error);
gboolean    fl_store_sync_sweep_unseen   (FlStore        *self,
                                          GType           type,
                                          guint          *n_swept,
                                          GError        **error);

/* The customers the local cases belong to, in id order, the next @limit
 * after @after (NULL: from the first): a first sync fetches their histories
 * a batch at a time. */
GPtrArray  *fl_store_sync_case_customers_after (FlStore  *self,
                                                const char *after,
                                                guint     limit,
                                                GError  **error);
gint64      fl_store_sync_count_case_customers (FlStore  *self,
                                                GError  **error);

/* The outbox, oldest first. append() takes the next mutation id; returns the
 * row's seq, or -1 on error. */
gint64      fl_store_outbox_append       (FlStore        *self,
                                          const char     *type_name,
                                          FlOutboxOp      op,
                                          const char     *record_id,
                                          const char     *payload,
                                          gint64          base_modseq,
                                          GError        **error);
GPtrArray  *fl_store_outbox_list         (FlStore        *self,
                                          guint           limit,
                                          GError        **error);
gboolean    fl_store_outbox_remove       (FlStore        *self,
                                          gint64          seq,
                                          GError        **error);
gboolean    fl_store_outbox_mark_attempt (FlStore        *self,
                                          gint64          seq,
                                          GError        **error);
gint64      fl_store_outbox_count        (FlStore        *self,
                                          GError        **error);
/* After the server took one of our changes to @record_id, the next row for it
 * builds on that: its base becomes the server's new @modseq. Only the next
 * one: the rows after it are rebased in turn as each is taken, which keeps a
 * long run of edits to one record linear rather than quadratic. */
gboolean    fl_store_outbox_rebase       (FlStore        *self,
                                          const char     *record_id,
                                          gint64          modseq,
                                          GError        **error);
/* How many outbox rows touch @record_id (-1 on error): a record with pending
 * changes is not overwritten by what the server sends until they are pushed. */
gint64      fl_store_outbox_count_record (FlStore        *self,
                                          const char     *record_id,
                                          GError        **error);

gint64      fl_store_conflict_add        (FlStore        *self,
                                          const char     *type_name,
                                          const char     *record_id,
                                          const char     *op,
                                          const char     *reason,
                                          const char     *local,
                                          const char     *server,
                                          GError        **error);
GPtrArray  *fl_store_conflict_list       (FlStore        *self,
                                          GError        **error);
/* FL_STORE_ERROR_NOT_FOUND when there is no such conflict. */
FlConflict *fl_store_conflict_get        (FlStore        *self,
                                          gint64          seq,
                                          GError        **error);
gboolean    fl_store_conflict_remove     (FlStore        *self,
                                          gint64          seq,
                                          GError        **error);
gint64      fl_store_conflict_count      (FlStore        *self,
                                          GError        **error);

G_END_DECLS

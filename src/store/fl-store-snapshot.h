/* fl-store-snapshot.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A desktop's first sync as one database file. The server copies what a paged
 * first sync would bring — the same scope, the same records — from its own
 * database into a fresh file with the shared schema, inside one read
 * transaction, with each type's state at that moment in sync_state. The
 * desktop checks the file, carries its own tables (its settings, outbox and
 * conflicts) into it, and puts it in place of its local copy (see
 * fl_store_pool_replace_file()); X/changes from those states brings the rest.
 */
#pragma once

#include "fl-store.h"

G_BEGIN_DECLS

/* fl_store_snapshot_build()'s @since for "everything". */
#define FL_STORE_SNAPSHOT_EVERYTHING G_MININT64

typedef struct
{
  guint64 n_records;   /* records of every type copied */
  gint64  modseq;      /* the account's state when the copy was taken */
} FlStoreSnapshotInfo;

/* Server side: writes into @out_path (replacing it) the local copy a desktop's
 * first sync would make from the database at @source_path: agents, products,
 * flaws and offers in full; cases that are active or changed at or after
 * @since, their customers, and those customers' cases, interactions,
 * ownerships and offer outcomes (with FL_STORE_SNAPSHOT_EVERYTHING: every
 * record). Nothing only a server keeps (sessions, credentials, the mutation
 * ledger, the audit and change logs) is copied: those tables are empty, as
 * on every desktop. Runs for seconds to minutes: call it on a worker. */
gboolean fl_store_snapshot_build    (const char           *source_path,
                                     const char           *out_path,
                                     gint64                since,
                                     FlStoreSnapshotInfo  *info,
                                     GError              **error);

/* Desktop side, on the opened snapshot @snapshot: fails with
 * FL_STORE_ERROR_OPEN unless it has the schema this build writes and a state
 * for every type. */
gboolean fl_store_snapshot_check    (FlStore              *snapshot,
                                     GError              **error);

/* Desktop side: copies into @snapshot what only @local (the local copy it is
 * to replace) has: the sync settings but the states, the outbox and the
 * conflicts, and the local version of every record the outbox still holds
 * changes to. One transaction on @snapshot; @local is only read. */
gboolean fl_store_snapshot_adopt    (FlStore              *snapshot,
                                     FlStore              *local,
                                     GError              **error);

G_END_DECLS

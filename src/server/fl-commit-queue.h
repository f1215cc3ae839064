/* fl-commit-queue.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlCommitQueue is the server's one writer. Write jobs queue up; a thread of its
 * own takes every job waiting at that moment, runs each in a savepoint of one
 * transaction and commits them together. A job that fails is rolled back alone.
 * A syncer thread then makes the write-ahead log durable with one fdatasync()
 * for every group committed meanwhile, while the writer goes on with the next
 * group; two syncers, so a group committed during one sync starts its own at
 * once. Results are returned on the caller's main context, in commit order,
 * only after that sync: nothing is acknowledged before it is on disk.
 *
 * After each commit that changed records, "committed" is emitted on the main
 * context the queue was made in, with the new modseq and the changed types.
 */
#pragma once

#include <gio/gio.h>

#include "fl-store-pool.h"

G_BEGIN_DECLS

#define FL_TYPE_COMMIT_QUEUE (fl_commit_queue_get_type ())
G_DECLARE_FINAL_TYPE (FlCommitQueue, fl_commit_queue, FL, COMMIT_QUEUE, GObject)

FlCommitQueue *fl_commit_queue_new           (const char           *path,
                                              GError              **error);
/* @job runs on the writer thread inside a savepoint; NULL with an error rolls
 * back what it did. */
void           fl_commit_queue_submit_async  (FlCommitQueue        *self,
                                              FlStoreJob            job,
                                              gpointer              job_data,
                                              GDestroyNotify        job_data_free,
                                              GDestroyNotify        result_free,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gpointer       fl_commit_queue_submit_finish (FlCommitQueue        *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* Finishes the jobs already queued and stops the thread. */
void           fl_commit_queue_stop          (FlCommitQueue        *self);
/* How many jobs are waiting for the writer now (a moment's figure). */
guint          fl_commit_queue_get_waiting   (FlCommitQueue        *self);
/* For the benchmark: how many groups committed, and jobs in them. */
void           fl_commit_queue_get_stats     (FlCommitQueue        *self,
                                              guint64              *n_groups,
                                              guint64              *n_jobs);

G_END_DECLS

/* fl-snapshot-cache.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desktops' first-sync snapshots (GET /jmap/snapshot), built on a worker
 * from the server's database (fl_store_snapshot_build()) and kept for a while,
 * one per scope, so that a team signing in on Monday morning costs one build.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A built snapshot: immutable, reference counted. */
typedef struct _FlSnapshot FlSnapshot;

FlSnapshot *fl_snapshot_ref            (FlSnapshot *snapshot);
void        fl_snapshot_unref          (FlSnapshot *snapshot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlSnapshot, fl_snapshot_unref)
/* The file's bytes (mapped, not read into memory). */
GBytes     *fl_snapshot_get_bytes      (FlSnapshot *snapshot);
/* Its SHA-256, in hex. */
const char *fl_snapshot_get_sha256     (FlSnapshot *snapshot);
guint64     fl_snapshot_get_n_records  (FlSnapshot *snapshot);
/* The account's state it was taken at. */
gint64      fl_snapshot_get_modseq     (FlSnapshot *snapshot);
/* When it was taken (g_get_real_time()). */
gint64      fl_snapshot_get_built_at   (FlSnapshot *snapshot);

/* How long a snapshot is handed out again, an hour unless told. Any age
 * inside the change log's 30 days is exact after the desktop's catch-up; an
 * hour's changes are a short catch-up, and keeping the default scope ready
 * costs one build an hour. */
#define FL_SNAPSHOT_DEFAULT_MAX_AGE (60 * G_TIME_SPAN_MINUTE)

#define FL_TYPE_SNAPSHOT_CACHE (fl_snapshot_cache_get_type ())
G_DECLARE_FINAL_TYPE (FlSnapshotCache, fl_snapshot_cache, FL, SNAPSHOT_CACHE, GObject)

/* Snapshots of the database at @db_path go into @folder (created; files left
 * there by an earlier run are deleted). */
FlSnapshotCache *fl_snapshot_cache_new          (const char          *db_path,
                                                 const char          *folder,
                                                 GError             **error);
/* 0: build every snapshot afresh. */
void             fl_snapshot_cache_set_max_age  (FlSnapshotCache     *self,
                                                 GTimeSpan            max_age);
/* The snapshot for @scope_days (0: everything): a cached one younger than the
 * maximum age, or one built now (requests for the same scope meanwhile wait
 * for that build). */
void             fl_snapshot_cache_get_async    (FlSnapshotCache     *self,
                                                 guint                scope_days,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
FlSnapshot      *fl_snapshot_cache_get_finish   (FlSnapshotCache     *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* Builds @scope_days's snapshot now, on the background thread, and again each
 * time three quarters of the maximum age are up, so that a desktop's first
 * sync finds one ready. Nothing with a maximum age of 0. */
void             fl_snapshot_cache_keep_ready   (FlSnapshotCache     *self,
                                                 guint                scope_days);

G_END_DECLS

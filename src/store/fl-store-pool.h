/* fl-store-pool.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlStorePool runs store work off the calling thread: reads on a few connections
 * in parallel (WAL lets them run beside the writer), writes one at a time on a
 * single writer connection. The console and the server call it from their main
 * loop, which never waits on SQLite; results arrive on the caller's main context.
 */
#pragma once

#include <gio/gio.h>

#include "fl-store.h"

G_BEGIN_DECLS

/* The work itself, run on a pool thread with a connection of its own. Returns the
 * result (or NULL with @error set); the pool hands it to the caller's finish(). */
typedef gpointer (*FlStoreJob) (FlStore       *store,
                                gpointer       job_data,
                                GCancellable  *cancellable,
                                GError       **error);

#define FL_TYPE_STORE_POOL (fl_store_pool_get_type ())
G_DECLARE_FINAL_TYPE (FlStorePool, fl_store_pool, FL, STORE_POOL, GObject)

FlStorePool *fl_store_pool_new               (const char          *path,
                                              guint                max_readers,
                                              GError             **error);
void         fl_store_pool_read_async        (FlStorePool         *self,
                                              FlStoreJob           job,
                                              gpointer             job_data,
                                              GDestroyNotify       job_data_free,
                                              GDestroyNotify       result_free,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
void         fl_store_pool_write_async       (FlStorePool         *self,
                                              FlStoreJob           job,
                                              gpointer             job_data,
                                              GDestroyNotify       job_data_free,
                                              GDestroyNotify       result_free,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gpointer     fl_store_pool_finish            (FlStorePool         *self,
                                              GAsyncResult        *result,
                                              GError             **error);
guint        fl_store_pool_get_n_connections (FlStorePool         *self);

void         fl_store_pool_write_background_async (FlStorePool         *self,
                                                   FlStoreJob           job,
                                                   gpointer             job_data,
                                                   GDestroyNotify       job_data_free,
                                                   GDestroyNotify       result_free,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean     fl_store_pool_set_cache_size    (FlStorePool         *self,
                                              gsize                writer_bytes,
                                              gsize                reader_bytes,
                                              GError             **error);

/* See fl_store_pool_replace_file(). */
typedef gboolean (*FlStorePoolReplacePrepare) (FlStore     *old_writer,
                                               const char  *new_path,
                                               gpointer     data,
                                               GError     **error);
gboolean     fl_store_pool_replace_file      (FlStorePool                 *self,
                                              const char                  *new_path,
                                              FlStorePoolReplacePrepare    prepare,
                                              gpointer                     prepare_data,
                                              GError                     **error);

G_END_DECLS

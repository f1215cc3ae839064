/* fl-store-pool.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Store work on GTask's worker threads. Each job checks a connection out for the
 * whole of its run, so no connection is ever used by two threads at once (the
 * store opens them SQLITE_OPEN_NOMUTEX). Readers are opened on demand up to a
 * limit and kept idle in a queue; the writer is one connection behind a mutex,
 * which is also what keeps write transactions from queueing inside SQLite.
 */
#define G_LOG_DOMAIN "Frontline-Store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "fl-background.h"
#include "fl-store-pool.h"

struct _FlStorePool
{
  GObject      parent_instance;

  char        *path;
  guint        max_readers;

  GMutex       readers_lock;
  GCond        reader_returned;
  GQueue       idle_readers;   /* of FlStore, owned */
  guint        n_readers;      /* opened so far, idle or in use */

  GMutex       writer_lock;    /* held for the whole of a write job */
  FlStore     *writer;

  gsize        cache_bytes;    /* per connection; 0: the store's default */
  gsize        writer_cache_bytes; /* the writer's; 0: the store's default */
  gboolean     replacing;      /* fl_store_pool_replace_file() runs: no reader may start */
};

G_DEFINE_FINAL_TYPE (FlStorePool, fl_store_pool, G_TYPE_OBJECT)

typedef struct
{
  FlStoreJob      job;
  gpointer        job_data;
  GDestroyNotify  job_data_free;
  GDestroyNotify  result_free;
  gboolean        write;
} JobCall;

static void
job_call_free (gpointer data)
{
  JobCall *call = data;

  if (call->job_data_free != NULL)
    g_clear_pointer (&call->job_data, call->job_data_free);
  g_free (call);
}

static void
fl_store_pool_finalize (GObject *object)
{
  FlStorePool *self = FL_STORE_POOL (object);

  /* Jobs hold a reference to the pool through their GTask, so none is running. */
  g_queue_clear_full (&self->idle_readers, g_object_unref);
  g_clear_object (&self->writer);
  g_mutex_clear (&self->readers_lock);
  g_cond_clear (&self->reader_returned);
  g_mutex_clear (&self->writer_lock);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (fl_store_pool_parent_class)->finalize (object);
}

static void
fl_store_pool_class_init (FlStorePoolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fl_store_pool_finalize;
}

static void
fl_store_pool_init (FlStorePool *self)
{
  g_mutex_init (&self->readers_lock);
  g_cond_init (&self->reader_returned);
  g_mutex_init (&self->writer_lock);
  g_queue_init (&self->idle_readers);
}

/**
 * fl_store_pool_new:
 * @path: the database; created and migrated here, on the calling thread, once
 * @max_readers: how many reads may run at the same time (at least 1)
 *
 * Returns: (transfer full) (nullable): the pool, or %NULL with @error set
 */
FlStorePool *
fl_store_pool_new (const char  *path,
                   guint        max_readers,
                   GError     **error)
{
  g_autoptr(FlStorePool) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (FL_TYPE_STORE_POOL, NULL);
  self->path = g_strdup (path);
  self->max_readers = MAX (max_readers, 1);

  /* Opening the writer up front runs the migrations before any reader exists,
   * and reports a bad file to the caller at once rather than to the first job. */
  self->writer = fl_store_open (path, error);
  if (self->writer == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

static FlStore *
check_out_reader (FlStorePool  *self,
                  GError      **error)
{
  FlStore *store = NULL;
  gboolean open_new = FALSE;

  g_mutex_lock (&self->readers_lock);
  while (self->replacing
         || (g_queue_is_empty (&self->idle_readers) && self->n_readers >= self->max_readers))
    g_cond_wait (&self->reader_returned, &self->readers_lock);
  if (!g_queue_is_empty (&self->idle_readers))
    store = g_queue_pop_head (&self->idle_readers);
  else
    {
      self->n_readers++;
      open_new = TRUE;
    }
  g_mutex_unlock (&self->readers_lock);

  if (open_new)
    {
      store = fl_store_open (self->path, error);
      if (store != NULL && self->cache_bytes > 0 && !fl_store_set_cache_size (store, self->cache_bytes, error))
        g_clear_object (&store);
      if (store == NULL)
        {
          g_mutex_lock (&self->readers_lock);
          self->n_readers--;
          g_cond_signal (&self->reader_returned);
          g_mutex_unlock (&self->readers_lock);
        }
    }

  return store;
}

static void
check_in_reader (FlStorePool *self,
                 FlStore     *store)
{
  /* A job that began a read transaction and left early must not hand the
   * next one an old snapshot. */
  fl_store_end_read (store);
  g_mutex_lock (&self->readers_lock);
  g_queue_push_head (&self->idle_readers, store);
  /* Everyone: fl_store_pool_replace_file() may be waiting beside the jobs. */
  g_cond_broadcast (&self->reader_returned);
  g_mutex_unlock (&self->readers_lock);
}

static void
run_job_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  FlStorePool *self = source_object;
  JobCall *call = task_data;
  g_autoptr(GError) error = NULL;
  gpointer result;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (call->write)
    {
      g_mutex_lock (&self->writer_lock);
      result = call->job (self->writer, call->job_data, cancellable, &error);
      /* A job that failed half-way must not leave its transaction open for the
       * next one to commit by accident. */
      fl_store_rollback (self->writer);
      g_mutex_unlock (&self->writer_lock);
    }
  else
    {
      FlStore *store = check_out_reader (self, &error);

      if (store == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      result = call->job (store, call->job_data, cancellable, &error);
      check_in_reader (self, store);
    }

  if (error != NULL)
    {
      if (result != NULL && call->result_free != NULL)
        call->result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    g_task_return_pointer (task, result, call->result_free);
}

typedef enum
{
  JOB_READ,
  JOB_WRITE,
  JOB_WRITE_BACKGROUND,
} JobKind;

static void
run_async (FlStorePool         *self,
           JobKind              kind,
           FlStoreJob           job,
           gpointer             job_data,
           GDestroyNotify       job_data_free,
           GDestroyNotify       result_free,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  JobCall *call;

  g_return_if_fail (FL_IS_STORE_POOL (self));
  g_return_if_fail (job != NULL);

  call = g_new0 (JobCall, 1);
  call->job = job;
  call->job_data = job_data;
  call->job_data_free = job_data_free;
  call->result_free = result_free;
  call->write = kind != JOB_READ;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, run_async);
  g_task_set_task_data (task, call, job_call_free);
  if (kind == JOB_WRITE_BACKGROUND)
    fl_background_run_in_thread (task, run_job_in_thread);
  else
    g_task_run_in_thread (task, run_job_in_thread);
}

/**
 * fl_store_pool_read_async:
 * @job: the reading, run on a worker thread with a reader connection
 * @job_data: (nullable): handed to @job
 * @job_data_free: (nullable): frees @job_data when the job is over
 * @result_free: (nullable): frees @job's result if nobody collects it
 *
 * Reads run side by side, up to the pool's limit; more wait their turn.
 */
void
fl_store_pool_read_async (FlStorePool         *self,
                          FlStoreJob           job,
                          gpointer             job_data,
                          GDestroyNotify       job_data_free,
                          GDestroyNotify       result_free,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  run_async (self, JOB_READ, job, job_data, job_data_free, result_free, cancellable,
             callback, user_data);
}

/**
 * fl_store_pool_write_async:
 *
 * As fl_store_pool_read_async(), on the one writer connection: writes run one at
 * a time, in the order they reach it. A job should do its writing in one
 * transaction (fl_store_write()); anything it leaves open is rolled back.
 */
void
fl_store_pool_write_async (FlStorePool         *self,
                           FlStoreJob           job,
                           gpointer             job_data,
                           GDestroyNotify       job_data_free,
                           GDestroyNotify       result_free,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  run_async (self, JOB_WRITE, job, job_data, job_data_free, result_free, cancellable,
             callback, user_data);
}

/**
 * fl_store_pool_write_background_async:
 *
 * As fl_store_pool_write_async(), for bulk work that may wait (a sync's pages):
 * it runs on the background thread (see fl-background.h), so the console's
 * reads get the processor first. Background writes run in the order given;
 * against other writes only the writer connection orders them.
 */
void
fl_store_pool_write_background_async (FlStorePool         *self,
                                      FlStoreJob           job,
                                      gpointer             job_data,
                                      GDestroyNotify       job_data_free,
                                      GDestroyNotify       result_free,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  run_async (self, JOB_WRITE_BACKGROUND, job, job_data, job_data_free, result_free, cancellable,
             callback, user_data);
}

/**
 * fl_store_pool_finish:
 *
 * Returns: (transfer full) (nullable): what the job returned, or %NULL with
 *   @error set (%G_IO_ERROR_CANCELLED if it was cancelled before it ran)
 */
gpointer
fl_store_pool_finish (FlStorePool   *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (FL_IS_STORE_POOL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * fl_store_pool_get_n_connections:
 *
 * Returns: how many connections the pool has open (the writer and readers)
 */
guint
fl_store_pool_get_n_connections (FlStorePool *self)
{
  guint n;

  g_return_val_if_fail (FL_IS_STORE_POOL (self), 0);

  g_mutex_lock (&self->readers_lock);
  n = self->n_readers + 1;
  g_mutex_unlock (&self->readers_lock);
  return n;
}

/**
 * fl_store_pool_set_cache_size:
 * @writer_bytes: the writer's page cache
 * @reader_bytes: the page cache of each reader
 *
 * A desktop keeps its memory small: its copy is a fraction of the server's and
 * the operating system caches the file too. The writer's cache serves a sync's
 * long write transactions, the readers' what is on screen, so they can differ.
 * Set it before the pool is busy; readers opened from then on get it, and so
 * does the writer at once.
 */
gboolean
fl_store_pool_set_cache_size (FlStorePool  *self,
                              gsize         writer_bytes,
                              gsize         reader_bytes,
                              GError      **error)
{
  gboolean ok;

  g_return_val_if_fail (FL_IS_STORE_POOL (self), FALSE);

  g_mutex_lock (&self->writer_lock);
  self->writer_cache_bytes = writer_bytes;
  ok = fl_store_set_cache_size (self->writer, writer_bytes, error);
  g_mutex_unlock (&self->writer_lock);
  if (ok)
    {
      g_mutex_lock (&self->readers_lock);
      self->cache_bytes = reader_bytes;
      for (GList *l = self->idle_readers.head; l != NULL && ok; l = l->next)
        ok = fl_store_set_cache_size (l->data, reader_bytes, error);
      g_mutex_unlock (&self->readers_lock);
    }
  return ok;
}

/* Opens @path as the writer, with the pool's cache size. */
static FlStore *
open_writer (FlStorePool  *self,
             GError      **error)
{
  g_autoptr(FlStore) store = fl_store_open (self->path, error);

  if (store == NULL
      || (self->writer_cache_bytes > 0 && !fl_store_set_cache_size (store, self->writer_cache_bytes, error)))
    return NULL;
  return g_steal_pointer (&store);
}

static gboolean
sync_folder_of (const char  *path,
                GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  int fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int saved;

  if (fd >= 0 && fsync (fd) == 0)
    {
      close (fd);
      return TRUE;
    }
  saved = errno;
  if (fd >= 0)
    close (fd);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
               "Could not sync the folder %s: %s", folder, g_strerror (saved));
  return FALSE;
}

/* Everything open is closed: @new_path goes in place of the pool's file.
 * The folder is not synced yet (sync_folder_of()). */
static gboolean
swap_files (FlStorePool  *self,
            const char   *new_path,
            GError      **error)
{
  g_autofree char *wal = g_strconcat (self->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (self->path, "-shm", NULL);
  g_autofree char *new_wal = g_strconcat (new_path, "-wal", NULL);
  GStatBuf st;

  /* The last connection to close checkpoints and deletes the log. One still
   * there means another process has the file open (frontlinectl beside the
   * console): its log would be replayed into the new file. */
  if ((g_stat (wal, &st) == 0 && st.st_size > 0) || (g_stat (new_wal, &st) == 0 && st.st_size > 0))
    {
      g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_BUSY,
                   "The local copy is open in another program; it was not replaced");
      return FALSE;
    }
  g_unlink (wal);
  g_unlink (shm);
  if (g_rename (new_path, self->path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not put the new copy in place: %s", g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* Waits for every read under way to end, holds back new ones and closes
 * every reader. */
static void
hold_readers (FlStorePool *self)
{
  g_mutex_lock (&self->readers_lock);
  self->replacing = TRUE;
  while (self->idle_readers.length < self->n_readers)
    g_cond_wait (&self->reader_returned, &self->readers_lock);
  g_queue_clear_full (&self->idle_readers, g_object_unref);
  self->n_readers = 0;
  g_mutex_unlock (&self->readers_lock);
}

static void
release_readers (FlStorePool *self)
{
  g_mutex_lock (&self->readers_lock);
  self->replacing = FALSE;
  g_cond_broadcast (&self->reader_returned);
  g_mutex_unlock (&self->readers_lock);
}

/**
 * fl_store_pool_replace_file:
 * @new_path: a complete database, in the same folder as the pool's file
 * @prepare: (nullable): run first, with the writer of the file being replaced
 *   and @new_path, while no other write runs (reads go on, on the old file); a
 *   failure keeps the old file
 * @error: why the file was not replaced
 *
 * Puts @new_path in place of the pool's database, atomically: it waits for
 * the write under way to end and holds back new ones, runs @prepare, then
 * waits for the reads under way and holds back new ones only while it closes
 * every connection and renames @new_path over the file; it opens the file
 * again for the writes. A process killed at any point leaves either the old
 * file or the new one. Jobs queued meanwhile run afterwards, on the new file.
 * Blocks: call it on a worker thread that holds no connection of this pool.
 */
gboolean
fl_store_pool_replace_file (FlStorePool                 *self,
                            const char                  *new_path,
                            FlStorePoolReplacePrepare    prepare,
                            gpointer                     prepare_data,
                            GError                     **error)
{
  gboolean ok = TRUE;
  gboolean swapped = FALSE;
  GError *reopen_error = NULL;

  g_return_val_if_fail (FL_IS_STORE_POOL (self), FALSE);
  g_return_val_if_fail (new_path != NULL, FALSE);

  /* Reads go on on the old file for as long as they can: the console's
   * screen pops must not wait the milliseconds the rest takes. Holding the
   * writer is enough for @prepare, and the log copied back now leaves the
   * closing of the writer, with the reads held, little to do. */
  g_mutex_lock (&self->writer_lock);
  if (prepare != NULL)
    ok = prepare (self->writer, new_path, prepare_data, error);
  if (ok)
    ok = fl_store_checkpoint (self->writer, FALSE, NULL, error);

  if (ok)
    {
      hold_readers (self);
      g_clear_object (&self->writer);
      ok = swapped = swap_files (self, new_path, error);
      /* A read from here on opens the new file (or the old one again). */
      release_readers (self);
      if (swapped)
        ok = sync_folder_of (self->path, error);
      self->writer = open_writer (self, &reopen_error);
      if (self->writer == NULL)
        {
          g_critical ("%s: could not open the local copy again: %s", self->path, reopen_error->message);
          if (ok)
            g_propagate_error (error, reopen_error);
          else
            g_clear_error (&reopen_error);
          ok = FALSE;
        }
    }

  g_mutex_unlock (&self->writer_lock);
  return ok;
}

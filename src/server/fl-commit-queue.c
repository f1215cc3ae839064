/* fl-commit-queue.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Frontline-Server"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fl-commit-queue.h"

/* Commits between two background checkpoints: a few MB of log at the sizes
 * seen here. */
#define COMMITS_PER_CHECKPOINT 32
/* Past this many pages (128 MiB) the writer finishes a checkpoint itself, at
 * the end of a commit. Under a steady stream of writes the background
 * checkpoint never reaches the end of the log, and SQLite reuses the log from
 * its start only once one has: it would grow without bound. (A RESTART from
 * the background thread instead made the writer wait in SQLite's busy
 * handler, which sleeps in steps of up to 100 ms: at 64 clients, a third of
 * the throughput.) */
#define MAX_LOG_FRAMES 32768

/* Enough to absorb a burst from every connected desktop; a bigger group only
 * makes the first job in it wait longer for its answer. */
#define MAX_GROUP 256

/* fdatasync()s of the log that may run at once. With one, a group committed
 * just after a sync began waited for that sync to end and then for its own:
 * one and a half syncs on average, and the desktops, each with one write in
 * flight, waited with it. A second syncer starts a sync for such a group at
 * once; the two overlap on the disk. */
#define N_SYNCERS 2

struct _FlCommitQueue
{
  GObject       parent_instance;

  FlStore      *store;         /* used by the writer thread only */
  GThread      *thread;
  GAsyncQueue  *queue;         /* of Pending, or the stop marker */

  /* Durability, pipelined: the writer commits a group (synchronous=NORMAL:
   * the write-ahead log is written, not synced) and goes on with the next;
   * a syncer makes the log durable with one fdatasync() for every group
   * committed before that call began, and only then answers them. The log on
   * disk holds each commit whole or not at all, so an answer means the write
   * survives a power cut, and the writer never waits for the disk. A sync
   * that ends covers every group committed before it began, whichever
   * syncer started those groups' own sync; answers go out in commit order. */
  GThread      *sync_threads[N_SYNCERS];
  GMutex        sync_lock;
  GCond         sync_wanted;
  GQueue        unsynced;      /* of Batch, in commit order, not yet answered */
  guint64       n_committed;   /* groups committed so far: the last one's seq */
  guint64       n_covered;     /* groups a sync has begun for */
  gboolean      sync_stop;
  GMutex        release_lock;  /* held while answering: keeps commit order */
  char         *wal_path;
  GMainContext *context;       /* where "committed" is emitted */

  /* The checkpointer: its own thread and connection copy the write-ahead log
   * back into the database while the writer goes on committing. */
  FlStore      *checkpoint_store;
  GThread      *checkpoint_thread;
  GMutex        checkpoint_lock;
  GCond         checkpoint_wanted;
  guint         commits_since_checkpoint;
  gboolean      checkpoint_stop;

  gsize         n_groups;      /* atomic */
  gsize         n_jobs;        /* atomic */
};

G_DEFINE_FINAL_TYPE (FlCommitQueue, fl_commit_queue, G_TYPE_OBJECT)

enum
{
  SIGNAL_COMMITTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Pushed by fl_commit_queue_stop(): the thread ends when it reaches it. */
static char stop_marker;
#define STOP_MARKER ((gpointer) &stop_marker)

typedef struct
{
  GTask          *task;
  FlStoreJob      job;
  gpointer        job_data;
  GDestroyNotify  job_data_free;
  GDestroyNotify  result_free;
  gpointer        result;
  GError         *error;
} Pending;

static void
pending_free (Pending *pending)
{
  if (pending->job_data_free != NULL)
    g_clear_pointer (&pending->job_data, pending->job_data_free);
  if (pending->result != NULL && pending->result_free != NULL)
    pending->result_free (pending->result);
  g_clear_error (&pending->error);
  g_clear_object (&pending->task);
  g_free (pending);
}

typedef struct
{
  FlCommitQueue *self;
  gint64         modseq;
  GStrv          types;
  GArray        *modseqs;     /* of gint64: each type's new state */
} Committed;

/* A committed group on its way to disk. */
typedef struct
{
  GPtrArray     *group;       /* of Pending */
  Committed     *committed;   /* NULL if nothing changed */
  guint64        seq;         /* 1 for the first group committed, and so on */
} Batch;

static gboolean
emit_committed (gpointer data)
{
  Committed *committed = data;

  g_signal_emit (committed->self, signals[SIGNAL_COMMITTED], 0,
                 committed->modseq, committed->types, committed->modseqs);
  g_object_unref (committed->self);
  g_strfreev (committed->types);
  g_array_unref (committed->modseqs);
  g_free (committed);
  return G_SOURCE_REMOVE;
}

/* Runs one job inside a savepoint of the open transaction. */
static void
run_in_savepoint (FlCommitQueue *self,
                  Pending       *pending)
{
  GCancellable *cancellable = g_task_get_cancellable (pending->task);

  g_clear_error (&pending->error);
  if (g_cancellable_set_error_if_cancelled (cancellable, &pending->error))
    return;
  if (!fl_store_savepoint (self->store, &pending->error))
    return;

  pending->result = pending->job (self->store, pending->job_data, cancellable, &pending->error);
  if (pending->result == NULL)
    {
      if (pending->error == NULL)
        g_set_error_literal (&pending->error, G_IO_ERROR, G_IO_ERROR_FAILED, "The write failed");
      fl_store_rollback_to_savepoint (self->store);
    }
  else if (!fl_store_release_savepoint (self->store, &pending->error))
    {
      if (pending->result_free != NULL)
        pending->result_free (pending->result);
      pending->result = NULL;
      fl_store_rollback_to_savepoint (self->store);
    }
}

static void
discard_result (Pending *pending)
{
  if (pending->result != NULL && pending->result_free != NULL)
    pending->result_free (pending->result);
  pending->result = NULL;
}

static Committed *
run_group (FlCommitQueue *self,
           GPtrArray     *group)
{
  g_autoptr(GError) error = NULL;
  gint64 before = fl_store_get_modseq (self->store);
  gint64 after;

  if (!fl_store_begin (self->store, &error))
    {
      for (guint i = 0; i < group->len; i++)
        {
          Pending *pending = g_ptr_array_index (group, i);

          pending->error = g_error_copy (error);
        }
      return NULL;
    }

  for (guint i = 0; i < group->len; i++)
    run_in_savepoint (self, g_ptr_array_index (group, i));

  if (!fl_store_commit (self->store, &error))
    {
      /* The group failed as a whole (a deferred reference check that one job
       * broke, say). Run each job again on its own so that only the culprit
       * fails. Nothing of the group was acknowledged, so this is safe. */
      g_debug ("Group of %u failed to commit (%s); retrying one by one", group->len, error->message);
      for (guint i = 0; i < group->len; i++)
        {
          Pending *pending = g_ptr_array_index (group, i);

          discard_result (pending);
          g_clear_error (&pending->error);
          if (!fl_store_begin (self->store, &pending->error))
            continue;
          run_in_savepoint (self, pending);
          if (!fl_store_commit (self->store, &pending->error))
            discard_result (pending);
        }
    }

  g_atomic_pointer_add (&self->n_groups, 1);
  g_atomic_pointer_add (&self->n_jobs, group->len);

  after = fl_store_get_modseq (self->store);
  if (after > before)
    {
      Committed *committed = g_new0 (Committed, 1);

      committed->self = g_object_ref (self);
      committed->modseq = after;
      committed->types = fl_store_get_changed_types (self->store, before, &committed->modseqs, NULL);
      if (committed->types == NULL)
        {
          committed->types = g_new0 (char *, 1);
          committed->modseqs = g_array_new (FALSE, FALSE, sizeof (gint64));
        }
      return committed;
    }
  return NULL;
}

/* fdatasync() of the write-ahead log through the syncer's own descriptor
 * @wal_fd: whoever wrote it, this flushes every commit written so far.
 * Reopened if SQLite replaced the file. */
static gboolean
sync_wal (FlCommitQueue  *self,
          int            *wal_fd,
          GError        **error)
{
  struct stat open_stat, path_stat;

  if (*wal_fd >= 0
      && (fstat (*wal_fd, &open_stat) != 0 || g_stat (self->wal_path, &path_stat) != 0
          || open_stat.st_ino != path_stat.st_ino || open_stat.st_dev != path_stat.st_dev))
    {
      close (*wal_fd);
      *wal_fd = -1;
    }
  if (*wal_fd < 0)
    {
      *wal_fd = g_open (self->wal_path, O_RDWR | O_CLOEXEC, 0);
      if (*wal_fd < 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "Could not open the write-ahead log %s: %s", self->wal_path, g_strerror (saved));
          return FALSE;
        }
    }

  while (fdatasync (*wal_fd) != 0)
    {
      int saved = errno;

      if (saved == EINTR)
        continue;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not write the changes to disk: %s", g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gpointer
checkpoint_thread (gpointer data)
{
  FlCommitQueue *self = data;

  g_mutex_lock (&self->checkpoint_lock);
  for (;;)
    {
      g_autoptr(GError) error = NULL;

      while (!self->checkpoint_stop && self->commits_since_checkpoint < COMMITS_PER_CHECKPOINT)
        g_cond_wait (&self->checkpoint_wanted, &self->checkpoint_lock);
      if (self->checkpoint_stop)
        break;
      self->commits_since_checkpoint = 0;
      g_mutex_unlock (&self->checkpoint_lock);

      {
        int log_frames = 0;

        if (!fl_store_checkpoint (self->checkpoint_store, FALSE, &log_frames, &error))
          g_warning ("%s", error->message);
      }

      g_mutex_lock (&self->checkpoint_lock);
    }
  g_mutex_unlock (&self->checkpoint_lock);

  /* A last full pass, so the database file stands on its own after a clean stop. */
  fl_store_checkpoint (self->checkpoint_store, FALSE, NULL, NULL);
  return NULL;
}

static void
count_commit (FlCommitQueue *self)
{
  g_mutex_lock (&self->checkpoint_lock);
  if (++self->commits_since_checkpoint >= COMMITS_PER_CHECKPOINT)
    g_cond_signal (&self->checkpoint_wanted);
  g_mutex_unlock (&self->checkpoint_lock);
}

static void
return_results (GPtrArray    *group,
                const GError *sync_error)
{
  for (guint i = 0; i < group->len; i++)
    {
      Pending *pending = g_ptr_array_index (group, i);

      if (pending->result != NULL && sync_error != NULL)
        {
          /* Committed but maybe not on disk: not acknowledged as written. */
          discard_result (pending);
          pending->error = g_error_copy (sync_error);
        }
      if (pending->result != NULL)
        g_task_return_pointer (pending->task, g_steal_pointer (&pending->result),
                               pending->result_free);
      else
        g_task_return_error (pending->task, g_steal_pointer (&pending->error));
    }
}

static gpointer
writer_thread (gpointer data)
{
  FlCommitQueue *self = data;
  gboolean stopping = FALSE;

  while (!stopping)
    {
      g_autoptr(GPtrArray) group = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);
      gpointer item = g_async_queue_pop (self->queue);

      if (item == STOP_MARKER)
        break;
      g_ptr_array_add (group, item);

      /* Everything that arrived while the last group was on its way to disk. */
      while (group->len < MAX_GROUP && (item = g_async_queue_try_pop (self->queue)) != NULL)
        {
          if (item == STOP_MARKER)
            {
              stopping = TRUE;
              break;
            }
          g_ptr_array_add (group, item);
        }

      {
        Batch *batch = g_new0 (Batch, 1);

        batch->committed = run_group (self, group);
        batch->group = g_steal_pointer (&group);
        /* Its pages are in the log file now (written, not synced): a sync
         * that begins from here on covers them. */
        g_mutex_lock (&self->sync_lock);
        batch->seq = ++self->n_committed;
        g_queue_push_tail (&self->unsynced, batch);
        g_cond_signal (&self->sync_wanted);
        g_mutex_unlock (&self->sync_lock);
      }
      count_commit (self);
    }

  return NULL;
}

static void
finish_batch (FlCommitQueue *self,
              Batch         *batch,
              const GError  *sync_error)
{
  /* "committed" first: the push side knows each type's new state before any
   * writer hears back, so a client that reacts to its answer by opening a
   * push connection is never told an older state. */
  if (batch->committed != NULL)
    g_main_context_invoke (self->context, emit_committed, g_steal_pointer (&batch->committed));
  return_results (batch->group, sync_error);
  g_ptr_array_unref (batch->group);
  g_free (batch);
}

static gpointer
syncer_thread (gpointer data)
{
  FlCommitQueue *self = data;
  int wal_fd = -1;

  g_mutex_lock (&self->sync_lock);
  for (;;)
    {
      g_autoptr(GPtrArray) batches = g_ptr_array_new ();
      g_autoptr(GError) error = NULL;
      guint64 cover;

      while (self->n_covered == self->n_committed && !self->sync_stop)
        g_cond_wait (&self->sync_wanted, &self->sync_lock);
      /* Stopping: the writer has ended, and every group it committed is
       * answered or in another syncer's hands. */
      if (self->n_covered == self->n_committed)
        break;

      /* Every group committed by now is in the log: one sync covers them all. */
      cover = self->n_committed;
      self->n_covered = cover;
      g_mutex_unlock (&self->sync_lock);

      if (!sync_wal (self, &wal_fd, &error))
        g_critical ("%s", error->message);

      /* The groups up to @cover not answered yet (a sync begun later may have
       * ended first and answered them), oldest first. */
      g_mutex_lock (&self->release_lock);
      g_mutex_lock (&self->sync_lock);
      while (!g_queue_is_empty (&self->unsynced)
             && ((Batch *) g_queue_peek_head (&self->unsynced))->seq <= cover)
        g_ptr_array_add (batches, g_queue_pop_head (&self->unsynced));
      g_mutex_unlock (&self->sync_lock);
      for (guint i = 0; i < batches->len; i++)
        finish_batch (self, g_ptr_array_index (batches, i), error);
      g_mutex_unlock (&self->release_lock);

      g_mutex_lock (&self->sync_lock);
    }
  g_mutex_unlock (&self->sync_lock);

  if (wal_fd >= 0)
    close (wal_fd);
  return NULL;
}

static void
stop_syncers (FlCommitQueue *self)
{
  g_mutex_lock (&self->sync_lock);
  self->sync_stop = TRUE;
  g_cond_broadcast (&self->sync_wanted);
  g_mutex_unlock (&self->sync_lock);
  /* The writer's last groups are answered before the syncers end. */
  for (guint i = 0; i < N_SYNCERS; i++)
    if (self->sync_threads[i] != NULL)
      g_thread_join (g_steal_pointer (&self->sync_threads[i]));
}

static void
fl_commit_queue_dispose (GObject *object)
{
  FlCommitQueue *self = FL_COMMIT_QUEUE (object);

  fl_commit_queue_stop (self);

  G_OBJECT_CLASS (fl_commit_queue_parent_class)->dispose (object);
}

static void
fl_commit_queue_finalize (GObject *object)
{
  FlCommitQueue *self = FL_COMMIT_QUEUE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->checkpoint_store);
  g_assert (g_queue_is_empty (&self->unsynced));
  g_mutex_clear (&self->sync_lock);
  g_cond_clear (&self->sync_wanted);
  g_mutex_clear (&self->release_lock);
  g_clear_pointer (&self->wal_path, g_free);
  g_mutex_clear (&self->checkpoint_lock);
  g_cond_clear (&self->checkpoint_wanted);
  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (fl_commit_queue_parent_class)->finalize (object);
}

static void
fl_commit_queue_class_init (FlCommitQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fl_commit_queue_dispose;
  object_class->finalize = fl_commit_queue_finalize;

  /**
   * FlCommitQueue::committed:
   * @modseq: the modseq after the commit
   * @types: the names of the types that changed
   * @modseqs: (element-type gint64): the new state of each of @types
   */
  signals[SIGNAL_COMMITTED] =
    g_signal_new ("committed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_STRV, G_TYPE_ARRAY);
}

static void
fl_commit_queue_init (FlCommitQueue *self)
{
  self->queue = g_async_queue_new ();
  g_queue_init (&self->unsynced);
  g_mutex_init (&self->sync_lock);
  g_cond_init (&self->sync_wanted);
  g_mutex_init (&self->release_lock);
  self->context = g_main_context_ref_thread_default ();
  g_mutex_init (&self->checkpoint_lock);
  g_cond_init (&self->checkpoint_wanted);
}

FlCommitQueue *
fl_commit_queue_new (const char  *path,
                     GError     **error)
{
  g_autoptr(FlCommitQueue) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (FL_TYPE_COMMIT_QUEUE, NULL);
  self->store = fl_store_open (path, error);
  if (self->store == NULL
      /* Durability is the syncer's: see sync_wal(). */
      || !fl_store_set_durable (self->store, FALSE, error)
      || !fl_store_set_auto_checkpoint (self->store, FALSE, error)
      || !fl_store_set_wal_limit (self->store, MAX_LOG_FRAMES, error)
      /* The hot part of a large organisation's indexes, in our own memory. */
      || !fl_store_set_cache_size (self->store, 256 * 1024 * 1024, error))
    return NULL;

  self->checkpoint_store = fl_store_open (path, error);
  if (self->checkpoint_store == NULL
      || !fl_store_set_durable (self->checkpoint_store, TRUE, error))
    return NULL;
  self->checkpoint_thread = g_thread_try_new ("fl-checkpoint", checkpoint_thread, self, error);
  if (self->checkpoint_thread == NULL)
    return NULL;

  self->wal_path = g_strconcat (path, "-wal", NULL);
  for (guint i = 0; i < N_SYNCERS; i++)
    {
      self->sync_threads[i] = g_thread_try_new ("fl-sync", syncer_thread, self, error);
      if (self->sync_threads[i] == NULL)
        return NULL;
    }
  self->thread = g_thread_try_new ("fl-writer", writer_thread, self, error);
  if (self->thread == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

void
fl_commit_queue_submit_async (FlCommitQueue        *self,
                              FlStoreJob            job,
                              gpointer              job_data,
                              GDestroyNotify        job_data_free,
                              GDestroyNotify        result_free,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  Pending *pending;

  g_return_if_fail (FL_IS_COMMIT_QUEUE (self));
  g_return_if_fail (job != NULL);

  pending = g_new0 (Pending, 1);
  pending->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (pending->task, fl_commit_queue_submit_async);
  pending->job = job;
  pending->job_data = job_data;
  pending->job_data_free = job_data_free;
  pending->result_free = result_free;

  if (self->thread == NULL)
    {
      g_task_return_new_error (pending->task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                               "The server is shutting down");
      pending_free (pending);
      return;
    }
  g_async_queue_push (self->queue, pending);
}

gpointer
fl_commit_queue_submit_finish (FlCommitQueue  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
fl_commit_queue_stop (FlCommitQueue *self)
{
  g_return_if_fail (FL_IS_COMMIT_QUEUE (self));

  if (self->thread != NULL)
    {
      g_async_queue_push (self->queue, STOP_MARKER);
      g_thread_join (g_steal_pointer (&self->thread));
    }
  stop_syncers (self);

  if (self->checkpoint_thread != NULL)
    {
      g_mutex_lock (&self->checkpoint_lock);
      self->checkpoint_stop = TRUE;
      g_cond_signal (&self->checkpoint_wanted);
      g_mutex_unlock (&self->checkpoint_lock);
      g_thread_join (g_steal_pointer (&self->checkpoint_thread));
    }
}

guint
fl_commit_queue_get_waiting (FlCommitQueue *self)
{
  g_return_val_if_fail (FL_IS_COMMIT_QUEUE (self), 0);

  return (guint) MAX (g_async_queue_length (self->queue), 0);
}

void
fl_commit_queue_get_stats (FlCommitQueue *self,
                           guint64       *n_groups,
                           guint64       *n_jobs)
{
  g_return_if_fail (FL_IS_COMMIT_QUEUE (self));

  if (n_groups != NULL)
    *n_groups = (guint64) g_atomic_pointer_get (&self->n_groups);
  if (n_jobs != NULL)
    *n_jobs = (guint64) g_atomic_pointer_get (&self->n_jobs);
}

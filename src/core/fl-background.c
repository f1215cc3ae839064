/* fl-background.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Frontline"

#include "config.h"

#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fl-background.h"

/* Nice 10: a third of the processor's share of a normal thread when both
 * want it, never nothing. Idle scheduling would starve the sync outright on a
 * machine that is never idle, and the writer connection it holds with it. */
#define BACKGROUND_NICE 10

typedef struct
{
  GTask           *task;
  GTaskThreadFunc  func;
} Work;

void
fl_background_lower_current_thread (void)
{
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), BACKGROUND_NICE) != 0)
    g_debug ("Background work keeps normal priority: %s", g_strerror (errno));
}

static void
run_work (gpointer data,
          gpointer user_data)
{
  Work *work = data;
  static gboolean reniced;

  /* The pool's one thread is its own (exclusive), so lowering it once lasts
   * and touches nothing else. An unprivileged thread may always lower itself;
   * if even that fails, the work still runs, at normal priority. */
  if (!reniced)
    {
      reniced = TRUE;
      fl_background_lower_current_thread ();
    }
  work->func (work->task, g_task_get_source_object (work->task), g_task_get_task_data (work->task),
              g_task_get_cancellable (work->task));
  g_object_unref (work->task);
  g_free (work);
}

static GThreadPool *
background_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    {
      g_autoptr(GError) error = NULL;
      /* Exclusive: its thread is never lent to another pool, which would
       * carry the lowered priority with it. */
      GThreadPool *new_pool = g_thread_pool_new (run_work, NULL, 1, TRUE, &error);

      if (new_pool == NULL)
        g_error ("Cannot start the background thread: %s", error->message);
      g_once_init_leave (&pool, new_pool);
    }
  return pool;
}

void
fl_background_run_in_thread (GTask           *task,
                             GTaskThreadFunc  func)
{
  Work *work;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (func != NULL);

  work = g_new0 (Work, 1);
  work->task = g_object_ref (task);
  work->func = func;
  if (!g_thread_pool_push (background_pool (), work, &error))
    g_error ("Cannot queue background work: %s", error->message);
}

/* test-background.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The background thread: work runs in the order given, on one thread whose
 * priority is lowered, and each task's result comes back on the caller's main
 * context.
 */
#include "config.h"

#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fl-background.h"

#define N_TASKS 50

typedef struct
{
  GArray  *order;      /* task numbers, as the thread ran them */
  GMutex   lock;
  guint    returned;
  GThread *main_thread;
} Record;

static void
work (GTask        *task,
      gpointer      source_object,
      gpointer      task_data,
      GCancellable *cancellable)
{
  Record *record = g_object_get_data (G_OBJECT (task), "record");
  guint number = GPOINTER_TO_UINT (task_data);
  int nice_value;

  errno = 0;
  nice_value = getpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid));
  g_assert_cmpint (errno, ==, 0);
  g_mutex_lock (&record->lock);
  g_array_append_val (record->order, number);
  g_mutex_unlock (&record->lock);
  g_task_return_int (task, nice_value);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Record *record = user_data;
  g_autoptr(GError) error = NULL;
  gssize nice_value = g_task_propagate_int (G_TASK (result), &error);

  g_assert_no_error (error);
  /* Lowered, whatever the test itself runs at. */
  g_assert_cmpint (nice_value, >, getpriority (PRIO_PROCESS, 0));
  g_assert_true (g_thread_self () == record->main_thread);
  record->returned++;
}

static void
test_runs_in_order_at_lower_priority (void)
{
  Record record = { 0 };

  record.order = g_array_new (FALSE, FALSE, sizeof (guint));
  g_mutex_init (&record.lock);
  record.main_thread = g_thread_self ();
  for (guint i = 0; i < N_TASKS; i++)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, on_done, &record);

      g_object_set_data (G_OBJECT (task), "record", &record);
      g_task_set_task_data (task, GUINT_TO_POINTER (i), NULL);
      fl_background_run_in_thread (task, work);
    }
  while (record.returned < N_TASKS)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (record.order->len, ==, N_TASKS);
  for (guint i = 0; i < N_TASKS; i++)
    g_assert_cmpuint (g_array_index (record.order, guint, i), ==, i);
  g_array_unref (record.order);
  g_mutex_clear (&record.lock);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/background/runs-in-order-at-lower-priority", test_runs_in_order_at_lower_priority);
  return g_test_run ();
}

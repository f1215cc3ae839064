/* test-store-pool.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Store work off the main thread: jobs run on workers, results come back on the
 * caller's main context, reads run side by side within the limit, errors and
 * cancellation reach the caller.
 */
#include "config.h"

#include "fl-store-pool.h"
#include "store-fixture.h"

typedef struct
{
  StoreFixture  base;
  FlStorePool  *pool;
  GMainLoop    *loop;
  guint         pending;
} PoolFixture;

static void
pool_fixture_setup (PoolFixture   *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  store_fixture_setup (&fixture->base, data);
  fixture->pool = fl_store_pool_new (fixture->base.path, 3, &error);
  g_assert_no_error (error);
  fixture->loop = g_main_loop_new (NULL, FALSE);
}

static void
pool_fixture_teardown (PoolFixture   *fixture,
                       gconstpointer  data)
{
  FlStorePool *pool = fixture->pool;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  /* A worker drops its task (and the task's reference to the pool) just after
   * the result was posted to us: wait for the last one, then expect the pool to
   * be gone — a leaked reference would fail here. */
  g_object_add_weak_pointer (G_OBJECT (pool), (gpointer *) &pool);
  g_object_unref (fixture->pool);
  while (pool != NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_null (pool);
  g_main_loop_unref (fixture->loop);
  store_fixture_teardown (&fixture->base, data);
}

typedef struct
{
  GThread *thread;
  gint64   customers;
} ReadResult;

static gpointer
count_customers_job (FlStore       *store,
                     gpointer       job_data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  ReadResult *result = g_new0 (ReadResult, 1);

  /* Slow enough that the reads overlap, so the connection limit is exercised. */
  g_usleep (20 * 1000);
  result->thread = g_thread_self ();
  result->customers = fl_store_count (store, FL_TYPE_CUSTOMER, error);
  return result;
}

static gpointer
add_customer_job (FlStore       *store,
                  gpointer       job_data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(FlCustomer) customer = fl_customer_new ();

  fl_customer_set_name (customer, job_data);
  if (!fl_store_put (store, FL_ENTITY (customer), FL_STORE_PUT_ASSIGN_MODSEQ, error))
    return NULL;
  return g_strdup (fl_entity_get_id (FL_ENTITY (customer)));
}

static gpointer
failing_job (FlStore       *store,
             gpointer       job_data,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(FlCase) the_case = fl_case_new ();

  /* No subject, no customer: the store refuses it. */
  fl_store_put (store, FL_ENTITY (the_case), 0, error);
  return NULL;
}

static void
on_count_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  PoolFixture *fixture = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree ReadResult *read = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (read);
  /* The job ran on a worker; this callback runs back on the test's thread. */
  g_assert_true (read->thread != g_thread_self ());
  g_assert_cmpint (read->customers, ==, 1);
  if (--fixture->pending == 0)
    g_main_loop_quit (fixture->loop);
}

static void
on_added (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  PoolFixture *fixture = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);

  g_assert_no_error (error);
  g_assert_true (fl_is_valid_id (id));

  /* Written: now twenty reads, more than the pool's three readers at once. */
  fixture->pending = 20;
  for (guint i = 0; i < 20; i++)
    fl_store_pool_read_async (fixture->pool, count_customers_job, NULL, NULL, g_free, NULL,
                              on_count_done, fixture);
}

static void
test_jobs_run_off_the_main_thread (PoolFixture   *fixture,
                                   gconstpointer  data)
{
  fl_store_pool_write_async (fixture->pool, add_customer_job, g_strdup ("Off Thread"), g_free,
                             g_free, NULL, on_added, fixture);
  g_main_loop_run (fixture->loop);

  g_assert_cmpuint (fixture->pending, ==, 0);
  /* One writer plus at most three readers, however many reads were queued. */
  g_assert_cmpuint (fl_store_pool_get_n_connections (fixture->pool), <=, 4);
  g_assert_cmpuint (fl_store_pool_get_n_connections (fixture->pool), >=, 2);
}

static void
on_failed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PoolFixture *fixture = user_data;
  g_autoptr(GError) error = NULL;
  gpointer nothing = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);

  g_assert_null (nothing);
  g_assert_error (error, FL_CORE_ERROR, FL_CORE_ERROR_MISSING);
  g_main_loop_quit (fixture->loop);
}

static void
test_job_errors_reach_the_caller (PoolFixture   *fixture,
                                  gconstpointer  data)
{
  fl_store_pool_write_async (fixture->pool, failing_job, NULL, NULL, NULL, NULL, on_failed,
                             fixture);
  g_main_loop_run (fixture->loop);
  g_assert_cmpint (fl_store_count (fixture->base.store, FL_TYPE_CASE, NULL), ==, 0);
}

static void
on_cancelled (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PoolFixture *fixture = user_data;
  g_autoptr(GError) error = NULL;
  gpointer nothing = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);

  g_assert_null (nothing);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_main_loop_quit (fixture->loop);
}

static void
test_cancelled_job_does_not_run (PoolFixture   *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_cancellable_cancel (cancellable);
  fl_store_pool_write_async (fixture->pool, add_customer_job, g_strdup ("Never"), g_free,
                             g_free, cancellable, on_cancelled, fixture);
  g_main_loop_run (fixture->loop);
  g_assert_cmpint (fl_store_count (fixture->base.store, FL_TYPE_CUSTOMER, NULL), ==, 0);
}

static void
test_bad_file_is_reported_at_once (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlStorePool) pool = fl_store_pool_new ("/nonexistent-folder/frontline.db", 2, &error);

  g_assert_null (pool);
  g_assert_error (error, FL_STORE_ERROR, FL_STORE_ERROR_OPEN);
}

/* fl_store_pool_replace_file() while the console reads: reads go on, on the
 * old file, while the new one is prepared; afterwards they see the new one. */
typedef struct
{
  PoolFixture *fixture;
  char        *new_path;
  GMutex       lock;
  GCond        changed;
  gint64       customers_read_while_preparing;  /* -1 until the read has run */
  gboolean     replaced;
  gboolean     replace_ok;
} Replace;

static gpointer
count_for_replace_job (FlStore       *store,
                       gpointer       job_data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  Replace *replace = job_data;
  gint64 n = fl_store_count (store, FL_TYPE_CUSTOMER, error);

  g_mutex_lock (&replace->lock);
  replace->customers_read_while_preparing = n;
  g_cond_signal (&replace->changed);
  g_mutex_unlock (&replace->lock);
  return NULL;
}

static gboolean
prepare_while_reading (FlStore     *old_writer,
                       const char  *new_path,
                       gpointer     data,
                       GError     **error)
{
  Replace *replace = data;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* The pool's own read path, from this worker: it must not wait for the
   * replacing to end (it would, until the deadline, if reads were held). */
  fl_store_pool_read_async (replace->fixture->pool, count_for_replace_job, replace, NULL, NULL, NULL, NULL, NULL);
  g_mutex_lock (&replace->lock);
  while (replace->customers_read_while_preparing < 0)
    if (!g_cond_wait_until (&replace->changed, &replace->lock, deadline))
      break;
  g_mutex_unlock (&replace->lock);
  return TRUE;
}

static gpointer
replace_thread (gpointer data)
{
  Replace *replace = data;
  g_autoptr(GError) error = NULL;
  gboolean ok = fl_store_pool_replace_file (replace->fixture->pool, replace->new_path, prepare_while_reading,
                                            replace, &error);

  g_assert_no_error (error);
  g_mutex_lock (&replace->lock);
  replace->replace_ok = ok;
  replace->replaced = TRUE;
  g_mutex_unlock (&replace->lock);
  g_main_context_wakeup (NULL);
  return NULL;
}

static gpointer
count_job (FlStore       *store,
           gpointer       job_data,
           GCancellable  *cancellable,
           GError       **error)
{
  gint64 *n = g_new (gint64, 1);

  *n = fl_store_count (store, FL_TYPE_CUSTOMER, error);
  return n;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_replace_keeps_reading (PoolFixture   *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (fixture->base.path);
  Replace replace = { fixture, g_build_filename (folder, "replacement.db", NULL) };
  g_autoptr(FlCustomer) old_customer = fl_customer_new ();
  GAsyncResult *result = NULL;
  g_autofree gint64 *after = NULL;
  GThread *thread;

  /* The pool's file has one customer; the replacement has none. */
  fl_customer_set_name (old_customer, "Old File");
  g_assert_true (fl_store_put (fixture->base.store, FL_ENTITY (old_customer), FL_STORE_PUT_ASSIGN_MODSEQ, &error));
  g_assert_no_error (error);
  {
    g_autoptr(FlStore) replacement = fl_store_open (replace.new_path, &error);

    g_assert_no_error (error);
  }
  g_clear_object (&fixture->base.store);
  g_mutex_init (&replace.lock);
  g_cond_init (&replace.changed);
  replace.customers_read_while_preparing = -1;

  thread = g_thread_new ("replace", replace_thread, &replace);
  while (!replace.replaced)
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  g_assert_true (replace.replace_ok);
  g_assert_cmpint (replace.customers_read_while_preparing, ==, 1);

  fl_store_pool_read_async (fixture->pool, count_job, NULL, NULL, g_free, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  after = fl_store_pool_finish (fixture->pool, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  g_assert_cmpint (*after, ==, 0);
  g_assert_false (g_file_test (replace.new_path, G_FILE_TEST_EXISTS));

  g_mutex_clear (&replace.lock);
  g_cond_clear (&replace.changed);
  g_free (replace.new_path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, PoolFixture, NULL, pool_fixture_setup, fn, pool_fixture_teardown)
  ADD ("/store/pool/jobs-run-off-the-main-thread-within-the-reader-limit", test_jobs_run_off_the_main_thread);
  ADD ("/store/pool/job-errors-reach-the-caller", test_job_errors_reach_the_caller);
  ADD ("/store/pool/cancelled-job-does-not-run", test_cancelled_job_does_not_run);
  ADD ("/store/pool/replace-keeps-reading", test_replace_keeps_reading);
#undef ADD
  g_test_add_func ("/store/pool/bad-file-is-reported-at-once", test_bad_file_is_reported_at_once);

  return g_test_run ();
}

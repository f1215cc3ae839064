/* test-commit-queue.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server's single writer: jobs waiting together commit together, a failing
 * job is rolled back alone, results come back on the caller's main context
 * after the commit, and "committed" names the changed types.
 */
#include "config.h"

#include "fl-commit-queue.h"
#include "fl-test-util.h"

typedef struct
{
  char          *dir;
  char          *path;
  FlCommitQueue *queue;
  GMainLoop     *loop;
  guint          pending;
  guint          succeeded;
  guint          failed;
  GThread       *main_thread;
  gboolean      *wrong_thread;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("frontline-commit-queue-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "frontline.db", NULL);
  fixture->queue = fl_commit_queue_new (fixture->path, &error);
  g_assert_no_error (error);
  fixture->loop = g_main_loop_new (NULL, FALSE);
  fixture->main_thread = g_thread_self ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->queue);
  g_clear_pointer (&fixture->loop, g_main_loop_unref);
  fl_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* Writes one customer, or fails (after writing it) when asked to. */
static gpointer
write_customer (FlStore       *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  const char *name = data;
  g_autoptr(FlCustomer) customer = fl_customer_new ();
  g_autofree char *id = fl_id_new ();

  fl_entity_set_id (FL_ENTITY (customer), id);
  fl_customer_set_name (customer, name);
  if (!fl_store_put (store, FL_ENTITY (customer), FL_STORE_PUT_ASSIGN_MODSEQ, error))
    return NULL;
  if (g_str_has_prefix (name, "Fail"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Asked to fail");
      return NULL;
    }
  return g_strdup (id);
}

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = fl_commit_queue_submit_finish (FL_COMMIT_QUEUE (source), result, &error);

  g_assert_true (g_thread_self () == fixture->main_thread);
  if (id != NULL)
    {
      g_autoptr(FlStore) reader = fl_store_open (fixture->path, NULL);

      /* Answered only once committed: another connection already sees it. */
      g_assert_nonnull (fl_store_get (reader, FL_TYPE_CUSTOMER, id, NULL));
      fixture->succeeded++;
    }
  else
    {
      /* Asked to fail, or refused because the queue stopped. */
      g_assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_FAILED)
                     || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED));
      fixture->failed++;
    }
  if (--fixture->pending == 0)
    g_main_loop_quit (fixture->loop);
}

static void
on_committed (FlCommitQueue      *queue,
              gint64              modseq,
              const char * const *types,
              GArray             *type_modseqs,
              gpointer            user_data)
{
  gint64 *last = user_data;

  g_assert_true (g_strv_contains (types, "Customer"));
  g_assert_cmpuint (type_modseqs->len, ==, g_strv_length ((char **) types));
  g_assert_cmpint (g_array_index (type_modseqs, gint64, 0), ==, modseq);
  g_assert_cmpint (modseq, >, *last);
  *last = modseq;
}

static void
test_group_commit (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(FlStore) reader = NULL;
  guint64 n_groups = 0;
  guint64 n_jobs = 0;
  gint64 last_modseq = 0;

  g_signal_connect (fixture->queue, "committed", G_CALLBACK (on_committed), &last_modseq);

  /* Queued all at once, as 200 desktops writing at the same moment would. */
  for (guint i = 0; i < 200; i++)
    {
      char *name = g_strdup_printf (i % 50 == 7 ? "Fail %u" : "Customer %u", i);

      fixture->pending++;
      fl_commit_queue_submit_async (fixture->queue, write_customer, name, g_free, g_free, NULL,
                                    job_done, fixture);
    }
  g_main_loop_run (fixture->loop);

  g_assert_cmpuint (fixture->succeeded, ==, 196);
  g_assert_cmpuint (fixture->failed, ==, 4);
  fl_commit_queue_get_stats (fixture->queue, &n_groups, &n_jobs);
  g_assert_cmpuint (n_jobs, ==, 200);
  /* Grouped: far fewer commits (disk syncs) than jobs. */
  g_assert_cmpuint (n_groups, <, 50);
  g_test_message ("200 jobs in %" G_GUINT64_FORMAT " commits", n_groups);

  reader = fl_store_open (fixture->path, NULL);
  g_assert_cmpint (fl_store_count (reader, FL_TYPE_CUSTOMER, NULL), ==, 196);
  /* The failed jobs' writes and modseqs are gone without a trace. */
  g_assert_cmpint (fl_store_get_modseq (reader), ==, 196);
  /* "committed" ran, on this thread, up to the last modseq. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (last_modseq, ==, 196);
}

/* Desktops that each send their next write when the last is answered, as the
 * benchmark's do: groups then commit while earlier ones are being synced, by
 * more than one syncer. Answers still come in commit order, each after the
 * "committed" that announced its write. */
typedef struct
{
  Fixture *fixture;
  gint64   last_committed;
  gint64   last_answered;
  guint    left;              /* writes still to send, all desktops */
  guint    answered;
} Desktops;

static void desktop_answered (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data);

static void
desktop_send (Desktops *desktops)
{
  desktops->left--;
  desktops->fixture->pending++;
  fl_commit_queue_submit_async (desktops->fixture->queue, write_customer, g_strdup ("Desktop"), g_free,
                                g_free, NULL, desktop_answered, desktops);
}

static void
desktop_answered (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Desktops *desktops = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = fl_commit_queue_submit_finish (FL_COMMIT_QUEUE (source), result, &error);
  g_autoptr(FlStore) reader = NULL;
  g_autoptr(FlEntity) customer = NULL;
  gint64 modseq;

  g_assert_no_error (error);
  reader = fl_store_open (desktops->fixture->path, &error);
  g_assert_no_error (error);
  customer = fl_store_get (reader, FL_TYPE_CUSTOMER, id, &error);
  g_assert_no_error (error);
  modseq = fl_entity_get_modseq (customer);
  g_assert_cmpint (modseq, >, desktops->last_answered);
  g_assert_cmpint (modseq, <=, desktops->last_committed);
  desktops->last_answered = modseq;
  desktops->answered++;

  if (desktops->left > 0)
    desktop_send (desktops);
  if (--desktops->fixture->pending == 0)
    g_main_loop_quit (desktops->fixture->loop);
}

static void
test_answers_in_commit_order (Fixture       *fixture,
                              gconstpointer  data)
{
  Desktops desktops = { fixture, 0, 0, 16 * 25, 0 };
  guint64 n_groups = 0;

  g_signal_connect (fixture->queue, "committed", G_CALLBACK (on_committed), &desktops.last_committed);
  for (guint i = 0; i < 16; i++)
    desktop_send (&desktops);
  g_main_loop_run (fixture->loop);

  g_assert_cmpuint (desktops.answered, ==, 16 * 25);
  g_assert_cmpint (desktops.last_answered, ==, 16 * 25);
  fl_commit_queue_get_stats (fixture->queue, &n_groups, NULL);
  g_test_message ("400 writes from 16 desktops in %" G_GUINT64_FORMAT " commits", n_groups);
}

static void
test_stop_refuses_new_jobs (Fixture       *fixture,
                            gconstpointer  data)
{
  fl_commit_queue_stop (fixture->queue);
  fixture->pending = 1;
  fl_commit_queue_submit_async (fixture->queue, write_customer, g_strdup ("Late"), g_free, g_free, NULL,
                                job_done, fixture);
  /* Answered, with an error, rather than left hanging. */
  g_main_loop_run (fixture->loop);
  g_assert_cmpuint (fixture->failed + fixture->succeeded, ==, 1);
  g_assert_cmpuint (fixture->succeeded, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/commit-queue/group-commit", Fixture, NULL, fixture_set_up, test_group_commit,
              fixture_tear_down);
  g_test_add ("/server/commit-queue/answers-in-commit-order", Fixture, NULL, fixture_set_up,
              test_answers_in_commit_order, fixture_tear_down);
  g_test_add ("/server/commit-queue/stop", Fixture, NULL, fixture_set_up, test_stop_refuses_new_jobs,
              fixture_tear_down);

  return g_test_run ();
}

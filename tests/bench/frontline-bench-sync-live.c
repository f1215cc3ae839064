/* frontline-bench-sync-live.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Live sync's number against the real server (a demo database in a temporary
 * folder, on a loopback port): two desktop profiles, both live, and the time
 * from a case created on desktop A (its local copy and outbox) to that case
 * being in desktop B's local copy, B calling nothing itself. A program that
 * prints figures, not a timed test: run it by hand and quote it.
 *
 *   frontline-bench-sync-live [--server PATH] [--changes N]
 *
 * The server binary is --server, else $FRONTLINE_SERVER, else the one meson
 * built. The server's log (a line per request) goes to a file in the
 * temporary folder, not between the figures.
 */
#include "config.h"

#include <fcntl.h>
#include <locale.h>
#include <unistd.h>

#include "bench-stats.h"
#include "push-client.h"
#include "sync-fixture.h"

#define WAIT_MS   30000
#define N_WARM_UP 20

typedef struct
{
  FlSyncEngine *a;
  FlSyncEngine *b;
  FlStore      *copy_b;
  const char   *id;      /* the case being waited for */
} Bench;

static gboolean
arrived (gpointer data)
{
  Bench *bench = data;

  return sync_copy_has (bench->copy_b, FL_TYPE_CASE, bench->id);
}

/* Both sides quiet: A's outbox empty, neither syncing. Each change is timed
 * on its own, not behind the one before. */
static gboolean
settled (gpointer data)
{
  Bench *bench = data;

  return fl_sync_engine_get_pending (bench->a) == 0
         && fl_sync_engine_get_state (bench->a) == FL_SYNC_STATE_ONLINE
         && fl_sync_engine_get_state (bench->b) == FL_SYNC_STATE_ONLINE;
}

static void
on_created (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!fl_sync_engine_change_finish (FL_SYNC_ENGINE (source), result, &error))
    g_error ("Could not create the case locally: %s", error->message);
}

/* One change, A to B; returns nanoseconds. */
static gint64
one_change (Bench      *bench,
            const char *customer,
            guint       i)
{
  g_autoptr(FlCase) the_case = fl_case_new ();
  g_autofree char *subject = g_strdup_printf ("Live bench case %u", i);
  gint64 start;
  gint64 elapsed;

  fl_case_set_customer_id (the_case, customer);
  fl_case_set_subject (the_case, subject);
  start = bench_now_ns ();
  fl_sync_engine_create_async (bench->a, FL_ENTITY (the_case), NULL, on_created, NULL);
  bench->id = fl_entity_get_id (FL_ENTITY (the_case));
  if (!fl_test_wait_until (arrived, bench, WAIT_MS))
    g_error ("Change %u did not reach desktop B in %d ms", i, WAIT_MS);
  elapsed = bench_now_ns () - start;
  bench->id = NULL;
  if (!fl_test_wait_until (settled, bench, WAIT_MS))
    g_error ("The desktops did not settle after change %u", i);
  return elapsed;
}

/* The server inherits stderr: it goes to @log for the server's start, and
 * back to the terminal for ours. */
static void
start_server_logged (SyncFixture *fixture,
                     const char  *log)
{
  int saved = dup (STDERR_FILENO);
  int fd = open (log, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  if (saved < 0 || fd < 0)
    g_error ("Cannot open %s for the server's log", log);
  dup2 (fd, STDERR_FILENO);
  close (fd);
  sync_fixture_setup (fixture, NULL);
  dup2 (saved, STDERR_FILENO);
  close (saved);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *log = NULL;
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (gint64));
  int n_changes = 500;
  SyncFixture fixture = { 0 };
  Bench bench = { 0 };
  gint64 started;
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &server, "The frontline-server binary", "PATH" },
    { "changes", 0, 0, G_OPTION_ARG_INT, &n_changes, "Changes to time (500)", "N" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("— live sync latency between two desktops");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (n_changes < 1)
    {
      g_printerr ("--changes must be positive\n");
      return 2;
    }
  if (server == NULL)
    server = g_strdup (g_getenv ("FRONTLINE_SERVER"));
  if (server == NULL)
    server = g_strdup (FL_BENCH_SERVER_BINARY);
  g_setenv ("FRONTLINE_SERVER", server, TRUE);

  log = g_build_filename (g_get_tmp_dir (), "frontline-bench-sync-live-server.log", NULL);
  start_server_logged (&fixture, log);
  g_print ("server %s, its log in %s\n", fixture.server->url, log);

  bench.a = sync_fixture_desktop (&fixture, "a", "agent");
  bench.b = sync_fixture_desktop (&fixture, "b", "tier2");
  customer = sync_showcase_customer (&fixture);
  if (!sync_run_sync (bench.a, NULL, &error) || !sync_run_sync (bench.b, NULL, &error))
    g_error ("First sync failed: %s", error->message);
  sync_start_live (bench.a);
  sync_start_live (bench.b);
  bench.copy_b = sync_fixture_open_copy (bench.b);

  for (guint i = 0; i < N_WARM_UP; i++)
    one_change (&bench, customer, i);
  started = bench_now_ns ();
  for (int i = 0; i < n_changes; i++)
    {
      gint64 ns = one_change (&bench, customer, N_WARM_UP + (guint) i);

      g_array_append_val (samples, ns);
    }
  g_print ("%d changes (after %d to warm up) in %.1f s, one at a time\n", n_changes, N_WARM_UP,
           (bench_now_ns () - started) / 1e9);
  bench_report ("case created on A -> in B's local copy", samples, "p99 <= 100 ms");

  fl_sync_engine_stop_live (bench.a);
  fl_sync_engine_stop_live (bench.b);
  g_clear_object (&bench.copy_b);
  g_clear_object (&bench.a);
  g_clear_object (&bench.b);
  sync_fixture_teardown (&fixture, NULL);
  return 0;
}

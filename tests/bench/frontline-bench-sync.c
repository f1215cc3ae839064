/* frontline-bench-sync.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desktop sync engine's numbers on a realistic dataset (1M customers by
 * default): a first sync into an empty profile with the default scope and with
 * everything — rows per second and seconds —, the process's peak resident
 * memory while it syncs, and how long a local read takes while the sync runs
 * (a lookup by phone, as a screen pop does, every 5 ms). The engine runs in
 * this process against the real frontline-server on loopback, as the console
 * does. A program that prints figures, not a timed test.
 *
 *   frontline-bench-sync [--customers N] [--seed N] [--db PATH] [--server PATH]
 *                        [--scopes 90,0] [--methods cold,warm,paged] [--login agent]
 *                        [--slow-reads]
 *
 * For each scope, each method in turn: "cold", a first sync through a snapshot
 * the server builds on demand (the server starts with none cached, and the
 * build counts); "warm", the same again, served from the server's cache; and
 * "paged", the X/query + X/get first sync of servers without snapshots.
 *
 * --db naming a file that already holds a dataset skips generating it; the
 * same file serves frontline-bench-server.
 */
#include "config.h"

#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bench-server-process.h"
#include "bench-stats.h"
#include "fl-password.h"
#include "fl-sync-engine.h"
#include "fl-test-util.h"

#define READ_EVERY_MS 5
#define RSS_EVERY_MS 50
#define READ_IDLE_SECONDS 5

typedef struct
{
  FlSyncEngine *engine;
  GAsyncResult *result;
  GArray       *read_samples;   /* ns */
  gint64        read_started;   /* 0: no read outstanding */
  gint64        job_started;    /* set by the job, on its thread */
  gint64        job_ended;
  GArray       *queue_samples;  /* submit → job starts on a pool thread */
  GArray       *job_samples;    /* the job itself */
  GArray       *return_samples; /* job done → result back on the main loop */
  guint         n_reads;
  gsize         peak_rss;
  gint64        sync_started;   /* ns: the sync's start (or of the reads without one) */
} Run;

/* --slow-reads: each read over 1 ms, when it came and where it waited. */
#define SLOW_READ_NS 1000000
static gboolean show_slow_reads;

static void
run_init_samples (Run *run)
{
  run->read_samples = g_array_new (FALSE, FALSE, sizeof (gint64));
  run->queue_samples = g_array_new (FALSE, FALSE, sizeof (gint64));
  run->job_samples = g_array_new (FALSE, FALSE, sizeof (gint64));
  run->return_samples = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static void
run_clear_samples (Run *run)
{
  g_clear_pointer (&run->read_samples, g_array_unref);
  g_clear_pointer (&run->queue_samples, g_array_unref);
  g_clear_pointer (&run->job_samples, g_array_unref);
  g_clear_pointer (&run->return_samples, g_array_unref);
}

static gsize
resident_bytes (void)
{
  g_autofree char *statm = NULL;
  unsigned long size = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL)
      || sscanf (statm, "%lu %lu", &size, &resident) != 2)
    return 0;
  return (gsize) resident * (gsize) sysconf (_SC_PAGESIZE);
}

/* CPU seconds (user + system) of this process, or of process @pid. */
static double
cpu_seconds (GPid pid)
{
  g_autofree char *path = pid > 0 ? g_strdup_printf ("/proc/%d/stat", pid) : g_strdup ("/proc/self/stat");
  g_autofree char *stat = NULL;
  const char *after_name;
  unsigned long utime = 0, stime = 0;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (after_name = strrchr (stat, ')')) == NULL
      || sscanf (after_name + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2)
    return 0;
  return (double) (utime + stime) / sysconf (_SC_CLK_TCK);
}

static gboolean
sample_rss (gpointer user_data)
{
  Run *run = user_data;

  run->peak_rss = MAX (run->peak_rss, resident_bytes ());
  return G_SOURCE_CONTINUE;
}

/* A screen pop's read: customers by a phone number. */
typedef struct
{
  Run  *run;
  char *phone;
} Lookup;

static void
lookup_free (gpointer data)
{
  Lookup *lookup = data;

  g_free (lookup->phone);
  g_free (lookup);
}

static gpointer
lookup_job (FlStore       *store,
            gpointer       job_data,
            GCancellable  *cancellable,
            GError       **error)
{
  Lookup *lookup = job_data;
  GPtrArray *found;

  lookup->run->job_started = bench_now_ns ();
  found = fl_store_find_customers_by_phone (store, lookup->phone, 10, error);
  lookup->run->job_ended = bench_now_ns ();
  return found;
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);
  gint64 now = bench_now_ns ();
  gint64 took = now - run->read_started;
  gint64 queued = run->job_started - run->read_started;
  gint64 ran = run->job_ended - run->job_started;
  gint64 returned = now - run->job_ended;

  if (found == NULL)
    g_printerr ("A local read failed: %s\n", error->message);
  if (show_slow_reads && took > SLOW_READ_NS)
    g_print ("  slow read at %+.3f s: %.2f ms (waiting for a pool thread %.2f, query %.2f, back %.2f)\n",
             (run->read_started - run->sync_started) / 1e9, took / 1e6, queued / 1e6, ran / 1e6, returned / 1e6);
  g_array_append_val (run->read_samples, took);
  g_array_append_val (run->queue_samples, queued);
  g_array_append_val (run->job_samples, ran);
  g_array_append_val (run->return_samples, returned);
  run->read_started = 0;
}

static gboolean
start_read (gpointer user_data)
{
  Run *run = user_data;

  /* One at a time, as a person typing does: a read never queues behind its
   * own predecessor. */
  if (run->read_started != 0)
    return G_SOURCE_CONTINUE;
  Lookup *lookup = g_new0 (Lookup, 1);

  lookup->run = run;
  lookup->phone = g_strdup_printf ("+1 555 %04u", run->n_reads++ % 10000);
  run->read_started = bench_now_ns ();
  fl_store_pool_read_async (fl_sync_engine_get_pool (run->engine), lookup_job, lookup, lookup_free,
                            (GDestroyNotify) g_ptr_array_unref, NULL, on_read, run);
  return G_SOURCE_CONTINUE;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Run *run = user_data;

  run->result = g_object_ref (result);
}

static GAsyncResult *
wait_result (Run *run)
{
  while (run->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return run->result;
}

/* Rows in the local copy, every type. */
static guint64
count_rows (const char *profile,
            GError    **error)
{
  g_autofree char *path = g_build_filename (profile, "frontline.db", NULL);
  g_autoptr(FlStore) store = fl_store_open (path, error);
  const GType *types;
  guint n_types;
  guint64 rows = 0;

  if (store == NULL)
    return 0;
  types = fl_model_get_types (&n_types);
  for (guint i = 0; i < n_types; i++)
    {
      gint64 n = fl_store_count (store, types[i], error);

      if (n < 0)
        return 0;
      g_print ("    %-13s %9" G_GINT64_FORMAT "\n", g_type_name (types[i]) + 2, n);
      rows += (guint64) n;
    }
  return rows;
}

static gboolean
quit_loop (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The same reads with no sync running, for comparison: on a machine whose
 * other work takes the processor, they wait too. */
static gboolean
measure_reads_without_sync (GError **error)
{
  g_autofree char *profile = g_dir_make_tmp ("frontline-bench-sync-XXXXXX", error);
  g_autoptr(FlSyncEngine) engine = NULL;
  Run run = { 0 };
  gboolean done = FALSE;
  guint read_source;

  if (profile == NULL)
    return FALSE;
  engine = fl_sync_engine_new (profile, error);
  if (engine == NULL)
    return FALSE;
  run.engine = engine;
  run_init_samples (&run);
  run.sync_started = bench_now_ns ();
  read_source = g_timeout_add (READ_EVERY_MS, start_read, &run);
  g_timeout_add (READ_IDLE_SECONDS * 1000, quit_loop, &done);
  while (!done || run.read_started != 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (read_source);
  g_print ("\n");
  bench_report ("local read, no sync running", run.read_samples, "—");
  run_clear_samples (&run);
  g_clear_object (&engine);
  fl_test_remove_tree (profile);
  return TRUE;
}

/* @pooled gathers the read latencies of every run of the same method and
 * scope: one warm sync of the default scope takes a few seconds, too few
 * reads for a steady 99th percentile. */
static gboolean
run_first_sync (BenchServer  *server,
                const char   *login,
                guint         scope_days,
                const char   *method,
                GArray       *pooled,
                GError      **error)
{
  g_autofree char *profile = g_dir_make_tmp ("frontline-bench-sync-XXXXXX", error);
  g_autoptr(FlSyncEngine) engine = NULL;
  Run run = { 0 };
  gint64 started;
  double seconds;
  guint64 rows;
  guint rss_source;
  guint read_source;
  gsize rss_before;
  gboolean ok;
  GPid server_pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (server->process), NULL, 10);
  double client_cpu;
  double server_cpu;

  if (profile == NULL)
    return FALSE;
  engine = fl_sync_engine_new (profile, error);
  if (engine == NULL)
    return FALSE;
  run.engine = engine;
  run_init_samples (&run);
  fl_sync_engine_set_scope_days (engine, scope_days);
  fl_sync_engine_set_use_snapshot (engine, !g_str_equal (method, "paged"));

  fl_sync_engine_login_async (engine, server->url, login, BENCH_DEMO_PASSWORD, NULL, store_result, &run);
  if (!fl_sync_engine_login_finish (engine, wait_result (&run), error))
    return FALSE;
  g_clear_object (&run.result);

  if (scope_days > 0)
    g_print ("\nFirst sync (%s), cases active or changed in the last %u days with their customers' histories:\n",
             method, scope_days);
  else
    g_print ("\nFirst sync (%s), everything:\n", method);

  rss_before = resident_bytes ();
  run.peak_rss = rss_before;
  rss_source = g_timeout_add (RSS_EVERY_MS, sample_rss, &run);
  read_source = g_timeout_add (READ_EVERY_MS, start_read, &run);
  client_cpu = cpu_seconds (0);
  server_cpu = cpu_seconds (server_pid);
  started = run.sync_started = bench_now_ns ();
  fl_sync_engine_sync_async (engine, NULL, store_result, &run);
  ok = fl_sync_engine_sync_finish (engine, wait_result (&run), error);
  seconds = (bench_now_ns () - started) / 1e9;
  client_cpu = cpu_seconds (0) - client_cpu;
  server_cpu = cpu_seconds (server_pid) - server_cpu;
  g_source_remove (read_source);
  g_source_remove (rss_source);
  sample_rss (&run);
  while (run.read_started != 0)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&run.result);
  if (!ok)
    return FALSE;
  if (!g_str_equal (method, "paged") && fl_sync_engine_get_snapshot_error (engine) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The snapshot was not used: %s",
                   fl_sync_engine_get_snapshot_error (engine));
      return FALSE;
    }

  rows = count_rows (profile, error);
  if (rows == 0)
    return FALSE;
  g_print ("  %" G_GUINT64_FORMAT " rows in %.1f s: %.0f rows/s (target ≥ 100,000 rows/s)\n",
           rows, seconds, rows / seconds);
  g_print ("  CPU: desktop %.1f s, server %.1f s (%.0f µs and %.0f µs a row)\n", client_cpu, server_cpu,
           client_cpu * 1e6 / rows, server_cpu * 1e6 / rows);
  g_print ("  peak RSS while syncing: %.0f MB (%.0f MB before; target ≤ 200 MB)\n",
           run.peak_rss / 1048576.0, rss_before / 1048576.0);
  bench_report ("local read while syncing (customers by phone)", run.read_samples, "p99 ≤ 1 ms");
  bench_report ("  of which waiting for a pool thread", run.queue_samples, "—");
  bench_report ("  of which the query", run.job_samples, "—");
  bench_report ("  of which back to the main loop", run.return_samples, "—");
  g_array_append_vals (pooled, run.read_samples->data, run.read_samples->len);

  run_clear_samples (&run);
  g_clear_object (&engine);
  fl_test_remove_tree (profile);
  return TRUE;
}

static char *
default_server_binary (void)
{
  const char *from_env = g_getenv ("FRONTLINE_SERVER");

  return g_strdup (from_env != NULL ? from_env : FL_BENCH_SERVER_BINARY);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *binary = NULL;
  g_autofree char *scopes_text = NULL;
  g_autofree char *methods_text = NULL;
  g_auto(GStrv) methods = NULL;
  g_autofree char *login = NULL;
  g_auto(GStrv) scopes = NULL;
  gint64 n_customers = 1000000;
  gint64 seed = 1;
  BenchServer server = { 0 };
  GOptionEntry entries[] = {
    { "customers", 0, 0, G_OPTION_ARG_INT64, &n_customers, "Customers to generate (default 1000000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Generator seed", "N" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Database to use, or reuse if it holds a dataset", "PATH" },
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &binary,
      "The frontline-server binary (default: $FRONTLINE_SERVER, else the one built with this)", "PATH" },
    { "scopes", 0, 0, G_OPTION_ARG_STRING, &scopes_text,
      "First syncs to run, as scope days (default 90,0; 0 is everything)", "N,N,…" },
    { "methods", 0, 0, G_OPTION_ARG_STRING, &methods_text,
      "First syncs to run for each scope: cold, warm (snapshot built on demand, then cached) "
      "and paged (default cold,warm,paged); one named again runs again, and its reads are also shown pooled", "M,M,…" },
    { "login", 0, 0, G_OPTION_ARG_STRING, &login, "Demo login to sync as (default agent)", "LOGIN" },
    { "slow-reads", 0, 0, G_OPTION_ARG_NONE, &show_slow_reads,
      "List every local read over 1 ms: its time from the sync's start and where it waited", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("— measure a desktop's first sync");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (binary == NULL)
    binary = default_server_binary ();
  scopes = g_strsplit (scopes_text != NULL ? scopes_text : "90,0", ",", -1);
  methods = g_strsplit (methods_text != NULL ? methods_text : "cold,warm,paged", ",", -1);
  for (guint i = 0; methods[i] != NULL; i++)
    if (!g_strv_contains ((const char * const[]) { "cold", "warm", "paged", NULL }, methods[i]))
      {
        g_printerr ("--methods takes cold, warm and paged\n");
        return 2;
      }

  if (!fl_password_init (&error))
    goto failed;
  if (db_path == NULL)
    {
      dir = g_dir_make_tmp ("frontline-bench-sync-XXXXXX", &error);
      if (dir == NULL)
        goto failed;
      db_path = g_build_filename (dir, "bench.db", NULL);
    }

  g_print ("Frontline sync benchmark — %u cores, server %s\n", g_get_num_processors (), binary);
  if (!bench_prepare_dataset (db_path, n_customers, seed, &error)
      || !bench_server_start (&server, binary, db_path, &error))
    goto failed;
  g_print ("Server at %s\n", server.url);
  /* What checking the dataset took is not the engine's memory: hand it back. */
  malloc_trim (0);

  if (!measure_reads_without_sync (&error))
    goto failed;

  /* The server starts with no snapshot cached: the first snapshot sync of
   * each scope is the cold one. */
  for (guint i = 0; scopes[i] != NULL; i++)
    {
      g_autoptr(GHashTable) pooled = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                            (GDestroyNotify) g_array_unref);

      for (guint j = 0; methods[j] != NULL; j++)
        {
          GArray *samples = g_hash_table_lookup (pooled, methods[j]);

          if (samples == NULL)
            {
              samples = g_array_new (FALSE, FALSE, sizeof (gint64));
              g_hash_table_insert (pooled, methods[j], samples);
            }
          if (!run_first_sync (&server, login != NULL ? login : "agent",
                               (guint) g_ascii_strtoull (scopes[i], NULL, 10), methods[j], samples, &error))
            goto failed;
        }
      for (guint j = 0; methods[j] != NULL; j++)
        {
          guint runs = 0;

          for (guint k = 0; methods[k] != NULL; k++)
            runs += g_str_equal (methods[k], methods[j]);
          /* Once per method (its samples are dropped once shown), and only
           * if it ran more than once. */
          if (runs > 1 && g_hash_table_contains (pooled, methods[j]))
            {
              g_autofree char *what = g_strdup_printf ("local read, all %u %s syncs of scope %s", runs,
                                                       methods[j], scopes[i]);

              bench_report (what, g_hash_table_lookup (pooled, methods[j]), "p99 ≤ 1 ms");
              g_hash_table_remove (pooled, methods[j]);
            }
        }
    }

  bench_server_stop (&server);
  if (dir != NULL)
    fl_test_remove_tree (dir);
  return 0;

failed:
  g_printerr ("frontline-bench-sync: %s\n", error != NULL ? error->message : "failed");
  bench_server_stop (&server);
  if (dir != NULL)
    fl_test_remove_tree (dir);
  return 1;
}

/* frontline-bench-store.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store's numbers on a realistic dataset (1M customers by default): bulk load
 * rate, customer lookup, flaw matching and the first page of a long history. A
 * program that prints figures, not a timed test: run it by hand and quote it.
 *
 *   frontline-bench-store [--customers N] [--seed N] [--db PATH] [--keep]
 *
 * With --db naming a file that already holds a dataset, the load is skipped and
 * only the queries are measured.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "bench-stats.h"
#include "fl-demo-generator.h"
#include "fl-store-private.h"

#define SHOWCASE_PHONE "+1 555 0100"

static gint64
count_all (FlStore *store)
{
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);
  gint64 total = 0;

  for (guint i = 0; i < n_types; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 n = fl_store_count (store, types[i], &error);

      g_assert_no_error (error);
      g_print ("  %-14s %10" G_GINT64_FORMAT "\n",
               fl_entity_class_get_type_name (g_type_class_peek (types[i])), n);
      total += n;
    }
  return total;
}

static gint64
max_pk (FlStore    *store,
        const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT max(pk) FROM %s", table);
  sqlite3_stmt *stmt = NULL;
  gint64 value = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (_fl_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* A record picked uniformly at random; pk gaps are skipped by retrying. */
static FlEntity *
random_record (FlStore    *store,
               GType       type,
               const char *table,
               gint64      max,
               GRand      *rand)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gint64 pk = 1 + (gint64) (g_rand_double (rand) * max);
      FlEntity *entity = _fl_store_get_by_pk (store, type, MIN (pk, max), &error);

      (void) table;
      if (entity != NULL)
        return entity;
    }
}

static void
bench_lookups (FlStore  *store,
               GRand    *rand,
               gboolean  print)
{
  g_autoptr(GArray) phone = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) email = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) name = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 max = max_pk (store, "customers");
  guint misses = 0;

  for (guint i = 0; i < 3000; i++)
    {
      g_autoptr(FlEntity) entity = random_record (store, FL_TYPE_CUSTOMER, "customers", max, rand);
      FlCustomer *customer = FL_CUSTOMER (entity);
      const char * const *phones = fl_customer_get_phones (customer);
      const char * const *emails = fl_customer_get_emails (customer);
      g_auto(GStrv) words = g_strsplit (fl_customer_get_name (customer), " ", -1);
      const char *last = words[g_strv_length (words) - 1];
      g_autofree char *email_prefix = emails[0] ? g_strndup (emails[0], 7) : NULL;
      g_autofree char *name_prefix = g_strdup_printf ("%s %.*s", words[0], 3, last);
      struct { GArray *into; const char *text; } queries[] = {
        { phone, phones[0] }, { email, email_prefix }, { name, name_prefix },
      };

      for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) found = NULL;
          gint64 start, elapsed;

          if (queries[q].text == NULL)
            continue;
          start = bench_now_ns ();
          found = fl_store_lookup_customers (store, queries[q].text, 10, &error);
          elapsed = bench_now_ns () - start;
          g_assert_no_error (error);
          if (found->len == 0 && misses++ < 5 && print)
            g_printerr ("  no customer found for “%s” (%s)\n", queries[q].text,
                        fl_customer_get_name (customer));
          g_array_append_val (queries[q].into, elapsed);
          g_array_append_val (all, elapsed);
        }
    }

  if (!print)
    return;
  bench_report ("customer lookup by phone", phone, "p99 <= 1 ms");
  bench_report ("customer lookup by e-mail prefix", email, "p99 <= 1 ms");
  bench_report ("customer lookup by name prefix", name, "p99 <= 1 ms");
  bench_report ("customer lookup, all kinds", all, "p99 <= 1 ms");
  if (misses > 0)
    g_print ("  (%u lookups found nothing — a bug)\n", misses);
}

static void
bench_flaw_matching (FlStore  *store,
                     GRand    *rand,
                     gboolean  print)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 max = max_pk (store, "cases");
  guint with_match = 0;
  gint64 slowest = 0;
  g_autofree char *slowest_subject = NULL;

  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(FlEntity) the_case = random_record (store, FL_TYPE_CASE, "cases", max, rand);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) matches = NULL;
      gint64 start = bench_now_ns (), elapsed;

      matches = fl_store_match_flaws_for_case (store, fl_entity_get_id (the_case), 10, &error);
      elapsed = bench_now_ns () - start;
      g_assert_no_error (error);
      g_array_append_val (samples, elapsed);
      if (matches->len > 0)
        with_match++;
      if (elapsed > slowest)
        {
          slowest = elapsed;
          g_free (slowest_subject);
          slowest_subject = g_strdup (fl_case_get_subject (FL_CASE (the_case)));
        }
    }

  if (!print)
    return;
  bench_report ("flaw match for a case (top 10)", samples, "p99 <= 5 ms");
  g_print ("  %u of %u cases had at least one match; slowest: “%s”\n",
           with_match, samples->len, slowest_subject);
}

static void
bench_history (FlStore *store)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = fl_store_find_customers_by_phone (store, SHOWCASE_PHONE, 1, &error);
  const char *customer_id;
  g_autofree char *cursor = NULL;
  guint n_interactions = 0;
  gint64 start;

  g_assert_no_error (error);
  if (found->len == 0)
    {
      g_print ("history: no showcase customer (%s) in this dataset\n", SHOWCASE_PHONE);
      return;
    }
  customer_id = fl_entity_get_id (g_ptr_array_index (found, 0));

  /* Count the interactions: the figure is only meaningful on a long history. */
  start = bench_now_ns ();
  do
    {
      g_autofree char *next = NULL;
      g_autoptr(GPtrArray) page = fl_store_get_customer_history (store, customer_id,
                                                                 FL_HISTORY_INTERACTIONS, cursor,
                                                                 500, &next, &error);
      g_assert_no_error (error);
      n_interactions += page->len;
      g_free (cursor);
      cursor = g_steal_pointer (&next);
    }
  while (cursor != NULL);
  g_print ("showcase customer: %u interactions, all read in pages of 500 in %.1f ms\n",
           n_interactions, (bench_now_ns () - start) / 1e6);

  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(GPtrArray) page = NULL;
      gint64 elapsed;

      start = bench_now_ns ();
      page = fl_store_get_customer_history (store, customer_id, FL_HISTORY_ALL, NULL, 50,
                                            NULL, &error);
      elapsed = bench_now_ns () - start;
      g_assert_no_error (error);
      g_assert_cmpuint (page->len, ==, 50);
      g_array_append_val (samples, elapsed);
    }

  bench_report ("history first page (50 items, all kinds)", samples, "p99 <= 2 ms");
}

static void
bench_queue (FlStore *store)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (gint64));
  FlCaseFilter filter = FL_CASE_FILTER_INIT;

  filter.statuses = FL_CASE_STATUSES_ACTIVE;
  for (guint i = 0; i < 500; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) page = NULL;
      gint64 start = bench_now_ns (), elapsed;

      /* Pages from the top and deep down, as a scrolled list asks for them. */
      page = fl_store_query_cases (store, &filter, (i % 10) * 2000, 50, &error);
      elapsed = bench_now_ns () - start;
      g_assert_no_error (error);
      g_array_append_val (samples, elapsed);
    }
  bench_report ("team queue page (50 active cases)", samples, "none yet; issue 5");
}

/* Reads every page of the tables and indexes the measured queries touch, so they
 * sit in the store's own cache (see fl_store_set_cache_size()). */
static void
preload_tables (FlStore *store)
{
  static const char * const scans[] = {
    "SELECT sum (length (name) + length (emails) + length (phones)) FROM customers",
    "SELECT count (*) FROM customer_keys WHERE key >= ''",
    "SELECT count (*) FROM customer_keys WHERE customer_pk >= 0",
    "SELECT sum (length (subject) + length (description)) FROM cases",
    "SELECT count (*) FROM interactions INDEXED BY interactions_by_case WHERE case_id >= ''",
    "SELECT sum (length (title) + length (symptoms)) FROM flaws",
    "SELECT sum (length (block)) FROM flaw_fts_data",
    "SELECT sum (length (sz)) FROM flaw_fts_docsize",
    "SELECT count (*) FROM case_flaws WHERE flaw_id >= ''",
  };

  for (guint i = 0; i < G_N_ELEMENTS (scans); i++)
    g_assert_cmpint (sqlite3_exec (_fl_store_get_db (store), scans[i], NULL, NULL, NULL), ==,
                     SQLITE_OK);
}

static void
on_progress (guint64  rows,
             gpointer user_data)
{
  gint64 *start = user_data;
  double seconds = (bench_now_ns () - *start) / 1e9;

  g_printerr ("\r  %" G_GUINT64_FORMAT " rows, %.0f rows/s   ", rows, rows / MAX (seconds, 1e-9));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlStore) store = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree char *db_path = NULL;
  g_autofree char *dir = NULL;
  gint64 n_customers = 1000000;
  gint64 seed = 1;
  gboolean keep = FALSE;
  gboolean preload = FALSE;
  GOptionEntry entries[] = {
    { "customers", 0, 0, G_OPTION_ARG_INT64, &n_customers, "Customers to generate", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Generator seed", "N" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Database to use or reuse", "PATH" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the generated database", NULL },
    { "preload", 0, 0, G_OPTION_ARG_NONE, &preload,
      "Read the queried tables into the cache first (a long-running server's state)", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("— measure the Frontline store");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (db_path == NULL)
    {
      dir = g_dir_make_tmp ("frontline-bench-XXXXXX", &error);
      g_assert_no_error (error);
      db_path = g_build_filename (dir, "bench.db", NULL);
    }

  g_print ("Frontline store benchmark — SQLite %s, database %s\n", sqlite3_libversion (), db_path);
  store = fl_store_open (db_path, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  /* As a server would: the whole hot set in the process, not in a file cache
   * this machine's hypervisor keeps reclaiming. */
  if (!fl_store_set_cache_size (store, (gsize) 4 << 30, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  if (fl_store_count (store, FL_TYPE_CUSTOMER, NULL) == 0)
    {
      g_autoptr(FlDemoGenerator) generator = fl_demo_generator_new ();
      gint64 start = bench_now_ns ();
      double seconds;
      gint64 rows;

      fl_demo_generator_set_seed (generator, (guint64) seed);
      fl_demo_generator_set_n_customers (generator, (guint) n_customers);
      fl_demo_generator_set_progress_callback (generator, isatty (2) ? on_progress : NULL, &start);
      g_print ("Generating and loading %" G_GINT64_FORMAT " customers (seed %" G_GINT64_FORMAT ")…\n",
               n_customers, seed);
      if (!fl_demo_generator_run (generator, store, &error))
        {
          g_printerr ("\n%s\n", error->message);
          return 1;
        }
      seconds = (bench_now_ns () - start) / 1e9;
      if (isatty (2))
        g_printerr ("\n");
      rows = count_all (store);
      g_print ("bulk load (generate + validate + write + index): %" G_GINT64_FORMAT
               " rows in %.1f s = %.0f rows/s (target >= 200,000 rows/s)\n",
               rows, seconds, rows / seconds);
    }
  else
    {
      g_print ("Reusing the dataset in %s:\n", db_path);
      count_all (store);
    }

  /* The console keeps its store open all day: measure a warm store, not the
   * first touch of each page after a load. The warm-up uses other samples. */
  if (preload)
    {
      gint64 start = bench_now_ns ();

      preload_tables (store);
      g_print ("Preloaded the tables lookups and matching read into the store's cache"
               " in %.1f s\n", (bench_now_ns () - start) / 1e9);
    }
  g_print ("Warming up (one unmeasured round of lookups and matches)…\n");
  bench_lookups (store, rand, FALSE);
  bench_flaw_matching (store, rand, FALSE);

  bench_lookups (store, rand, TRUE);
  bench_flaw_matching (store, rand, TRUE);
  bench_history (store);
  bench_queue (store);

  g_clear_object (&store);
  if (dir != NULL && !keep)
    {
      g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);

      g_unlink (db_path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }
  else
    g_print ("Database kept: %s\n", db_path);

  return 0;
}

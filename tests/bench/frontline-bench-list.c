/* frontline-bench-list.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The console's paged list (FlRecordListModel) on a large local copy: how long
 * the count and first page of a list take, how long a page deep in it takes
 * when a view scrolls there, a search as the agent types, and the longest the
 * main loop went without running while all that happened (what a frame would
 * have waited). A program that prints figures; run it by hand and quote it.
 *
 *   frontline-bench-list [--customers N] [--db PATH]
 *
 * The default, 95,000 customers, makes about 100,000 cases. With --db naming a
 * file that already holds a dataset, the load is skipped.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <glib/gstdio.h>

#include "fl-demo-generator.h"
#include "fl-record-item.h"
#include "fl-record-list-model.h"

static gint64 last_tick;
static gint64 longest_stall;

/* Runs every millisecond the main loop is free: the gap between two runs is
 * how long the loop was kept from drawing. */
static gboolean
on_tick (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_tick != 0)
    longest_stall = MAX (longest_stall, now - last_tick);
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

static double
wait_until_loaded (FlRecordListModel *model)
{
  gint64 start = g_get_monotonic_time ();

  while (fl_record_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
read_row (FlRecordListModel *model,
          guint              position)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(FlRecordItem) item = g_list_model_get_item (G_LIST_MODEL (model), position);

  while (!fl_record_item_get_loaded (item))
    g_main_context_iteration (NULL, TRUE);
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlStorePool) pool = NULL;
  g_autoptr(FlRecordListModel) model = NULL;
  g_autofree char *db = NULL;
  g_autofree char *dir = NULL;
  int customers = 95000;
  double ms;
  guint n;
  GOptionEntry entries[] = {
    { "customers", 0, 0, G_OPTION_ARG_INT, &customers, "Customers to generate", "N" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "Dataset to use (made if missing)", "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  if (db == NULL)
    {
      dir = g_dir_make_tmp ("frontline-bench-list-XXXXXX", &error);
      g_assert_no_error (error);
      db = g_build_filename (dir, "copy.db", NULL);
    }
  if (!g_file_test (db, G_FILE_TEST_EXISTS))
    {
      g_autoptr(FlDemoGenerator) generator = fl_demo_generator_new ();
      g_autoptr(FlStore) store = fl_store_open (db, &error);
      gint64 start = g_get_monotonic_time ();

      g_assert_no_error (error);
      fl_demo_generator_set_n_customers (generator, (guint) customers);
      if (!fl_demo_generator_run (generator, store, &error))
        g_error ("%s", error->message);
      g_print ("Generated %'u customers in %.1f s\n", customers, (g_get_monotonic_time () - start) / 1e6);
    }

  pool = fl_store_pool_new (db, 2, &error);
  g_assert_no_error (error);
  model = fl_record_list_model_new (pool);
  g_timeout_add (1, on_tick, NULL);

  fl_record_list_model_set_query (model, FL_RECORD_LIST_CASES, 0, NULL, NULL);
  ms = wait_until_loaded (model);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_print ("All cases: %'u; count and first page %.1f ms\n", n, ms);
  g_print ("  row %'u (a page in the middle) %.1f ms\n", n / 2, read_row (model, n / 2));
  g_print ("  row %'u (the last page) %.1f ms\n", n - 1, read_row (model, n - 1));

  fl_record_list_model_set_query (model, FL_RECORD_LIST_CASES, FL_CASE_STATUSES_ACTIVE, NULL, NULL);
  ms = wait_until_loaded (model);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_print ("Team queue: %'u open cases; count and first page %.1f ms\n", n, ms);
  if (n > 1)
    g_print ("  row %'u (the last page) %.1f ms\n", n - 1, read_row (model, n - 1));

  fl_record_list_model_set_query (model, FL_RECORD_LIST_CUSTOMERS, 0, NULL, NULL);
  ms = wait_until_loaded (model);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_print ("Customers: %'u; count and first page %.1f ms; last page %.1f ms\n", n, ms, read_row (model, n - 1));

  fl_record_list_model_set_query (model, FL_RECORD_LIST_CASES, 0, NULL, NULL);
  wait_until_loaded (model);
  {
    /* As typed, a letter at a time: each keystroke replaces the last search. */
    static const char * const typed[] = { "m", "mo", "mon", "moni", "monit", "monito", "monitor" };

    for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
      fl_record_list_model_set_search_text (model, typed[i]);
    ms = wait_until_loaded (model);
    g_print ("Search “monitor” typed letter by letter over all cases: %'u matches, %.1f ms after the last key\n",
             g_list_model_get_n_items (G_LIST_MODEL (model)), ms);
  }

  g_print ("Longest the main loop went without running: %.1f ms\n", longest_stall / 1000.0);

  g_clear_object (&model);
  g_clear_object (&pool);
  if (dir != NULL)
    {
      g_autofree char *wal = g_strconcat (db, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db, "-shm", NULL);

      g_unlink (db);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }
  return EXIT_SUCCESS;
}

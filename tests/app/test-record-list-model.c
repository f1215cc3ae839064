/* test-record-list-model.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlRecordListModel against a real store file filled by the demo generator:
 * counts match the store, pages are read only when asked for, searches and
 * quick changes of query never leave a stale list, and a GtkListView on it
 * reads only the pages it shows.
 */
#define G_LOG_DOMAIN "Frontline-Test"

#include "config.h"

#include <gtk/gtk.h>

#include "app-test-util.h"
#include "fl-app-resources.h"
#include "fl-record-item.h"
#include "fl-record-row.h"
#include "fl-record-list-model.h"

typedef struct
{
  AppFixture         demo;
  FlRecordListModel *model;
  guint              shadow_n_items;   /* what a view that follows items-changed believes */
  guint              n_changes;        /* items-changed emissions */
} Fixture;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  g_assert_cmpuint (position + removed, <=, fixture->shadow_n_items);
  fixture->shadow_n_items = fixture->shadow_n_items - removed + added;
  fixture->n_changes++;
  g_assert_cmpuint (fixture->shadow_n_items, ==, g_list_model_get_n_items (model));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  app_fixture_set_up (&fixture->demo);
  fixture->model = fl_record_list_model_new (fl_sync_engine_get_pool (fixture->demo.engine));
  g_signal_connect (fixture->model, "items-changed", G_CALLBACK (on_items_changed), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Answers still on their way (even to queries replaced since) hold the
   * model; let them land first. */
  APP_TEST_WAIT_FOR (G_OBJECT (fixture->model)->ref_count == 1);
  g_assert_finalize_object (fixture->model);
  app_fixture_tear_down (&fixture->demo);
}


static guint
expected_cases (Fixture *fixture,
                guint    statuses)
{
  FlCaseFilter filter = FL_CASE_FILTER_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;

  filter.statuses = statuses;
  all = fl_store_query_cases (fixture->demo.store, &filter, 0, G_MAXINT, &error);
  g_assert_no_error (error);
  return all->len;
}

static void
test_counts_match_the_store (Fixture       *fixture,
                             gconstpointer  data)
{
  guint n_all = expected_cases (fixture, 0);

  g_assert_cmpuint (n_all, >, 3 * FL_RECORD_LIST_PAGE_SIZE);

  fl_record_list_model_set_query (fixture->model, FL_RECORD_LIST_CASES, 0, NULL, NULL);
  APP_TEST_WAIT_FOR (!fl_record_list_model_get_loading (fixture->model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, n_all);
  /* The count brings the first page with it, and nothing more. */
  g_assert_cmpuint (fl_record_list_model_get_n_pages_read (fixture->model), ==, 1);

  fl_record_list_model_set_query (fixture->model, FL_RECORD_LIST_CASES, FL_CASE_STATUSES_ACTIVE, NULL, NULL);
  APP_TEST_WAIT_FOR (!fl_record_list_model_get_loading (fixture->model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==,
                    expected_cases (fixture, FL_CASE_STATUSES_ACTIVE));

  fl_record_list_model_set_query (fixture->model, FL_RECORD_LIST_CUSTOMERS, 0, NULL, NULL);
  APP_TEST_WAIT_FOR (!fl_record_list_model_get_loading (fixture->model));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==,
                   fl_store_count (fixture->demo.store, FL_TYPE_CUSTOMER, NULL));
}

static void
test_pages_are_read_when_asked_for (Fixture       *fixture,
                                    gconstpointer  data)
{
  FlCaseFilter filter = FL_CASE_FILTER_INIT;
  g_autoptr(GPtrArray) last = NULL;
  g_autoptr(FlRecordItem) item = NULL;
  g_autoptr(FlRecordItem) first = NULL;
  guint n;

  fl_record_list_model_set_query (fixture->model, FL_RECORD_LIST_CASES, 0, NULL, NULL);
  APP_TEST_WAIT_FOR (!fl_record_list_model_get_loading (fixture->model));
  n = g_list_model_get_n_items (G_LIST_MODEL (fixture->model));

  first = g_list_model_get_item (G_LIST_MODEL (fixture->model), 0);
  g_assert_true (fl_record_item_get_loaded (first));

  item = g_list_model_get_item (G_LIST_MODEL (fixture->model), n - 1);
  g_assert_nonnull (item);
  g_assert_false (fl_record_item_get_loaded (item));
  g_assert_cmpstr (fl_record_item_get_title (item), ==, "");
  APP_TEST_WAIT_FOR (fl_record_item_get_loaded (item));
  g_assert_cmpuint (fl_record_list_model_get_n_pages_read (fixture->model), ==, 2);

  /* The last row is the store's last case in queue order. */
  last = fl_store_query_cases (fixture->demo.store, &filter, n - 1, 1, NULL);
  g_assert_cmpuint (last->len, ==, 1);
  g_assert_cmpstr (fl_record_item_get_id (item), ==, fl_entity_get_id (g_ptr_array_index (last, 0)));
  g_assert_cmpstr (fl_record_item_get_title (item), ==, fl_case_get_subject (g_ptr_array_index (last, 0)));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (fixture->model), n));
}

static void
test_search_narrows_and_clears (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(FlRecordItem) item = NULL;
  g_autoptr(FlEntity) showcase = fl_store_get (fixture->demo.store, FL_TYPE_CUSTOMER, fixture->demo.customer_id, NULL);
  guint all;

  fl_record_list_model_set_query (fixture->model, FL_RECORD_LIST_CUSTOMERS, 0, NULL, NULL);
  APP_TEST_WAIT_FOR (!fl_record_list_model_get_loading (fixture->model));
  all = g_list_model_get_n_items (G_LIST_MODEL (fixture->model));

  /* A caller's number as a phone system gives it. */
  fl_record_list_model_set_search_text (fixture->model, FL_DEMO_SHOWCASE_PHONE);
  APP_TEST_WAIT_FOR (!fl_record_list_model_get_loading (fixture->model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, 1);
  item = g_list_model_get_item (G_LIST_MODEL (fixture->model), 0);
  g_assert_cmpstr (fl_record_item_get_id (item), ==, fixture->demo.customer_id);
  g_assert_cmpstr (fl_record_item_get_title (item), ==, fl_customer_get_name (FL_CUSTOMER (showcase)));

  fl_record_list_model_set_search_text (fixture->model, "zzqx-no-such-word");
  APP_TEST_WAIT_FOR (!fl_record_list_model_get_loading (fixture->model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, 0);

  fl_record_list_model_set_search_text (fixture->model, "  ");
  APP_TEST_WAIT_FOR (!fl_record_list_model_get_loading (fixture->model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, all);
}

static void
test_case_search_keeps_the_queue_filter (Fixture       *fixture,
                                         gconstpointer  data)
{
  guint n;

  fl_record_list_model_set_query (fixture->model, FL_RECORD_LIST_CASES,
                                  FL_CASE_STATUS_MASK (FL_CASE_STATUS_ESCALATED), NULL, NULL);
  fl_record_list_model_set_search_text (fixture->model, "the");
  APP_TEST_WAIT_FOR (!fl_record_list_model_get_loading (fixture->model));
  n = g_list_model_get_n_items (G_LIST_MODEL (fixture->model));
  g_assert_cmpuint (n, <=, expected_cases (fixture, FL_CASE_STATUS_MASK (FL_CASE_STATUS_ESCALATED)));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FlRecordItem) item = g_list_model_get_item (G_LIST_MODEL (fixture->model), i);
      g_autoptr(FlEntity) the_case = fl_store_get (fixture->demo.store, FL_TYPE_CASE, fl_record_item_get_id (item), NULL);

      g_assert_cmpint (fl_case_get_status (FL_CASE (the_case)), ==, FL_CASE_STATUS_ESCALATED);
    }
}

static void
test_a_customers_cases_newest_first (Fixture       *fixture,
                                     gconstpointer  data)
{
  FlCaseFilter filter = FL_CASE_FILTER_INIT;
  g_autoptr(GPtrArray) theirs = NULL;
  gint64 previous = G_MAXINT64;
  guint n;

  filter.customer_id = fixture->demo.customer_id;
  theirs = fl_store_query_cases (fixture->demo.store, &filter, 0, G_MAXINT, NULL);
  g_assert_cmpuint (theirs->len, >, FL_RECORD_LIST_PAGE_SIZE);

  fl_record_list_model_set_query (fixture->model, FL_RECORD_LIST_CASES, 0, NULL, fixture->demo.customer_id);
  APP_TEST_WAIT_FOR (!fl_record_list_model_get_loading (fixture->model));
  n = g_list_model_get_n_items (G_LIST_MODEL (fixture->model));
  g_assert_cmpuint (n, ==, theirs->len);
  for (guint i = 0; i < FL_RECORD_LIST_PAGE_SIZE; i++)
    {
      g_autoptr(FlRecordItem) item = g_list_model_get_item (G_LIST_MODEL (fixture->model), i);
      g_autoptr(FlEntity) the_case = fl_store_get (fixture->demo.store, FL_TYPE_CASE, fl_record_item_get_id (item), NULL);

      g_assert_cmpstr (fl_case_get_customer_id (FL_CASE (the_case)), ==, fixture->demo.customer_id);
      g_assert_cmpint (fl_entity_get_created_at (the_case), <=, previous);
      previous = fl_entity_get_created_at (the_case);
    }
}

static void
test_a_refresh_keeps_rows_in_place (Fixture       *fixture,
                                    gconstpointer  data)
{
  FlCaseFilter filter = FL_CASE_FILTER_INIT;
  g_autoptr(GPtrArray) last = NULL;
  g_autoptr(FlRecordItem) held = NULL;
  g_autoptr(FlRecordItem) first = NULL;
  g_autoptr(GError) error = NULL;
  FlCase *the_case;
  guint n, changes;

  fl_record_list_model_set_query (fixture->model, FL_RECORD_LIST_CASES, 0, NULL, NULL);
  APP_TEST_WAIT_FOR (!fl_record_list_model_get_loading (fixture->model));
  n = g_list_model_get_n_items (G_LIST_MODEL (fixture->model));
  /* A view shows the last row; nobody holds the middle of the list. */
  held = g_list_model_get_item (G_LIST_MODEL (fixture->model), n - 1);
  APP_TEST_WAIT_FOR (fl_record_item_get_loaded (held));
  g_clear_object (&first);
  first = g_list_model_get_item (G_LIST_MODEL (fixture->model), 0);

  /* A sync renames the last case. */
  last = fl_store_query_cases (fixture->demo.store, &filter, n - 1, 1, &error);
  g_assert_no_error (error);
  the_case = g_ptr_array_index (last, 0);
  fl_case_set_subject (the_case, "Renamed by a sync");
  g_assert_true (fl_store_put (fixture->demo.store, FL_ENTITY (the_case), FL_STORE_PUT_DEFAULT, &error));
  g_assert_no_error (error);

  changes = fixture->n_changes;
  fl_record_list_model_reload (fixture->model);
  APP_TEST_WAIT_FOR (!fl_record_list_model_get_loading (fixture->model));
  APP_TEST_WAIT_FOR (g_strcmp0 (fl_record_item_get_title (held), "Renamed by a sync") == 0);
  /* Same length: the rows stayed, so a view keeps its place and selection. */
  g_assert_cmpuint (fixture->n_changes, ==, changes);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, n);
  g_assert_true (fl_record_item_get_loaded (first));
  /* The first page came with the count; the held row's page was read again;
   * nothing else was. */
  g_assert_cmpuint (fl_record_list_model_get_n_pages_read (fixture->model), ==, 2);
}

static void
test_a_newer_query_wins (Fixture       *fixture,
                         gconstpointer  data)
{
  /* Three queries in a row, as fast as clicks: only the last one counts. */
  fl_record_list_model_set_query (fixture->model, FL_RECORD_LIST_CASES, 0, NULL, NULL);
  fl_record_list_model_set_query (fixture->model, FL_RECORD_LIST_FLAWS, 0, NULL, NULL);
  fl_record_list_model_set_query (fixture->model, FL_RECORD_LIST_CUSTOMERS, 0, NULL, NULL);
  APP_TEST_WAIT_FOR (!fl_record_list_model_get_loading (fixture->model));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (fl_record_list_model_get_kind (fixture->model), ==, FL_RECORD_LIST_CUSTOMERS);
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==,
                   fl_store_count (fixture->demo.store, FL_TYPE_CUSTOMER, NULL));
}

static void
test_a_list_view_reads_only_what_it_shows (Fixture       *fixture,
                                           gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  g_autoptr(GtkListItemFactory) factory =
    fl_record_row_factory_new ();
  GtkWidget *view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (fixture->model)))),
                                       g_object_ref (factory));
  guint n_pages;

  g_type_ensure (FL_TYPE_RECORD_ITEM);
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 400);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  fl_record_list_model_set_query (fixture->model, FL_RECORD_LIST_CASES, 0, NULL, NULL);
  gtk_window_present (GTK_WINDOW (window));
  APP_TEST_WAIT_FOR (!fl_record_list_model_get_loading (fixture->model) && gtk_widget_get_mapped (view));
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);

  n_pages = (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)) + FL_RECORD_LIST_PAGE_SIZE - 1)
            / FL_RECORD_LIST_PAGE_SIZE;
  /* GTK 4.8's list view keeps up to 200 rows around what it shows (its
   * GTK_LIST_VIEW_MAX_LIST_ITEMS), at most five pages wherever they start;
   * the rest of the list must stay unread. */
  g_assert_cmpuint (n_pages, >, 6);
  g_assert_cmpuint (fl_record_list_model_get_n_pages_read (fixture->model), <=, 200 / FL_RECORD_LIST_PAGE_SIZE + 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A scrollbar dragged down the list asks for a row of every page it passes and
 * lets go of it a frame later: only what is still shown when a reader is free
 * is read. */
static void
test_pages_let_go_before_their_turn_are_not_read (Fixture       *fixture,
                                                  gconstpointer  data)
{
  g_autoptr(FlRecordItem) shown = NULL;
  guint n, n_pages;

  fl_record_list_model_set_query (fixture->model, FL_RECORD_LIST_CASES, 0, NULL, NULL);
  APP_TEST_WAIT_FOR (!fl_record_list_model_get_loading (fixture->model));
  n = g_list_model_get_n_items (G_LIST_MODEL (fixture->model));
  n_pages = (n + FL_RECORD_LIST_PAGE_SIZE - 1) / FL_RECORD_LIST_PAGE_SIZE;
  g_assert_cmpuint (n_pages, >=, 5);

  for (guint page = 1; page < n_pages; page++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (fixture->model), page * FL_RECORD_LIST_PAGE_SIZE));
  shown = g_list_model_get_item (G_LIST_MODEL (fixture->model), n - 1);
  APP_TEST_WAIT_FOR (fl_record_item_get_loaded (shown));
  /* Every read has answered (each holds the model). */
  APP_TEST_WAIT_FOR (G_OBJECT (fixture->model)->ref_count == 1);
  /* The first page came with the count, the two readers took the next two
   * asked for, and then the last page, still shown; none of those between. */
  g_assert_cmpuint (fl_record_list_model_get_n_pages_read (fixture->model), ==, 4);
  g_assert_true (fl_record_item_get_loaded (shown));
}

/* A row shows its item's two lines, follows the item when its page arrives,
 * and lets go of an item it no longer shows. */
static void
test_a_row_follows_its_item (void)
{
  g_autoptr(FlRecordItem) first = fl_record_item_new ();
  g_autoptr(FlRecordItem) second = fl_record_item_new ();
  GtkWidget *row = g_object_ref_sink (fl_record_row_new ());
  GtkInscription *title, *subtitle;

  fl_record_row_set_item (FL_RECORD_ROW (row), first);
  title = GTK_INSCRIPTION (gtk_widget_get_first_child (row));
  subtitle = GTK_INSCRIPTION (gtk_widget_get_next_sibling (GTK_WIDGET (title)));
  g_assert_false (fl_record_item_get_loaded (first));
  g_assert_cmpstr (gtk_inscription_get_text (subtitle), ==, fl_record_item_get_subtitle (fl_record_row_get_item (FL_RECORD_ROW (row))));

  /* The page arrives: the same row shows it. */
  fl_record_item_fill (first, "case-1", "Printer offline after update", "Ada · Open · High");
  g_assert_cmpstr (gtk_inscription_get_text (title), ==, "Printer offline after update");
  g_assert_cmpstr (gtk_inscription_get_text (subtitle), ==, "Ada · Open · High");

  /* Rebound, as scrolling does: the old item's news no longer reaches it. */
  fl_record_item_fill (second, "case-2", "Fan noise", NULL);
  fl_record_row_set_item (FL_RECORD_ROW (row), second);
  g_assert_cmpstr (gtk_inscription_get_text (title), ==, "Fan noise");
  g_assert_cmpstr (gtk_inscription_get_text (subtitle), ==, fl_record_item_get_subtitle (fl_record_row_get_item (FL_RECORD_ROW (row))));
  fl_record_item_fill (first, "case-1", "Changed elsewhere", "Ada · Resolved · High");
  g_assert_cmpstr (gtk_inscription_get_text (title), ==, "Fan noise");
  g_assert_true (fl_record_row_get_item (FL_RECORD_ROW (row)) == second);

  /* Unbound: nothing held. */
  fl_record_row_set_item (FL_RECORD_ROW (row), NULL);
  g_assert_cmpint (G_OBJECT (second)->ref_count, ==, 1);
  g_object_unref (row);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  /* Naming the resource links in its object file, whose constructor registers it. */
  g_assert_nonnull (fl_app_get_resource ());

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/app/record-list/counts-match-the-store", test_counts_match_the_store);
  ADD ("/app/record-list/pages-are-read-when-asked-for", test_pages_are_read_when_asked_for);
  ADD ("/app/record-list/search-narrows-and-clears", test_search_narrows_and_clears);
  ADD ("/app/record-list/case-search-keeps-the-queue-filter", test_case_search_keeps_the_queue_filter);
  ADD ("/app/record-list/a-customers-cases-newest-first", test_a_customers_cases_newest_first);
  ADD ("/app/record-list/a-refresh-keeps-rows-in-place", test_a_refresh_keeps_rows_in_place);
  ADD ("/app/record-list/a-newer-query-wins", test_a_newer_query_wins);
  ADD ("/app/record-list/a-list-view-reads-only-what-it-shows", test_a_list_view_reads_only_what_it_shows);
  ADD ("/app/record-list/pages-let-go-before-their-turn-are-not-read",
       test_pages_let_go_before_their_turn_are_not_read);
#undef ADD
  g_test_add_func ("/app/record-list/a-row-follows-its-item", test_a_row_follows_its_item);

  return g_test_run ();
}

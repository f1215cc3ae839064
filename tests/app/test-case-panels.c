/* test-case-panels.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The case view's side panels against a real store file filled by the demo
 * generator, shown in a window under Xvfb: the customer history reads its pages
 * newest first in the store's order, filters by kind and sums the customer up
 * with the store's figures; the known-flaw panel ranks the showcase case's flaw
 * first, matches again once typing pauses, and says when a fix is newer than
 * what the customer runs.
 */
#define G_LOG_DOMAIN "Frontline-Test"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "app-test-util.h"
#include "fl-app-resources.h"
#include "fl-flaw-panel.h"
#include "fl-history-panel.h"
#include "fl-record-item.h"

/* The flaw the demo's showcase case is about (src/demo/fl-demo-catalog.c). */
#define SHOWCASE_FLAW "Flickers at 144 Hz over DisplayPort after waking from sleep"

typedef struct
{
  AppFixture    demo;
  GtkWidget    *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  app_fixture_set_up (&fixture->demo);
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 600);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  /* Answers still on their way hold the panel; let them land. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  app_fixture_tear_down (&fixture->demo);
}

static FlHistoryPanel *
show_history (Fixture *fixture)
{
  GtkWidget *panel = g_object_new (FL_TYPE_HISTORY_PANEL, NULL);

  gtk_window_set_child (GTK_WINDOW (fixture->window), panel);
  gtk_window_present (GTK_WINDOW (fixture->window));
  fl_history_panel_set_pool (FL_HISTORY_PANEL (panel), fl_sync_engine_get_pool (fixture->demo.engine));
  fl_history_panel_set_customer (FL_HISTORY_PANEL (panel), fixture->demo.customer_id);
  APP_TEST_WAIT_FOR (!fl_history_panel_get_loading (FL_HISTORY_PANEL (panel))
            && fl_history_panel_get_summary (FL_HISTORY_PANEL (panel)) != NULL);
  return FL_HISTORY_PANEL (panel);
}

/* The store's history read straight, @n items from the newest. */
static GPtrArray *
expected_history (Fixture         *fixture,
                  FlHistoryFilter  filter,
                  guint            n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = fl_store_get_customer_history (fixture->demo.store, fixture->demo.customer_id, filter,
                                                                NULL, n, NULL, &error);

  g_assert_no_error (error);
  return g_steal_pointer (&history);
}

static void
assert_items_are (GListModel *items,
                  GPtrArray  *expected)
{
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autoptr(FlRecordItem) item = g_list_model_get_item (items, i);
      FlEntity *entity = fl_history_item_get_entity (g_ptr_array_index (expected, i));

      g_assert_cmpstr (fl_record_item_get_id (item), ==, fl_entity_get_id (entity));
    }
}

static void
test_history_reads_pages_newest_first (Fixture       *fixture,
                                       gconstpointer  data)
{
  FlHistoryPanel *panel = show_history (fixture);
  GListModel *items = fl_history_panel_get_items (panel);
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(FlRecordItem) first = NULL;
  guint n;

  /* The showcase has 5,000 interactions: one page, not all of them. */
  n = g_list_model_get_n_items (items);
  g_assert_cmpuint (n, ==, FL_HISTORY_PANEL_PAGE_SIZE);
  g_assert_false (fl_history_panel_get_complete (panel));
  expected = expected_history (fixture, FL_HISTORY_ALL, n);
  assert_items_are (items, expected);
  first = g_list_model_get_item (items, 0);
  g_assert_cmpstr (fl_record_item_get_title (first), !=, "");
  g_assert_nonnull (fl_record_item_get_subtitle (first));

  /* The next pages follow on without a gap or a repeat. */
  for (guint page = 0; page < 3; page++)
    {
      fl_history_panel_load_more (panel);
      APP_TEST_WAIT_FOR (!fl_history_panel_get_loading (panel));
    }
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 4 * FL_HISTORY_PANEL_PAGE_SIZE);
  g_clear_pointer (&expected, g_ptr_array_unref);
  expected = expected_history (fixture, FL_HISTORY_ALL, 4 * FL_HISTORY_PANEL_PAGE_SIZE);
  assert_items_are (items, expected);
}

static void
on_case_activated (FlHistoryPanel  *panel,
                   const char      *case_id,
                   char           **activated)
{
  g_free (*activated);
  *activated = g_strdup (case_id);
}

/* Every row that belongs to a case opens it: a past case, a call or note in
 * one, an offer made in one; a product bought belongs to none. */
static void
test_history_rows_open_their_case (Fixture       *fixture,
                                   gconstpointer  data)
{
  FlHistoryPanel *panel = show_history (fixture);
  GListModel *items = fl_history_panel_get_items (panel);
  GtkWidget *list_view = app_test_find_widget (GTK_WIDGET (panel), GTK_TYPE_LIST_VIEW, NULL);
  GtkWidget *dropdown = app_test_find_widget (GTK_WIDGET (panel), GTK_TYPE_DROP_DOWN, NULL);
  g_autofree char *activated = NULL;
  /* The drop-down's positions: cases, calls and notes, products, offers. */
  const FlHistoryFilter filters[] = { 0, FL_HISTORY_CASES, FL_HISTORY_INTERACTIONS, FL_HISTORY_PURCHASES,
                                      FL_HISTORY_OFFERS };

  g_signal_connect (panel, "case-activated", G_CALLBACK (on_case_activated), &activated);
  for (guint position = 1; position < G_N_ELEMENTS (filters); position++)
    {
      g_autoptr(GPtrArray) expected = NULL;
      FlEntity *entity;
      const char *case_id = NULL;

      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), position);
      APP_TEST_WAIT_FOR (!fl_history_panel_get_loading (panel));
      g_assert_cmpuint (g_list_model_get_n_items (items), >, 0);
      expected = expected_history (fixture, filters[position], 1);
      entity = fl_history_item_get_entity (g_ptr_array_index (expected, 0));
      switch (fl_history_item_get_kind (g_ptr_array_index (expected, 0)))
        {
        case FL_HISTORY_KIND_CASE:
          case_id = fl_entity_get_id (entity);
          break;
        case FL_HISTORY_KIND_INTERACTION:
          case_id = fl_interaction_get_case_id (FL_INTERACTION (entity));
          break;
        case FL_HISTORY_KIND_OFFER:
          case_id = fl_offer_outcome_get_case_id (FL_OFFER_OUTCOME (entity));
          break;
        case FL_HISTORY_KIND_PURCHASE:
        default:
          break;
        }

      g_clear_pointer (&activated, g_free);
      g_assert_true (gtk_widget_activate_action (list_view, "list.activate-item", "u", 0));
      g_assert_cmpstr (activated, ==, case_id);
      if (filters[position] != FL_HISTORY_PURCHASES)
        g_assert_nonnull (activated);
    }
}

static void
test_history_scrolling_reads_the_next_page (Fixture       *fixture,
                                            gconstpointer  data)
{
  FlHistoryPanel *panel = show_history (fixture);
  GListModel *items = fl_history_panel_get_items (panel);
  GtkWidget *list_view = app_test_find_widget (GTK_WIDGET (panel), GTK_TYPE_LIST_VIEW, NULL);
  GtkWidget *scroller = gtk_widget_get_ancestor (list_view, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  APP_TEST_WAIT_FOR (gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  APP_TEST_WAIT_FOR (g_list_model_get_n_items (items) > FL_HISTORY_PANEL_PAGE_SIZE
            && !fl_history_panel_get_loading (panel));
}

static void
test_history_filters_by_kind (Fixture       *fixture,
                              gconstpointer  data)
{
  FlHistoryPanel *panel = show_history (fixture);
  GListModel *items = fl_history_panel_get_items (panel);
  GtkWidget *dropdown = app_test_find_widget (GTK_WIDGET (panel), GTK_TYPE_DROP_DOWN, NULL);
  struct { guint position; FlHistoryFilter filter; } choices[] = {
    { 1, FL_HISTORY_CASES },
    { 2, FL_HISTORY_INTERACTIONS },
    { 3, FL_HISTORY_PURCHASES },
    { 4, FL_HISTORY_OFFERS },
    { 0, FL_HISTORY_ALL },
  };

  /* As the agent picks them in the drop-down. */
  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    {
      g_autoptr(GPtrArray) expected = NULL;

      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), choices[i].position);
      g_assert_cmpint (fl_history_panel_get_filter (panel), ==, choices[i].filter);
      APP_TEST_WAIT_FOR (!fl_history_panel_get_loading (panel));
      expected = expected_history (fixture, choices[i].filter,
                                   MAX (g_list_model_get_n_items (items), 1));
      g_assert_cmpuint (expected->len, >, 0);
      assert_items_are (items, expected);
      for (guint j = 0; j < expected->len; j++)
        {
          FlHistoryKind kind = fl_history_item_get_kind (g_ptr_array_index (expected, j));

          g_assert_true (choices[i].filter & (1 << kind));
        }
    }
}

static void
test_history_summary_matches_the_store (Fixture       *fixture,
                                        gconstpointer  data)
{
  FlHistoryPanel *panel = show_history (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(FlEntity) customer = fl_store_get (fixture->demo.store, FL_TYPE_CUSTOMER, fixture->demo.customer_id, &error);
  g_autoptr(GHashTable) flaws = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDateTime) since_date = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *summary = NULL;
  g_auto(GStrv) unbroken = NULL;
  g_autofree char *cursor = NULL;
  gint64 since = fl_entity_get_created_at (customer);
  guint open_cases = 0, products = 0;

  g_assert_no_error (error);
  /* Walk the whole history through the store, page by page. */
  do
    {
      g_autofree char *next = NULL;
      g_autoptr(GPtrArray) page = fl_store_get_customer_history (fixture->demo.store, fixture->demo.customer_id,
                                                                 FL_HISTORY_CASES | FL_HISTORY_PURCHASES,
                                                                 cursor, 500, &next, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < page->len; i++)
        {
          FlHistoryItem *item = g_ptr_array_index (page, i);
          FlEntity *entity = fl_history_item_get_entity (item);

          since = MIN (since, fl_history_item_get_at (item));
          if (FL_IS_OWNERSHIP (entity))
            products++;
          else
            {
              const char * const *ids = fl_case_get_flaw_ids (FL_CASE (entity));

              if (FL_CASE_STATUSES_ACTIVE & FL_CASE_STATUS_MASK (fl_case_get_status (FL_CASE (entity))))
                open_cases++;
              for (guint j = 0; ids != NULL && ids[j] != NULL; j++)
                g_hash_table_add (flaws, g_strdup (ids[j]));
            }
        }
      g_free (cursor);
      cursor = g_steal_pointer (&next);
    }
  while (cursor != NULL);

  /* The demo's showcase has three open cases and past ones linked to flaws. */
  g_assert_cmpuint (open_cases, ==, 3);
  g_assert_cmpuint (g_hash_table_size (flaws), >, 0);
  since_date = g_date_time_new_from_unix_utc (since / G_USEC_PER_SEC);
  expected = g_strdup_printf ("Customer since %d · %u open cases · %u product%s · %u known flaw%s hit",
                              g_date_time_get_year (since_date), open_cases, products, products == 1 ? "" : "s",
                              g_hash_table_size (flaws), g_hash_table_size (flaws) == 1 ? "" : "s");
  /* Each part stays on one line: its spaces do not break. */
  unbroken = g_strsplit (fl_history_panel_get_summary (panel), "\u00a0", -1);
  summary = g_strjoinv (" ", unbroken);
  g_assert_cmpstr (summary, ==, expected);
  g_assert_nonnull (app_test_find_widget (GTK_WIDGET (panel), GTK_TYPE_LABEL, fl_history_panel_get_summary (panel)));
}

static FlFlawPanel *
show_flaws (Fixture *fixture)
{
  GtkWidget *panel = g_object_new (FL_TYPE_FLAW_PANEL, NULL);

  gtk_window_set_child (GTK_WINDOW (fixture->window), panel);
  gtk_window_present (GTK_WINDOW (fixture->window));
  fl_flaw_panel_set_pool (FL_FLAW_PANEL (panel), fl_sync_engine_get_pool (fixture->demo.engine));
  fl_flaw_panel_set_case (FL_FLAW_PANEL (panel), fixture->demo.case_id);
  APP_TEST_WAIT_FOR (!fl_flaw_panel_get_busy (FL_FLAW_PANEL (panel)));
  /* The rows are made once the panel is on screen. */
  APP_TEST_WAIT_FOR (app_test_find_widget (panel, GTK_TYPE_LIST_BOX_ROW, NULL) != NULL);
  return FL_FLAW_PANEL (panel);
}

static FlFlaw *
match_flaw (GListModel *matches,
            guint       position)
{
  g_autoptr(FlFlawMatch) match = g_list_model_get_item (matches, position);

  g_assert_nonnull (match);
  return fl_flaw_match_get_flaw (match);
}

static void
on_insert_workaround (FlFlawPanel  *panel,
                      const char   *workaround,
                      char        **inserted)
{
  g_free (*inserted);
  *inserted = g_strdup (workaround);
}

static void
test_flaws_rank_the_showcase_flaw_first (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autofree char *inserted = NULL;
  GtkWidget *insert;
  FlFlawPanel *panel = show_flaws (fixture);
  GListModel *matches = fl_flaw_panel_get_matches (panel);
  g_autoptr(FlFlawMatch) top = g_list_model_get_item (matches, 0);
  FlFlaw *flaw = fl_flaw_match_get_flaw (top);
  g_autoptr(FlEntity) the_case = fl_store_get (fixture->demo.store, FL_TYPE_CASE, fixture->demo.case_id, NULL);
  g_autofree char *linked = g_strdup_printf ("linked to %" G_GINT64_FORMAT " case",
                                             fl_store_count_cases_for_flaw (fixture->demo.store,
                                                                            fl_entity_get_id (FL_ENTITY (flaw)),
                                                                            NULL));

  g_assert_cmpstr (fl_flaw_get_title (flaw), ==, SHOWCASE_FLAW);
  g_assert_cmpstr (fl_flaw_get_product_id (flaw), ==, fl_case_get_product_id (FL_CASE (the_case)));
  g_assert_cmpint (fl_flaw_match_get_linked_case_count (top), ==,
                   fl_store_count_cases_for_flaw (fixture->demo.store, fl_entity_get_id (FL_ENTITY (flaw)), NULL));
  /* On screen: the title, how often it came up, its workaround, and the buttons. */
  g_assert_nonnull (app_test_find_widget (GTK_WIDGET (panel), GTK_TYPE_LABEL, SHOWCASE_FLAW));
  g_assert_nonnull (app_test_find_label_containing (GTK_WIDGET (panel), linked));
  if (fl_flaw_get_workaround (flaw) != NULL)
    g_assert_nonnull (app_test_find_widget (GTK_WIDGET (panel), GTK_TYPE_LABEL, fl_flaw_get_workaround (flaw)));
  g_assert_nonnull (app_test_find_widget (GTK_WIDGET (panel), GTK_TYPE_LABEL, "_Link to case"));
  insert = app_test_find_widget (GTK_WIDGET (panel), GTK_TYPE_LABEL, "_Insert workaround into reply");
  g_assert_nonnull (insert);

  /* The workaround goes to whoever holds the reply box. */
  g_signal_connect (panel, "insert-workaround", G_CALLBACK (on_insert_workaround), &inserted);
  g_signal_emit_by_name (gtk_widget_get_ancestor (insert, GTK_TYPE_BUTTON), "clicked");
  g_assert_cmpstr (inserted, ==, fl_flaw_get_workaround (flaw));
}

/* Off screen (another tab shown), the matches are read but no row is built:
 * a stack measures its hidden pages, and rows there cost every open of a case
 * their layout. Shown, the rows are there; hidden again, they go. */
static void
test_flaws_build_rows_only_on_screen (Fixture       *fixture,
                                      gconstpointer  data)
{
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *other = gtk_label_new ("History");
  GtkWidget *panel = g_object_new (FL_TYPE_FLAW_PANEL, NULL);
  GListModel *matches = fl_flaw_panel_get_matches (FL_FLAW_PANEL (panel));

  gtk_stack_add_child (GTK_STACK (stack), other);
  gtk_stack_add_child (GTK_STACK (stack), panel);
  gtk_stack_set_visible_child (GTK_STACK (stack), other);
  gtk_window_set_child (GTK_WINDOW (fixture->window), stack);
  gtk_window_present (GTK_WINDOW (fixture->window));
  APP_TEST_WAIT_FOR (gtk_widget_get_mapped (other));
  fl_flaw_panel_set_pool (FL_FLAW_PANEL (panel), fl_sync_engine_get_pool (fixture->demo.engine));
  fl_flaw_panel_set_case (FL_FLAW_PANEL (panel), fixture->demo.case_id);
  APP_TEST_WAIT_FOR (!fl_flaw_panel_get_busy (FL_FLAW_PANEL (panel)));

  g_assert_cmpuint (g_list_model_get_n_items (matches), >, 0);
  g_assert_false (gtk_widget_get_mapped (panel));
  app_test_pause (100);
  g_assert_null (app_test_find_widget (panel, GTK_TYPE_LIST_BOX_ROW, NULL));

  gtk_stack_set_visible_child (GTK_STACK (stack), panel);
  APP_TEST_WAIT_FOR (app_test_find_widget (panel, GTK_TYPE_LABEL, SHOWCASE_FLAW) != NULL);
  g_assert_nonnull (app_test_find_widget (panel, GTK_TYPE_LABEL, "_Link to case"));
  /* Painted (a warning here is fatal): the rows are laid out before they are drawn. */
  app_test_pause (200);

  gtk_stack_set_visible_child (GTK_STACK (stack), other);
  APP_TEST_WAIT_FOR (app_test_find_widget (panel, GTK_TYPE_LIST_BOX_ROW, NULL) == NULL);
  g_assert_false (gtk_widget_get_mapped (panel));
  g_assert_cmpuint (g_list_model_get_n_items (matches), >, 0);
}

static void
count_changes (GListModel *matches,
               guint       position,
               guint       removed,
               guint       added,
               guint      *n_changes)
{
  ++*n_changes;
}

static void
test_flaws_match_again_when_typing_pauses (Fixture       *fixture,
                                           gconstpointer  data)
{
  FlFlawPanel *panel = show_flaws (fixture);
  GListModel *matches = fl_flaw_panel_get_matches (panel);
  FlFlaw *showcase = match_flaw (matches, 0);
  g_autoptr(FlFlaw) other = fl_flaw_new ();
  g_autoptr(GError) error = NULL;
  const char *typed_text = "Customer hears crackling from the speakers when the brightness drops";
  guint n_changes = 0;
  gint64 started;

  /* A second flaw of the same product, which the agent's words describe. */
  fl_flaw_set_product_id (other, fl_flaw_get_product_id (showcase));
  fl_flaw_set_title (other, "Speakers crackle while the screen dims");
  fl_flaw_set_symptoms (other, "A crackling hiss from the built-in speakers whenever the brightness drops");
  fl_flaw_set_status (other, FL_FLAW_STATUS_INVESTIGATING);
  g_assert_true (fl_store_put (fixture->demo.store, FL_ENTITY (other), FL_STORE_PUT_ASSIGN_MODSEQ, &error));
  g_assert_no_error (error);

  /* Matched before the agent typed: the case's words alone do not find it. */
  g_assert_cmpuint (g_list_model_get_n_items (matches), ==, 1);
  g_signal_connect (matches, "items-changed", G_CALLBACK (count_changes), &n_changes);
  /* Typed a letter at a time, quicker than the debounce: never blocked, no match yet. */
  started = g_get_monotonic_time ();
  for (gsize len = 1; len <= strlen (typed_text); len++)
    {
      g_autofree char *typed = g_strndup (typed_text, len);

      fl_flaw_panel_set_draft (panel, typed);
      g_assert_true (fl_flaw_panel_get_busy (panel));
      app_test_pause (5);
    }
  g_assert_cmpint (g_get_monotonic_time () - started, <, FL_FLAW_PANEL_DEBOUNCE_MS * 1000 * 4);
  /* 68 keystrokes, no match while they come (a loaded machine's stall may let one through). */
  g_assert_cmpuint (n_changes, <=, 1);

  /* Once typing pauses, the match with the whole text brings the typed flaw in. */
  APP_TEST_WAIT_FOR (!fl_flaw_panel_get_busy (panel));
  g_assert_cmpuint (n_changes, <=, 2);
  g_assert_cmpstr (fl_flaw_panel_get_matched_draft (panel), ==, typed_text);
  g_assert_cmpuint (g_list_model_get_n_items (matches), ==, 2);
  g_assert_cmpstr (fl_flaw_get_title (match_flaw (matches, 0)), ==, SHOWCASE_FLAW);
  g_assert_cmpstr (fl_flaw_get_title (match_flaw (matches, 1)), ==, fl_flaw_get_title (other));
  g_assert_nonnull (app_test_find_widget (GTK_WIDGET (panel), GTK_TYPE_LABEL, fl_flaw_get_title (other)));

  /* Cleared: back to the case's own words. */
  fl_flaw_panel_set_draft (panel, "");
  APP_TEST_WAIT_FOR (!fl_flaw_panel_get_busy (panel));
  g_assert_null (fl_flaw_panel_get_matched_draft (panel));
  g_assert_cmpuint (g_list_model_get_n_items (matches), ==, 1);
  g_assert_cmpstr (fl_flaw_get_title (match_flaw (matches, 0)), ==, SHOWCASE_FLAW);
}

static void
set_fixed_in (Fixture    *fixture,
              FlFlaw     *flaw,
              const char *fixed_in)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlEntity) copy = fl_store_get (fixture->demo.store, FL_TYPE_FLAW, fl_entity_get_id (FL_ENTITY (flaw)), &error);

  g_assert_no_error (error);
  fl_flaw_set_status (FL_FLAW (copy), FL_FLAW_STATUS_FIXED);
  fl_flaw_set_fixed_in (FL_FLAW (copy), fixed_in);
  g_assert_true (fl_store_put (fixture->demo.store, copy, FL_STORE_PUT_DEFAULT, &error));
  g_assert_no_error (error);
}

static void
test_flaws_say_when_the_fix_is_newer (Fixture       *fixture,
                                      gconstpointer  data)
{
  FlFlawPanel *panel = show_flaws (fixture);
  GListModel *matches = fl_flaw_panel_get_matches (panel);
  g_autoptr(FlFlaw) flaw = g_object_ref (match_flaw (matches, 0));
  g_autoptr(FlEntity) the_case = fl_store_get (fixture->demo.store, FL_TYPE_CASE, fixture->demo.case_id, NULL);
  const char *version = fl_case_get_product_version (FL_CASE (the_case));
  g_autofree char *hint = NULL;

  g_assert_nonnull (version);
  hint = g_strdup_printf ("Fixed in 99.1 — customer has %s: suggest the update", version);

  set_fixed_in (fixture, flaw, "99.1");
  fl_flaw_panel_reload (panel);
  APP_TEST_WAIT_FOR (!fl_flaw_panel_get_busy (panel));
  g_assert_nonnull (app_test_find_widget (GTK_WIDGET (panel), GTK_TYPE_LABEL, hint));

  /* Fixed in what the customer runs already: nothing to suggest. */
  set_fixed_in (fixture, flaw, version);
  fl_flaw_panel_reload (panel);
  APP_TEST_WAIT_FOR (!fl_flaw_panel_get_busy (panel));
  g_assert_null (app_test_find_label_containing (GTK_WIDGET (panel), "suggest the update"));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Naming the resource links in its object file, whose constructor registers it. */
  g_assert_nonnull (fl_app_get_resource ());

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/app/history-panel/reads-pages-newest-first", test_history_reads_pages_newest_first);
  ADD ("/app/history-panel/scrolling-reads-the-next-page", test_history_scrolling_reads_the_next_page);
  ADD ("/app/history-panel/rows-open-their-case", test_history_rows_open_their_case);
  ADD ("/app/history-panel/filters-by-kind", test_history_filters_by_kind);
  ADD ("/app/history-panel/summary-matches-the-store", test_history_summary_matches_the_store);
  ADD ("/app/flaw-panel/ranks-the-showcase-flaw-first", test_flaws_rank_the_showcase_flaw_first);
  ADD ("/app/flaw-panel/matches-again-when-typing-pauses", test_flaws_match_again_when_typing_pauses);
  ADD ("/app/flaw-panel/says-when-the-fix-is-newer", test_flaws_say_when_the_fix_is_newer);
  ADD ("/app/flaw-panel/builds-rows-only-on-screen", test_flaws_build_rows_only_on_screen);
#undef ADD

  return g_test_run ();
}

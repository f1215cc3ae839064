/* test-case-view.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlCaseView against a real local copy filled by the demo generator, through a
 * real sync engine (no server): opening a case is "loading" until the case and
 * its three panels (the customer's history, the known flaws matching it and
 * the suggested offers) all have their content, which is what the console
 * benchmark times.
 */
#define G_LOG_DOMAIN "Frontline-Test"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "app-test-util.h"
#include "fl-app-resources.h"
#include "fl-case-view.h"
#include "fl-flaw-panel.h"
#include "fl-history-panel.h"
#include "fl-offer-panel.h"
#include "fl-test-util.h"
#include "fl-wrapped-label.h"

typedef struct
{
  AppFixture      app;
  GtkWidget      *window;
  FlCaseView     *view;
  FlHistoryPanel *history;
  FlFlawPanel    *flaws;
  FlOfferPanel   *offers;
  guint           n_settled;
  /* What the panels held when the view first stopped loading. */
  guint           history_items;
  guint           flaw_matches;
  guint           offer_suggestions;
  gboolean        any_panel_busy;
} Fixture;

/* A case view in a window, on the engine, and its three panels. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  app_fixture_set_up (&fixture->app);
  fixture->window = gtk_window_new ();
  fixture->view = g_object_new (FL_TYPE_CASE_VIEW, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  gtk_window_present (GTK_WINDOW (fixture->window));
  fixture->history = FL_HISTORY_PANEL (app_test_find_widget (GTK_WIDGET (fixture->view), FL_TYPE_HISTORY_PANEL, NULL));
  fixture->flaws = FL_FLAW_PANEL (app_test_find_widget (GTK_WIDGET (fixture->view), FL_TYPE_FLAW_PANEL, NULL));
  fixture->offers = FL_OFFER_PANEL (app_test_find_widget (GTK_WIDGET (fixture->view), FL_TYPE_OFFER_PANEL, NULL));
  g_assert_nonnull (fixture->history);
  g_assert_nonnull (fixture->flaws);
  g_assert_nonnull (fixture->offers);
  fl_case_view_set_engine (fixture->view, fixture->app.engine);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  app_fixture_tear_down (&fixture->app);
}

static void
on_loading (FlCaseView *view,
            GParamSpec *pspec,
            Fixture    *fixture)
{
  if (fl_case_view_get_loading (view) || fixture->n_settled++ > 0)
    return;
  fixture->history_items = g_list_model_get_n_items (fl_history_panel_get_items (fixture->history));
  fixture->flaw_matches = g_list_model_get_n_items (fl_flaw_panel_get_matches (fixture->flaws));
  fixture->offer_suggestions = g_list_model_get_n_items (fl_offer_panel_get_suggestions (fixture->offers));
  fixture->any_panel_busy = fl_history_panel_get_loading (fixture->history)
                            || fl_flaw_panel_get_busy (fixture->flaws)
                            || fl_offer_panel_get_loading (fixture->offers);
}

static void
test_loading_until_the_case_and_its_three_panels_are_filled (Fixture       *fixture,
                                                             gconstpointer  data)
{
  FlCaseView *view = fixture->view;

  g_signal_connect (view, "notify::loading", G_CALLBACK (on_loading), fixture);
  g_assert_false (fl_case_view_get_loading (view));

  fl_case_view_set_case (view, fixture->app.case_id);
  g_assert_true (fl_case_view_get_loading (view));
  FL_TEST_WAIT_FOR (fixture->n_settled > 0);

  /* The showcase customer's long history, the flaw the showcase case is
   * about, and the second-monitor offer: none of them still on its way. */
  g_assert_false (fixture->any_panel_busy);
  g_assert_cmpuint (fixture->history_items, >, 0);
  g_assert_cmpuint (fixture->flaw_matches, >, 0);
  g_assert_cmpuint (fixture->offer_suggestions, >, 0);
  g_assert_cmpstr (fl_case_view_get_case_id (view), ==, fixture->app.case_id);
}

/* The best match shows above the history, names the flaw, and takes the
 * agent to the Known flaws tab, where it steps aside. */
static void
test_best_flaw_match_shows_beside_the_history (Fixture       *fixture,
                                               gconstpointer  data)
{
  FlCaseView *view = fixture->view;
  g_autoptr(GObject) best = NULL;
  GtkWidget *hint = NULL;
  GtkWidget *stack = app_test_find_widget (GTK_WIDGET (view), ADW_TYPE_VIEW_STACK, NULL);
  GtkWidget *leaflet = app_test_find_widget (GTK_WIDGET (view), ADW_TYPE_LEAFLET, NULL);
  GtkWidget *clamp;
  const char *title;

  g_signal_connect (view, "notify::loading", G_CALLBACK (on_loading), fixture);
  fl_case_view_set_case (view, fixture->app.case_id);
  FL_TEST_WAIT_FOR (fixture->n_settled > 0);
  g_assert_cmpuint (fixture->flaw_matches, >, 0);
  best = g_list_model_get_item (fl_flaw_panel_get_matches (fixture->flaws), 0);
  title = fl_flaw_get_title (fl_flaw_match_get_flaw (FL_FLAW_MATCH (best)));

  hint = gtk_widget_get_ancestor (app_test_find_label_containing (GTK_WIDGET (view), "Known flaw: "), GTK_TYPE_BUTTON);
  g_assert_nonnull (hint);
  g_assert_true (gtk_widget_get_visible (hint));
  g_assert_nonnull (app_test_find_label_containing (hint, title));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, "history");

  g_assert_true (gtk_widget_activate_action (hint, "case.show-flaws", NULL));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, "flaws");
  g_assert_false (gtk_widget_get_visible (hint));
  /* The flaws' rows, built as the tab is shown, are laid out before they are
   * painted (GTK warns otherwise, and a warning fails the test). */
  FL_TEST_WAIT_FOR (app_test_find_widget (GTK_WIDGET (fixture->flaws), GTK_TYPE_LABEL, title) != NULL);
  app_test_pause (200);

  /* Narrowed, the leaflet folds onto the case and hides the panel in the
   * middle of its allocation: its rows go, and nothing is painted half laid
   * out. Widened, it shows the panel again, its rows with it. */
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1280);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 1280);
  g_object_ref (view);
  gtk_window_set_child (GTK_WINDOW (fixture->window), clamp);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (view));
  g_object_unref (view);
  adw_leaflet_set_visible_child_name (ADW_LEAFLET (leaflet), "case");
  FL_TEST_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (fixture->flaws)));
  FL_TEST_WAIT_FOR (app_test_find_widget (GTK_WIDGET (fixture->flaws), GTK_TYPE_LABEL, title) != NULL);
  app_test_pause (200);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 360);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 360);
  FL_TEST_WAIT_FOR (adw_leaflet_get_folded (ADW_LEAFLET (leaflet)));
  FL_TEST_WAIT_FOR (!gtk_widget_get_mapped (GTK_WIDGET (fixture->flaws)));
  FL_TEST_WAIT_FOR (app_test_find_widget (GTK_WIDGET (fixture->flaws), GTK_TYPE_LABEL, title) == NULL);
  app_test_pause (200);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1280);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 1280);
  FL_TEST_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (fixture->flaws)));
  FL_TEST_WAIT_FOR (app_test_find_widget (GTK_WIDGET (fixture->flaws), GTK_TYPE_LABEL, title) != NULL);
  app_test_pause (200);
}

/* A message's label wraps, inside a long word too (a serial number, a
 * link), and asks for no more than a few characters of width. */
static void
test_messages_wrap_inside_long_words (void)
{
  const char *token = "SN-7F3A9C21B84D0E56F7A1B2C3D4E5F60718293A4B5C6D7E8F9";
  g_autofree char *text = g_strdup_printf ("The unit %s restarts when it wakes.", token);
  GtkWidget *label = g_object_ref_sink (fl_wrapped_label_new (text));
  GtkWidget *one_word = g_object_ref_sink (gtk_label_new (token));
  GtkWidget *half = g_object_ref_sink (gtk_label_new ("000000"));
  int min, nat, token_width, half_width, narrow_height, wide_height;

  gtk_widget_measure (one_word, GTK_ORIENTATION_HORIZONTAL, -1, &token_width, NULL, NULL, NULL);
  gtk_widget_measure (half, GTK_ORIENTATION_HORIZONTAL, -1, &half_width, NULL, NULL, NULL);
  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, <, token_width / 2);
  /* Not narrower than its characters say: GTK 4.8 would find a narrowest
   * width of one character by laying the text out a character a line, which
   * made measuring such labels five times dearer. */
  g_assert_cmpint (min, >=, half_width);
  g_assert_cmpint (nat, >, token_width);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, min, &narrow_height, NULL, NULL, NULL);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, nat, &wide_height, NULL, NULL, NULL);
  /* At its narrowest even the serial number is broken over lines. */
  g_assert_cmpint (narrow_height, >, 4 * wide_height);

  g_object_unref (half);
  g_object_unref (one_word);
  g_object_unref (label);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  /* Naming the resource links in its object file, whose constructor registers it. */
  g_assert_nonnull (fl_app_get_resource ());

  g_test_add ("/app/case-view/loading-until-the-case-and-its-three-panels-are-filled", Fixture, NULL,
              fixture_set_up, test_loading_until_the_case_and_its_three_panels_are_filled, fixture_tear_down);

  g_test_add ("/app/case-view/best-flaw-match-shows-beside-the-history", Fixture, NULL,
              fixture_set_up, test_best_flaw_match_shows_beside_the_history, fixture_tear_down);

  g_test_add_func ("/app/case-view/messages-wrap-inside-long-words", test_messages_wrap_inside_long_words);

  return g_test_run ();
}

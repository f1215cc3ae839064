/* test-offer-panel.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlOfferPanel against a real local copy filled by the demo generator, through
 * a real sync engine (no server: changes wait in its outbox): the showcase case
 * shows the card that drives a second monitor with its reason; pressing
 * Accepted records one outcome and one line in the conversation and shows the
 * answer at once; a complaint greys every offer with the reason.
 */
#define G_LOG_DOMAIN "Frontline-Test"

#include "config.h"

#include <gtk/gtk.h>
#include <sqlite3.h>

#include "app-test-util.h"
#include "fl-app-resources.h"
#include "fl-offer-panel.h"
#include "fl-test-util.h"

#define SECOND_MONITOR_OFFER "Radiant 4070 Super for a second monitor"

typedef struct
{
  AppFixture app;
  guint      n_recorded;
} Fixture;

#define WAIT_FOR FL_TEST_WAIT_FOR

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  app_fixture_set_up (&fixture->app);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  app_fixture_tear_down (&fixture->app);
}

static void
on_outcome_recorded (FlOfferPanel *panel,
                     Fixture      *fixture)
{
  fixture->n_recorded++;
}

static FlOfferPanel *
show_panel (Fixture    *fixture,
            GtkWidget **window)
{
  FlOfferPanel *panel = FL_OFFER_PANEL (fl_offer_panel_new ());

  *window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (*window), GTK_WIDGET (panel));
  gtk_window_present (GTK_WINDOW (*window));
  fl_offer_panel_set_engine (panel, fixture->app.engine);
  fl_offer_panel_set_author (panel, fixture->app.agent_id, "Alex Agent");
  g_signal_connect (panel, "outcome-recorded", G_CALLBACK (on_outcome_recorded), fixture);
  /* As the case view does, without waiting to learn the case's customer. */
  fl_offer_panel_set_case (panel, fixture->app.case_id, NULL);
  WAIT_FOR (g_list_model_get_n_items (fl_offer_panel_get_suggestions (panel)) > 0);
  return panel;
}

/* The first descendant of @widget of @type whose label (button or label) is @text. */
static GtkWidget *
find_labelled (GtkWidget  *widget,
               GType       type,
               const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        {
          const char *label = GTK_IS_BUTTON (child) ? gtk_button_get_label (GTK_BUTTON (child))
                              : GTK_IS_LABEL (child) ? gtk_label_get_label (GTK_LABEL (child)) : NULL;

          if (g_strcmp0 (label, text) == 0)
            return child;
        }
      if ((found = find_labelled (child, type, text)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
row_of (FlOfferPanel *panel,
        const char   *title)
{
  GtkWidget *label = find_labelled (GTK_WIDGET (panel), GTK_TYPE_LABEL, title);

  g_assert_nonnull (label);
  return gtk_widget_get_ancestor (label, GTK_TYPE_LIST_BOX_ROW);
}

static guint
count_rows (FlStore    *store,
            const char *sql,
            const char *case_id)
{
  gint64 n = 0;
  sqlite3 *db;
  sqlite3_stmt *stmt;

  /* The test reads the engine's file directly, as a second reader. */
  g_assert_cmpint (sqlite3_open_v2 (fl_store_get_path (store), &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return (guint) n;
}

static void
test_the_showcase_case_shows_the_card_with_its_reason (Fixture       *fixture,
                                                       gconstpointer  data)
{
  GtkWidget *window = NULL;
  FlOfferPanel *panel = show_panel (fixture, &window);
  g_autoptr(FlOfferSuggestion) first = g_list_model_get_item (fl_offer_panel_get_suggestions (panel), 0);
  GtkWidget *row;

  g_assert_cmpstr (fl_offer_get_title (fl_offer_suggestion_get_offer (first)), ==, SECOND_MONITOR_OFFER);
  row = row_of (panel, SECOND_MONITOR_OFFER);
  g_assert_nonnull (find_labelled (row, GTK_TYPE_LABEL, fl_offer_suggestion_get_reason (first)));
  g_assert_nonnull (find_labelled (row, GTK_TYPE_BUTTON, "Offered"));
  g_assert_nonnull (find_labelled (row, GTK_TYPE_BUTTON, "Accepted"));
  g_assert_nonnull (find_labelled (row, GTK_TYPE_BUTTON, "Declined"));
  g_assert_true (gtk_widget_is_sensitive (find_labelled (row, GTK_TYPE_BUTTON, "Accepted")));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_accepted_records_one_outcome_and_shows_it_at_once (Fixture       *fixture,
                                                        gconstpointer  data)
{
  GtkWidget *window = NULL;
  FlOfferPanel *panel = show_panel (fixture, &window);
  GtkWidget *accepted = find_labelled (row_of (panel, SECOND_MONITOR_OFFER), GTK_TYPE_BUTTON, "Accepted");
  GtkWidget *row;

  g_signal_emit_by_name (accepted, "clicked");
  WAIT_FOR (fixture->n_recorded == 1);

  /* On screen: the answer instead of the buttons. */
  row = row_of (panel, SECOND_MONITOR_OFFER);
  g_assert_nonnull (find_labelled (row, GTK_TYPE_LABEL, "Customer’s answer: Accepted"));
  g_assert_null (find_labelled (row, GTK_TYPE_BUTTON, "Accepted"));

  /* In the local copy (and its outbox): one outcome, one line in the conversation. */
  g_assert_cmpuint (count_rows (fixture->app.store, "SELECT count(*) FROM offer_outcomes WHERE case_id = ?1"
                                " AND result = 'accepted'", fixture->app.case_id), ==, 1);
  /* Of the case's customer, though the panel was not told who that is. */
  g_assert_cmpuint (count_rows (fixture->app.store, "SELECT count(*) FROM offer_outcomes o"
                                " JOIN cases c ON c.id = o.case_id WHERE o.case_id = ?1"
                                " AND o.result = 'accepted' AND o.customer_id = c.customer_id",
                                fixture->app.case_id), ==, 1);
  g_assert_cmpuint (count_rows (fixture->app.store, "SELECT count(*) FROM interactions WHERE case_id = ?1"
                                " AND kind = 'offer' AND body = 'Accepted: " SECOND_MONITOR_OFFER "'",
                                fixture->app.case_id), ==, 1);

  /* Read again (as after a sync), the answer stays. */
  g_assert_true (g_list_model_get_n_items (fl_offer_panel_get_suggestions (panel)) > 1);
  g_list_store_remove_all (G_LIST_STORE (fl_offer_panel_get_suggestions (panel)));
  fl_offer_panel_set_case (panel, fixture->app.case_id, fixture->app.customer_id);
  WAIT_FOR (g_list_model_get_n_items (fl_offer_panel_get_suggestions (panel)) > 0);
  row = row_of (panel, SECOND_MONITOR_OFFER);
  g_assert_nonnull (find_labelled (row, GTK_TYPE_LABEL, "Customer’s answer: Accepted"));
  g_assert_null (find_labelled (row, GTK_TYPE_BUTTON, "Accepted"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_a_complaint_greys_every_offer_with_the_reason (Fixture       *fixture,
                                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlEntity) the_case = fl_store_get (fixture->app.store, FL_TYPE_CASE, fixture->app.case_id, &error);
  GtkWidget *window = NULL;
  FlOfferPanel *panel;
  GtkWidget *accepted;

  g_assert_no_error (error);
  fl_case_set_complaint (FL_CASE (the_case), TRUE);
  g_assert_true (fl_store_put (fixture->app.store, the_case, FL_STORE_PUT_DEFAULT, &error));
  g_assert_no_error (error);

  panel = show_panel (fixture, &window);
  g_assert_nonnull (find_labelled (row_of (panel, SECOND_MONITOR_OFFER), GTK_TYPE_LABEL,
                                   "Not now: this case is a complaint."));
  accepted = find_labelled (row_of (panel, SECOND_MONITOR_OFFER), GTK_TYPE_BUTTON, "Accepted");
  g_assert_false (gtk_widget_is_sensitive (accepted));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  /* Naming the resource links in its object file, whose constructor registers it. */
  g_assert_nonnull (fl_app_get_resource ());

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/app/offer-panel/the-showcase-case-shows-the-card-with-its-reason",
       test_the_showcase_case_shows_the_card_with_its_reason);
  ADD ("/app/offer-panel/accepted-records-one-outcome-and-shows-it-at-once",
       test_accepted_records_one_outcome_and_shows_it_at_once);
  ADD ("/app/offer-panel/a-complaint-greys-every-offer-with-the-reason",
       test_a_complaint_greys_every_offer_with_the_reason);
#undef ADD

  return g_test_run ();
}

/* test-conflicts-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlConflictsPage with a conflict made for real: two agents' desktops (real
 * sync engines, one profile each) change the same case against the real
 * frontline-server; the second one's change is refused. The page shows both
 * versions in words; Keep mine puts mine on the server, once however often it
 * is pressed; Take theirs leaves the server's and an empty outbox; the sync
 * indicator's count follows.
 */
#define G_LOG_DOMAIN "Frontline-Test"

#include "config.h"

#include <adwaita.h>

#include "app-sync-util.h"
#include "fl-app-resources.h"
#include "fl-conflicts-page.h"
#include "fl-sync-indicator.h"
#include "fl-test-util.h"
#include "sync-fixture.h"

#define SUBJECT "Printer jams on tray 2"

typedef struct
{
  SyncFixture      sync;
  FlSyncEngine    *lead;
  FlSyncEngine    *agent;
  char            *case_id;
  GtkWindow       *window;
  FlConflictsPage *page;
  FlSyncIndicator *indicator;
  guint            n_resolved;
  guint            n_failed;
  guint            n_back;
} Fixture;

static void
on_resolved (FlConflictsPage      *page,
             FlConflictResolution  resolution,
             Fixture              *fixture)
{
  fixture->n_resolved++;
}

static void
on_failed (FlConflictsPage *page,
           const char      *message,
           Fixture         *fixture)
{
  g_test_message ("The page says: %s", message);
  fixture->n_failed++;
}

static void
on_back (FlConflictsPage *page,
         Fixture         *fixture)
{
  fixture->n_back++;
}

/* The lead escalates the case while the agent, from the same version, sets it
 * pending; the lead's change reaches the server first. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *customer = NULL;
  GtkWidget *box;

  sync_fixture_setup (&fixture->sync, NULL);
  fixture->lead = sync_fixture_desktop (&fixture->sync, "lead", "lead");
  fixture->agent = sync_fixture_desktop (&fixture->sync, "agent", "agent");
  customer = sync_showcase_customer (&fixture->sync);
  app_sync_now (fixture->lead);
  fixture->case_id = sync_create_case (fixture->lead, customer, SUBJECT);
  app_sync_now (fixture->lead);
  app_sync_now (fixture->agent);

  app_sync_update_case (fixture->lead, fixture->case_id, "{\"status\": \"escalated\", \"tier\": \"tier2\"}");
  app_sync_update_case (fixture->agent, fixture->case_id, "{\"status\": \"pending\"}");
  app_sync_now (fixture->lead);
  app_sync_now (fixture->agent);
  g_assert_cmpint (fl_sync_engine_get_conflicts (fixture->agent), ==, 1);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 360, 720);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  fixture->indicator = g_object_new (FL_TYPE_SYNC_INDICATOR, NULL);
  fixture->page = g_object_new (FL_TYPE_CONFLICTS_PAGE, "vexpand", TRUE, NULL);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->indicator));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->page));
  gtk_window_set_child (fixture->window, box);
  g_signal_connect (fixture->page, "resolved", G_CALLBACK (on_resolved), fixture);
  g_signal_connect (fixture->page, "back", G_CALLBACK (on_back), fixture);
  g_signal_connect (fixture->page, "failed", G_CALLBACK (on_failed), fixture);
  fl_sync_indicator_set_engine (fixture->indicator, fixture->agent);
  fl_conflicts_page_set_engine (fixture->page, fixture->agent);
  gtk_window_present (fixture->window);
  FL_TEST_WAIT_FOR (!fl_conflicts_page_get_busy (fixture->page));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Nothing went wrong that a toast would have said. */
  g_assert_cmpuint (fixture->n_failed, ==, 0);
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->lead);
  g_clear_object (&fixture->agent);
  g_free (fixture->case_id);
  sync_fixture_teardown (&fixture->sync, NULL);
}

/* Every label's text under @widget, one a line, in the order shown. */
static void
collect_text (GtkWidget *widget,
              GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, out);
}

static char *
page_text (Fixture *fixture)
{
  GString *out = g_string_new (NULL);

  collect_text (GTK_WIDGET (fixture->page), out);
  return g_string_free (out, FALSE);
}

static char *
local_status (FlSyncEngine *engine,
              const char   *case_id)
{
  g_autoptr(FlStore) copy = sync_fixture_open_copy (engine);
  g_autoptr(GError) error = NULL;
  g_autoptr(FlEntity) kase = fl_store_get (copy, FL_TYPE_CASE, case_id, &error);

  g_assert_no_error (error);
  return g_strdup (fl_enum_to_nick (FL_TYPE_CASE_STATUS, fl_case_get_status (FL_CASE (kase))));
}

static char *
server_status (Fixture *fixture)
{
  g_autoptr(JsonObject) record = fl_test_server_get_record (fixture->sync.server, fixture->sync.lead, "Case",
                                                            fixture->case_id);

  return g_strdup (json_object_get_string_member (record, "status"));
}

static void
test_the_conflict_shows_both_versions_in_words (Fixture       *fixture,
                                                gconstpointer  data)
{
  g_autofree char *text = page_text (fixture);

  g_assert_cmpuint (fl_conflicts_page_get_n_shown (fixture->page), ==, 1);
  g_test_message ("The page reads:\n%s", text);
  g_assert_nonnull (strstr (text, "Case “" SUBJECT "” — Status\n"));
  g_assert_nonnull (strstr (text, "Status\nYours\nPending\nServer\nEscalated\n"));
  g_assert_nonnull (strstr (text, "Someone changed it on the server before your change arrived."));
  g_assert_nonnull (app_find_button (GTK_WIDGET (fixture->page), "_Keep Mine"));
  g_assert_nonnull (app_find_button (GTK_WIDGET (fixture->page), "_Take Theirs"));
  g_assert_cmpstr (fl_sync_indicator_get_text (fixture->indicator), ==, "1 conflict to review");
}

static void
test_keep_mine_puts_mine_on_the_server_once (Fixture       *fixture,
                                             gconstpointer  data)
{
  GtkWidget *keep = app_find_button (GTK_WIDGET (fixture->page), "_Keep Mine");
  g_autofree char *text = NULL;
  g_autofree char *on_server = NULL;
  g_autofree char *in_lead = NULL;

  g_assert_nonnull (keep);
  /* An impatient double press, the second before the first is settled. */
  g_signal_emit_by_name (keep, "clicked");
  g_signal_emit_by_name (keep, "clicked");
  FL_TEST_WAIT_FOR (fixture->n_resolved == 1 && !fl_conflicts_page_get_busy (fixture->page));

  g_assert_cmpuint (fl_conflicts_page_get_n_shown (fixture->page), ==, 0);
  text = page_text (fixture);
  g_assert_nonnull (strstr (text, "No Conflicts\nAll your changes are on the server."));
  g_assert_cmpint (fl_sync_engine_get_conflicts (fixture->agent), ==, 0);
  /* Queued once, on top of the server's version. */
  g_assert_cmpint (fl_sync_engine_get_pending (fixture->agent), ==, 1);
  g_assert_cmpstr (fl_sync_indicator_get_text (fixture->indicator), ==, "1 change waiting");

  /* What the window does on "resolved": send it. */
  app_sync_now (fixture->agent);
  g_assert_cmpint (fl_sync_engine_get_pending (fixture->agent), ==, 0);
  g_assert_cmpint (fl_sync_engine_get_conflicts (fixture->agent), ==, 0);
  g_assert_cmpstr (fl_sync_indicator_get_text (fixture->indicator), ==, "Synced");
  on_server = server_status (fixture);
  g_assert_cmpstr (on_server, ==, "pending");
  app_sync_now (fixture->lead);
  in_lead = local_status (fixture->lead, fixture->case_id);
  g_assert_cmpstr (in_lead, ==, "pending");
  g_assert_cmpuint (fixture->n_resolved, ==, 1);

  /* The way back. */
  g_signal_emit_by_name (app_find_button (GTK_WIDGET (fixture->page), "Back to the List"), "clicked");
  g_assert_cmpuint (fixture->n_back, ==, 1);
}

static void
test_take_theirs_keeps_the_server_version (Fixture       *fixture,
                                           gconstpointer  data)
{
  GtkWidget *take = app_find_button (GTK_WIDGET (fixture->page), "_Take Theirs");
  g_autofree char *local = NULL;
  g_autofree char *on_server = NULL;

  g_assert_nonnull (take);
  g_signal_emit_by_name (take, "clicked");
  FL_TEST_WAIT_FOR (fixture->n_resolved == 1 && !fl_conflicts_page_get_busy (fixture->page));

  g_assert_cmpuint (fl_conflicts_page_get_n_shown (fixture->page), ==, 0);
  g_assert_cmpint (fl_sync_engine_get_conflicts (fixture->agent), ==, 0);
  g_assert_cmpint (fl_sync_engine_get_pending (fixture->agent), ==, 0);
  g_assert_cmpstr (fl_sync_indicator_get_text (fixture->indicator), ==, "Synced");
  local = local_status (fixture->agent, fixture->case_id);
  g_assert_cmpstr (local, ==, "escalated");

  app_sync_now (fixture->agent);
  g_assert_cmpint (fl_sync_engine_get_pending (fixture->agent), ==, 0);
  on_server = server_status (fixture);
  g_assert_cmpstr (on_server, ==, "escalated");
}

static void
test_a_new_conflict_shows_while_the_page_is_open (Fixture       *fixture,
                                                  gconstpointer  data)
{
  g_autofree char *text = NULL;

  /* The lead renames it while the agent does too: a second conflict. */
  app_sync_update_case (fixture->lead, fixture->case_id, "{\"subject\": \"Tray 2 jams, lead's words\"}");
  app_sync_update_case (fixture->agent, fixture->case_id, "{\"subject\": \"Tray 2 jams, agent's words\"}");
  app_sync_now (fixture->lead);
  app_sync_now (fixture->agent);
  FL_TEST_WAIT_FOR (fl_conflicts_page_get_n_shown (fixture->page) == 2 && !fl_conflicts_page_get_busy (fixture->page));
  text = page_text (fixture);
  g_assert_nonnull (strstr (text, "Subject\nYours\nTray 2 jams, agent's words\nServer\nTray 2 jams, lead's words\n"));
  g_assert_cmpstr (fl_sync_indicator_get_text (fixture->indicator), ==, "2 conflicts to review");
}

int
main (int    argc,
      char **argv)
{
  GTestDBus *bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  int status;

  /* It unsets DISPLAY, which Xvfb's is. */
  g_test_dbus_up (bus);
  g_setenv ("DISPLAY", display, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_assert_nonnull (fl_app_get_resource ());

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/app/conflicts-page/the-conflict-shows-both-versions-in-words",
       test_the_conflict_shows_both_versions_in_words);
  ADD ("/app/conflicts-page/keep-mine-puts-mine-on-the-server-once", test_keep_mine_puts_mine_on_the_server_once);
  ADD ("/app/conflicts-page/take-theirs-keeps-the-server-version", test_take_theirs_keeps_the_server_version);
  ADD ("/app/conflicts-page/a-new-conflict-shows-while-the-page-is-open",
       test_a_new_conflict_shows_while_the_page_is_open);
#undef ADD

  status = g_test_run ();
  /* GTK keeps its connection to the end, so down() (and the last unref,
   * which calls it) would wait for it in vain: stop the bus and leave it. */
  g_test_dbus_stop (bus);
  return status;
}

/* test-window-sync-events.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The console's window, signed in as an agent on the real frontline-server,
 * with a lead's desktop beside it (both real sync engines). When the lead
 * assigns a case to the agent, the window's next sync sends one desktop
 * notification — seen by a stand-in for the desktop's notification server
 * (org.freedesktop.Notifications) on the test's own session bus — and
 * clicking it opens the case. A real conflict is reviewed from the sync
 * indicator, screenshots taken (wide and narrow, light and dark), and Keep
 * mine sends the change to the server.
 */
#define G_LOG_DOMAIN "Frontline-Test"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "app-sync-util.h"
#include "fl-app-resources.h"
#include "fl-application.h"
#include "fl-test-util.h"
#include "fl-window-private.h"
#include "sync-fixture.h"

#define SUBJECT "Printer jams on tray 2"

/* --- a notification server of our own ------------------------------------------ */

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/><arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "    <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "    <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "  </interface>"
  "</node>";

typedef struct
{
  char  *summary;
  char  *body;
  GStrv  actions;
} Shown;

static GDBusConnection *notifier;
static GPtrArray *shown;   /* of Shown, every Notify since the test began */

static void
shown_free (gpointer data)
{
  Shown *one = data;

  g_free (one->summary);
  g_free (one->body);
  g_strfreev (one->actions);
  g_free (one);
}

static void
on_notifier_call (GDBusConnection       *connection,
                  const char            *sender,
                  const char            *path,
                  const char            *interface,
                  const char            *method,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  if (g_str_equal (method, "Notify"))
    {
      Shown *one = g_new0 (Shown, 1);

      g_variant_get_child (parameters, 3, "s", &one->summary);
      g_variant_get_child (parameters, 4, "s", &one->body);
      g_variant_get_child (parameters, 5, "^as", &one->actions);
      g_ptr_array_add (shown, one);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", shown->len));
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test", "frontline", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
start_notifier (GTestDBus *bus)
{
  static const GDBusInterfaceVTable vtable = { on_notifier_call, NULL, NULL, { 0 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_autoptr(GVariant) reply = NULL;

  g_assert_no_error (error);
  notifier = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (bus),
                                                     G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                                     | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                     NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (notifier, "/org/freedesktop/Notifications", info->interfaces[0],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (notifier, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.Notifications", 0x4),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  shown = g_ptr_array_new_with_free_func (shown_free);
}

/* What a click on notification @id does: the desktop tells its sender. */
static void
click_notification (guint id)
{
  g_autoptr(GError) error = NULL;

  g_dbus_connection_emit_signal (notifier, NULL, "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", "ActionInvoked",
                                 g_variant_new ("(us)", id, "default"), &error);
  g_assert_no_error (error);
}

/* --- the console ------------------------------------------------------------- */

typedef struct
{
  SyncFixture    sync;
  FlSyncEngine  *lead;
  char          *case_id;
  FlApplication *application;
  FlWindow      *window;
  guint          n_pulled;   /* the window's engine's "cases-pulled" */
  gboolean       said_empty_before_who;
} Fixture;

/* The list pane's page as it changes: "empty" for "My cases" is only true
 * once the window knows whose cases they are. */
static void
on_list_page_shown (GtkStack   *list_stack,
                    GParamSpec *pspec,
                    Fixture    *fixture)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (list_stack), "empty") == 0
      && fixture->window->section == 0 && fixture->window->agent_id == NULL)
    fixture->said_empty_before_who = TRUE;
}

static void
on_cases_pulled (FlSyncEngine *engine,
                 GPtrArray    *before,
                 GPtrArray    *after,
                 Fixture      *fixture)
{
  fixture->n_pulled++;
}

/* Syncs the window as Ctrl+R does and waits until it is done, the watcher
 * included. */
static void
window_sync (Fixture *fixture)
{
  FlWindow *window = fixture->window;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sync-now", NULL));
  g_assert_true (window->syncing);
  FL_TEST_WAIT_FOR (!window->syncing
                    && fl_case_watcher_get_n_checked (window->case_watcher) == fixture->n_pulled);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(FlSyncEngine) agent = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *note = g_build_filename (g_get_user_data_dir (), "frontline", "current", NULL);
  g_autofree char *note_dir = g_path_get_dirname (note);
  g_autofree char *app_id = g_strdup_printf ("%s.Test%u", APP_ID, g_random_int ());
  g_autoptr(GError) error = NULL;

  sync_fixture_setup (&fixture->sync, NULL);
  fixture->lead = sync_fixture_desktop (&fixture->sync, "lead", "lead");
  customer = sync_showcase_customer (&fixture->sync);
  app_sync_now (fixture->lead);
  fixture->case_id = sync_create_case (fixture->lead, customer, SUBJECT);
  app_sync_now (fixture->lead);

  /* The agent signed in and synced once; the console opens that profile. */
  agent = sync_fixture_desktop (&fixture->sync, "agent", "agent");
  app_sync_now (agent);
  g_assert_cmpint (g_mkdir_with_parents (note_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (note, fl_sync_engine_get_profile_dir (agent), -1, &error));
  g_clear_object (&agent);

  fixture->application = g_object_new (FL_TYPE_APPLICATION, "application-id", app_id,
                                       "resource-base-path", "/io/github/frontlinedesk/Frontline", NULL);
  g_assert_true (g_application_register (G_APPLICATION (fixture->application), NULL, &error));
  g_assert_no_error (error);
  fixture->window = fl_window_new (GTK_APPLICATION (fixture->application));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  g_signal_connect (fixture->window->list_stack, "notify::visible-child", G_CALLBACK (on_list_page_shown), fixture);
  fl_window_start (fixture->window, NULL);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_nonnull (fixture->window->engine);
  g_signal_connect (fixture->window->engine, "cases-pulled", G_CALLBACK (on_cases_pulled), fixture);
  FL_TEST_WAIT_FOR (!fixture->window->syncing && fixture->window->agent_id != NULL);
  g_ptr_array_set_size (shown, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->application);
  g_clear_object (&fixture->lead);
  g_free (fixture->case_id);
  sync_fixture_teardown (&fixture->sync, NULL);
}

/* At start "My cases" is read before the window knows who is signed in: it
 * must not say "no open cases are assigned to you" meanwhile (the demo agent
 * has one). */
static void
test_my_cases_is_empty_only_once_known_whose (Fixture       *fixture,
                                              gconstpointer  data)
{
  FlWindow *window = fixture->window;

  g_assert_false (fixture->said_empty_before_who);
  g_assert_cmpuint (window->section, ==, 0);
  FL_TEST_WAIT_FOR (!fl_record_list_model_get_loading (window->model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->model)), ==, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->list_stack), ==, "list");
  g_assert_cmpstr (gtk_label_get_label (window->count_label), ==, "1 case");
}

static gboolean
has_string (GStrv       strv,
            const char *string)
{
  return strv != NULL && g_strv_contains ((const char * const *) strv, string);
}

static void
test_a_case_assigned_to_me_notifies_once_and_opens (Fixture       *fixture,
                                                    gconstpointer  data)
{
  FlWindow *window = fixture->window;
  g_autofree char *patch = g_strdup_printf ("{\"assigneeId\": \"%s\"}", window->agent_id);
  Shown *one;

  app_sync_update_case (fixture->lead, fixture->case_id, patch);
  app_sync_now (fixture->lead);
  window_sync (fixture);
  FL_TEST_WAIT_FOR (shown->len == 1);
  one = g_ptr_array_index (shown, 0);
  g_assert_cmpstr (one->summary, ==, "Case assigned to you");
  g_assert_cmpstr (one->body, ==, SUBJECT);
  g_assert_true (has_string (one->actions, "default"));

  /* Clicking it opens the case. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->detail_stack), ==, "none");
  click_notification (1);
  FL_TEST_WAIT_FOR (g_strcmp0 (fl_case_view_get_case_id (window->case_view), fixture->case_id) == 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->detail_stack), ==, "case");

  /* The next syncs bring nothing new to tell. */
  window_sync (fixture);
  app_sync_update_case (fixture->lead, fixture->case_id, "{\"priority\": \"high\"}");
  app_sync_now (fixture->lead);
  window_sync (fixture);
  g_assert_cmpuint (shown->len, ==, 1);

  /* An escalation is news again. */
  app_sync_update_case (fixture->lead, fixture->case_id, "{\"status\": \"escalated\", \"tier\": \"tier2\"}");
  app_sync_now (fixture->lead);
  window_sync (fixture);
  FL_TEST_WAIT_FOR (shown->len == 2);
  one = g_ptr_array_index (shown, 1);
  g_assert_cmpstr (one->summary, ==, "Case escalated");
  g_assert_cmpstr (one->body, ==, SUBJECT);
}

/* Lets a resize, its layout and its style happen. */
static void
settle (void)
{
  for (int i = 0; i < 25; i++)
    {
      g_usleep (20000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

static void
screenshot (FlWindow   *window,
            int         width,
            int         height,
            const char *name)
{
  const char *dir = g_getenv ("FRONTLINE_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  /* Without a window manager the window draws its own shadow, which the
   * default size counts and the content does not: ask for the difference. */
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  settle ();
  gtk_window_set_default_size (GTK_WINDOW (window), 2 * width - gtk_widget_get_width (GTK_WIDGET (window)),
                               2 * height - gtk_widget_get_height (GTK_WIDGET (window)));
  settle ();
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, width);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), ==, height);
  if (dir == NULL)
    return;
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  path = g_build_filename (dir, name, NULL);
  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);
}

static void
test_a_conflict_is_reviewed_from_the_indicator (Fixture       *fixture,
                                                gconstpointer  data)
{
  FlWindow *window = fixture->window;
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkWidget *indicator_button = adw_bin_get_child (ADW_BIN (window->sync_indicator));
  g_autoptr(JsonObject) on_server = NULL;

  /* Nothing to review yet: the action does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.review-conflicts", NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->detail_stack), ==, "none");

  /* The lead escalates while the agent, offline, sets it pending. Live, the
   * console would send its change within milliseconds: offline (or on a slow
   * network) the two changes cross. */
  fl_sync_engine_stop_live (window->engine);
  app_sync_update_case (fixture->lead, fixture->case_id, "{\"status\": \"escalated\", \"tier\": \"tier2\"}");
  app_sync_update_case (window->engine, fixture->case_id, "{\"status\": \"pending\", \"priority\": \"urgent\"}");
  app_sync_now (fixture->lead);
  window_sync (fixture);
  g_assert_cmpint (fl_sync_engine_get_conflicts (window->engine), ==, 1);
  g_assert_cmpstr (fl_sync_indicator_get_text (window->sync_indicator), ==, "1 conflict to review");

  /* The indicator is the way in. */
  g_signal_emit_by_name (indicator_button, "clicked");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->detail_stack), ==, "conflicts");
  FL_TEST_WAIT_FOR (!fl_conflicts_page_get_busy (window->conflicts_page)
                    && fl_conflicts_page_get_n_shown (window->conflicts_page) == 1);

  screenshot (window, 1280, 800, "conflicts-1280x800-light.png");
  screenshot (window, 360, 720, "conflicts-360x720-light.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  screenshot (window, 360, 720, "conflicts-360x720-dark.png");
  screenshot (window, 1280, 800, "conflicts-1280x800-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  /* Keep mine: the window sends it at once. */
  g_signal_emit_by_name (app_find_button (GTK_WIDGET (window->conflicts_page), "_Keep Mine"), "clicked");
  FL_TEST_WAIT_FOR (fl_conflicts_page_get_n_shown (window->conflicts_page) == 0
                    && fl_sync_engine_get_pending (window->engine) == 0 && !window->syncing);
  g_assert_cmpint (fl_sync_engine_get_conflicts (window->engine), ==, 0);
  g_assert_cmpstr (fl_sync_indicator_get_text (window->sync_indicator), ==, "Synced");
  on_server = fl_test_server_get_record (fixture->sync.server, fixture->sync.lead, "Case", fixture->case_id);
  g_assert_cmpstr (json_object_get_string_member (on_server, "status"), ==, "pending");
  g_assert_cmpstr (json_object_get_string_member (on_server, "priority"), ==, "urgent");
  screenshot (window, 360, 720, "conflicts-none-360x720-light.png");

  /* And back to the list. */
  g_signal_emit_by_name (app_find_button (GTK_WIDGET (window->conflicts_page), "Back to the List"), "clicked");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->detail_stack), ==, "none");
  g_assert_true (adw_leaflet_get_visible_child (window->leaflet) == window->list_pane);
}

int
main (int    argc,
      char **argv)
{
  GTestDBus *bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("frontline-console-test-XXXXXX", &error);
  g_autofree char *data_home = g_build_filename (home, "data", NULL);
  g_autofree char *config_home = g_build_filename (home, "config", NULL);
  int status;

  g_assert_no_error (error);
  /* The console's remembered profile and settings: the test's own. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  /* It unsets DISPLAY, which Xvfb's is. */
  g_test_dbus_up (bus);
  g_setenv ("DISPLAY", display, TRUE);
  start_notifier (bus);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_assert_nonnull (fl_app_get_resource ());

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/app/window/my-cases-is-empty-only-once-known-whose", test_my_cases_is_empty_only_once_known_whose);
  ADD ("/app/window/a-case-assigned-to-me-notifies-once-and-opens",
       test_a_case_assigned_to_me_notifies_once_and_opens);
  ADD ("/app/window/a-conflict-is-reviewed-from-the-indicator", test_a_conflict_is_reviewed_from_the_indicator);
#undef ADD

  status = g_test_run ();
  fl_test_remove_tree (home);
  /* GTK keeps its connection to the end, so down() (and the last unref,
   * which calls it) would wait for it in vain: stop the bus and leave it. */
  g_test_dbus_stop (bus);
  return status;
}

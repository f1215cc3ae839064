/* fl-application.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GApplication exports the app.* actions at the application's object path, so
 * "lookup-caller" is what a phone system calls over D-Bus
 * (org.gtk.Actions.Activate) to pop a caller's record on the agent's screen,
 * and "open-case" what a notification of a case assigned to the agent does.
 */
#define G_LOG_DOMAIN "Frontline-App"

#include "config.h"

#include <glib/gi18n.h>

#include "fl-application.h"
#include "fl-window.h"

struct _FlApplication
{
  AdwApplication  parent_instance;

  char           *server_url;
};

G_DEFINE_FINAL_TYPE (FlApplication, fl_application, ADW_TYPE_APPLICATION)

static FlWindow *
ensure_window (FlApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (fl_window_new (GTK_APPLICATION (self)));
      fl_window_start (FL_WINDOW (window), self->server_url);
    }
  return FL_WINDOW (window);
}

static void
fl_application_activate (GApplication *application)
{
  gtk_window_present (GTK_WINDOW (ensure_window (FL_APPLICATION (application))));
}

static int
fl_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  FlApplication *self = FL_APPLICATION (application);
  const char *server = NULL;
  const char *case_id = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("frontline %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }
  /* The option wins over the environment, which wins over what was remembered. */
  if (!g_variant_dict_lookup (options, "server", "&s", &server))
    server = g_getenv ("FRONTLINE_SERVER");
  g_free (self->server_url);
  self->server_url = server != NULL && *server != '\0' ? g_strdup (server) : NULL;
  if (g_variant_dict_lookup (options, "open-case", "&s", &case_id))
    {
      g_autoptr(GError) error = NULL;

      /* In the running console if there is one (the action goes over D-Bus),
       * or in this one once its window is up. */
      if (!g_application_register (application, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }
      g_action_group_activate_action (G_ACTION_GROUP (application), "open-case", g_variant_new_string (case_id));
      if (g_application_get_is_remote (application))
        return EXIT_SUCCESS;
    }
  return -1;
}

static void
lookup_caller_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  FlApplication *self = user_data;

  fl_window_lookup_caller (ensure_window (self), g_variant_get_string (parameter, NULL));
}

/* From a notification of a case assigned or escalated to the agent. */
static void
open_case_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  FlWindow *window = ensure_window (FL_APPLICATION (user_data));

  fl_window_open_case (window, g_variant_get_string (parameter, NULL));
  gtk_window_present (GTK_WINDOW (window));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *application = user_data;
  GtkWidget *about = adw_about_window_new ();

  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), _("Frontline"));
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), APP_ID);
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about), _("The desk of a technical support team"));
  gtk_window_set_transient_for (GTK_WINDOW (about), gtk_application_get_active_window (application));
  gtk_window_present (GTK_WINDOW (about));
}

static void
fl_application_startup (GApplication *application)
{
  static const GActionEntry actions[] = {
    { "lookup-caller", lookup_caller_action, "s" },
    { "open-case", open_case_action, "s" },
    { "quit", quit_action },
    { "about", about_action },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (fl_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), actions, G_N_ELEMENTS (actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
}

static void
fl_application_finalize (GObject *object)
{
  FlApplication *self = FL_APPLICATION (object);

  g_clear_pointer (&self->server_url, g_free);

  G_OBJECT_CLASS (fl_application_parent_class)->finalize (object);
}

static void
fl_application_class_init (FlApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = fl_application_finalize;
  application_class->activate = fl_application_activate;
  application_class->startup = fl_application_startup;
  application_class->handle_local_options = fl_application_handle_local_options;
}

static void
fl_application_init (FlApplication *self)
{
  static const GOptionEntry options[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, NULL, N_("The server to sign in to"), N_("URL") },
    { "open-case", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Open this case (its id)"), N_("ID") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

FlApplication *
fl_application_new (void)
{
  return g_object_new (FL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/frontlinedesk/Frontline",
                       NULL);
}

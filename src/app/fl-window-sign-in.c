/* fl-window-sign-in.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlWindow's sign-in: which profile is signed in, what the last sign-in
 * remembers (the server and login), signing in through the sync engine and
 * saying what went wrong in words the person at the desk can act on.
 */
#define G_LOG_DOMAIN "Frontline-App"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

#include "fl-jmap-client.h"
#include "fl-window-private.h"

/* --- remembered settings ---------------------------------------------------- */

/* The profile the last sign-in used: the same note frontlinectl keeps, so the
 * console and the command line share one profile. */
static char *
current_profile_note (void)
{
  return g_build_filename (g_get_user_data_dir (), "frontline", "current", NULL);
}

static char *
console_settings_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "frontline", "console.ini", NULL);
}

static GKeyFile *
load_console_settings (void)
{
  GKeyFile *keyfile = g_key_file_new ();
  g_autofree char *path = console_settings_path ();

  /* A missing file is the first start: nothing remembered yet. */
  g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, NULL);
  return keyfile;
}

static void
remember_sign_in (FlWindow   *self,
                  const char *server_url,
                  const char *login)
{
  g_autoptr(GKeyFile) keyfile = load_console_settings ();
  g_autofree char *path = console_settings_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *note = current_profile_note ();
  g_autofree char *note_folder = g_path_get_dirname (note);
  g_autoptr(GError) error = NULL;

  g_key_file_set_string (keyfile, "sign-in", "server", server_url);
  g_key_file_set_string (keyfile, "sign-in", "login", login);
  if (g_mkdir_with_parents (folder, 0700) != 0 || !g_key_file_save_to_file (keyfile, path, &error))
    g_warning ("Cannot remember the server: %s", error != NULL ? error->message : g_strerror (errno));
  g_clear_error (&error);
  if (g_mkdir_with_parents (note_folder, 0700) != 0
      || !g_file_set_contents (note, fl_sync_engine_get_profile_dir (self->engine), -1, &error))
    g_warning ("Cannot note the profile: %s", error != NULL ? error->message : g_strerror (errno));
}

void
_fl_window_show_sign_in (FlWindow   *self,
                         const char *server_url,
                         const char *message)
{
  g_autoptr(GKeyFile) keyfile = load_console_settings ();
  g_autofree char *remembered = g_key_file_get_string (keyfile, "sign-in", "server", NULL);
  g_autofree char *login = g_key_file_get_string (keyfile, "sign-in", "login", NULL);

  fl_sign_in_page_set_server (self->sign_in_page, server_url != NULL ? server_url : remembered);
  fl_sign_in_page_set_login (self->sign_in_page, login);
  fl_sign_in_page_set_error (self->sign_in_page, message);
  fl_sign_in_page_set_busy (self->sign_in_page, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "sign-in");
  fl_sign_in_page_focus (self->sign_in_page);
}

char *
_fl_window_signed_in_profile (void)
{
  g_autofree char *note = current_profile_note ();
  g_autofree char *profile = NULL;
  g_autofree char *database = NULL;

  if (!g_file_get_contents (note, &profile, NULL, NULL))
    return NULL;
  g_strstrip (profile);
  /* A profile with a local copy was signed in once. The token itself is in
   * the Secret Service (or a file where there is none) and is looked up
   * asynchronously by the first sync, which brings the sign-in page back if
   * it is gone or the server no longer takes it. */
  database = g_build_filename (profile, "frontline.db", NULL);
  if (!g_file_test (database, G_FILE_TEST_IS_REGULAR))
    return NULL;
  return g_steal_pointer (&profile);
}

/* --- signing in ------------------------------------------------------------- */

typedef struct
{
  FlWindow *self;
  char     *server_url;
  char     *login;
} SignIn;

static void
sign_in_free (SignIn *sign_in)
{
  g_object_unref (sign_in->self);
  g_free (sign_in->server_url);
  g_free (sign_in->login);
  g_free (sign_in);
}

static gboolean
is_certificate_problem (const GError *error)
{
  return g_strcmp0 (fl_jmap_client_error_get_problem_type (error), FL_JMAP_PROBLEM_CERTIFICATE) == 0;
}

/* Sign-in problems in the words of the person at the desk, with what to do. */
static char *
explain_sign_in_error (const GError *error,
                       const char   *server_url)
{
  if (g_error_matches (error, FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_UNAUTHORIZED))
    return g_strdup (_("Wrong login or password. Check them and try again."));
  if (g_error_matches (error, FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_NETWORK))
    {
      if (is_certificate_problem (error))
        return g_strdup_printf (_("The security certificate of %s cannot be trusted, so Frontline did not send your "
                                  "password. Check the address, or ask your administrator."), server_url);
      return g_strdup_printf (_("Cannot reach the server at %s. Check the address and your network connection."),
                              server_url);
    }
  if (g_error_matches (error, FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_UNAVAILABLE))
    return g_strdup (_("The server is not answering properly right now. Try again in a minute."));
  if (g_error_matches (error, FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_INVALID_RESPONSE)
      || g_error_matches (error, FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_REFUSED))
    return g_strdup_printf (_("%s does not look like a Frontline server. Check the address."), server_url);
  return g_strdup_printf (_("Cannot sign in: %s"), error->message);
}

static void
on_logged_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SignIn *sign_in = user_data;
  FlWindow *self = sign_in->self;
  g_autoptr(GError) error = NULL;

  if (!fl_sync_engine_login_finish (FL_SYNC_ENGINE (source), result, &error))
    {
      g_autofree char *message = explain_sign_in_error (error, sign_in->server_url);

      g_debug ("Sign-in failed: %s", error->message);
      fl_sign_in_page_set_busy (self->sign_in_page, FALSE);
      fl_sign_in_page_set_error (self->sign_in_page, message);
      fl_sign_in_page_focus (self->sign_in_page);
      sign_in_free (sign_in);
      return;
    }
  remember_sign_in (self, sign_in->server_url, sign_in->login);
  fl_sign_in_page_set_busy (self->sign_in_page, FALSE);
  _fl_window_start_first_sync (self);
  sign_in_free (sign_in);
}

void
_fl_window_on_sign_in (FlWindow   *self,
                       const char *server_url,
                       const char *login,
                       const char *password)
{
  g_autofree char *profile = fl_sync_engine_default_profile_dir (server_url, login);
  g_autoptr(GError) error = NULL;
  SignIn *sign_in;

  fl_sign_in_page_set_error (self->sign_in_page, NULL);
  if (self->engine == NULL || g_strcmp0 (fl_sync_engine_get_profile_dir (self->engine), profile) != 0)
    {
      /* The profile's database opens in a few milliseconds; it is the engine's
       * one blocking step and happens once per sign-in. */
      g_autoptr(FlSyncEngine) engine = fl_sync_engine_new (profile, &error);

      if (engine == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("Cannot open the local copy: %s"), error->message);

          fl_sign_in_page_set_error (self->sign_in_page, message);
          return;
        }
      if (self->model != NULL)
        {
          /* Another account: the lists belong to the old profile. */
          g_clear_object (&self->model);
          gtk_list_view_set_model (self->list_view, NULL);
        }
      if (self->engine != NULL)
        {
          g_signal_handlers_disconnect_by_data (self->engine, self);
          fl_sync_engine_stop_live (self->engine);
        }
      g_set_object (&self->engine, engine);
    }
  fl_sign_in_page_set_busy (self->sign_in_page, TRUE);
  sign_in = g_new0 (SignIn, 1);
  sign_in->self = g_object_ref (self);
  sign_in->server_url = g_strdup (server_url);
  sign_in->login = g_strdup (login);
  fl_sync_engine_login_async (self->engine, server_url, login, password, self->cancellable,
                              on_logged_in, sign_in);
}

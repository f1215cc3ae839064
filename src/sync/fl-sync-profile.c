/* fl-sync-profile.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a profile remembers of its server: the address, the login, the
 * desktop's client id (in the local copy's sync_state) and the token (a 0600
 * file in the profile until the Secret Service part comes); sign-in, which
 * saves them, and the reading of them that every exchange starts with.
 */
#define G_LOG_DOMAIN "Frontline-Sync"

#include "config.h"

#include <string.h>

#include "fl-sync-engine-private.h"

#define TOKEN_FILE "token"

/* --- settings ---------------------------------------------------------------- */

typedef struct
{
  char *profile_dir;
  char *server_url;
  char *login;
  char *client_id;
  char *token;
} Settings;

static void
settings_free (gpointer data)
{
  Settings *settings = data;

  g_free (settings->profile_dir);
  g_free (settings->server_url);
  g_free (settings->login);
  g_free (settings->client_id);
  if (settings->token != NULL)
    memset (settings->token, 0, strlen (settings->token));
  g_free (settings->token);
  g_free (settings);
}

static gpointer
read_settings_job (FlStore       *store,
                   gpointer       job_data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  const char *profile_dir = job_data;
  Settings *settings = g_new0 (Settings, 1);
  g_autofree char *token_path = g_build_filename (profile_dir, TOKEN_FILE, NULL);
  GError *local = NULL;

  settings->server_url = fl_store_sync_get (store, "server-url", &local);
  if (local == NULL)
    settings->login = fl_store_sync_get (store, "login", &local);
  if (local == NULL)
    settings->client_id = fl_store_sync_get (store, "client-id", &local);
  if (local != NULL)
    {
      settings_free (settings);
      g_propagate_error (error, local);
      return NULL;
    }
  /* No token file is not an error here: prepare says "sign in". */
  if (g_file_get_contents (token_path, &settings->token, NULL, NULL))
    g_strstrip (settings->token);
  return settings;
}

static void
on_settings_read (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  Settings *settings = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);

  if (settings == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (settings->server_url == NULL || settings->client_id == NULL
      || settings->token == NULL || settings->token[0] == '\0')
    {
      settings_free (settings);
      g_task_return_new_error (task, FL_SYNC_ERROR, FL_SYNC_ERROR_NOT_SIGNED_IN,
                               "This profile is not signed in to a server");
      return;
    }

  if (self->client == NULL
      || g_strcmp0 (fl_jmap_client_get_base_url (self->client), settings->server_url) != 0)
    {
      g_clear_object (&self->client);
      self->client = fl_jmap_client_new (settings->server_url);
    }
  fl_jmap_client_set_token (self->client, settings->token);
  g_free (self->client_id);
  self->client_id = g_strdup (settings->client_id);
  settings_free (settings);
  g_task_return_boolean (task, TRUE);
}

void
_fl_sync_engine_prepare_async (FlSyncEngine        *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, _fl_sync_engine_prepare_async);
  fl_store_pool_read_async (self->pool, read_settings_job, g_strdup (self->profile_dir), g_free,
                            settings_free, cancellable, on_settings_read, task);
}

gboolean
_fl_sync_engine_prepare_finish (FlSyncEngine  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Saves whatever of @settings is set; a NULL field is left as it was. A new
 * client id is made the first time. */
static gpointer
write_settings_job (FlStore       *store,
                    gpointer       job_data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  Settings *settings = job_data;
  g_autofree char *client_id = NULL;

  if (settings->token != NULL)
    {
      g_autofree char *token_path = g_build_filename (settings->profile_dir, TOKEN_FILE, NULL);

      /* Written whole to a temporary file and renamed, mode 0600 from the start. */
      if (!g_file_set_contents_full (token_path, settings->token, -1,
                                     G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
        return NULL;
    }

  if (!fl_store_begin (store, error))
    return NULL;
  if ((settings->server_url != NULL && !fl_store_sync_set (store, "server-url", settings->server_url, error))
      || (settings->login != NULL && !fl_store_sync_set (store, "login", settings->login, error)))
    return NULL;
  client_id = fl_store_sync_get (store, "client-id", error);
  if (client_id == NULL)
    {
      if (error != NULL && *error != NULL)
        return NULL;
      client_id = fl_id_new ();
      if (!fl_store_sync_set (store, "client-id", client_id, error))
        return NULL;
    }
  if (!fl_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&client_id);
}

static void
on_settings_written (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  char *client_id = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);

  if (client_id == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_free (self->client_id);
  self->client_id = client_id;
  /* A new token or address: live updates use it from now on. */
  if (self->live != NULL)
    _fl_sync_live_settings_changed (self->live);
  g_task_return_boolean (task, TRUE);
}

static void
save_settings (FlSyncEngine *self,
               GTask        *task,
               const char   *server_url,
               const char   *login,
               const char   *token)
{
  Settings *settings = g_new0 (Settings, 1);

  settings->profile_dir = g_strdup (self->profile_dir);
  settings->server_url = g_strdup (server_url);
  settings->login = g_strdup (login);
  settings->token = g_strdup (token);
  fl_store_pool_write_async (self->pool, write_settings_job, settings, settings_free, g_free,
                             g_task_get_cancellable (task), on_settings_written, task);
}

/* --- sign-in ------------------------------------------------------------------ */

typedef struct
{
  FlJmapClient *client;
  char         *login;
} LoginData;

static void
login_data_free (gpointer data)
{
  LoginData *login = data;

  g_clear_object (&login->client);
  g_free (login->login);
  g_free (login);
}

static void
on_logged_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  LoginData *login = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = fl_jmap_client_login_finish (FL_JMAP_CLIENT (source), result, &error);

  if (token == NULL)
    {
      _fl_sync_engine_note_error (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_set_object (&self->client, login->client);
  _fl_sync_engine_set_state (self, FL_SYNC_STATE_ONLINE);
  save_settings (self, g_steal_pointer (&task), fl_jmap_client_get_base_url (login->client),
                 login->login, token);
}

void
fl_sync_engine_login_async (FlSyncEngine        *self,
                            const char          *server_url,
                            const char          *login,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  LoginData *data;

  g_return_if_fail (FL_IS_SYNC_ENGINE (self));
  g_return_if_fail (server_url != NULL && login != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fl_sync_engine_login_async);
  data = g_new0 (LoginData, 1);
  data->client = fl_jmap_client_new (server_url);
  data->login = g_strdup (login);
  g_task_set_task_data (task, data, login_data_free);
  fl_jmap_client_login_async (data->client, login, password, cancellable, on_logged_in, task);
}

gboolean
fl_sync_engine_login_finish (FlSyncEngine  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
fl_sync_engine_set_server_url_async (FlSyncEngine        *self,
                                     const char          *server_url,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FL_IS_SYNC_ENGINE (self));
  g_return_if_fail (server_url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fl_sync_engine_set_server_url_async);
  save_settings (self, task, server_url, NULL, NULL);
}

gboolean
fl_sync_engine_set_server_url_finish (FlSyncEngine  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

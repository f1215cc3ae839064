/* fl-sync-profile.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a profile remembers of its server: the address, the login, the
 * desktop's client id (in the local copy's sync_state) and the token (in the
 * credential store: the Secret Service, or a 0600 file where there is none);
 * sign-in and sign-out, a server that moved, and the reading of them that
 * every exchange starts with.
 */
#define G_LOG_DOMAIN "Frontline-Sync"

#include "config.h"

#include <string.h>

#include "fl-sync-engine-private.h"

/* --- settings ---------------------------------------------------------------- */

typedef struct
{
  char *server_url;
  char *login;
  char *client_id;
} Settings;

static void
settings_free (gpointer data)
{
  Settings *settings = data;

  g_free (settings->server_url);
  g_free (settings->login);
  g_free (settings->client_id);
  g_free (settings);
}

static gpointer
read_settings_job (FlStore       *store,
                   gpointer       job_data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  Settings *settings = g_new0 (Settings, 1);
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
  return settings;
}

static void
on_token_looked_up (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  Settings *settings = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *failure = NULL;
  g_autofree char *token = fl_credential_store_lookup_finish (FL_CREDENTIAL_STORE (source), result,
                                                              &failure, &error);

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (token == NULL || token[0] == '\0')
    {
      if (failure != NULL)
        g_task_return_new_error (task, FL_SYNC_ERROR, FL_SYNC_ERROR_NOT_SIGNED_IN,
                                 "No sign-in is kept for %s at %s, and the Secret Service cannot be "
                                 "asked (%s): sign in again", settings->login, settings->server_url, failure);
      else
        g_task_return_new_error (task, FL_SYNC_ERROR, FL_SYNC_ERROR_NOT_SIGNED_IN,
                                 "No sign-in is kept for %s at %s: sign in again",
                                 settings->login, settings->server_url);
      return;
    }

  if (self->client == NULL
      || g_strcmp0 (fl_jmap_client_get_base_url (self->client), settings->server_url) != 0)
    {
      g_clear_object (&self->client);
      self->client = fl_jmap_client_new (settings->server_url);
    }
  fl_jmap_client_set_token (self->client, token);
  memset (token, 0, strlen (token));
  g_free (self->client_id);
  self->client_id = g_strdup (settings->client_id);
  g_free (self->login);
  self->login = g_strdup (settings->login);
  g_task_return_boolean (task, TRUE);
}

/* What comes after the settings are read; @settings is its own. */
typedef void (*SettingsNext) (GTask    *task,
                              Settings *settings);

static void
on_settings_read (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  SettingsNext next = g_object_steal_data (G_OBJECT (task), "fl-settings-next");
  GError *error = NULL;
  Settings *settings = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);

  if (settings == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  next (task, settings);
}

/* Reads the saved settings for @task (owned), then hands both to @next. */
static void
read_settings (FlSyncEngine *self,
               GTask        *task,
               SettingsNext  next)
{
  g_object_set_data (G_OBJECT (task), "fl-settings-next", next);
  fl_store_pool_read_async (self->pool, read_settings_job, NULL, NULL, settings_free,
                            g_task_get_cancellable (task), on_settings_read, task);
}

static void
prepare_with_settings (GTask    *task,
                       Settings *settings)
{
  FlSyncEngine *self = g_task_get_source_object (task);

  g_task_set_task_data (task, settings, settings_free);
  if (settings->server_url == NULL || settings->login == NULL || settings->client_id == NULL)
    {
      g_task_return_new_error (task, FL_SYNC_ERROR, FL_SYNC_ERROR_NOT_SIGNED_IN,
                               "This profile is not signed in to a server");
      g_object_unref (task);
      return;
    }
  fl_credential_store_lookup_async (self->credentials, settings->server_url, settings->login,
                                    g_task_get_cancellable (task), on_token_looked_up, task);
}

void
_fl_sync_engine_prepare_async (FlSyncEngine        *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, _fl_sync_engine_prepare_async);
  read_settings (self, task, prepare_with_settings);
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
 * client id is made the first time. The token is not here: it is the
 * credential store's. */
static gpointer
write_settings_job (FlStore       *store,
                    gpointer       job_data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  Settings *settings = job_data;
  g_autofree char *client_id = NULL;

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

/* The last step of sign-in and of a move: saves the server and the login
 * (either may be NULL: kept as it was) and returns TRUE on @task (owned). */
static void
save_settings (FlSyncEngine *self,
               GTask        *task,
               const char   *server_url,
               const char   *login)
{
  Settings *settings = g_new0 (Settings, 1);

  settings->server_url = g_strdup (server_url);
  settings->login = g_strdup (login);
  fl_store_pool_write_async (self->pool, write_settings_job, settings, settings_free, g_free,
                             g_task_get_cancellable (task), on_settings_written, task);
}

/* --- sign-in ------------------------------------------------------------------ */

typedef struct
{
  FlJmapClient *client;    /* signed in, with the new token */
  char         *login;
  Settings     *previous;  /* the profile's sign-in before this one */
} LoginData;

static void
login_data_free (gpointer data)
{
  LoginData *login = data;

  g_clear_object (&login->client);
  g_free (login->login);
  g_clear_pointer (&login->previous, settings_free);
  g_free (login);
}

static void
finish_login (GTask *task)
{
  FlSyncEngine *self = g_task_get_source_object (task);
  LoginData *login = g_task_get_task_data (task);

  g_set_object (&self->client, login->client);
  g_free (self->login);
  self->login = g_strdup (login->login);
  _fl_sync_engine_set_state (self, FL_SYNC_STATE_ONLINE);
  save_settings (self, task, fl_jmap_client_get_base_url (login->client), login->login);
}

static void
on_previous_cleared (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  if (!fl_credential_store_clear_finish (FL_CREDENTIAL_STORE (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  finish_login (task);
}

static void
on_token_stored (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  LoginData *login = g_task_get_task_data (task);
  Settings *previous = login->previous;
  g_autoptr(GError) error = NULL;

  if (!fl_credential_store_store_finish (FL_CREDENTIAL_STORE (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  /* The profile now signs in elsewhere, or as someone else: the old token
   * must not linger in the keyring. */
  if (previous->server_url != NULL && previous->login != NULL
      && (!g_str_equal (previous->server_url, fl_jmap_client_get_base_url (login->client))
          || !g_str_equal (previous->login, login->login)))
    fl_credential_store_clear_async (self->credentials, previous->server_url, previous->login,
                                     g_task_get_cancellable (task), on_previous_cleared, task);
  else
    finish_login (task);
}

/* The token before the settings: a profile whose settings name a server
 * always has had a token for it. */
static void
store_token (GTask    *task,
             Settings *previous)
{
  FlSyncEngine *self = g_task_get_source_object (task);
  LoginData *login = g_task_get_task_data (task);

  login->previous = previous;
  fl_credential_store_store_async (self->credentials, fl_jmap_client_get_base_url (login->client),
                                   login->login, fl_jmap_client_get_token (login->client),
                                   g_task_get_cancellable (task), on_token_stored, task);
}

static void
on_logged_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = fl_jmap_client_login_finish (FL_JMAP_CLIENT (source), result, &error);

  if (token == NULL)
    {
      _fl_sync_engine_note_error (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  memset (token, 0, strlen (token));
  read_settings (self, task, store_token);
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

/* --- sign-out ------------------------------------------------------------------- */

/* Sign-out: the server is asked to forget the token (best effort: it may be
 * out of reach, or the token expired already), then both places forget it. */

static void
on_logout_cleared (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!fl_credential_store_clear_finish (FL_CREDENTIAL_STORE (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_object (&self->client);
  _fl_sync_engine_set_state (self, FL_SYNC_STATE_OFFLINE);
  g_task_return_boolean (task, TRUE);
}

static void
clear_credentials (GTask *task)
{
  FlSyncEngine *self = g_task_get_source_object (task);
  Settings *settings = g_task_get_task_data (task);

  /* Not cancellable: once begun, a sign-out does not stop half way. */
  fl_credential_store_clear_async (self->credentials, settings->server_url, settings->login,
                                   NULL, on_logout_cleared, task);
}

static void
on_token_revoked (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  if (!fl_jmap_client_logout_finish (FL_JMAP_CLIENT (source), result, &error))
    g_debug ("The server did not forget the token: %s", error->message);
  clear_credentials (task);
}

static void
on_token_to_revoke (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Settings *settings = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = fl_credential_store_lookup_finish (FL_CREDENTIAL_STORE (source), result,
                                                              NULL, &error);
  g_autoptr(FlJmapClient) client = NULL;

  if (token == NULL)
    {
      clear_credentials (task);
      return;
    }
  client = fl_jmap_client_new (settings->server_url);
  fl_jmap_client_set_token (client, token);
  memset (token, 0, strlen (token));
  fl_jmap_client_logout_async (client, g_task_get_cancellable (task), on_token_revoked, task);
}

static void
logout_with_settings (GTask    *task,
                      Settings *settings)
{
  FlSyncEngine *self = g_task_get_source_object (task);

  g_task_set_task_data (task, settings, settings_free);
  if (settings->server_url == NULL || settings->login == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  fl_credential_store_lookup_async (self->credentials, settings->server_url, settings->login,
                                    g_task_get_cancellable (task), on_token_to_revoke, task);
}

void
fl_sync_engine_logout_async (FlSyncEngine        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FL_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fl_sync_engine_logout_async);
  read_settings (self, task, logout_with_settings);
}

gboolean
fl_sync_engine_logout_finish (FlSyncEngine  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- the server moved ---------------------------------------------------------- */

/* The token is kept under the server's address: it moves with it (stored
 * under the new one, then forgotten under the old), and the settings last. */
typedef struct
{
  char *server_url;
  char *old_url;
} Move;

static void
move_free (gpointer data)
{
  Move *move = data;

  g_free (move->server_url);
  g_free (move->old_url);
  g_free (move);
}

static void
on_move_old_cleared (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  Move *move = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!fl_credential_store_clear_finish (FL_CREDENTIAL_STORE (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  save_settings (self, g_steal_pointer (&task), move->server_url, NULL);
}

static void
on_move_stored (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  Move *move = g_task_get_task_data (task);
  GError *error = NULL;
  FlJmapClient *moved;

  if (!fl_credential_store_store_finish (FL_CREDENTIAL_STORE (source), result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  moved = fl_jmap_client_new (move->server_url);
  fl_jmap_client_set_token (moved, fl_jmap_client_get_token (self->client));
  g_clear_object (&self->client);
  self->client = moved;
  fl_credential_store_clear_async (self->credentials, move->old_url, self->login,
                                   g_task_get_cancellable (task), on_move_old_cleared, task);
}

static void
on_move_prepared (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = FL_SYNC_ENGINE (source);
  Move *move = g_task_get_task_data (task);
  GError *error = NULL;

  if (!_fl_sync_engine_prepare_finish (self, result, &error))
    {
      /* Not signed in: there is no token to move, only the address to note. */
      if (g_error_matches (error, FL_SYNC_ERROR, FL_SYNC_ERROR_NOT_SIGNED_IN))
        {
          g_error_free (error);
          save_settings (self, task, move->server_url, NULL);
          return;
        }
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  move->old_url = g_strdup (fl_jmap_client_get_base_url (self->client));
  if (g_str_equal (move->old_url, move->server_url))
    {
      save_settings (self, task, move->server_url, NULL);
      return;
    }
  fl_credential_store_store_async (self->credentials, move->server_url, self->login,
                                   fl_jmap_client_get_token (self->client),
                                   g_task_get_cancellable (task), on_move_stored, task);
}

void
fl_sync_engine_set_server_url_async (FlSyncEngine        *self,
                                     const char          *server_url,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;
  Move *move;

  g_return_if_fail (FL_IS_SYNC_ENGINE (self));
  g_return_if_fail (server_url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fl_sync_engine_set_server_url_async);
  move = g_new0 (Move, 1);
  move->server_url = g_strdup (server_url);
  g_task_set_task_data (task, move, move_free);
  _fl_sync_engine_prepare_async (self, cancellable, on_move_prepared, task);
}

gboolean
fl_sync_engine_set_server_url_finish (FlSyncEngine  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

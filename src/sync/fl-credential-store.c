/* fl-credential-store.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The token in the Secret Service (libsecret's async calls, on the caller's
 * main context), or in a 0600 file in the profile when there is none. File
 * work runs on a pool thread: a profile folder may be on a slow disk, and the
 * main loop must not wait on it.
 */
#define G_LOG_DOMAIN "Frontline-Sync"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "fl-credential-store.h"

struct _FlCredentialStore
{
  GObject  parent_instance;

  char    *profile_dir;
  char    *fallback_reason;
};

G_DEFINE_FINAL_TYPE (FlCredentialStore, fl_credential_store, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_PROFILE_DIR,
  PROP_FALLBACK_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One item per server and login: a second sign-in replaces the first. */
static const SecretSchema token_schema = {
  "io.github.frontlinedesk.Frontline.Token", SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "login", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

static void
fl_credential_store_finalize (GObject *object)
{
  FlCredentialStore *self = FL_CREDENTIAL_STORE (object);

  g_clear_pointer (&self->profile_dir, g_free);
  g_clear_pointer (&self->fallback_reason, g_free);

  G_OBJECT_CLASS (fl_credential_store_parent_class)->finalize (object);
}

static void
fl_credential_store_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FlCredentialStore *self = FL_CREDENTIAL_STORE (object);

  switch (prop_id)
    {
    case PROP_PROFILE_DIR:
      g_value_set_string (value, self->profile_dir);
      break;
    case PROP_FALLBACK_REASON:
      g_value_set_string (value, self->fallback_reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_credential_store_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  FlCredentialStore *self = FL_CREDENTIAL_STORE (object);

  switch (prop_id)
    {
    case PROP_PROFILE_DIR:
      self->profile_dir = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_credential_store_class_init (FlCredentialStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fl_credential_store_finalize;
  object_class->get_property = fl_credential_store_get_property;
  object_class->set_property = fl_credential_store_set_property;

  properties[PROP_PROFILE_DIR] =
    g_param_spec_string ("profile-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FALLBACK_REASON] =
    g_param_spec_string ("fallback-reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fl_credential_store_init (FlCredentialStore *self)
{
}

FlCredentialStore *
fl_credential_store_new (const char *profile_dir)
{
  g_return_val_if_fail (profile_dir != NULL, NULL);
  return g_object_new (FL_TYPE_CREDENTIAL_STORE, "profile-dir", profile_dir, NULL);
}

const char *
fl_credential_store_get_profile_dir (FlCredentialStore *self)
{
  g_return_val_if_fail (FL_IS_CREDENTIAL_STORE (self), NULL);
  return self->profile_dir;
}

const char *
fl_credential_store_get_fallback_reason (FlCredentialStore *self)
{
  g_return_val_if_fail (FL_IS_CREDENTIAL_STORE (self), NULL);
  return self->fallback_reason;
}

char *
fl_credential_store_get_file_path (FlCredentialStore *self)
{
  g_return_val_if_fail (FL_IS_CREDENTIAL_STORE (self), NULL);
  return g_build_filename (self->profile_dir, FL_CREDENTIAL_FILE, NULL);
}

static void
set_fallback_reason (FlCredentialStore *self,
                     const char        *reason)
{
  g_assert (FL_IS_CREDENTIAL_STORE (self));

  if (g_strcmp0 (self->fallback_reason, reason) == 0)
    return;
  g_free (self->fallback_reason);
  self->fallback_reason = g_strdup (reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FALLBACK_REASON]);
}

/* --- one operation ----------------------------------------------------------- */

typedef enum
{
  FILE_READ,
  FILE_WRITE,
  FILE_REMOVE,
} FileAction;

typedef struct
{
  FileAction  action;
  char       *path;
  char       *server;
  char       *login;
  char       *token;    /* to store, or found */
  char       *reason;   /* why the Secret Service was passed over */
} Op;

static void
op_free (gpointer data)
{
  Op *op = data;

  g_free (op->path);
  g_free (op->server);
  g_free (op->login);
  if (op->token != NULL)
    memset (op->token, 0, strlen (op->token));
  g_free (op->token);
  g_free (op->reason);
  g_free (op);
}

static GTask *
op_task_new (FlCredentialStore   *self,
             const char          *server,
             const char          *login,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Op *op = g_new0 (Op, 1);

  g_task_set_source_tag (task, source_tag);
  op->path = fl_credential_store_get_file_path (self);
  op->server = g_strdup (server);
  op->login = g_strdup (login);
  g_task_set_task_data (task, op, op_free);
  return task;
}

/* The Secret Service answered with an error: the caller's cancel ends the
 * operation; anything else means there is none we can use here. */
static gboolean
secret_service_failed (GTask  *task,
                       GError *error)
{
  Op *op = g_task_get_task_data (task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return FALSE;
    }
  g_debug ("Secret Service: %s", error->message);
  g_free (op->reason);
  op->reason = g_strdup (error->message);
  g_error_free (error);
  return TRUE;
}

static void
file_thread (GTask        *inner,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Op *op = task_data;
  GError *error = NULL;

  switch (op->action)
    {
    case FILE_READ:
      if (!g_file_get_contents (op->path, &op->token, NULL, &error))
        {
          if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            {
              g_task_return_error (inner, error);
              return;
            }
          g_clear_error (&error);
        }
      if (op->token != NULL)
        g_strstrip (op->token);
      break;
    case FILE_WRITE:
      /* Written whole to a temporary file, mode 0600 from the start, then renamed. */
      if (!g_file_set_contents_full (op->path, op->token, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
        {
          g_task_return_error (inner, error);
          return;
        }
      break;
    case FILE_REMOVE:
      if (g_remove (op->path) != 0 && errno != ENOENT)
        {
          int saved = errno;

          g_task_return_new_error (inner, G_IO_ERROR, g_io_error_from_errno (saved),
                                   "Cannot remove %s: %s", op->path, g_strerror (saved));
          return;
        }
      break;
    default:
      g_assert_not_reached ();
    }
  g_task_return_boolean (inner, TRUE);
}

/* Runs @action on the file of @task's operation; @callback gets @task back. */
static void
run_file_action (GTask               *task,
                 FileAction           action,
                 GAsyncReadyCallback  callback)
{
  Op *op = g_task_get_task_data (task);
  g_autoptr(GTask) inner = g_task_new (g_task_get_source_object (task), g_task_get_cancellable (task),
                                       callback, task);

  op->action = action;
  g_task_set_task_data (inner, op, NULL);
  g_task_run_in_thread (inner, file_thread);
}

/* --- store ---------------------------------------------------------------------- */

static void
on_file_written (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlCredentialStore *self = FL_CREDENTIAL_STORE (source);
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  set_fallback_reason (self, op->reason);
  g_task_return_boolean (task, TRUE);
}

static void
on_file_removed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlCredentialStore *self = FL_CREDENTIAL_STORE (source);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_get_source_tag (task) == fl_credential_store_store_async)
    set_fallback_reason (self, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
on_secret_stored (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    /* The keyring has it now: an older copy in the file must not outlive it. */
    run_file_action (task, FILE_REMOVE, on_file_removed);
  else if (secret_service_failed (task, error))
    run_file_action (task, FILE_WRITE, on_file_written);
}

void
fl_credential_store_store_async (FlCredentialStore   *self,
                                 const char          *server,
                                 const char          *login,
                                 const char          *token,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;
  Op *op;
  g_autofree char *label = NULL;

  g_return_if_fail (FL_IS_CREDENTIAL_STORE (self));
  g_return_if_fail (server != NULL && login != NULL && token != NULL);

  task = op_task_new (self, server, login, fl_credential_store_store_async, cancellable, callback, user_data);
  op = g_task_get_task_data (task);
  op->token = g_strdup (token);
  label = g_strdup_printf ("Frontline sign-in for %s at %s", login, server);
  secret_password_store (&token_schema, SECRET_COLLECTION_DEFAULT, label, token, cancellable,
                         on_secret_stored, task,
                         "server", server, "login", login, NULL);
}

gboolean
fl_credential_store_store_finish (FlCredentialStore  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- lookup --------------------------------------------------------------------- */

static void
on_secret_looked_up (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  char *secret = secret_password_lookup_finish (result, &error);
  char *token;

  if (error != NULL)
    {
      if (secret_service_failed (task, error))
        {
          g_task_return_pointer (task, NULL, NULL);
          g_object_unref (task);
        }
      return;
    }
  token = g_strdup (secret);
  secret_password_free (secret);
  g_task_return_pointer (task, token, g_free);
  g_object_unref (task);
}

static void
on_file_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  /* The file is only written when the keyring would not take the token, and
   * removed when it does: if it is there, it is the newest. */
  if (op->token != NULL && op->token[0] != '\0')
    {
      g_task_return_pointer (task, g_strdup (op->token), g_free);
      g_object_unref (task);
      return;
    }
  secret_password_lookup (&token_schema, g_task_get_cancellable (task), on_secret_looked_up, task,
                          "server", op->server, "login", op->login, NULL);
}

void
fl_credential_store_lookup_async (FlCredentialStore   *self,
                                  const char          *server,
                                  const char          *login,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FL_IS_CREDENTIAL_STORE (self));
  g_return_if_fail (server != NULL && login != NULL);

  task = op_task_new (self, server, login, fl_credential_store_lookup_async, cancellable, callback, user_data);
  run_file_action (task, FILE_READ, on_file_read);
}

char *
fl_credential_store_lookup_finish (FlCredentialStore  *self,
                                   GAsyncResult       *result,
                                   char              **lookup_failure,
                                   GError            **error)
{
  Op *op;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  op = g_task_get_task_data (G_TASK (result));
  if (lookup_failure != NULL)
    *lookup_failure = g_strdup (op->reason);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- clear ---------------------------------------------------------------------- */

static void
on_secret_cleared (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  /* Nothing found is FALSE without an error; an unreachable service holds nothing. */
  if (error == NULL || secret_service_failed (task, error))
    run_file_action (task, FILE_REMOVE, on_file_removed);
}

void
fl_credential_store_clear_async (FlCredentialStore   *self,
                                 const char          *server,
                                 const char          *login,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FL_IS_CREDENTIAL_STORE (self));
  g_return_if_fail (server != NULL && login != NULL);

  task = op_task_new (self, server, login, fl_credential_store_clear_async, cancellable, callback, user_data);
  secret_password_clear (&token_schema, cancellable, on_secret_cleared, task,
                         "server", server, "login", login, NULL);
}

gboolean
fl_credential_store_clear_finish (FlCredentialStore  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* fl-auth.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sign-in runs in three steps, none on the main loop: read the agent and its
 * password hash (a pooled reader), verify the password (argon2id, on a GTask
 * worker: it takes a tenth of a second on purpose), then record the session
 * (the commit queue, so the token is durable before it is handed out).
 */
#define G_LOG_DOMAIN "Frontline-Server"

#include "config.h"

#include <string.h>

#include <sodium.h>

#include "fl-auth.h"
#include "fl-password.h"
#include "fl-store-server.h"

/* Failed sign-ins allowed per window before further attempts are refused. */
#define MAX_FAILURES_PER_LOGIN 5
#define MAX_FAILURES_PER_ADDRESS 20
#define FAILURE_WINDOW (5 * G_TIME_SPAN_MINUTE)

#define TOKEN_BYTES 32

struct _FlAuth
{
  GObject        parent_instance;

  FlStorePool   *readers;
  FlCommitQueue *writer;
  GTimeSpan      token_lifetime;

  GHashTable    *sessions;   /* hex of the token's hash -> Session */
  GHashTable    *failures;   /* "login:NAME" or "addr:ADDRESS" -> Failures */
  char          *dummy_hash; /* verified against for unknown logins: same cost, same time */
};

G_DEFINE_FINAL_TYPE (FlAuth, fl_auth, G_TYPE_OBJECT)

G_DEFINE_QUARK (fl-auth-error-quark, fl_auth_error)

typedef struct
{
  char   *agent_id;
  gint64  expires_at;
} Session;

typedef struct
{
  guint   count;
  gint64  window_start;
} Failures;

static void
session_free (gpointer data)
{
  Session *session = data;

  g_free (session->agent_id);
  g_free (session);
}

static void
fl_auth_finalize (GObject *object)
{
  FlAuth *self = FL_AUTH (object);

  g_clear_object (&self->readers);
  g_clear_object (&self->writer);
  g_clear_pointer (&self->sessions, g_hash_table_unref);
  g_clear_pointer (&self->failures, g_hash_table_unref);
  g_clear_pointer (&self->dummy_hash, g_free);

  G_OBJECT_CLASS (fl_auth_parent_class)->finalize (object);
}

static void
fl_auth_class_init (FlAuthClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fl_auth_finalize;
}

static void
fl_auth_init (FlAuth *self)
{
  self->token_lifetime = FL_AUTH_DEFAULT_TOKEN_LIFETIME;
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, session_free);
  self->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

FlAuth *
fl_auth_new (FlStorePool   *readers,
             FlCommitQueue *writer)
{
  FlAuth *self;

  g_return_val_if_fail (FL_IS_STORE_POOL (readers), NULL);
  g_return_val_if_fail (FL_IS_COMMIT_QUEUE (writer), NULL);

  self = g_object_new (FL_TYPE_AUTH, NULL);
  self->readers = g_object_ref (readers);
  self->writer = g_object_ref (writer);
  return self;
}

void
fl_auth_set_token_lifetime (FlAuth    *self,
                            GTimeSpan  lifetime)
{
  g_return_if_fail (FL_IS_AUTH (self));
  g_return_if_fail (lifetime > 0);

  self->token_lifetime = lifetime;
}

static char *
hash_hex (const guint8 *hash)
{
  char hex[FL_TOKEN_HASH_SIZE * 2 + 1];

  sodium_bin2hex (hex, sizeof hex, hash, FL_TOKEN_HASH_SIZE);
  return g_strdup (hex);
}

gboolean
fl_auth_load (FlAuth      *self,
              const char  *db_path,
              GError     **error)
{
  g_autoptr(FlStore) store = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (FL_IS_AUTH (self), FALSE);

  store = fl_store_open (db_path, error);
  if (store == NULL)
    return FALSE;
  sessions = fl_store_list_sessions (store, fl_timestamp_now (), error);
  if (sessions == NULL)
    return FALSE;

  for (guint i = 0; i < sessions->len; i++)
    {
      FlStoreSession *stored = g_ptr_array_index (sessions, i);
      Session *session = g_new0 (Session, 1);

      session->agent_id = g_strdup (stored->agent_id);
      session->expires_at = stored->expires_at;
      g_hash_table_insert (self->sessions, hash_hex (stored->token_hash), session);
    }

  /* An unknown login still costs one verification, so its answer takes as long
   * as a wrong password's: the timing does not tell which logins exist. */
  self->dummy_hash = fl_password_hash ("not a password of anyone's", &local_error);
  if (self->dummy_hash == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* --- Rate limiting ------------------------------------------------------ */

static Failures *
lookup_failures (FlAuth     *self,
                 const char *key,
                 gint64      now)
{
  Failures *failures = g_hash_table_lookup (self->failures, key);

  if (failures != NULL && now - failures->window_start > FAILURE_WINDOW)
    {
      g_hash_table_remove (self->failures, key);
      failures = NULL;
    }
  return failures;
}

/* Seconds until @login from @address may try again, or 0. */
static guint
retry_after (FlAuth     *self,
             const char *login,
             const char *address)
{
  g_autofree char *login_key = g_strconcat ("login:", login, NULL);
  g_autofree char *address_key = g_strconcat ("addr:", address, NULL);
  gint64 now = g_get_monotonic_time ();
  Failures *by_login = lookup_failures (self, login_key, now);
  Failures *by_address = lookup_failures (self, address_key, now);
  gint64 until = 0;

  if (by_login != NULL && by_login->count >= MAX_FAILURES_PER_LOGIN)
    until = by_login->window_start + FAILURE_WINDOW;
  if (by_address != NULL && by_address->count >= MAX_FAILURES_PER_ADDRESS)
    until = MAX (until, by_address->window_start + FAILURE_WINDOW);
  return until > now ? (guint) ((until - now) / G_TIME_SPAN_SECOND) + 1 : 0;
}

static void
count_failure (FlAuth     *self,
               const char *key)
{
  gint64 now = g_get_monotonic_time ();
  Failures *failures = lookup_failures (self, key, now);

  if (failures == NULL)
    {
      failures = g_new0 (Failures, 1);
      failures->window_start = now;
      g_hash_table_insert (self->failures, g_strdup (key), failures);
    }
  failures->count++;

  /* Keep the table from growing without bound under a spray of logins. */
  if (g_hash_table_size (self->failures) > 100000)
    g_hash_table_remove_all (self->failures);
}

/* --- Sign-in ------------------------------------------------------------ */

typedef struct
{
  char     *login;
  char     *password;
  char     *address;
  FlAgent  *agent;         /* NULL if there is no such login */
  char     *password_hash;
  char     *token;
  guint8    token_hash[FL_TOKEN_HASH_SIZE];
  gint64    expires_at;
  guint     retry_after;
} Login;

static void
login_free (gpointer data)
{
  Login *login = data;

  g_free (login->login);
  if (login->password != NULL)
    sodium_memzero (login->password, strlen (login->password));
  g_free (login->password);
  g_free (login->address);
  g_clear_object (&login->agent);
  g_free (login->password_hash);
  g_free (login->token);
  g_free (login);
}

static gpointer
read_credentials (FlStore       *store,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  Login *login = data;
  g_autoptr(GError) local_error = NULL;

  login->agent = fl_store_find_agent_by_login (store, login->login, &local_error);
  if (login->agent == NULL)
    {
      if (!g_error_matches (local_error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      return GINT_TO_POINTER (TRUE);
    }
  login->password_hash = fl_store_get_password_hash (store, fl_entity_get_id (FL_ENTITY (login->agent)),
                                                     error);
  if (login->password_hash == NULL && error != NULL && *error != NULL)
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
verify_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      data,
                  GCancellable *cancellable)
{
  Login *login = data;
  FlAuth *self = source;
  const char *hash = login->password_hash != NULL ? login->password_hash : self->dummy_hash;
  gboolean ok = fl_password_verify (hash, login->password);

  g_task_return_boolean (task, ok && login->agent != NULL && login->password_hash != NULL);
}

static gpointer
write_session (FlStore       *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  Login *login = data;
  const char *agent_id = fl_entity_get_id (FL_ENTITY (login->agent));

  if (!fl_store_add_session (store, login->token_hash, agent_id, login->expires_at,
                             login->address, error)
      || !fl_store_append_audit (store, agent_id, "login", NULL, NULL, 0, NULL, error))
    return NULL;
  /* Expired sessions go as new ones come: no timer needed. */
  fl_store_purge_sessions (store, fl_timestamp_now (), NULL);
  return GINT_TO_POINTER (TRUE);
}

static void
session_written (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlAuth *self = g_task_get_source_object (task);
  Login *login = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  Session *session;

  if (fl_commit_queue_submit_finish (FL_COMMIT_QUEUE (source), result, &error) == NULL)
    {
      g_task_return_new_error (task, FL_AUTH_ERROR, FL_AUTH_ERROR_FAILED,
                               "Could not record the sign-in: %s", error->message);
      return;
    }

  session = g_new0 (Session, 1);
  session->agent_id = g_strdup (fl_entity_get_id (FL_ENTITY (login->agent)));
  session->expires_at = login->expires_at;
  g_hash_table_insert (self->sessions, hash_hex (login->token_hash), session);
  g_task_return_boolean (task, TRUE);
}

static void
verified (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlAuth *self = FL_AUTH (source);
  Login *login = g_task_get_task_data (task);
  GCancellable *cancellable;
  guint8 token[TOKEN_BYTES];
  char hex[TOKEN_BYTES * 2 + 1];

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    {
      g_autofree char *login_key = g_strconcat ("login:", login->login, NULL);
      g_autofree char *address_key = g_strconcat ("addr:", login->address, NULL);

      count_failure (self, login_key);
      count_failure (self, address_key);
      g_task_return_new_error (task, FL_AUTH_ERROR, FL_AUTH_ERROR_BAD_CREDENTIALS,
                               "Wrong login or password");
      return;
    }

  if (fl_agent_get_disabled (login->agent))
    {
      g_task_return_new_error (task, FL_AUTH_ERROR, FL_AUTH_ERROR_DISABLED,
                               "This account is disabled; ask a lead");
      return;
    }

  {
    g_autofree char *login_key = g_strconcat ("login:", login->login, NULL);

    g_hash_table_remove (self->failures, login_key);
  }

  randombytes_buf (token, sizeof token);
  sodium_bin2hex (hex, sizeof hex, token, sizeof token);
  crypto_hash_sha256 (login->token_hash, (const guint8 *) hex, strlen (hex));
  sodium_memzero (token, sizeof token);
  login->token = g_strdup (hex);
  login->expires_at = fl_timestamp_now () + self->token_lifetime;

  cancellable = g_task_get_cancellable (task);
  fl_commit_queue_submit_async (self->writer, write_session, login, NULL, NULL,
                                cancellable, session_written, g_steal_pointer (&task));
}

static void
credentials_read (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) verify = NULL;

  if (fl_store_pool_finish (FL_STORE_POOL (source), result, &error) == NULL)
    {
      g_task_return_new_error (task, FL_AUTH_ERROR, FL_AUTH_ERROR_FAILED,
                               "Could not read the account: %s", error->message);
      return;
    }

  verify = g_task_new (g_task_get_source_object (task), g_task_get_cancellable (task),
                       verified, g_object_ref (task));
  g_task_set_task_data (verify, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (verify, verify_in_thread);
}

void
fl_auth_login_async (FlAuth              *self,
                     const char          *login,
                     const char          *password,
                     const char          *client_address,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Login *data;

  g_return_if_fail (FL_IS_AUTH (self));
  g_return_if_fail (login != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fl_auth_login_async);

  data = g_new0 (Login, 1);
  data->login = g_strdup (login);
  data->password = g_strdup (password);
  data->address = g_strdup (client_address != NULL ? client_address : "unknown");
  g_task_set_task_data (task, data, login_free);

  /* Refused before any work: a password sprayer gets no argon2 time from us. */
  data->retry_after = retry_after (self, data->login, data->address);
  if (data->retry_after > 0)
    {
      g_task_return_new_error (task, FL_AUTH_ERROR, FL_AUTH_ERROR_RATE_LIMITED,
                               "Too many failed sign-ins; try again in %u seconds", data->retry_after);
      return;
    }

  /* The job only fills in @data, which the task owns. */
  fl_store_pool_read_async (self->readers, read_credentials, data, NULL, NULL, cancellable,
                            credentials_read, g_steal_pointer (&task));
}

char *
fl_auth_login_finish (FlAuth        *self,
                      GAsyncResult  *result,
                      gint64        *expires_at,
                      guint         *retry_after_s,
                      GError       **error)
{
  Login *login;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  login = g_task_get_task_data (G_TASK (result));
  if (retry_after_s != NULL)
    *retry_after_s = login->retry_after;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  if (expires_at != NULL)
    *expires_at = login->expires_at;
  return g_strdup (login->token);
}

/* --- Tokens ------------------------------------------------------------- */

/* The hex hash of the token in an Authorization value, or NULL if malformed. */
static char *
token_key (const char *authorization,
           guint8     *hash_out)
{
  const char *token = authorization;
  guint8 hash[FL_TOKEN_HASH_SIZE];
  gsize length;

  if (token == NULL)
    return NULL;
  if (g_ascii_strncasecmp (token, "Bearer ", 7) == 0)
    token += 7;
  while (*token == ' ')
    token++;
  length = strlen (token);
  if (length != TOKEN_BYTES * 2)
    return NULL;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isxdigit (token[i]))
      return NULL;

  crypto_hash_sha256 (hash, (const guint8 *) token, length);
  if (hash_out != NULL)
    memcpy (hash_out, hash, sizeof hash);
  return hash_hex (hash);
}

const char *
fl_auth_check (FlAuth      *self,
               const char  *authorization,
               GError     **error)
{
  g_autofree char *key = NULL;
  Session *session;

  g_return_val_if_fail (FL_IS_AUTH (self), NULL);

  key = token_key (authorization, NULL);
  if (key == NULL)
    {
      g_set_error_literal (error, FL_AUTH_ERROR, FL_AUTH_ERROR_NO_TOKEN,
                           authorization == NULL ? "Sign in first: no token was sent"
                           : "The token is malformed");
      return NULL;
    }

  session = g_hash_table_lookup (self->sessions, key);
  if (session == NULL)
    {
      g_set_error_literal (error, FL_AUTH_ERROR, FL_AUTH_ERROR_NO_TOKEN,
                           "This sign-in is not valid (signed out or revoked): sign in again");
      return NULL;
    }
  if (session->expires_at <= fl_timestamp_now ())
    {
      g_hash_table_remove (self->sessions, key);
      g_set_error_literal (error, FL_AUTH_ERROR, FL_AUTH_ERROR_NO_TOKEN,
                           "This sign-in has expired: sign in again");
      return NULL;
    }
  return session->agent_id;
}

typedef struct
{
  guint8  token_hash[FL_TOKEN_HASH_SIZE];
  char   *agent_id;
} Logout;

static void
logout_free (gpointer data)
{
  Logout *logout = data;

  g_free (logout->agent_id);
  g_free (logout);
}

static gpointer
remove_session (FlStore       *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  Logout *logout = data;

  if (!fl_store_remove_session (store, logout->token_hash, error)
      || !fl_store_append_audit (store, logout->agent_id, "logout", NULL, NULL, 0, NULL, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
session_removed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (fl_commit_queue_submit_finish (FL_COMMIT_QUEUE (source), result, &error) == NULL)
    g_task_return_new_error (task, FL_AUTH_ERROR, FL_AUTH_ERROR_FAILED,
                             "Could not record the sign-out: %s", error->message);
  else
    g_task_return_boolean (task, TRUE);
}

void
fl_auth_logout_async (FlAuth              *self,
                      const char          *token,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *key = NULL;
  Logout *logout;
  Session *session;

  g_return_if_fail (FL_IS_AUTH (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fl_auth_logout_async);

  logout = g_new0 (Logout, 1);
  key = token_key (token, logout->token_hash);
  session = key != NULL ? g_hash_table_lookup (self->sessions, key) : NULL;
  if (session == NULL)
    {
      logout_free (logout);
      g_task_return_new_error (task, FL_AUTH_ERROR, FL_AUTH_ERROR_NO_TOKEN,
                               "There is no such sign-in");
      return;
    }
  logout->agent_id = g_strdup (session->agent_id);

  /* Forgotten at once: the token stops working before the disk write ends. */
  g_hash_table_remove (self->sessions, key);
  fl_commit_queue_submit_async (self->writer, remove_session, logout, logout_free, NULL,
                                cancellable, session_removed, g_steal_pointer (&task));
}

gboolean
fl_auth_logout_finish (FlAuth        *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
fl_auth_revoke_agent (FlAuth     *self,
                      const char *agent_id)
{
  GHashTableIter iter;
  Session *session;

  g_return_if_fail (FL_IS_AUTH (self));

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &session))
    if (g_strcmp0 (session->agent_id, agent_id) == 0)
      g_hash_table_iter_remove (&iter);
}

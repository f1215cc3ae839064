/* fl-auth.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlAuth signs agents in and out and turns a bearer token into an agent id.
 * Tokens are 256 random bits, handed out once and stored as their SHA-256;
 * they expire and are revoked by sign-out, a password change or disabling the
 * account. Checking a token is a hash lookup in memory (sessions are loaded at
 * start and written through). Failed sign-ins are rate limited per login and
 * per client address.
 */
#pragma once

#include <gio/gio.h>

#include "fl-commit-queue.h"
#include "fl-store-pool.h"

G_BEGIN_DECLS

#define FL_AUTH_ERROR (fl_auth_error_quark ())

typedef enum
{
  FL_AUTH_ERROR_BAD_CREDENTIALS,  /* unknown login or wrong password: one answer for both */
  FL_AUTH_ERROR_DISABLED,         /* the account is disabled */
  FL_AUTH_ERROR_RATE_LIMITED,     /* too many failures: wait */
  FL_AUTH_ERROR_NO_TOKEN,         /* missing, malformed, unknown, revoked or expired */
  FL_AUTH_ERROR_FAILED,           /* the database could not be read or written */
} FlAuthError;

#define FL_AUTH_DEFAULT_TOKEN_LIFETIME (G_TIME_SPAN_HOUR * 12)

GQuark      fl_auth_error_quark        (void);

#define FL_TYPE_AUTH (fl_auth_get_type ())
G_DECLARE_FINAL_TYPE (FlAuth, fl_auth, FL, AUTH, GObject)

FlAuth     *fl_auth_new                (FlStorePool          *readers,
                                        FlCommitQueue        *writer);
void        fl_auth_set_token_lifetime (FlAuth               *self,
                                        GTimeSpan             lifetime);
/* Loads the live sessions (blocking: call once, before serving). */
gboolean    fl_auth_load               (FlAuth               *self,
                                        const char           *db_path,
                                        GError              **error);

void        fl_auth_login_async        (FlAuth               *self,
                                        const char           *login,
                                        const char           *password,
                                        const char           *client_address,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
/* Returns: the new token (hex); @expires_at in µs since the epoch. With
 * %FL_AUTH_ERROR_RATE_LIMITED, @retry_after_s says when to try again. */
char       *fl_auth_login_finish       (FlAuth               *self,
                                        GAsyncResult         *result,
                                        gint64               *expires_at,
                                        guint                *retry_after_s,
                                        GError              **error);
void        fl_auth_logout_async       (FlAuth               *self,
                                        const char           *token,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean    fl_auth_logout_finish      (FlAuth               *self,
                                        GAsyncResult         *result,
                                        GError              **error);

/* From an "Authorization: Bearer …" header value (or a bare token): the agent id,
 * or NULL with %FL_AUTH_ERROR_NO_TOKEN. Main thread, no I/O. */
const char *fl_auth_check              (FlAuth               *self,
                                        const char           *authorization,
                                        GError              **error);
/* Forgets every session of an agent (disabled, password changed, removed). */
void        fl_auth_revoke_agent       (FlAuth               *self,
                                        const char           *agent_id);

G_END_DECLS

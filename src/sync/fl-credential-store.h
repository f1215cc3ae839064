/* fl-credential-store.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlCredentialStore keeps a profile's sign-in token (never the password) in the
 * Secret Service, through libsecret's async API, keyed by server and login.
 * Where there is no Secret Service (no session bus, or nothing on it that
 * answers for secrets: a headless box), the token goes to a 0600 file in the
 * profile instead, as other command-line clients do, and fallback-reason says
 * why, so that the caller can tell the user once.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The file the token is kept in when there is no Secret Service. */
#define FL_CREDENTIAL_FILE "token"

#define FL_TYPE_CREDENTIAL_STORE (fl_credential_store_get_type ())
G_DECLARE_FINAL_TYPE (FlCredentialStore, fl_credential_store, FL, CREDENTIAL_STORE, GObject)

FlCredentialStore *fl_credential_store_new                 (const char          *profile_dir);
const char        *fl_credential_store_get_profile_dir     (FlCredentialStore   *self);
/* NULL while the Secret Service takes the token; once a store had to fall back
 * to the file, why (the Secret Service's error), for a single notice. */
const char        *fl_credential_store_get_fallback_reason (FlCredentialStore   *self);
/* The path of the fallback file (whether it exists or not). */
char              *fl_credential_store_get_file_path       (FlCredentialStore   *self);

/* Keeps @token for @server and @login: in the Secret Service, the file removed;
 * or, if the Secret Service cannot be used, in the file (mode 0600). */
void               fl_credential_store_store_async         (FlCredentialStore   *self,
                                                            const char          *server,
                                                            const char          *login,
                                                            const char          *token,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean           fl_credential_store_store_finish        (FlCredentialStore   *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* The token kept for @server and @login: the file's if there is one (it is
 * only ever newer than the keyring's), else the Secret Service's. NULL and no
 * error when there is none; lookup_failure then says if the Secret Service
 * could not be asked. */
void               fl_credential_store_lookup_async        (FlCredentialStore   *self,
                                                            const char          *server,
                                                            const char          *login,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
char              *fl_credential_store_lookup_finish       (FlCredentialStore   *self,
                                                            GAsyncResult        *result,
                                                            char               **lookup_failure,
                                                            GError             **error);

/* Forgets the token, in both places. A Secret Service that cannot be reached
 * has nothing of ours to forget: that is not an error. */
void               fl_credential_store_clear_async         (FlCredentialStore   *self,
                                                            const char          *server,
                                                            const char          *login,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean           fl_credential_store_clear_finish        (FlCredentialStore   *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

G_END_DECLS

/* fl-password.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Password hashing with libsodium's argon2id. Both calls take a tenth of a second
 * or more and 64 MiB on purpose: call them from a worker thread, never from a
 * main loop.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FL_PASSWORD_MIN_LENGTH 8
#define FL_PASSWORD_MAX_LENGTH 1024

gboolean  fl_password_init    (GError     **error);
char     *fl_password_hash    (const char  *password,
                               GError     **error);
gboolean  fl_password_verify  (const char  *hash,
                               const char  *password);
/* Reads one line from standard input (no echo on a terminal), without its
 * line ending; for the admin commands. */
char     *fl_password_read    (const char  *prompt,
                               GError     **error);

G_END_DECLS

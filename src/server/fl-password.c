/* fl-password.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Frontline-Server"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <gio/gio.h>
#include <sodium.h>

#include "fl-password.h"

gboolean
fl_password_init (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "libsodium could not start (no source of randomness?)");
      return FALSE;
    }
  return TRUE;
}

/**
 * fl_password_hash:
 *
 * Returns: the argon2id hash string, with its salt and cost parameters in it.
 */
char *
fl_password_hash (const char  *password,
                  GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];
  gsize length;

  g_return_val_if_fail (password != NULL, NULL);

  length = strlen (password);
  if (g_utf8_strlen (password, -1) < FL_PASSWORD_MIN_LENGTH || length > FL_PASSWORD_MAX_LENGTH)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "A password must be %d to %d characters long",
                   FL_PASSWORD_MIN_LENGTH, FL_PASSWORD_MAX_LENGTH);
      return NULL;
    }

  /* The "interactive" costs: about 0.1 s and 64 MiB per sign-in on a current
   * machine, which an attacker pays per guess too. */
  if (crypto_pwhash_str_alg (hash, password, length,
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                           "Not enough memory to hash the password");
      return NULL;
    }
  return g_strdup (hash);
}

gboolean
fl_password_verify (const char *hash,
                    const char *password)
{
  gsize length;

  if (hash == NULL || password == NULL)
    return FALSE;
  length = strlen (password);
  if (length > FL_PASSWORD_MAX_LENGTH)
    return FALSE;
  return crypto_pwhash_str_verify (hash, password, length) == 0;
}

char *
fl_password_read (const char  *prompt,
                  GError     **error)
{
  struct termios saved, quiet;
  gboolean terminal = isatty (STDIN_FILENO);
  char buffer[FL_PASSWORD_MAX_LENGTH + 2];
  char *line;

  if (terminal)
    {
      fputs (prompt, stderr);
      fflush (stderr);
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }

  line = fgets (buffer, sizeof buffer, stdin);

  if (terminal)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      fputc ('\n', stderr);
    }

  if (line == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "No password given on standard input");
      return NULL;
    }
  buffer[strcspn (buffer, "\r\n")] = '\0';
  line = g_strdup (buffer);
  sodium_memzero (buffer, sizeof buffer);
  return line;
}

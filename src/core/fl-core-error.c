/* fl-core-error.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The core error domain, and a way for a caller (the server's SetError, say) to recover
 * which field a validation error is about without parsing free text.
 */
#define G_LOG_DOMAIN "Frontline-Core"

#include "config.h"

#include <string.h>

#include "fl-core-error.h"
#include "fl-core-error-private.h"

G_DEFINE_QUARK (fl-core-error-quark, fl_core_error)

/**
 * fl_core_error_dup_field:
 * @error: an error from the %FL_CORE_ERROR domain
 *
 * Validation messages are built as `Type.field: problem`. This returns the
 * `field` part so that a protocol error can list the offending property.
 *
 * Returns: (transfer full) (nullable): the field's JSON name, or %NULL
 */
char *
fl_core_error_dup_field (const GError *error)
{
  const char *dot;
  const char *colon;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != FL_CORE_ERROR)
    return NULL;

  colon = strstr (error->message, ": ");
  if (colon == NULL)
    return NULL;

  dot = memchr (error->message, '.', colon - error->message);
  if (dot == NULL)
    return NULL;

  return g_strndup (dot + 1, colon - dot - 1);
}

/* Input quoted in a message is cut to @max_chars characters, never inside one, and
 * made valid UTF-8, so the message can go into a label or a JSON SetError as is. */
char *
_fl_core_error_quote (const char *text,
                      guint       max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  if (g_utf8_strlen (valid, -1) <= (glong) max_chars)
    return g_steal_pointer (&valid);
  return g_utf8_substring (valid, 0, max_chars);
}

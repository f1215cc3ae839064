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

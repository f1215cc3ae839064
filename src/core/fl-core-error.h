/* fl-core-error.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The error domain of the core library: what can be wrong with a record that came
 * from a user, a file or the network. Messages always name the field.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FL_CORE_ERROR (fl_core_error_quark ())

typedef enum
{
  FL_CORE_ERROR_NOT_JSON,       /* the text is not JSON at all */
  FL_CORE_ERROR_NOT_OBJECT,     /* JSON, but not an object where a record was expected */
  FL_CORE_ERROR_MISSING,        /* a required field is absent or null */
  FL_CORE_ERROR_WRONG_TYPE,     /* e.g. a number where text was expected */
  FL_CORE_ERROR_UNKNOWN_VALUE,  /* an enum value we do not know */
  FL_CORE_ERROR_TOO_LONG,       /* text or list over its limit */
  FL_CORE_ERROR_UNKNOWN_FIELD,  /* a field the type does not have */
  FL_CORE_ERROR_INVALID,        /* malformed id, date or other format */
  FL_CORE_ERROR_READ_ONLY,      /* a field only the server may set */
  FL_CORE_ERROR_UNKNOWN_TYPE,   /* a record type name we do not know */
} FlCoreError;

GQuark  fl_core_error_quark     (void);
char   *fl_core_error_dup_field (const GError *error);

G_END_DECLS

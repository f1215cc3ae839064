/* fl-import.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Importing customers, products and ownerships from a CSV or JSON file into the
 * system of record: every record is checked first, and only a file without a
 * single problem is written, in one transaction.
 */
#pragma once

#include "fl-store.h"

G_BEGIN_DECLS

#define FL_IMPORT_ERROR (fl_import_error_quark ())

typedef enum
{
  FL_IMPORT_ERROR_USAGE,       /* the format or the type cannot be told: say which */
  FL_IMPORT_ERROR_UNREADABLE,  /* not CSV or JSON of the expected shape */
  FL_IMPORT_ERROR_INVALID,     /* records have problems (each reported); nothing was written */
} FlImportError;

typedef enum
{
  FL_IMPORT_FORMAT_AUTO,  /* from the file name's extension */
  FL_IMPORT_FORMAT_CSV,
  FL_IMPORT_FORMAT_JSON,
} FlImportFormat;

/* Receives one line per problem ("customers.csv:17: Customer.emails: …") and
 * notes about what a file holds that was not imported. */
typedef void (*FlImportReportFunc) (const char *message,
                                    gpointer    user_data);

typedef struct
{
  GType type;
  guint count;
} FlImportCount;

GQuark      fl_import_error_quark     (void);

/* "customers" → FL_TYPE_CUSTOMER; G_TYPE_INVALID for a type import does not take. */
GType       fl_import_type_from_name  (const char          *name);
/* "customers, products, ownerships" */
const char *fl_import_get_type_names  (void);
/* "1 customer", "3 customers" */
char       *fl_import_describe_count  (GType                type,
                                       guint                count);

/* @type: G_TYPE_INVALID to take it from the data (JSON in the export's shape)
 *   or from the file's name.
 * A record without an id gets a new one; a record whose id is in the database
 * already replaces that record.
 * Returns: (element-type FlImportCount): what was written, type by type, or
 *   NULL with @error set and nothing written. */
GArray     *fl_import_file            (FlStore             *store,
                                       const char          *path,
                                       GType                type,
                                       FlImportFormat       format,
                                       FlImportReportFunc   report,
                                       gpointer             user_data,
                                       GError             **error);

G_END_DECLS

/* fl-import-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The importer's inside: one import's state, and the two readers (CSV, JSON)
 * that turn a file into rows of JSON records for the codec.
 */
#pragma once

#include "fl-import.h"

G_BEGIN_DECLS

/* The records of one type, in the order they are written. */
typedef struct
{
  GType      type;
  JsonArray *records;  /* JSON: the records; NULL for CSV, which is read again */
  GArray    *lines;    /* JSON: the line each record starts on (guint), or NULL */
} FlImportSection;

typedef struct
{
  FlStore            *store;
  const char         *path;
  char               *display;     /* the path as messages show it */
  FlImportReportFunc  report;
  gpointer            report_data;

  GArray             *sections;    /* of FlImportSection */
  GArray             *counts;      /* of FlImportCount, one per section */

  /* Checking */
  GHashTable         *ids;         /* GType → (id → line) of the file's good records */
  GHashTable         *known;       /* ids of referenced records found in the database */
  guint               n_problems;

  /* CSV */
  GMappedFile        *mapped;
  gpointer            csv_class;   /* FlEntityClass, referenced */
  int                *columns;     /* header column → field index; -1: not read */
  guint               n_columns;

  /* JSON */
  JsonParser         *parser;
  GHashTable         *lines;       /* JsonArray * of records → GArray of lines */
  guint               depth;       /* containers open while parsing */
  guint               record_depth;
  guint               pending_line;
} FlImport;

/* One record of the file: a JSON object, or the reason the row is not one. */
typedef struct
{
  guint     section;
  GType     type;
  guint     line;
  JsonNode *node;
  GError   *problem;
} FlImportRow;

/* Returns FALSE (with @error) only to stop the whole import. */
typedef gboolean (*FlImportRowFunc) (FlImport     *import,
                                     FlImportRow  *row,
                                     GError      **error);

void     _fl_import_report             (FlImport         *import,
                                        guint             line,
                                        const char       *message);
void     _fl_import_note               (FlImport         *import,
                                        const char       *message);
gboolean _fl_import_guess_type         (FlImport         *import,
                                        GType            *type,
                                        GError          **error);
gboolean _fl_import_type_is_importable (GType             type);
void     _fl_import_add_section        (FlImport         *import,
                                        GType             type,
                                        JsonArray        *records,
                                        GArray           *lines);
void     _fl_import_prepare_object     (JsonObject       *object);

gboolean _fl_import_csv_open           (FlImport         *import,
                                        GType             type,
                                        GError          **error);
gboolean _fl_import_csv_each_row       (FlImport         *import,
                                        guint             section,
                                        FlImportRowFunc   func,
                                        GError          **error);
void     _fl_import_csv_clear          (FlImport         *import);

gboolean _fl_import_json_open          (FlImport         *import,
                                        GType             type,
                                        GError          **error);
gboolean _fl_import_json_each_row      (FlImport         *import,
                                        guint             section,
                                        FlImportRowFunc   func,
                                        GError          **error);
void     _fl_import_json_clear         (FlImport         *import);

G_END_DECLS

/* fl-csv.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A reader for CSV as RFC 4180 spells it (quoted fields, doubled quotes, commas
 * and line breaks inside quotes, CRLF or LF), for the importer. It reads from a
 * buffer it does not copy, one record at a time.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FL_CSV_ERROR (fl_csv_error_quark ())

typedef enum
{
  FL_CSV_ERROR_UNTERMINATED,  /* a quoted field runs to the end of the data */
  FL_CSV_ERROR_AFTER_QUOTE,   /* text between a closing quote and the next comma */
  FL_CSV_ERROR_BINARY,        /* a NUL byte: not a text file */
} FlCsvError;

typedef struct _FlCsvReader FlCsvReader;

GQuark       fl_csv_error_quark      (void);

/* @data must outlive the reader. */
FlCsvReader *fl_csv_reader_new       (const char   *data,
                                      gsize         length);
void         fl_csv_reader_free      (FlCsvReader  *reader);
/* The next record's fields, or NULL at the end of the data (@error unset) or on
 * malformed data (@error set). Blank lines are skipped. @line, when not NULL,
 * receives the line the record starts on, counting from 1. */
GStrv        fl_csv_reader_read_row  (FlCsvReader  *reader,
                                      guint        *line,
                                      GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlCsvReader, fl_csv_reader_free)

G_END_DECLS

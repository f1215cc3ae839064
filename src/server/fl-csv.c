/* fl-csv.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 4180 records out of a buffer: quoted fields may hold commas, line breaks
 * and doubled quotes; records end in CRLF, LF or a lone CR.
 */
#define G_LOG_DOMAIN "Frontline-Server"

#include "config.h"

#include <string.h>

#include "fl-csv.h"

struct _FlCsvReader
{
  const char *p;
  const char *end;
  guint       line;  /* the line p is on */
};

G_DEFINE_QUARK (fl-csv-error-quark, fl_csv_error)

FlCsvReader *
fl_csv_reader_new (const char *data,
                   gsize       length)
{
  FlCsvReader *reader;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  reader = g_new0 (FlCsvReader, 1);
  reader->p = data;
  reader->end = data + length;
  reader->line = 1;

  /* Spreadsheets on Windows start their UTF-8 files with a byte order mark,
   * which would otherwise stick to the first column's name. */
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    reader->p += 3;

  return reader;
}

void
fl_csv_reader_free (FlCsvReader *reader)
{
  g_free (reader);
}

/* Consumes one line break (CRLF, LF or CR) at the reader's position, if any. */
static gboolean
skip_line_break (FlCsvReader *reader)
{
  if (reader->p >= reader->end)
    return FALSE;

  if (*reader->p == '\r')
    {
      reader->p++;
      if (reader->p < reader->end && *reader->p == '\n')
        reader->p++;
    }
  else if (*reader->p == '\n')
    reader->p++;
  else
    return FALSE;

  reader->line++;
  return TRUE;
}

/* Counts the line breaks a quoted field spans, so later records report the
 * line they are really on. */
static void
count_lines (FlCsvReader *reader,
             const char  *from,
             const char  *to)
{
  for (const char *q = from; q < to; q++)
    if (*q == '\n' || (*q == '\r' && (q + 1 == to || q[1] != '\n')))
      reader->line++;
}

static gboolean
read_quoted (FlCsvReader  *reader,
             GString      *field,
             GError      **error)
{
  guint start_line = reader->line;

  reader->p++;  /* the opening quote */
  for (;;)
    {
      const char *quote = memchr (reader->p, '"', reader->end - reader->p);

      if (quote == NULL)
        {
          g_set_error (error, FL_CSV_ERROR, FL_CSV_ERROR_UNTERMINATED,
                       "line %u: a quoted field is not closed before the end of the file",
                       start_line);
          return FALSE;
        }

      count_lines (reader, reader->p, quote);
      g_string_append_len (field, reader->p, quote - reader->p);
      reader->p = quote + 1;

      /* "" inside quotes is one quote; a lone one ends the field. */
      if (reader->p < reader->end && *reader->p == '"')
        {
          g_string_append_c (field, '"');
          reader->p++;
          continue;
        }
      return TRUE;
    }
}

static gboolean
at_field_end (FlCsvReader *reader)
{
  return reader->p >= reader->end
         || *reader->p == ',' || *reader->p == '\r' || *reader->p == '\n';
}

GStrv
fl_csv_reader_read_row (FlCsvReader  *reader,
                        guint        *line,
                        GError      **error)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GString) field = NULL;

  g_return_val_if_fail (reader != NULL, NULL);

  /* A blank line holds no record (the file's final line break leaves one). */
  while (skip_line_break (reader))
    ;
  if (reader->p >= reader->end)
    return NULL;

  if (line != NULL)
    *line = reader->line;

  fields = g_ptr_array_new_with_free_func (g_free);
  field = g_string_new (NULL);
  for (;;)
    {
      guint field_line = reader->line;

      g_string_truncate (field, 0);
      if (reader->p < reader->end && *reader->p == '"')
        {
          if (!read_quoted (reader, field, error))
            return NULL;
          if (!at_field_end (reader))
            {
              g_set_error (error, FL_CSV_ERROR, FL_CSV_ERROR_AFTER_QUOTE,
                           "line %u: text after the closing quote of a field "
                           "(a quote inside a quoted field is written twice: \"\")",
                           reader->line);
              return NULL;
            }
        }
      else
        {
          const char *start = reader->p;

          /* Lenient on purpose: a quote inside an unquoted field (27" screen)
           * is taken as it is, as spreadsheets do. */
          while (!at_field_end (reader))
            reader->p++;
          g_string_append_len (field, start, reader->p - start);
        }

      if (memchr (field->str, '\0', field->len) != NULL)
        {
          g_set_error (error, FL_CSV_ERROR, FL_CSV_ERROR_BINARY,
                       "line %u: a NUL byte: this is not a text file", field_line);
          return NULL;
        }
      g_ptr_array_add (fields, g_strndup (field->str, field->len));

      if (reader->p < reader->end && *reader->p == ',')
        {
          reader->p++;
          continue;
        }
      skip_line_break (reader);
      break;
    }

  g_ptr_array_add (fields, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&fields), FALSE);
}

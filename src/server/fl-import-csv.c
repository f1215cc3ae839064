/* fl-import-csv.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CSV for the importer: a header row of the JSON field names, then one record
 * per row. Each row becomes the JSON object the codec takes, so a CSV file is
 * checked by exactly the rules a JSON file or a client's request is.
 */
#define G_LOG_DOMAIN "Frontline-Server"

#include "config.h"

#include <string.h>

#include "fl-csv.h"
#include "fl-import-private.h"

/* Inside a cell, the items of a list field are separated by this. */
#define LIST_SEPARATOR ";"

/* User text in a message: valid UTF-8 and not endless. */
static char *
quote_cell (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *start = NULL;

  if (g_utf8_strlen (valid, -1) <= 40)
    return g_steal_pointer (&valid);
  start = g_utf8_substring (valid, 0, 40);
  return g_strconcat (start, "…", NULL);
}

static char *
list_field_names (FlEntityClass *klass)
{
  guint n_fields;
  const FlFieldInfo *fields = fl_entity_class_get_fields (klass, &n_fields);
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < n_fields; i++)
    {
      if (i == FL_ENTITY_FIELD_MODSEQ)
        continue;
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, fields[i].json_name);
    }
  return g_string_free (names, FALSE);
}

static gboolean
map_columns (FlImport      *import,
             FlEntityClass *klass,
             GStrv          header,
             guint          line,
             GError       **error)
{
  import->n_columns = g_strv_length (header);
  import->columns = g_new (int, import->n_columns);

  for (guint i = 0; i < import->n_columns; i++)
    {
      g_autofree char *name = g_strstrip (g_strdup (header[i]));
      int field;

      /* An export's modseq means nothing here: the column is left alone. */
      if (strcmp (name, "modseq") == 0)
        {
          import->columns[i] = -1;
          continue;
        }

      field = fl_entity_class_find_field (klass, name);
      if (field < 0)
        {
          g_autofree char *quoted = quote_cell (name);
          g_autofree char *known = list_field_names (klass);

          g_set_error (error, FL_IMPORT_ERROR, FL_IMPORT_ERROR_UNREADABLE,
                       "%s:%u: %s has no field “%s” (the header row names fields: %s)",
                       import->display, line, fl_entity_class_get_type_name (klass), quoted,
                       known);
          return FALSE;
        }

      for (guint j = 0; j < i; j++)
        if (import->columns[j] == field)
          {
            g_set_error (error, FL_IMPORT_ERROR, FL_IMPORT_ERROR_UNREADABLE,
                         "%s:%u: the column “%s” is there twice", import->display, line, name);
            return FALSE;
          }
      import->columns[i] = field;
    }
  return TRUE;
}

gboolean
_fl_import_csv_open (FlImport  *import,
                     GType      type,
                     GError   **error)
{
  g_autoptr(FlCsvReader) reader = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) header = NULL;
  guint line = 0;

  if (type == G_TYPE_INVALID && !_fl_import_guess_type (import, &type, error))
    return FALSE;

  /* Mapped, not read: a file of a million customers is read twice, and the
   * page cache serves the second pass. */
  import->mapped = g_mapped_file_new (import->path, FALSE, error);
  if (import->mapped == NULL)
    return FALSE;

  reader = fl_csv_reader_new (g_mapped_file_get_contents (import->mapped),
                              g_mapped_file_get_length (import->mapped));
  header = fl_csv_reader_read_row (reader, &line, &local_error);
  if (header == NULL)
    {
      if (local_error != NULL)
        g_set_error (error, FL_IMPORT_ERROR, FL_IMPORT_ERROR_UNREADABLE, "%s: %s",
                     import->display, local_error->message);
      else
        g_set_error (error, FL_IMPORT_ERROR, FL_IMPORT_ERROR_UNREADABLE,
                     "%s: the file is empty (a header row with the field names comes first)",
                     import->display);
      return FALSE;
    }

  import->csv_class = g_type_class_ref (type);
  if (!map_columns (import, import->csv_class, header, line, error))
    return FALSE;

  _fl_import_add_section (import, type, NULL, NULL);
  return TRUE;
}

static JsonNode *
split_list (const char *text)
{
  g_auto(GStrv) items = g_strsplit (text, LIST_SEPARATOR, -1);
  g_autoptr(JsonArray) array = json_array_new ();

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_strstrip (items[i]);
      if (items[i][0] != '\0')
        json_array_add_string_element (array, items[i]);
    }
  return json_node_init_array (json_node_alloc (), array);
}

static JsonNode *
not_a (FlEntityClass      *klass,
       const FlFieldInfo  *info,
       const char         *text,
       const char         *what,
       GError            **problem)
{
  g_autofree char *quoted = quote_cell (text);

  g_set_error (problem, FL_IMPORT_ERROR, FL_IMPORT_ERROR_INVALID, "%s.%s: “%s” is not %s",
               fl_entity_class_get_type_name (klass), info->json_name, quoted, what);
  return NULL;
}

/* Cells are text; the codec wants numbers and booleans as JSON has them. Text
 * is taken exactly as it is; everything else is trimmed first. */
static JsonNode *
cell_to_json (FlEntityClass      *klass,
              const FlFieldInfo  *info,
              const char         *cell,
              GError            **problem)
{
  g_autofree char *text = g_strstrip (g_strdup (cell));
  gint64 number;

  switch (info->kind)
    {
    case FL_FIELD_TEXT:
      return json_node_init_string (json_node_alloc (), cell);

    case FL_FIELD_ID:
    case FL_FIELD_ENUM:
    case FL_FIELD_TIMESTAMP:
      return json_node_init_string (json_node_alloc (), text);

    case FL_FIELD_TEXT_LIST:
    case FL_FIELD_ID_LIST:
      return split_list (text);

    case FL_FIELD_INT:
      if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &number, NULL))
        return json_node_init_int (json_node_alloc (), number);
      return not_a (klass, info, text, "a whole number", problem);

    case FL_FIELD_BOOL:
      if (g_ascii_strcasecmp (text, "true") == 0 || strcmp (text, "1") == 0)
        return json_node_init_boolean (json_node_alloc (), TRUE);
      if (g_ascii_strcasecmp (text, "false") == 0 || strcmp (text, "0") == 0)
        return json_node_init_boolean (json_node_alloc (), FALSE);
      return not_a (klass, info, text, "true or false", problem);

    default:
      g_assert_not_reached ();
    }
}

static JsonNode *
row_to_json (FlImport  *import,
             GStrv      cells,
             GError   **problem)
{
  FlEntityClass *klass = import->csv_class;
  const FlFieldInfo *fields = fl_entity_class_get_fields (klass, NULL);
  g_autoptr(JsonObject) object = NULL;
  guint n_cells = g_strv_length (cells);

  if (n_cells != import->n_columns)
    {
      g_set_error (problem, FL_IMPORT_ERROR, FL_IMPORT_ERROR_INVALID,
                   "%u %s where the header row has %u", n_cells,
                   n_cells == 1 ? "field" : "fields", import->n_columns);
      return NULL;
    }

  object = json_object_new ();
  for (guint i = 0; i < n_cells; i++)
    {
      const FlFieldInfo *info;
      JsonNode *value;

      /* An empty cell leaves the field unset, as a missing member would. */
      if (import->columns[i] < 0 || cells[i][0] == '\0')
        continue;

      info = &fields[import->columns[i]];
      value = cell_to_json (klass, info, cells[i], problem);
      if (value == NULL)
        return NULL;
      json_object_set_member (object, info->json_name, value);
    }

  _fl_import_prepare_object (object);
  return json_node_init_object (json_node_alloc (), object);
}

gboolean
_fl_import_csv_each_row (FlImport         *import,
                         guint             section,
                         FlImportRowFunc   func,
                         GError          **error)
{
  g_autoptr(FlCsvReader) reader = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) header = NULL;
  GType type = g_array_index (import->sections, FlImportSection, section).type;

  reader = fl_csv_reader_new (g_mapped_file_get_contents (import->mapped),
                              g_mapped_file_get_length (import->mapped));
  header = fl_csv_reader_read_row (reader, NULL, NULL);  /* read at opening */

  for (;;)
    {
      g_auto(GStrv) cells = NULL;
      g_autoptr(JsonNode) node = NULL;
      FlImportRow row = { section, type, 0, NULL, NULL };
      gboolean go_on;

      cells = fl_csv_reader_read_row (reader, &row.line, &local_error);
      if (cells == NULL)
        break;

      node = row_to_json (import, cells, &row.problem);
      row.node = node;
      go_on = func (import, &row, error);
      g_clear_error (&row.problem);
      if (!go_on)
        return FALSE;
    }

  /* The rest of the file cannot be read once its quoting is off. */
  if (local_error != NULL)
    {
      g_set_error (error, FL_IMPORT_ERROR, FL_IMPORT_ERROR_UNREADABLE, "%s: %s",
                   import->display, local_error->message);
      return FALSE;
    }
  return TRUE;
}

void
_fl_import_csv_clear (FlImport *import)
{
  g_clear_pointer (&import->mapped, g_mapped_file_unref);
  g_clear_pointer (&import->csv_class, g_type_class_unref);
  g_clear_pointer (&import->columns, g_free);
}

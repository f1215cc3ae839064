/* fl-import-json.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * JSON for the importer, in either of two shapes: a list of records of one
 * type, or what export writes, an object of lists by type name
 * ({"Customer": […], …}). Records are the codec's objects.
 */
#define G_LOG_DOMAIN "Frontline-Server"

#include "config.h"

#include "fl-import-private.h"

/* json-glib keeps no positions in its tree, so the line each record starts on
 * is noted while parsing: a record is an object directly inside a list at the
 * records' depth (1 for a list of records, 2 for export's shape). The parser
 * reads a token ahead, so the line is that of the record's first member. */
static void
on_array_start (JsonParser *parser,
                gpointer    user_data)
{
  FlImport *import = user_data;

  if (import->depth == 0)
    import->record_depth = 1;
  import->depth++;
}

static void
on_object_start (JsonParser *parser,
                 gpointer    user_data)
{
  FlImport *import = user_data;

  if (import->depth == 0)
    import->record_depth = 2;
  else if (import->depth == import->record_depth)
    import->pending_line = json_parser_get_current_line (parser);
  import->depth++;
}

static void
on_container_end (JsonParser *parser,
                  gpointer    container,
                  gpointer    user_data)
{
  FlImport *import = user_data;

  import->depth--;
}

static void
on_array_element (JsonParser *parser,
                  JsonArray  *array,
                  guint       index,
                  gpointer    user_data)
{
  FlImport *import = user_data;
  GArray *lines;
  guint line;

  if (import->depth != import->record_depth)
    return;

  lines = g_hash_table_lookup (import->lines, array);
  if (lines == NULL)
    {
      lines = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (import->lines, array, lines);
    }
  if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, index)))
    line = import->pending_line;
  else
    line = json_parser_get_current_line (parser);
  g_array_append_val (lines, line);
}

static gboolean
parse (FlImport  *import,
       GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean parsed;

  /* Not immutable: a record without an id gets one in place, and keeps it for
   * the second pass. */
  import->parser = json_parser_new ();
  import->lines = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);

  g_signal_connect (import->parser, "array-start", G_CALLBACK (on_array_start), import);
  g_signal_connect (import->parser, "object-start", G_CALLBACK (on_object_start), import);
  g_signal_connect (import->parser, "array-end", G_CALLBACK (on_container_end), import);
  g_signal_connect (import->parser, "object-end", G_CALLBACK (on_container_end), import);
  g_signal_connect (import->parser, "array-element", G_CALLBACK (on_array_element), import);
  parsed = json_parser_load_from_mapped_file (import->parser, import->path, &local_error);
  g_signal_handlers_disconnect_by_data (import->parser, import);

  if (!parsed)
    {
      /* json-glib's message already names the file, line and column. */
      g_set_error (error, FL_IMPORT_ERROR, FL_IMPORT_ERROR_UNREADABLE, "%s",
                   local_error->message);
      return FALSE;
    }
  if (json_parser_get_root (import->parser) == NULL)
    {
      g_set_error (error, FL_IMPORT_ERROR, FL_IMPORT_ERROR_UNREADABLE,
                   "%s: the file is empty", import->display);
      return FALSE;
    }
  return TRUE;
}

static void
add_section (FlImport  *import,
             GType      type,
             JsonArray *records)
{
  _fl_import_add_section (import, type, records, g_hash_table_lookup (import->lines, records));
}

/* Export's shape. Every member must be a list of a known type, so that a typo
 * in a type name is not taken for "nothing to import". */
static gboolean
open_by_type (FlImport    *import,
              JsonObject  *object,
              GType        only_type,
              GError     **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    {
      if (fl_model_type_from_name (name) == G_TYPE_INVALID)
        {
          g_set_error (error, FL_IMPORT_ERROR, FL_IMPORT_ERROR_UNREADABLE,
                       "%s: “%s” is not a record type", import->display, name);
          return FALSE;
        }
      if (!JSON_NODE_HOLDS_ARRAY (member))
        {
          g_set_error (error, FL_IMPORT_ERROR, FL_IMPORT_ERROR_UNREADABLE,
                       "%s: “%s” holds no list of records", import->display, name);
          return FALSE;
        }
    }

  for (guint i = 0; i < n_types; i++)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (types[i]);
      const char *type_name = fl_entity_class_get_type_name (FL_ENTITY_CLASS (klass));
      JsonArray *records;
      guint n_records;
      g_autofree char *note = NULL;

      if (!json_object_has_member (object, type_name))
        continue;
      records = json_object_get_array_member (object, type_name);

      if (_fl_import_type_is_importable (types[i])
          && (only_type == G_TYPE_INVALID || only_type == types[i]))
        {
          add_section (import, types[i], records);
          continue;
        }

      /* Said, not silently dropped: the file holds more than this import takes. */
      if (json_array_get_length (records) == 0)
        continue;
      n_records = json_array_get_length (records);
      if (only_type != G_TYPE_INVALID)
        note = g_strdup_printf ("%u %s %s left out (only those of --type were imported)",
                                n_records, type_name, n_records == 1 ? "record" : "records");
      else
        note = g_strdup_printf ("%u %s %s left out: import takes %s",
                                n_records, type_name, n_records == 1 ? "record" : "records",
                                fl_import_get_type_names ());
      _fl_import_note (import, note);
    }
  return TRUE;
}

gboolean
_fl_import_json_open (FlImport  *import,
                      GType      type,
                      GError   **error)
{
  JsonNode *root;

  if (!parse (import, error))
    return FALSE;

  root = json_parser_get_root (import->parser);
  if (JSON_NODE_HOLDS_OBJECT (root))
    return open_by_type (import, json_node_get_object (root), type, error);

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, FL_IMPORT_ERROR, FL_IMPORT_ERROR_UNREADABLE,
                   "%s: expected a list of records, or an object of lists by type "
                   "as export writes", import->display);
      return FALSE;
    }

  if (type == G_TYPE_INVALID && !_fl_import_guess_type (import, &type, error))
    return FALSE;
  add_section (import, type, json_node_get_array (root));
  return TRUE;
}

gboolean
_fl_import_json_each_row (FlImport         *import,
                          guint             section_index,
                          FlImportRowFunc   func,
                          GError          **error)
{
  FlImportSection *section = &g_array_index (import->sections, FlImportSection, section_index);
  guint length = json_array_get_length (section->records);

  for (guint i = 0; i < length; i++)
    {
      FlImportRow row = { section_index, section->type, 0, NULL, NULL };

      row.node = json_array_get_element (section->records, i);
      if (section->lines != NULL && i < section->lines->len)
        row.line = g_array_index (section->lines, guint, i);
      if (JSON_NODE_HOLDS_OBJECT (row.node))
        _fl_import_prepare_object (json_node_get_object (row.node));

      if (!func (import, &row, error))
        return FALSE;
    }
  return TRUE;
}

void
_fl_import_json_clear (FlImport *import)
{
  g_clear_pointer (&import->lines, g_hash_table_unref);
  g_clear_object (&import->parser);
}

/* fl-store-rows.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The generic mapping of any record to and from its row: one walk over the
 * record's field table, so adding a field is a migration plus a line in the
 * type's table, and nothing here changes.
 */
#define G_LOG_DOMAIN "Frontline-Store"

#include "config.h"

#include <string.h>

#include "fl-search-text.h"
#include "fl-store-private.h"

FlEntityClass *
_fl_store_entity_class (GType type)
{
  /* Every record type's class is referenced for the life of the process once a
   * record of it exists; ref it here so the peek below is never NULL. */
  return FL_ENTITY_CLASS (g_type_class_peek (type) ?: g_type_class_ref (type));
}

const char *
_fl_store_columns (FlStore *self,
                   GType    type)
{
  const char *columns = g_hash_table_lookup (self->columns, GSIZE_TO_POINTER (type));

  if (columns == NULL)
    {
      guint n_fields;
      const FlFieldInfo *fields = fl_entity_class_get_fields (_fl_store_entity_class (type), &n_fields);
      GString *out = g_string_new (NULL);

      for (guint i = 0; i < n_fields; i++)
        g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", fields[i].name);
      columns = g_string_free (out, FALSE);
      g_hash_table_insert (self->columns, GSIZE_TO_POINTER (type), (gpointer) columns);
    }

  return columns;
}

/* Lists are stored as JSON arrays of strings, readable by SQLite's json_each(). */
static char *
list_to_json (const char * const *items)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; items[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '"');
      for (const char *p = items[i]; *p; p++)
        {
          guchar c = (guchar) *p;

          if (c == '"' || c == '\\')
            g_string_append_printf (out, "\\%c", c);
          else if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
      g_string_append_c (out, '"');
    }

  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

char **
_fl_store_list_from_json (const char *text)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonNode *root;

  if (text == NULL || strcmp (text, "[]") == 0)
    return NULL;

  /* Fast path for what list_to_json() writes when nothing needed escaping. */
  if (strchr (text, '\\') == NULL && text[0] == '[' && text[1] == '"')
    {
      g_auto(GStrv) parts = NULL;
      gsize len = strlen (text);

      if (len >= 4 && text[len - 1] == ']' && text[len - 2] == '"')
        {
          g_autofree char *inner = g_strndup (text + 2, len - 4);

          parts = g_strsplit (inner, "\",\"", -1);
          return g_steal_pointer (&parts);
        }
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_ARRAY (root))
    return NULL;

  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (root), i);

      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (item));
    }
  return g_strv_builder_end (builder);
}

FlEntity *
_fl_store_read_entity (FlStore      *self,
                       GType         type,
                       sqlite3_stmt *stmt,
                       int           first_column)
{
  FlEntityClass *klass = _fl_store_entity_class (type);
  guint n_fields;
  const FlFieldInfo *fields = fl_entity_class_get_fields (klass, &n_fields);
  FlEntity *entity = fl_entity_new (type);

  for (guint i = 0; i < n_fields; i++)
    {
      int column = first_column + (int) i;
      const FlFieldInfo *info = &fields[i];

      switch (info->kind)
        {
        case FL_FIELD_TEXT:
        case FL_FIELD_ID:
          fl_entity_set_text (entity, i, (const char *) sqlite3_column_text (stmt, column));
          break;

        case FL_FIELD_INT:
        case FL_FIELD_BOOL:
        case FL_FIELD_TIMESTAMP:
          fl_entity_set_int (entity, i, sqlite3_column_int64 (stmt, column));
          break;

        case FL_FIELD_ENUM:
          {
            const char *nick = (const char *) sqlite3_column_text (stmt, column);
            int value;

            if (nick != NULL && fl_enum_from_nick (info->enum_type (), nick, &value))
              fl_entity_set_int (entity, i, value);
            else
              g_warning ("%s %s: unknown %s “%s” in the database; kept the default",
                         klass->type_name, fl_entity_get_id (entity), info->name,
                         nick ? nick : "(null)");
          }
          break;

        case FL_FIELD_TEXT_LIST:
        case FL_FIELD_ID_LIST:
          {
            g_auto(GStrv) items =
              _fl_store_list_from_json ((const char *) sqlite3_column_text (stmt, column));

            fl_entity_set_list (entity, i, (const char * const *) items);
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return entity;
}

gboolean
_fl_store_collect (FlStore      *self,
                   GType         type,
                   sqlite3_stmt *stmt,
                   GPtrArray    *out,
                   GError      **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, _fl_store_read_entity (self, type, stmt, 0));

  if (rc != SQLITE_DONE)
    return _fl_store_set_error (self, rc, "Could not read from the database", error);
  return TRUE;
}

/* Binds the record's fields to ?1…?N in field-table order. */
void
_fl_store_bind_entity (sqlite3_stmt *stmt,
             FlEntity     *entity)
{
  guint n_fields;
  const FlFieldInfo *fields = fl_entity_class_get_fields (FL_ENTITY_GET_CLASS (entity), &n_fields);

  for (guint i = 0; i < n_fields; i++)
    {
      int param = (int) i + 1;

      switch (fields[i].kind)
        {
        case FL_FIELD_TEXT:
        case FL_FIELD_ID:
          {
            const char *text = fl_entity_get_text (entity, i);

            /* The record outlives the statement's use: no copy needed. */
            if (text != NULL)
              sqlite3_bind_text (stmt, param, text, -1, SQLITE_STATIC);
            else
              sqlite3_bind_null (stmt, param);
          }
          break;

        case FL_FIELD_INT:
        case FL_FIELD_BOOL:
          sqlite3_bind_int64 (stmt, param, fl_entity_get_int (entity, i));
          break;

        case FL_FIELD_TIMESTAMP:
          if (fl_entity_get_int (entity, i) != 0)
            sqlite3_bind_int64 (stmt, param, fl_entity_get_int (entity, i));
          else
            sqlite3_bind_null (stmt, param);
          break;

        case FL_FIELD_ENUM:
          sqlite3_bind_text (stmt, param,
                             fl_enum_to_nick (fields[i].enum_type (),
                                              (int) fl_entity_get_int (entity, i)),
                             -1, SQLITE_STATIC);
          break;

        case FL_FIELD_TEXT_LIST:
        case FL_FIELD_ID_LIST:
          sqlite3_bind_text (stmt, param, list_to_json (fl_entity_get_list (entity, i)),
                             -1, g_free);
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

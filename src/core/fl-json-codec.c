/* fl-json-codec.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Table-driven JSON encoding and decoding of records: one walk over the class's
 * field table serves all nine types.
 */
#define G_LOG_DOMAIN "Frontline-Core"

#include "config.h"

#include "fl-core-error.h"
#include "fl-core-error-private.h"
#include "fl-enums.h"
#include "fl-json-codec.h"
#include "fl-timestamp.h"

static JsonNode *
encode_list (const char * const *items)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; items[i] != NULL; i++)
    json_array_add_string_element (array, items[i]);
  json_node_take_array (node, array);
  return node;
}

/**
 * fl_json_encode:
 * @entity: a record
 *
 * Returns: (transfer full): a JSON object with every field of the record
 */
JsonNode *
fl_json_encode (FlEntity *entity)
{
  JsonObject *object;
  JsonNode *node;
  const FlFieldInfo *fields;
  guint n_fields;

  g_return_val_if_fail (FL_IS_ENTITY (entity), NULL);

  fields = fl_entity_class_get_fields (FL_ENTITY_GET_CLASS (entity), &n_fields);
  object = json_object_new ();

  for (guint i = 0; i < n_fields; i++)
    {
      const FlFieldInfo *info = &fields[i];

      switch (info->kind)
        {
        case FL_FIELD_TEXT:
        case FL_FIELD_ID:
          {
            const char *text = fl_entity_get_text (entity, i);

            if (text != NULL)
              json_object_set_string_member (object, info->json_name, text);
            else
              json_object_set_null_member (object, info->json_name);
          }
          break;

        case FL_FIELD_INT:
          json_object_set_int_member (object, info->json_name, fl_entity_get_int (entity, i));
          break;

        case FL_FIELD_BOOL:
          json_object_set_boolean_member (object, info->json_name,
                                          fl_entity_get_int (entity, i) != 0);
          break;

        case FL_FIELD_ENUM:
          json_object_set_string_member (object, info->json_name,
                                         fl_enum_to_nick (info->enum_type (),
                                                          (int) fl_entity_get_int (entity, i)));
          break;

        case FL_FIELD_TIMESTAMP:
          {
            g_autofree char *text = fl_timestamp_format (fl_entity_get_int (entity, i));

            if (text != NULL)
              json_object_set_string_member (object, info->json_name, text);
            else
              json_object_set_null_member (object, info->json_name);
          }
          break;

        case FL_FIELD_TEXT_LIST:
        case FL_FIELD_ID_LIST:
          json_object_set_member (object, info->json_name,
                                  encode_list (fl_entity_get_list (entity, i)));
          break;

        default:
          g_assert_not_reached ();
        }
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

char *
fl_json_encode_string (FlEntity *entity)
{
  g_autoptr(JsonNode) node = fl_json_encode (entity);

  return json_to_string (node, FALSE);
}

static const char *
describe_node (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "a list";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "text";
    case G_TYPE_BOOLEAN:
      return "true/false";
    case G_TYPE_INT64:
      return "a whole number";
    case G_TYPE_DOUBLE:
      return "a number with a fraction";
    default:
      return "a value";
    }
}

static gboolean
wrong_type (const char        *type_name,
            const FlFieldInfo *info,
            const char        *expected,
            JsonNode          *node,
            GError           **error)
{
  g_set_error (error, FL_CORE_ERROR, FL_CORE_ERROR_WRONG_TYPE,
               "%s.%s: expected %s, got %s",
               type_name, info->json_name, expected, describe_node (node));
  return FALSE;
}

static gboolean
node_is (JsonNode *node,
         GType     value_type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == value_type;
}

static char *
list_enum_nicks (GType enum_type)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < klass->n_values; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, klass->values[i].value_nick);
    }
  return g_string_free (out, FALSE);
}

/* Sets one field of @entity from @node, checking only the JSON shape; the field's
 * own constraints (length, id format…) are left to fl_entity_validate(). */
static gboolean
decode_field (FlEntity          *entity,
              guint              field,
              const FlFieldInfo *info,
              JsonNode          *node,
              GError           **error)
{
  const char *type_name = fl_entity_get_type_name (entity);
  gboolean is_null = JSON_NODE_HOLDS_NULL (node);

  switch (info->kind)
    {
    case FL_FIELD_TEXT:
    case FL_FIELD_ID:
      if (is_null)
        fl_entity_set_text (entity, field, NULL);
      else if (node_is (node, G_TYPE_STRING))
        fl_entity_set_text (entity, field, json_node_get_string (node));
      else
        return wrong_type (type_name, info, info->kind == FL_FIELD_ID ? "an id" : "text",
                           node, error);
      return TRUE;

    case FL_FIELD_INT:
      if (!node_is (node, G_TYPE_INT64))
        return wrong_type (type_name, info, "a whole number", node, error);
      fl_entity_set_int (entity, field, json_node_get_int (node));
      return TRUE;

    case FL_FIELD_BOOL:
      if (!node_is (node, G_TYPE_BOOLEAN))
        return wrong_type (type_name, info, "true or false", node, error);
      fl_entity_set_int (entity, field, json_node_get_boolean (node));
      return TRUE;

    case FL_FIELD_ENUM:
      {
        int value;

        if (!node_is (node, G_TYPE_STRING))
          return wrong_type (type_name, info, "text", node, error);
        if (!fl_enum_from_nick (info->enum_type (), json_node_get_string (node), &value))
          {
            g_autofree char *known = list_enum_nicks (info->enum_type ());
            g_autofree char *quoted = _fl_core_error_quote (json_node_get_string (node), 40);

            g_set_error (error, FL_CORE_ERROR, FL_CORE_ERROR_UNKNOWN_VALUE,
                         "%s.%s: “%s” is not one of: %s", type_name, info->json_name,
                         quoted, known);
            return FALSE;
          }
        fl_entity_set_int (entity, field, value);
        return TRUE;
      }

    case FL_FIELD_TIMESTAMP:
      {
        gint64 value;

        if (is_null)
          {
            fl_entity_set_int (entity, field, 0);
            return TRUE;
          }
        if (!node_is (node, G_TYPE_STRING))
          return wrong_type (type_name, info, "a date (text)", node, error);
        if (!fl_timestamp_parse (json_node_get_string (node), &value))
          {
            g_autofree char *quoted = _fl_core_error_quote (json_node_get_string (node), 40);

            g_set_error (error, FL_CORE_ERROR, FL_CORE_ERROR_INVALID,
                         "%s.%s: “%s” is not a date like 2024-05-01T10:00:00Z",
                         type_name, info->json_name, quoted);
            return FALSE;
          }
        fl_entity_set_int (entity, field, value);
        return TRUE;
      }

    case FL_FIELD_TEXT_LIST:
    case FL_FIELD_ID_LIST:
      {
        JsonArray *array;
        guint length;
        g_autoptr(GStrvBuilder) builder = NULL;
        g_auto(GStrv) items = NULL;

        if (is_null)
          {
            fl_entity_set_list (entity, field, NULL);
            return TRUE;
          }
        if (!JSON_NODE_HOLDS_ARRAY (node))
          return wrong_type (type_name, info, "a list", node, error);

        array = json_node_get_array (node);
        length = json_array_get_length (array);
        /* Checked here as well as in validation so a hostile 10-million-item
         * list is refused before it is copied. */
        if (length > FL_FIELD_MAX_LIST_ITEMS)
          {
            g_set_error (error, FL_CORE_ERROR, FL_CORE_ERROR_TOO_LONG,
                         "%s.%s: too many items (at most %d)",
                         type_name, info->json_name, FL_FIELD_MAX_LIST_ITEMS);
            return FALSE;
          }

        builder = g_strv_builder_new ();
        for (guint i = 0; i < length; i++)
          {
            JsonNode *item = json_array_get_element (array, i);

            if (!node_is (item, G_TYPE_STRING))
              return wrong_type (type_name, info,
                                 info->kind == FL_FIELD_ID_LIST ? "a list of ids" : "a list of text",
                                 item, error);
            g_strv_builder_add (builder, json_node_get_string (item));
          }
        items = g_strv_builder_end (builder);
        fl_entity_set_list (entity, field, (const char * const *) items);
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}

/* Applies every member of @object to @entity. On create, every field is writable
 * except the server's own; on update, immutable fields must keep their value. */
static gboolean
apply_object (FlEntity          *entity,
              JsonObject        *object,
              FlJsonDecodeFlags  flags,
              gboolean           is_update,
              GError           **error)
{
  FlEntityClass *klass = FL_ENTITY_GET_CLASS (entity);
  const FlFieldInfo *fields = fl_entity_class_get_fields (klass, NULL);
  const char *type_name = fl_entity_class_get_type_name (klass);
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    {
      int field = fl_entity_class_find_field (klass, name);
      const FlFieldInfo *info;

      if (field < 0)
        {
          g_autofree char *quoted = _fl_core_error_quote (name, 64);

          g_set_error (error, FL_CORE_ERROR, FL_CORE_ERROR_UNKNOWN_FIELD,
                       "%s.%s: no such field", type_name, quoted);
          return FALSE;
        }
      info = &fields[field];

      if ((info->flags & FL_FIELD_SERVER_SET) && !(flags & FL_JSON_DECODE_TRUSTED))
        {
          g_set_error (error, FL_CORE_ERROR, FL_CORE_ERROR_READ_ONLY,
                       "%s.%s: set by the server, not by a client", type_name, name);
          return FALSE;
        }

      if (is_update && (info->flags & FL_FIELD_IMMUTABLE))
        {
          g_autoptr(FlEntity) probe = fl_entity_copy (entity);

          /* Sending the unchanged value back is harmless (clients echo records);
           * only a change is refused. */
          if (!decode_field (probe, field, info, member, error))
            return FALSE;
          if (!fl_entity_equal (probe, entity))
            {
              g_set_error (error, FL_CORE_ERROR, FL_CORE_ERROR_READ_ONLY,
                           "%s.%s: cannot be changed once set", type_name, name);
              return FALSE;
            }
          continue;
        }

      if (!decode_field (entity, field, info, member, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * fl_json_decode:
 * @type: the record type, e.g. %FL_TYPE_CASE
 * @node: a JSON object
 * @flags: where the input comes from
 * @error: names the field and the problem
 *
 * Builds a new record. A missing "id" gets a fresh UUID; a missing required field,
 * an unknown field, a wrong type, an unknown enum value or a value over its limit
 * is an error.
 *
 * Returns: (transfer full) (nullable): the record, or %NULL with @error set
 */
FlEntity *
fl_json_decode (GType               type,
                JsonNode           *node,
                FlJsonDecodeFlags   flags,
                GError            **error)
{
  g_autoptr(FlEntity) entity = NULL;
  g_autoptr(GTypeClass) klass = NULL;
  const FlFieldInfo *fields;
  guint n_fields;
  JsonObject *object;

  g_return_val_if_fail (g_type_is_a (type, FL_TYPE_ENTITY), NULL);
  g_return_val_if_fail (node != NULL, NULL);

  klass = g_type_class_ref (type);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, FL_CORE_ERROR, FL_CORE_ERROR_NOT_OBJECT,
                   "%s: expected a JSON object, got %s",
                   fl_entity_class_get_type_name (FL_ENTITY_CLASS (klass)), describe_node (node));
      return NULL;
    }

  object = json_node_get_object (node);
  entity = fl_entity_new (type);
  if (!apply_object (entity, object, flags, FALSE, error))
    return NULL;

  /* Presence is checked on the decoded record: a required field that was absent,
   * null or empty text is missing. (No enum or boolean is required: they all
   * have a sensible default.) */
  fields = fl_entity_class_get_fields (FL_ENTITY_CLASS (klass), &n_fields);
  for (guint i = 0; i < n_fields; i++)
    if ((fields[i].flags & FL_FIELD_REQUIRED) && !fl_entity_field_is_set (entity, i))
      {
        g_set_error (error, FL_CORE_ERROR, FL_CORE_ERROR_MISSING,
                     "%s.%s: is required", fl_entity_get_type_name (entity),
                     fields[i].json_name);
        return NULL;
      }

  if (!fl_entity_validate (entity, error))
    return NULL;

  return g_steal_pointer (&entity);
}

/**
 * fl_json_decode_string:
 *
 * Parses @text and decodes it as with fl_json_decode(). Text that is not JSON is
 * %FL_CORE_ERROR_NOT_JSON.
 *
 * Returns: (transfer full) (nullable): the record, or %NULL with @error set
 */
FlEntity *
fl_json_decode_string (GType               type,
                       const char         *text,
                       gssize              length,
                       FlJsonDecodeFlags   flags,
                       GError            **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  if (!json_parser_load_from_data (parser, text, length, &local_error))
    {
      g_set_error (error, FL_CORE_ERROR, FL_CORE_ERROR_NOT_JSON,
                   "not valid JSON: %s", local_error->message);
      return NULL;
    }

  /* json-glib takes an empty or all-blank text as a document without a root. */
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, FL_CORE_ERROR, FL_CORE_ERROR_NOT_JSON,
                           "not valid JSON: the text is empty");
      return NULL;
    }

  return fl_json_decode (type, json_parser_get_root (parser), flags, error);
}

/**
 * fl_json_patch:
 * @entity: the record as it is now
 * @patch: a JSON object with the fields to change (JMAP's update)
 * @flags: where the input comes from
 * @error: names the field and the problem
 *
 * Returns a new record with the patch applied; @entity itself is left alone, so a
 * refused patch changes nothing.
 *
 * Returns: (transfer full) (nullable): the patched copy, or %NULL with @error set
 */
FlEntity *
fl_json_patch (FlEntity           *entity,
               JsonNode           *patch,
               FlJsonDecodeFlags   flags,
               GError            **error)
{
  g_autoptr(FlEntity) copy = NULL;

  g_return_val_if_fail (FL_IS_ENTITY (entity), NULL);
  g_return_val_if_fail (patch != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (patch))
    {
      g_set_error (error, FL_CORE_ERROR, FL_CORE_ERROR_NOT_OBJECT,
                   "%s: expected a JSON object, got %s",
                   fl_entity_get_type_name (entity), describe_node (patch));
      return NULL;
    }

  copy = fl_entity_copy (entity);
  if (!apply_object (copy, json_node_get_object (patch), flags, TRUE, error))
    return NULL;
  if (!fl_entity_validate (copy, error))
    return NULL;

  return g_steal_pointer (&copy);
}

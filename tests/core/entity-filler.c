/* entity-filler.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Records of any type with every field set, built by walking the field table, so a
 * test over fl_model_get_types() covers a new type or field without being edited.
 */
#include "config.h"

#include "entity-filler.h"

static const char * const sample_texts[] = {
  "Écran noir après la mise à jour — « urgent »",
  "Монитор мерцает после сна",
  "画面がちらつく 🖥️ 再起動で直る",
  "Quote \" backslash \\ tab\t newline\n end",
  "שלום — مرحبا — नमस्ते",
};

/* Fields whose value must follow a rule of its type beyond the field table
 * (fl_entity_validate's class hook), so the generic filler cannot invent it. */
typedef struct
{
  const char *type_name;
  const char *json_name;
  const char *values[4];
} RuleValue;

static const RuleValue rule_values[] = {
  { "Agent", "login", { "j.doe_2-nd", NULL } },
  { "Customer", "emails", { "ana.ruiz@example.org", "früh@例え.jp", NULL } },
  { "Customer", "phones", { "+34 (91) 555-0100", "555 0199 x12", NULL } },
};

static char *
sample_text (const FlFieldInfo *info,
             guint              n)
{
  g_autofree char *text = g_strdup_printf ("%s %s", info->json_name,
                                           sample_texts[n % G_N_ELEMENTS (sample_texts)]);
  glong len = g_utf8_strlen (text, -1);

  return g_utf8_substring (text, 0, MIN (len, (glong) info->max_len));
}

static int
enum_value_other_than (GType enum_type,
                       int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);

  g_assert_cmpuint (klass->n_values, >=, 2);
  if (klass->values[klass->n_values - 1].value != value)
    return klass->values[klass->n_values - 1].value;
  return klass->values[0].value;
}

/* Sets field @i of @entity to a value no new record has: unicode text, several
 * list items, the non-default enum value and boolean, timestamps that alternate
 * between whole seconds, microseconds and milliseconds. */
static void
fill_field (FlEntity *entity,
            guint     i,
            guint    *n_timestamps)
{
  const FlFieldInfo *info = &fl_entity_class_get_fields (FL_ENTITY_GET_CLASS (entity), NULL)[i];
  static const gint64 fractions[] = { 0, 123456, 123000 };

  switch (info->kind)
    {
    case FL_FIELD_TEXT:
      {
        g_autofree char *text = sample_text (info, i);

        fl_entity_set_text (entity, i, text);
      }
      break;

    case FL_FIELD_ID:
      {
        g_autofree char *id = g_uuid_string_random ();

        fl_entity_set_text (entity, i, id);
      }
      break;

    case FL_FIELD_INT:
      fl_entity_set_int (entity, i, G_GINT64_CONSTANT (4200000000) + i * 1000003);
      break;

    case FL_FIELD_BOOL:
      fl_entity_set_int (entity, i, !info->default_value);
      break;

    case FL_FIELD_ENUM:
      fl_entity_set_int (entity, i, enum_value_other_than (info->enum_type (),
                                                           info->default_value));
      break;

    case FL_FIELD_TIMESTAMP:
      fl_entity_set_int (entity, i, MAY_FIRST + i * FL_USEC_PER_DAY
                                    + fractions[*n_timestamps % G_N_ELEMENTS (fractions)]);
      (*n_timestamps)++;
      break;

    case FL_FIELD_TEXT_LIST:
      for (guint n = 0; n < 3; n++)
        {
          g_autofree char *item = sample_text (info, i + n);

          fl_entity_append_to_list (entity, i, item);
        }
      break;

    case FL_FIELD_ID_LIST:
      for (guint n = 0; n < 2; n++)
        {
          g_autofree char *id = g_uuid_string_random ();

          fl_entity_append_to_list (entity, i, id);
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
apply_rule_values (FlEntity *entity)
{
  FlEntityClass *klass = FL_ENTITY_GET_CLASS (entity);
  const FlFieldInfo *fields = fl_entity_class_get_fields (klass, NULL);

  for (guint r = 0; r < G_N_ELEMENTS (rule_values); r++)
    {
      int field;

      if (g_strcmp0 (rule_values[r].type_name, fl_entity_get_type_name (entity)) != 0)
        continue;

      field = fl_entity_class_find_field (klass, rule_values[r].json_name);
      g_assert_cmpint (field, >=, 0);
      if (fields[field].kind == FL_FIELD_TEXT_LIST || fields[field].kind == FL_FIELD_ID_LIST)
        fl_entity_set_list (entity, field, rule_values[r].values);
      else
        fl_entity_set_text (entity, field, rule_values[r].values[0]);
    }
}

/* A record of @type with every field set to a valid, non-default value. */
FlEntity *
make_filled (GType type)
{
  g_autoptr(FlEntity) entity = fl_entity_new (type);
  g_autoptr(GError) error = NULL;
  guint n_fields;
  guint n_timestamps = 0;

  fl_entity_class_get_fields (FL_ENTITY_GET_CLASS (entity), &n_fields);
  for (guint i = 0; i < n_fields; i++)
    fill_field (entity, i, &n_timestamps);
  apply_rule_values (entity);

  /* If this fails, a type gained a rule: teach rule_values[] about it. */
  fl_entity_validate (entity, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&entity);
}

/* A new record of @type with only its required fields set. */
FlEntity *
make_minimal (GType type)
{
  g_autoptr(FlEntity) entity = fl_entity_new (type);
  g_autoptr(GError) error = NULL;
  const FlFieldInfo *fields;
  guint n_fields;
  guint n_timestamps = 0;

  fields = fl_entity_class_get_fields (FL_ENTITY_GET_CLASS (entity), &n_fields);
  for (guint i = FL_ENTITY_N_BASE_FIELDS; i < n_fields; i++)
    if (fields[i].flags & FL_FIELD_REQUIRED)
      fill_field (entity, i, &n_timestamps);
  apply_rule_values (entity);

  fl_entity_validate (entity, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&entity);
}

/* Changes field @i of @entity to some other value, whatever its kind. */
void
change_field (FlEntity *entity,
              guint     i)
{
  const FlFieldInfo *info = &fl_entity_class_get_fields (FL_ENTITY_GET_CLASS (entity), NULL)[i];

  switch (info->kind)
    {
    case FL_FIELD_TEXT:
      {
        g_autofree char *text = g_strconcat (fl_entity_get_text (entity, i) ?: "", "x", NULL);

        fl_entity_set_text (entity, i, text);
      }
      break;

    case FL_FIELD_ID:
      {
        g_autofree char *id = g_uuid_string_random ();

        fl_entity_set_text (entity, i, id);
      }
      break;

    case FL_FIELD_INT:
    case FL_FIELD_TIMESTAMP:
      fl_entity_set_int (entity, i, fl_entity_get_int (entity, i) + 1);
      break;

    case FL_FIELD_BOOL:
      fl_entity_set_int (entity, i, !fl_entity_get_int (entity, i));
      break;

    case FL_FIELD_ENUM:
      fl_entity_set_int (entity, i, enum_value_other_than (info->enum_type (),
                                                           (int) fl_entity_get_int (entity, i)));
      break;

    case FL_FIELD_TEXT_LIST:
      fl_entity_append_to_list (entity, i, "one more");
      break;

    case FL_FIELD_ID_LIST:
      {
        g_autofree char *id = g_uuid_string_random ();

        fl_entity_append_to_list (entity, i, id);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Whether field @i holds the same value in @a and @b, whatever its kind. */
gboolean
field_values_equal (FlEntity *a,
                    FlEntity *b,
                    guint     i)
{
  switch (fl_entity_class_get_fields (FL_ENTITY_GET_CLASS (a), NULL)[i].kind)
    {
    case FL_FIELD_TEXT:
    case FL_FIELD_ID:
      return g_strcmp0 (fl_entity_get_text (a, i), fl_entity_get_text (b, i)) == 0;
    case FL_FIELD_TEXT_LIST:
    case FL_FIELD_ID_LIST:
      return g_strv_equal (fl_entity_get_list (a, i), fl_entity_get_list (b, i));
    default:
      return fl_entity_get_int (a, i) == fl_entity_get_int (b, i);
    }
}

/* The record's JSON object, for looking at members one by one. */
JsonObject *
encode_object (FlEntity *entity)
{
  g_autoptr(JsonNode) node = fl_json_encode (entity);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}


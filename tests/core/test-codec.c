/* test-codec.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JSON form of every record type: lossless round trips, the exact names and
 * shapes on the wire and the registry of types.
 */
#include "config.h"

#include <string.h>

#include "entity-filler.h"

static FlEntityClass *
entity_class (GType type)
{
  /* The class of a static type is never freed once created, so a peek after
   * making sure it exists is safe. */
  g_type_class_unref (g_type_class_ref (type));
  return FL_ENTITY_CLASS (g_type_class_peek (type));
}

/* The camelCase name, written out independently of the library's own conversion. */
static char *
expected_json_name (const char *snake)
{
  g_auto(GStrv) words = g_strsplit (snake, "_", -1);
  GString *out = g_string_new (words[0]);

  for (guint w = 1; words[w] != NULL; w++)
    {
      g_string_append_c (out, g_ascii_toupper (words[w][0]));
      g_string_append (out, words[w] + 1);
    }
  return g_string_free (out, FALSE);
}

static void
test_round_trip_every_type (void)
{
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);

  g_assert_cmpuint (n_types, ==, 9);
  for (guint t = 0; t < n_types; t++)
    {
      g_autoptr(FlEntity) original = make_filled (types[t]);
      g_autoptr(FlEntity) fresh = fl_entity_new (types[t]);
      g_autoptr(FlEntity) decoded = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *again = NULL;
      guint n_fields;

      g_test_message ("round trip of %s", fl_entity_get_type_name (original));

      /* The round trip proves nothing about a field left at its default. */
      fl_entity_class_get_fields (FL_ENTITY_GET_CLASS (original), &n_fields);
      for (guint i = 0; i < n_fields; i++)
        g_assert_false (field_values_equal (original, fresh, i));

      text = fl_json_encode_string (original);
      decoded = fl_json_decode_string (types[t], text, -1, FL_JSON_DECODE_TRUSTED, &error);
      g_assert_no_error (error);
      g_assert_nonnull (decoded);
      g_assert_true (G_OBJECT_TYPE (decoded) == types[t]);
      g_assert_true (fl_entity_equal (original, decoded));

      /* Encoding is stable: a decoded record encodes to the very same text. */
      again = fl_json_encode_string (decoded);
      g_assert_cmpstr (again, ==, text);
    }
}

static void
test_round_trip_minimal_every_type (void)
{
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);

  for (guint t = 0; t < n_types; t++)
    {
      g_autoptr(FlEntity) original = make_minimal (types[t]);
      g_autoptr(FlEntity) decoded = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = fl_json_encode_string (original);
      const FlFieldInfo *fields;
      guint n_fields;

      decoded = fl_json_decode_string (types[t], text, -1, FL_JSON_DECODE_TRUSTED, &error);
      g_assert_no_error (error);
      g_assert_true (fl_entity_equal (original, decoded));

      /* Unset text stays unset: null must not come back as "". */
      fields = fl_entity_class_get_fields (FL_ENTITY_GET_CLASS (decoded), &n_fields);
      for (guint i = 0; i < n_fields; i++)
        if (fields[i].kind == FL_FIELD_TEXT && !(fields[i].flags & FL_FIELD_REQUIRED))
          g_assert_null (fl_entity_get_text (decoded, i));
    }
}

static void
test_equality_sees_every_field (void)
{
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);

  for (guint t = 0; t < n_types; t++)
    {
      g_autoptr(FlEntity) original = make_filled (types[t]);
      guint n_fields;

      fl_entity_class_get_fields (FL_ENTITY_GET_CLASS (original), &n_fields);
      for (guint i = 0; i < n_fields; i++)
        {
          g_autoptr(FlEntity) copy = fl_entity_copy (original);

          g_assert_true (fl_entity_equal (original, copy));
          change_field (copy, i);
          g_assert_false (fl_entity_equal (original, copy));
        }
    }
}

static void
test_wire_names_are_camel_case (void)
{
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);

  for (guint t = 0; t < n_types; t++)
    {
      g_autoptr(FlEntity) entity = make_filled (types[t]);
      g_autoptr(JsonObject) object = encode_object (entity);
      const FlFieldInfo *fields;
      guint n_fields;

      fields = fl_entity_class_get_fields (FL_ENTITY_GET_CLASS (entity), &n_fields);
      g_assert_cmpuint (json_object_get_size (object), ==, n_fields);

      for (guint i = 0; i < n_fields; i++)
        {
          g_autofree char *camel = expected_json_name (fields[i].name);

          g_assert_cmpstr (fields[i].json_name, ==, camel);
          g_assert_null (strchr (fields[i].json_name, '_'));
          g_assert_true (json_object_has_member (object, camel));
          g_assert_false (strchr (fields[i].name, '_') != NULL
                          && json_object_has_member (object, fields[i].name));
          g_assert_cmpint (fl_entity_class_find_field (FL_ENTITY_GET_CLASS (entity), camel), ==, i);
        }
    }
}

/* Each member has the JSON type of its field kind and carries the record's value. */
static void
test_wire_shapes_follow_field_kinds (void)
{
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);

  for (guint t = 0; t < n_types; t++)
    {
      g_autoptr(FlEntity) entity = make_filled (types[t]);
      g_autoptr(JsonObject) object = encode_object (entity);
      const FlFieldInfo *fields;
      guint n_fields;

      fields = fl_entity_class_get_fields (FL_ENTITY_GET_CLASS (entity), &n_fields);
      for (guint i = 0; i < n_fields; i++)
        {
          const FlFieldInfo *info = &fields[i];
          JsonNode *member = json_object_get_member (object, info->json_name);

          switch (info->kind)
            {
            case FL_FIELD_TEXT:
            case FL_FIELD_ID:
              g_assert_cmpstr (json_node_get_string (member), ==, fl_entity_get_text (entity, i));
              break;

            case FL_FIELD_INT:
              g_assert_cmpuint (json_node_get_value_type (member), ==, G_TYPE_INT64);
              g_assert_cmpint (json_node_get_int (member), ==, fl_entity_get_int (entity, i));
              break;

            case FL_FIELD_BOOL:
              g_assert_cmpuint (json_node_get_value_type (member), ==, G_TYPE_BOOLEAN);
              g_assert_cmpint (json_node_get_boolean (member), ==, fl_entity_get_int (entity, i));
              break;

            case FL_FIELD_ENUM:
              {
                g_autoptr(GEnumClass) klass = g_type_class_ref (info->enum_type ());
                GEnumValue *value = g_enum_get_value (klass, (int) fl_entity_get_int (entity, i));

                g_assert_nonnull (value);
                g_assert_cmpstr (json_node_get_string (member), ==, value->value_nick);
              }
              break;

            case FL_FIELD_TIMESTAMP:
              {
                g_autofree char *text = fl_timestamp_format (fl_entity_get_int (entity, i));

                g_assert_cmpstr (json_node_get_string (member), ==, text);
                g_assert_true (g_str_has_suffix (json_node_get_string (member), "Z"));
              }
              break;

            case FL_FIELD_TEXT_LIST:
            case FL_FIELD_ID_LIST:
              {
                const char * const *items = fl_entity_get_list (entity, i);
                JsonArray *array = json_node_get_array (member);

                g_assert_nonnull (array);
                g_assert_cmpuint (json_array_get_length (array), ==, g_strv_length ((char **) items));
                for (guint n = 0; items[n] != NULL; n++)
                  g_assert_cmpstr (json_array_get_string_element (array, n), ==, items[n]);
              }
              break;

            default:
              g_assert_not_reached ();
            }
        }
    }
}

static void
test_unset_values_are_null_and_empty_lists (void)
{
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);

  for (guint t = 0; t < n_types; t++)
    {
      g_autoptr(FlEntity) entity = fl_entity_new (types[t]);
      g_autoptr(JsonObject) object = NULL;
      const FlFieldInfo *fields;
      guint n_fields;

      fl_entity_set_created_at (entity, 0);
      fl_entity_set_updated_at (entity, 0);
      object = encode_object (entity);

      fields = fl_entity_class_get_fields (FL_ENTITY_GET_CLASS (entity), &n_fields);
      for (guint i = 0; i < n_fields; i++)
        {
          JsonNode *member = json_object_get_member (object, fields[i].json_name);

          g_assert_nonnull (member);
          switch (fields[i].kind)
            {
            case FL_FIELD_TEXT:
            case FL_FIELD_TIMESTAMP:
              g_assert_true (JSON_NODE_HOLDS_NULL (member));
              break;
            case FL_FIELD_ID:
              /* A record is born with its id; every other id starts unset. */
              g_assert_true (i == FL_ENTITY_FIELD_ID ? !JSON_NODE_HOLDS_NULL (member)
                                                     : JSON_NODE_HOLDS_NULL (member));
              break;
            case FL_FIELD_TEXT_LIST:
            case FL_FIELD_ID_LIST:
              g_assert_true (JSON_NODE_HOLDS_ARRAY (member));
              g_assert_cmpuint (json_array_get_length (json_node_get_array (member)), ==, 0);
              break;
            case FL_FIELD_INT:
              g_assert_cmpint (json_node_get_int (member), ==, 0);
              break;
            case FL_FIELD_BOOL:
            case FL_FIELD_ENUM:
              g_assert_false (JSON_NODE_HOLDS_NULL (member));
              break;
            default:
              g_assert_not_reached ();
            }
        }
    }
}

static void
test_case_wire_form (void)
{
  static const char * const flaws[] = {
    "5b0c8d9e-1f2a-4b3c-8d4e-5f6a7b8c9d0e",
    "6c1d9eaf-2a3b-4c4d-9e5f-6a7b8c9d0e1f",
    NULL
  };
  g_autoptr(FlCase) the_case = fl_case_new ();
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *text = NULL;
  JsonArray *array;

  fl_case_set_customer_id (the_case, "0b6f6f1e-5c59-4a0e-9d1a-3f2a8f6c1d01");
  fl_case_set_subject (the_case, "Écran noir — “urgent” 🖥️");
  fl_case_set_status (the_case, FL_CASE_STATUS_ESCALATED);
  fl_case_set_priority (the_case, FL_CASE_PRIORITY_URGENT);
  fl_case_set_tier (the_case, FL_CASE_TIER_TIER2);
  fl_case_set_sla_due_at (the_case, MAY_FIRST);
  fl_case_set_flaw_ids (the_case, flaws);
  fl_case_set_complaint (the_case, TRUE);
  fl_entity_set_modseq (FL_ENTITY (the_case), 42);

  object = encode_object (FL_ENTITY (the_case));
  g_assert_cmpstr (json_object_get_string_member (object, "customerId"), ==,
                   "0b6f6f1e-5c59-4a0e-9d1a-3f2a8f6c1d01");
  g_assert_cmpstr (json_object_get_string_member (object, "subject"), ==,
                   "Écran noir — “urgent” 🖥️");
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "escalated");
  g_assert_cmpstr (json_object_get_string_member (object, "priority"), ==, "urgent");
  g_assert_cmpstr (json_object_get_string_member (object, "tier"), ==, "tier2");
  g_assert_cmpstr (json_object_get_string_member (object, "slaDueAt"), ==, "2024-05-01T10:00:00Z");
  g_assert_true (json_object_get_null_member (object, "resolvedAt"));
  g_assert_true (json_object_get_null_member (object, "description"));
  g_assert_true (json_object_get_null_member (object, "productId"));
  g_assert_true (json_object_get_boolean_member (object, "complaint"));
  g_assert_cmpint (json_object_get_int_member (object, "modseq"), ==, 42);
  array = json_object_get_array_member (object, "flawIds");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (array, 1), ==, flaws[1]);
  g_assert_false (json_object_has_member (object, "customer_id"));
  g_assert_false (json_object_has_member (object, "sla_due_at"));

  text = fl_json_encode_string (FL_ENTITY (the_case));
  g_assert_nonnull (strstr (text, "\"slaDueAt\":\"2024-05-01T10:00:00Z\""));
  g_assert_nonnull (strstr (text, "\"tier\":\"tier2\""));
  g_assert_nonnull (strstr (text, "\"description\":null"));
}

static void
test_interaction_wire_form (void)
{
  g_autoptr(FlEntity) entity = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  FlInteraction *interaction;

  entity = fl_json_decode_string (FL_TYPE_INTERACTION,
                                  "{\"caseId\":\"0b6f6f1e-5c59-4a0e-9d1a-3f2a8f6c1d01\","
                                  " \"kind\":\"email\","
                                  " \"authorName\":\"Zo\\u00eb \\ud83d\\udc4b\","
                                  " \"body\":\"Line one\\nLine \\\"two\\\"\","
                                  " \"at\":\"2024-05-01T12:00:00.123+02:00\"}",
                                  -1, FL_JSON_DECODE_DEFAULT, &error);
  g_assert_no_error (error);
  interaction = FL_INTERACTION (entity);
  g_assert_cmpint (fl_interaction_get_kind (interaction), ==, FL_INTERACTION_KIND_EMAIL);
  g_assert_cmpstr (fl_interaction_get_author_name (interaction), ==, "Zoë 👋");
  g_assert_cmpstr (fl_interaction_get_body (interaction), ==, "Line one\nLine \"two\"");
  g_assert_cmpint (fl_interaction_get_at (interaction), ==, MAY_FIRST + 123000);
  g_assert_null (fl_interaction_get_customer_id (interaction));

  /* Offsets are read, but the wire always carries UTC. */
  object = encode_object (entity);
  g_assert_cmpstr (json_object_get_string_member (object, "at"), ==, "2024-05-01T10:00:00.123Z");
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "email");
  g_assert_cmpstr (json_object_get_string_member (object, "caseId"), ==,
                   "0b6f6f1e-5c59-4a0e-9d1a-3f2a8f6c1d01");
  g_assert_true (json_object_get_null_member (object, "customerId"));
}

static void
test_agent_wire_form (void)
{
  g_autoptr(FlAgent) agent = fl_agent_new ();
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(FlEntity) decoded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  fl_agent_set_login (agent, "m.kowalska");
  fl_agent_set_display_name (agent, "Małgorzata Kowalska");
  fl_agent_set_alias (agent, "Gosia");
  fl_agent_set_role (agent, FL_AGENT_ROLE_TIER2);
  fl_agent_set_disabled (agent, TRUE);
  fl_entity_set_created_at (FL_ENTITY (agent), MAY_FIRST + 123456);

  object = encode_object (FL_ENTITY (agent));
  g_assert_cmpstr (json_object_get_string_member (object, "login"), ==, "m.kowalska");
  g_assert_cmpstr (json_object_get_string_member (object, "displayName"), ==, "Małgorzata Kowalska");
  g_assert_cmpstr (json_object_get_string_member (object, "role"), ==, "tier2");
  g_assert_true (json_object_get_boolean_member (object, "disabled"));
  g_assert_true (json_object_get_null_member (object, "team"));
  g_assert_cmpstr (json_object_get_string_member (object, "createdAt"), ==,
                   "2024-05-01T10:00:00.123456Z");

  text = fl_json_encode_string (FL_ENTITY (agent));
  decoded = fl_json_decode_string (FL_TYPE_AGENT, text, -1, FL_JSON_DECODE_TRUSTED, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fl_agent_get_role (FL_AGENT (decoded)), ==, FL_AGENT_ROLE_TIER2);
  g_assert_cmpint (fl_entity_get_created_at (decoded), ==, MAY_FIRST + 123456);
  g_assert_true (fl_entity_equal (FL_ENTITY (agent), decoded));
}

static void
test_offer_decodes_lists_and_defaults (void)
{
  g_autoptr(FlEntity) entity = NULL;
  g_autoptr(FlEntity) bare = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *keywords;
  FlOffer *offer;

  entity = fl_json_decode_string (FL_TYPE_OFFER,
                                  "{\"productId\":\"0b6f6f1e-5c59-4a0e-9d1a-3f2a8f6c1d01\","
                                  " \"title\":\"Care+ für 3 Jahre\","
                                  " \"ownedProductIds\":[\"5b0c8d9e-1f2a-4b3c-8d4e-5f6a7b8c9d0e\"],"
                                  " \"caseKeywords\":[\"flicker\",\"écran\",\"画面\"],"
                                  " \"flawIds\":[],"
                                  " \"active\":false}",
                                  -1, FL_JSON_DECODE_DEFAULT, &error);
  g_assert_no_error (error);
  offer = FL_OFFER (entity);
  keywords = fl_offer_get_case_keywords (offer);
  g_assert_cmpuint (g_strv_length ((char **) keywords), ==, 3);
  g_assert_cmpstr (keywords[2], ==, "画面");
  g_assert_cmpstr (fl_offer_get_owned_product_ids (offer)[0], ==,
                   "5b0c8d9e-1f2a-4b3c-8d4e-5f6a7b8c9d0e");
  g_assert_null (fl_offer_get_flaw_ids (offer)[0]);
  g_assert_false (fl_offer_get_active (offer));
  g_assert_cmpstr (fl_offer_get_title (offer), ==, "Care+ für 3 Jahre");

  /* Absent fields take the declared defaults: an offer starts active. */
  bare = fl_json_decode_string (FL_TYPE_OFFER,
                                "{\"productId\":\"0b6f6f1e-5c59-4a0e-9d1a-3f2a8f6c1d01\","
                                " \"title\":\"Extended warranty\"}",
                                -1, FL_JSON_DECODE_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (fl_offer_get_active (FL_OFFER (bare)));
  g_assert_null (fl_offer_get_case_keywords (FL_OFFER (bare))[0]);
}

static void
test_type_from_name_every_type (void)
{
  static const struct
  {
    const char *name;
    const char *table;
  } names[] = {
    { "Agent", "agents" },
    { "Product", "products" },
    { "Customer", "customers" },
    { "Ownership", "ownerships" },
    { "Flaw", "flaws" },
    { "Offer", "offers" },
    { "Case", "cases" },
    { "Interaction", "interactions" },
    { "OfferOutcome", "offer_outcomes" },
  };
  const GType expected[] = {
    FL_TYPE_AGENT, FL_TYPE_PRODUCT, FL_TYPE_CUSTOMER, FL_TYPE_OWNERSHIP, FL_TYPE_FLAW,
    FL_TYPE_OFFER, FL_TYPE_CASE, FL_TYPE_INTERACTION, FL_TYPE_OFFER_OUTCOME,
  };
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);

  g_assert_cmpuint (n_types, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GType type = fl_model_type_from_name (names[i].name);
      FlEntityClass *klass;

      g_assert_true (type == expected[i]);
      klass = entity_class (type);
      g_assert_cmpstr (fl_entity_class_get_type_name (klass), ==, names[i].name);
      g_assert_cmpstr (fl_entity_class_get_table_name (klass), ==, names[i].table);
    }

  /* …and every registered type is found under its own name. */
  for (guint t = 0; t < n_types; t++)
    g_assert_true (fl_model_type_from_name (fl_entity_class_get_type_name (entity_class (types[t])))
                   == types[t]);
}

static void
test_type_from_name_unknown (void)
{
  static const char * const unknown[] = { "Ticket", "case", "CASE", "Case ", "", "Entity", "Cases" };

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    g_assert_true (fl_model_type_from_name (unknown[i]) == G_TYPE_INVALID);
}

static int
type_position (const GType *types,
               guint        n_types,
               GType        type)
{
  for (guint t = 0; t < n_types; t++)
    if (types[t] == type)
      return (int) t;
  g_assert_not_reached ();
}

/* An import writes types in this order, so a reference never points forward. */
static void
test_types_come_in_dependency_order (void)
{
  static const char * const before_after[][2] = {
    { "Customer", "Ownership" }, { "Product", "Ownership" }, { "Product", "Flaw" },
    { "Product", "Offer" }, { "Flaw", "Offer" }, { "Customer", "Case" },
    { "Product", "Case" }, { "Agent", "Case" }, { "Flaw", "Case" },
    { "Case", "Interaction" }, { "Agent", "Interaction" }, { "Case", "OfferOutcome" },
    { "Offer", "OfferOutcome" }, { "Agent", "OfferOutcome" },
  };
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);

  for (guint i = 0; i < G_N_ELEMENTS (before_after); i++)
    g_assert_cmpint (type_position (types, n_types, fl_model_type_from_name (before_after[i][0])), <,
                     type_position (types, n_types, fl_model_type_from_name (before_after[i][1])));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/codec/round-trip/every-type", test_round_trip_every_type);
  g_test_add_func ("/core/codec/round-trip/minimal-record-of-every-type",
                   test_round_trip_minimal_every_type);
  g_test_add_func ("/core/codec/round-trip/equality-sees-every-field",
                   test_equality_sees_every_field);
  g_test_add_func ("/core/codec/wire/names-are-camel-case", test_wire_names_are_camel_case);
  g_test_add_func ("/core/codec/wire/shapes-follow-field-kinds",
                   test_wire_shapes_follow_field_kinds);
  g_test_add_func ("/core/codec/wire/unset-is-null-and-empty-lists-are-empty-arrays",
                   test_unset_values_are_null_and_empty_lists);
  g_test_add_func ("/core/codec/wire/case", test_case_wire_form);
  g_test_add_func ("/core/codec/wire/interaction-times-are-utc", test_interaction_wire_form);
  g_test_add_func ("/core/codec/wire/agent", test_agent_wire_form);
  g_test_add_func ("/core/codec/decode/offer-lists-and-defaults",
                   test_offer_decodes_lists_and_defaults);
  g_test_add_func ("/core/model/type-from-name/every-type", test_type_from_name_every_type);
  g_test_add_func ("/core/model/type-from-name/unknown-is-invalid", test_type_from_name_unknown);
  g_test_add_func ("/core/model/types/dependency-order", test_types_come_in_dependency_order);

  return g_test_run ();
}


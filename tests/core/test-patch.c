/* test-patch.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * fl_json_patch(), the JMAP update: it changes a copy, never the original, and
 * refuses what a client may not change while accepting what clients echo back.
 */
#include "config.h"

#include "entity-filler.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static FlCase *
make_case (void)
{
  FlCase *the_case = fl_case_new ();

  fl_case_set_customer_id (the_case, "0b6f6f1e-5c59-4a0e-9d1a-3f2a8f6c1d01");
  fl_case_set_subject (the_case, "No picture after firmware update");
  fl_case_set_status (the_case, FL_CASE_STATUS_OPEN);
  fl_entity_set_modseq (FL_ENTITY (the_case), 7);
  return the_case;
}

static void
test_patch_applies_changes_to_a_copy (void)
{
  g_autoptr(FlCase) original = make_case ();
  g_autoptr(FlEntity) before = fl_entity_copy (FL_ENTITY (original));
  g_autoptr(JsonNode) patch = parse ("{\"status\":\"resolved\","
                                     " \"resolvedAt\":\"2024-05-02T09:30:00Z\","
                                     " \"subject\":\"Pas d’image\","
                                     " \"flawIds\":[\"5b0c8d9e-1f2a-4b3c-8d4e-5f6a7b8c9d0e\"]}");
  g_autoptr(FlEntity) patched = NULL;
  g_autoptr(GError) error = NULL;
  FlCase *result;

  patched = fl_json_patch (FL_ENTITY (original), patch, FL_JSON_DECODE_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (patched != FL_ENTITY (original));
  result = FL_CASE (patched);
  g_assert_cmpint (fl_case_get_status (result), ==, FL_CASE_STATUS_RESOLVED);
  g_assert_cmpint (fl_case_get_resolved_at (result), ==,
                   MAY_FIRST + 23 * G_TIME_SPAN_HOUR + 30 * G_TIME_SPAN_MINUTE);
  g_assert_cmpstr (fl_case_get_subject (result), ==, "Pas d’image");
  g_assert_cmpuint (g_strv_length ((char **) fl_case_get_flaw_ids (result)), ==, 1);
  /* What the patch does not name keeps its value. */
  g_assert_cmpstr (fl_entity_get_id (patched), ==, fl_entity_get_id (FL_ENTITY (original)));
  g_assert_cmpstr (fl_case_get_customer_id (result), ==, fl_case_get_customer_id (original));
  g_assert_cmpint (fl_entity_get_modseq (patched), ==, 7);

  g_assert_true (fl_entity_equal (FL_ENTITY (original), before));
}

static void
test_patch_refuses_changing_immutable_fields (void)
{
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);
  guint n_checked = 0;

  for (guint t = 0; t < n_types; t++)
    {
      g_autoptr(FlEntity) original = make_filled (types[t]);
      g_autoptr(FlEntity) before = fl_entity_copy (original);
      const FlFieldInfo *fields;
      guint n_fields;

      fields = fl_entity_class_get_fields (FL_ENTITY_GET_CLASS (original), &n_fields);
      for (guint i = 0; i < n_fields; i++)
        {
          g_autoptr(FlEntity) other = NULL;
          g_autoptr(JsonObject) encoded = NULL;
          g_autoptr(JsonObject) patch_object = NULL;
          g_autoptr(JsonNode) patch = NULL;
          g_autoptr(FlEntity) patched = NULL;
          g_autoptr(GError) error = NULL;
          g_autofree char *field = NULL;

          if (!(fields[i].flags & FL_FIELD_IMMUTABLE))
            continue;

          other = fl_entity_copy (original);
          change_field (other, i);
          encoded = encode_object (other);
          patch_object = json_object_new ();
          json_object_set_member (patch_object, fields[i].json_name,
                                  json_object_dup_member (encoded, fields[i].json_name));
          patch = json_node_init_object (json_node_alloc (), patch_object);

          patched = fl_json_patch (original, patch, FL_JSON_DECODE_TRUSTED, &error);
          g_assert_null (patched);
          g_assert_error (error, FL_CORE_ERROR, FL_CORE_ERROR_READ_ONLY);
          field = fl_core_error_dup_field (error);
          g_assert_cmpstr (field, ==, fields[i].json_name);
          g_assert_true (fl_entity_equal (original, before));
          n_checked++;
        }
    }

  /* id everywhere, plus Agent.login, Ownership.customerId, Interaction.caseId… */
  g_assert_cmpuint (n_checked, >=, n_types + 5);
}

static void
test_patch_accepts_echoing_immutable_fields (void)
{
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);

  for (guint t = 0; t < n_types; t++)
    {
      g_autoptr(FlEntity) original = make_filled (types[t]);
      g_autoptr(JsonObject) encoded = encode_object (original);
      g_autoptr(JsonObject) patch_object = json_object_new ();
      g_autoptr(JsonNode) patch = NULL;
      g_autoptr(FlEntity) patched = NULL;
      g_autoptr(GError) error = NULL;
      const FlFieldInfo *fields;
      guint n_fields;

      fields = fl_entity_class_get_fields (FL_ENTITY_GET_CLASS (original), &n_fields);
      for (guint i = 0; i < n_fields; i++)
        if (fields[i].flags & FL_FIELD_IMMUTABLE)
          json_object_set_member (patch_object, fields[i].json_name,
                                  json_object_dup_member (encoded, fields[i].json_name));
      g_assert_cmpuint (json_object_get_size (patch_object), >=, 1);
      patch = json_node_init_object (json_node_alloc (), patch_object);

      patched = fl_json_patch (original, patch, FL_JSON_DECODE_DEFAULT, &error);
      g_assert_no_error (error);
      g_assert_true (fl_entity_equal (original, patched));
    }
}

/* Clients send back whole records they got from the server; that changes nothing. */
static void
test_patch_with_the_whole_record_changes_nothing (void)
{
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);

  for (guint t = 0; t < n_types; t++)
    {
      g_autoptr(FlEntity) original = make_filled (types[t]);
      g_autoptr(JsonNode) patch = fl_json_encode (original);
      g_autoptr(FlEntity) patched = NULL;
      g_autoptr(GError) error = NULL;

      patched = fl_json_patch (original, patch, FL_JSON_DECODE_TRUSTED, &error);
      g_assert_no_error (error);
      g_assert_true (fl_entity_equal (original, patched));
    }
}

static void
test_patch_server_fields_need_trust (void)
{
  g_autoptr(FlCase) original = make_case ();
  g_autoptr(JsonNode) patch = parse ("{\"modseq\":8}");
  g_autoptr(FlEntity) refused = NULL;
  g_autoptr(FlEntity) accepted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *field = NULL;

  refused = fl_json_patch (FL_ENTITY (original), patch, FL_JSON_DECODE_DEFAULT, &error);
  g_assert_null (refused);
  g_assert_error (error, FL_CORE_ERROR, FL_CORE_ERROR_READ_ONLY);
  field = fl_core_error_dup_field (error);
  g_assert_cmpstr (field, ==, "modseq");
  g_clear_error (&error);

  accepted = fl_json_patch (FL_ENTITY (original), patch, FL_JSON_DECODE_TRUSTED, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fl_entity_get_modseq (accepted), ==, 8);
  g_assert_cmpint (fl_entity_get_modseq (FL_ENTITY (original)), ==, 7);
}

static void
test_patch_validates_the_result (void)
{
  static const struct
  {
    const char  *patch;
    FlCoreError  code;
    const char  *field;
  } cases[] = {
    { "{\"subject\":null}", FL_CORE_ERROR_MISSING, "subject" },
    { "{\"subject\":\"\"}", FL_CORE_ERROR_MISSING, "subject" },
    { "{\"status\":\"frozen\"}", FL_CORE_ERROR_UNKNOWN_VALUE, "status" },
    { "{\"assigneeId\":\"agent-7\"}", FL_CORE_ERROR_INVALID, "assigneeId" },
    { "{\"complaint\":\"yes\"}", FL_CORE_ERROR_WRONG_TYPE, "complaint" },
    { "{\"owner\":\"me\"}", FL_CORE_ERROR_UNKNOWN_FIELD, "owner" },
    { "[\"subject\"]", FL_CORE_ERROR_NOT_OBJECT, NULL },
  };
  g_autoptr(FlCase) original = make_case ();
  g_autoptr(FlEntity) before = fl_entity_copy (FL_ENTITY (original));

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(JsonNode) patch = parse (cases[c].patch);
      g_autoptr(FlEntity) patched = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *field = NULL;

      patched = fl_json_patch (FL_ENTITY (original), patch, FL_JSON_DECODE_DEFAULT, &error);
      g_assert_null (patched);
      g_assert_error (error, FL_CORE_ERROR, (int) cases[c].code);
      field = fl_core_error_dup_field (error);
      g_assert_cmpstr (field, ==, cases[c].field);
      g_assert_true (fl_entity_equal (FL_ENTITY (original), before));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/codec/patch/applies-changes-to-a-copy",
                   test_patch_applies_changes_to_a_copy);
  g_test_add_func ("/core/codec/patch/refuses-changing-an-immutable-field",
                   test_patch_refuses_changing_immutable_fields);
  g_test_add_func ("/core/codec/patch/accepts-echoing-an-immutable-field",
                   test_patch_accepts_echoing_immutable_fields);
  g_test_add_func ("/core/codec/patch/whole-record-changes-nothing",
                   test_patch_with_the_whole_record_changes_nothing);
  g_test_add_func ("/core/codec/patch/server-fields-need-trust",
                   test_patch_server_fields_need_trust);
  g_test_add_func ("/core/codec/patch/validates-the-result", test_patch_validates_the_result);

  return g_test_run ();
}

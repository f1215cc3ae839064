/* test-validation.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the decoder refuses from a client, and how it says so: each refusal has its
 * error code and names the offending field, which the server hands back as is.
 */
#include "config.h"

#include <string.h>

#include "frontline-core.h"

#define U1 "7d0e3f36-3b8e-4a53-9d5a-0c1f2b3a4d5e"
#define U2 "1c9b2f4e-8a7d-4e6f-b5c4-3d2e1f0a9b8c"
#define U3 "a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d"

/* 2024-05-01T10:00:00Z */
#define MAY_FIRST G_GINT64_CONSTANT (1714557600000000)

/* Valid members of each type, to which a row adds the one thing that is wrong.
 * Single quotes stand for double quotes, to keep the table readable. */
#define AGENT_OK       "'login':'jdoe','displayName':'Jane Doe'"
#define PRODUCT_OK     "'sku':'MON-27','name':'Aurora 27','line':'Monitors'"
#define CUSTOMER_OK    "'name':'Ana Ruiz'"
#define OWNERSHIP_OK   "'customerId':'" U1 "','productId':'" U2 "'"
#define FLAW_OK        "'productId':'" U2 "','title':'Flicker after sleep'"
#define OFFER_OK       "'productId':'" U2 "','title':'Care+'"
#define CASE_OK        "'customerId':'" U1 "','subject':'No picture'"
#define INTERACTION_OK "'caseId':'" U3 "','at':'2024-05-01T10:00:00Z'"
#define OUTCOME_OK     "'caseId':'" U3 "','offerId':'" U2 "','at':'2024-05-01T10:00:00Z'"

typedef struct
{
  const char  *type_name;
  const char  *what;       /* the test name: what is wrong */
  const char  *json;
  FlCoreError  code;
  const char  *field;      /* NULL when the problem is the text as a whole */
} Refusal;

static const Refusal refusals[] = {
  /* Not a record at all */
  { "Case", "not-json", "not json at all", FL_CORE_ERROR_NOT_JSON, NULL },
  { "Customer", "unterminated-object", "{" CUSTOMER_OK, FL_CORE_ERROR_NOT_JSON, NULL },
  { "Product", "trailing-comma", "{" PRODUCT_OK ",}", FL_CORE_ERROR_NOT_JSON, NULL },
  { "Case", "array-instead-of-object", "[{" CASE_OK "}]", FL_CORE_ERROR_NOT_OBJECT, NULL },
  { "Product", "number-instead-of-object", "42", FL_CORE_ERROR_NOT_OBJECT, NULL },
  { "Customer", "null-instead-of-object", "null", FL_CORE_ERROR_NOT_OBJECT, NULL },
  { "Agent", "text-instead-of-object", "'jdoe'", FL_CORE_ERROR_NOT_OBJECT, NULL },

  /* Missing required fields */
  { "Case", "without-subject", "{'customerId':'" U1 "'}", FL_CORE_ERROR_MISSING, "subject" },
  { "Case", "with-null-subject", "{'customerId':'" U1 "','subject':null}",
    FL_CORE_ERROR_MISSING, "subject" },
  { "Case", "without-customer", "{'subject':'No picture'}", FL_CORE_ERROR_MISSING, "customerId" },
  { "Interaction", "without-at", "{'caseId':'" U3 "'}", FL_CORE_ERROR_MISSING, "at" },
  { "Interaction", "with-null-at", "{'caseId':'" U3 "','at':null}", FL_CORE_ERROR_MISSING, "at" },
  { "Customer", "with-empty-name", "{'name':''}", FL_CORE_ERROR_MISSING, "name" },
  { "Agent", "without-display-name", "{'login':'jdoe'}", FL_CORE_ERROR_MISSING, "displayName" },
  { "Ownership", "with-empty-product", "{'customerId':'" U1 "','productId':''}",
    FL_CORE_ERROR_MISSING, "productId" },
  { "OfferOutcome", "without-offer", "{'caseId':'" U3 "','at':'2024-05-01T10:00:00Z'}",
    FL_CORE_ERROR_MISSING, "offerId" },
  { "Product", "without-line", "{'sku':'MON-27','name':'Aurora 27'}", FL_CORE_ERROR_MISSING, "line" },
  { "Flaw", "with-null-id", "{" FLAW_OK ",'id':null}", FL_CORE_ERROR_MISSING, "id" },

  /* Wrong JSON types */
  { "Case", "number-for-text", "{" CASE_OK ",'description':42}",
    FL_CORE_ERROR_WRONG_TYPE, "description" },
  { "Case", "number-for-id", "{'customerId':7,'subject':'No picture'}",
    FL_CORE_ERROR_WRONG_TYPE, "customerId" },
  { "Case", "string-for-bool", "{" CASE_OK ",'complaint':'yes'}",
    FL_CORE_ERROR_WRONG_TYPE, "complaint" },
  { "Offer", "number-for-bool", "{" OFFER_OK ",'active':1}", FL_CORE_ERROR_WRONG_TYPE, "active" },
  { "Product", "float-for-int", "{" PRODUCT_OK ",'priceCents':19.99}",
    FL_CORE_ERROR_WRONG_TYPE, "priceCents" },
  { "Product", "string-for-int", "{" PRODUCT_OK ",'priceCents':'1999'}",
    FL_CORE_ERROR_WRONG_TYPE, "priceCents" },
  { "Customer", "object-for-list", "{" CUSTOMER_OK ",'emails':{}}", FL_CORE_ERROR_WRONG_TYPE, "emails" },
  { "Offer", "text-for-list", "{" OFFER_OK ",'caseKeywords':'hdmi'}",
    FL_CORE_ERROR_WRONG_TYPE, "caseKeywords" },
  { "Case", "number-inside-id-list", "{" CASE_OK ",'flawIds':['" U2 "',1]}",
    FL_CORE_ERROR_WRONG_TYPE, "flawIds" },
  { "Flaw", "null-inside-text-list", "{" FLAW_OK ",'affectedVersions':['2.1',null]}",
    FL_CORE_ERROR_WRONG_TYPE, "affectedVersions" },
  { "Case", "number-for-enum", "{" CASE_OK ",'status':1}", FL_CORE_ERROR_WRONG_TYPE, "status" },
  { "Interaction", "number-for-date", "{'caseId':'" U3 "','at':1714557600}",
    FL_CORE_ERROR_WRONG_TYPE, "at" },

  /* Enum values we do not know */
  { "Case", "unknown-status", "{" CASE_OK ",'status':'frozen'}", FL_CORE_ERROR_UNKNOWN_VALUE, "status" },
  { "Case", "unknown-tier", "{" CASE_OK ",'tier':'tier3'}", FL_CORE_ERROR_UNKNOWN_VALUE, "tier" },
  { "Case", "enum-nick-in-wrong-case", "{" CASE_OK ",'priority':'High'}",
    FL_CORE_ERROR_UNKNOWN_VALUE, "priority" },
  { "Agent", "unknown-role", "{" AGENT_OK ",'role':'boss'}", FL_CORE_ERROR_UNKNOWN_VALUE, "role" },
  { "Interaction", "unknown-kind", "{" INTERACTION_OK ",'kind':'fax'}",
    FL_CORE_ERROR_UNKNOWN_VALUE, "kind" },

  /* Fields the type does not have */
  { "Case", "snake-case-name", "{'customer_id':'" U1 "','subject':'No picture'}",
    FL_CORE_ERROR_UNKNOWN_FIELD, "customer_id" },
  { "Customer", "singular-email", "{" CUSTOMER_OK ",'email':'ana@example.org'}",
    FL_CORE_ERROR_UNKNOWN_FIELD, "email" },
  { "Interaction", "capitalised-name", "{" INTERACTION_OK ",'Body':'hello'}",
    FL_CORE_ERROR_UNKNOWN_FIELD, "Body" },

  /* Malformed ids */
  { "Case", "id-that-is-not-a-uuid", "{'customerId':'cust-42','subject':'No picture'}",
    FL_CORE_ERROR_INVALID, "customerId" },
  { "Ownership", "uuid-in-braces", "{'customerId':'{" U1 "}','productId':'" U2 "'}",
    FL_CORE_ERROR_INVALID, "customerId" },
  { "Case", "own-id-not-a-uuid", "{" CASE_OK ",'id':'case-1'}", FL_CORE_ERROR_INVALID, "id" },
  { "Case", "bad-id-in-list", "{" CASE_OK ",'flawIds':['" U2 "','flaw-9']}",
    FL_CORE_ERROR_INVALID, "flawIds" },

  /* Malformed dates */
  { "Case", "date-yesterday", "{" CASE_OK ",'slaDueAt':'yesterday'}",
    FL_CORE_ERROR_INVALID, "slaDueAt" },
  { "Interaction", "date-month-13", "{'caseId':'" U3 "','at':'2024-13-01T00:00:00Z'}",
    FL_CORE_ERROR_INVALID, "at" },
  { "Ownership", "date-without-zone", "{" OWNERSHIP_OK ",'purchasedAt':'2024-05-01T10:00:00'}",
    FL_CORE_ERROR_INVALID, "purchasedAt" },
  { "Flaw", "date-february-30", "{" FLAW_OK ",'firstSeenAt':'2024-02-30T00:00:00Z'}",
    FL_CORE_ERROR_INVALID, "firstSeenAt" },
  { "OfferOutcome", "date-without-time", "{'caseId':'" U3 "','offerId':'" U2 "','at':'2024-05-01'}",
    FL_CORE_ERROR_INVALID, "at" },

  /* Fields only the server sets */
  { "Case", "client-sets-modseq", "{" CASE_OK ",'modseq':5}", FL_CORE_ERROR_READ_ONLY, "modseq" },
  { "Customer", "client-sets-created-at", "{" CUSTOMER_OK ",'createdAt':'2024-05-01T10:00:00Z'}",
    FL_CORE_ERROR_READ_ONLY, "createdAt" },
  { "Agent", "client-sets-updated-at", "{" AGENT_OK ",'updatedAt':null}",
    FL_CORE_ERROR_READ_ONLY, "updatedAt" },

  /* Rules of a type beyond its field table */
  { "Customer", "email-without-at", "{" CUSTOMER_OK ",'emails':['ana@example.org','ana.example.org']}",
    FL_CORE_ERROR_INVALID, "emails" },
  { "Customer", "email-with-two-ats", "{" CUSTOMER_OK ",'emails':['ana@ruiz@example.org']}",
    FL_CORE_ERROR_INVALID, "emails" },
  { "Customer", "phone-in-words", "{" CUSTOMER_OK ",'phones':['call me']}",
    FL_CORE_ERROR_INVALID, "phones" },
  { "Agent", "login-with-uppercase", "{'login':'JDoe','displayName':'Jane Doe'}",
    FL_CORE_ERROR_INVALID, "login" },
  { "Agent", "login-with-space", "{'login':'j doe','displayName':'Jane Doe'}",
    FL_CORE_ERROR_INVALID, "login" },
  { "Agent", "login-with-accent", "{'login':'josé','displayName':'José'}",
    FL_CORE_ERROR_INVALID, "login" },
  { "Product", "negative-price", "{" PRODUCT_OK ",'priceCents':-100}",
    FL_CORE_ERROR_INVALID, "priceCents" },
};

typedef struct
{
  const char *type_name;
  const char *json;
} Sample;

/* The least each type needs. */
static const Sample minimal[] = {
  { "Agent", "{" AGENT_OK "}" },
  { "Product", "{" PRODUCT_OK "}" },
  { "Customer", "{" CUSTOMER_OK "}" },
  { "Ownership", "{" OWNERSHIP_OK "}" },
  { "Flaw", "{" FLAW_OK "}" },
  { "Offer", "{" OFFER_OK "}" },
  { "Case", "{" CASE_OK "}" },
  { "Interaction", "{" INTERACTION_OK "}" },
  { "OfferOutcome", "{" OUTCOME_OK "}" },
};

static char *
from_single_quotes (const char *text)
{
  return g_strdelimit (g_strdup (text), "'", '"');
}

static FlEntity *
decode (const char         *type_name,
        const char         *json,
        FlJsonDecodeFlags   flags,
        GError            **error)
{
  GType type = fl_model_type_from_name (type_name);
  g_autofree char *text = from_single_quotes (json);

  g_assert_true (type != G_TYPE_INVALID);
  return fl_json_decode_string (type, text, -1, flags, error);
}

static void
assert_refusal (const Refusal *row)
{
  g_autoptr(FlEntity) entity = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *field = NULL;

  entity = decode (row->type_name, row->json, FL_JSON_DECODE_DEFAULT, &error);
  g_assert_null (entity);
  g_assert_error (error, FL_CORE_ERROR, (int) row->code);
  g_test_message ("%s", error->message);

  field = fl_core_error_dup_field (error);
  g_assert_cmpstr (field, ==, row->field);
  if (row->field != NULL)
    {
      g_autofree char *prefix = g_strdup_printf ("%s.%s: ", row->type_name, row->field);

      /* A person reading the message sees which record and which field. */
      g_assert_true (g_str_has_prefix (error->message, prefix));
    }
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_refusal (gconstpointer data)
{
  assert_refusal (data);
}

static void
free_refusal (gpointer data)
{
  Refusal *row = data;

  g_free ((char *) row->what);
  g_free ((char *) row->json);
  g_free (row);
}

static Refusal *
new_refusal (const char  *type_name,
             const char  *what,
             char        *json,
             FlCoreError  code,
             const char  *field)
{
  Refusal *row = g_new0 (Refusal, 1);

  row->type_name = type_name;
  row->what = g_strdup (what);
  row->json = json;
  row->code = code;
  row->field = field;
  return row;
}

static char *
repeat (const char *unit,
        guint       times,
        const char *separator)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    {
      if (i > 0)
        g_string_append (out, separator);
      g_string_append (out, unit);
    }
  return g_string_free (out, FALSE);
}

/* Rows over the length limits, built at run time. */
static GPtrArray *
build_limit_refusals (void)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (free_refusal);
  g_autofree char *x301 = repeat ("x", 301, "");
  g_autofree char *e301 = repeat ("é", 301, "");
  g_autofree char *phones65 = repeat ("'+1 555 0100'", 65, ",");
  g_autofree char *flaws65 = repeat ("'" U2 "'", 65, ",");
  g_autofree char *long_email = repeat ("a", 309, "");
  g_autofree char *sku65 = repeat ("K", 65, "");

  g_ptr_array_add (rows, new_refusal ("Case", "subject-of-301-characters",
                                      g_strdup_printf ("{'customerId':'" U1 "','subject':'%s'}", x301),
                                      FL_CORE_ERROR_TOO_LONG, "subject"));
  g_ptr_array_add (rows, new_refusal ("Case", "subject-of-301-two-byte-characters",
                                      g_strdup_printf ("{'customerId':'" U1 "','subject':'%s'}", e301),
                                      FL_CORE_ERROR_TOO_LONG, "subject"));
  g_ptr_array_add (rows, new_refusal ("Customer", "65-phones",
                                      g_strdup_printf ("{" CUSTOMER_OK ",'phones':[%s]}", phones65),
                                      FL_CORE_ERROR_TOO_LONG, "phones"));
  g_ptr_array_add (rows, new_refusal ("Case", "65-flaws",
                                      g_strdup_printf ("{" CASE_OK ",'flawIds':[%s]}", flaws65),
                                      FL_CORE_ERROR_TOO_LONG, "flawIds"));
  g_ptr_array_add (rows, new_refusal ("Customer", "email-of-321-characters",
                                      g_strdup_printf ("{" CUSTOMER_OK ",'emails':['%s@example.org']}",
                                                       long_email),
                                      FL_CORE_ERROR_TOO_LONG, "emails"));
  g_ptr_array_add (rows, new_refusal ("Product", "sku-of-65-characters",
                                      g_strdup_printf ("{'sku':'%s',"
                                                       "'name':'Aurora 27','line':'Monitors'}", sku65),
                                      FL_CORE_ERROR_TOO_LONG, "sku"));
  return rows;
}

/* Length limits count characters, not bytes: 300 of anything is a valid subject. */
static void
test_subject_of_300_characters_of_any_width (void)
{
  static const char * const units[] = { "x", "é", "画", "🖥" };

  for (guint u = 0; u < G_N_ELEMENTS (units); u++)
    {
      g_autofree char *subject = repeat (units[u], 300, "");
      g_autofree char *json = g_strdup_printf ("{'customerId':'" U1 "','subject':'%s'}", subject);
      g_autoptr(FlEntity) entity = NULL;
      g_autoptr(GError) error = NULL;

      entity = decode ("Case", json, FL_JSON_DECODE_DEFAULT, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (fl_case_get_subject (FL_CASE (entity)), ==, subject);
      g_assert_cmpint (g_utf8_strlen (fl_case_get_subject (FL_CASE (entity)), -1), ==, 300);
    }
}

static void
test_64_phones_are_accepted (void)
{
  g_autofree char *phones = repeat ("'+1 555 0100'", 64, ",");
  g_autofree char *json = g_strdup_printf ("{" CUSTOMER_OK ",'phones':[%s]}", phones);
  g_autoptr(FlEntity) entity = NULL;
  g_autoptr(GError) error = NULL;

  entity = decode ("Customer", json, FL_JSON_DECODE_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length ((char **) fl_customer_get_phones (FL_CUSTOMER (entity))), ==, 64);
}

static const char *
minimal_json (const char *type_name)
{
  for (guint i = 0; i < G_N_ELEMENTS (minimal); i++)
    if (strcmp (minimal[i].type_name, type_name) == 0)
      return minimal[i].json;
  return NULL;
}

static void
test_minimal_record_of_every_type (void)
{
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);

  for (guint t = 0; t < n_types; t++)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (types[t]);
      const char *type_name = fl_entity_class_get_type_name (FL_ENTITY_CLASS (klass));
      const char *json = minimal_json (type_name);
      g_autoptr(FlEntity) first = NULL;
      g_autoptr(FlEntity) second = NULL;
      g_autoptr(GError) error = NULL;

      /* A new type needs a line in minimal[]. */
      g_assert_nonnull (json);

      first = decode (type_name, json, FL_JSON_DECODE_DEFAULT, &error);
      g_assert_no_error (error);
      g_assert_true (G_OBJECT_TYPE (first) == types[t]);
      second = decode (type_name, json, FL_JSON_DECODE_DEFAULT, &error);
      g_assert_no_error (error);

      /* No "id" in the JSON: each decode mints a fresh one. */
      g_assert_true (fl_is_valid_id (fl_entity_get_id (first)));
      g_assert_true (g_uuid_string_is_valid (fl_entity_get_id (second)));
      g_assert_cmpstr (fl_entity_get_id (first), !=, fl_entity_get_id (second));
      g_assert_cmpint (fl_entity_get_modseq (first), ==, 0);

      fl_entity_validate (first, &error);
      g_assert_no_error (error);
    }
}

static void
test_client_supplied_id_is_kept (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (minimal); i++)
    {
      g_autofree char *members = NULL;
      g_autofree char *json = NULL;
      g_autoptr(FlEntity) entity = NULL;
      g_autoptr(GError) error = NULL;

      /* The same record with an id member before the closing brace. */
      members = g_strndup (minimal[i].json, strlen (minimal[i].json) - 1);
      json = g_strconcat (members, ",'id':'" U3 "'}", NULL);
      entity = decode (minimal[i].type_name, json, FL_JSON_DECODE_DEFAULT, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (fl_entity_get_id (entity), ==, U3);
    }
}

static void
test_defaults_of_a_new_case (void)
{
  g_autoptr(FlEntity) entity = NULL;
  g_autoptr(GError) error = NULL;
  FlCase *the_case;

  entity = decode ("Case", "{" CASE_OK "}", FL_JSON_DECODE_DEFAULT, &error);
  g_assert_no_error (error);
  the_case = FL_CASE (entity);

  g_assert_cmpint (fl_case_get_status (the_case), ==, FL_CASE_STATUS_NEW);
  g_assert_cmpint (fl_case_get_priority (the_case), ==, FL_CASE_PRIORITY_NORMAL);
  g_assert_cmpint (fl_case_get_tier (the_case), ==, FL_CASE_TIER_TIER1);
  g_assert_false (fl_case_get_complaint (the_case));
  g_assert_cmpint (fl_case_get_sla_due_at (the_case), ==, 0);
  g_assert_null (fl_case_get_description (the_case));
  g_assert_null (fl_case_get_flaw_ids (the_case)[0]);
  g_assert_cmpstr (fl_case_get_customer_id (the_case), ==, U1);
}

static void
test_server_fields_accepted_when_trusted (void)
{
  g_autoptr(FlEntity) entity = NULL;
  g_autoptr(GError) error = NULL;

  entity = decode ("Case",
                   "{" CASE_OK ",'modseq':5,'createdAt':'2024-05-01T10:00:00Z',"
                   "'updatedAt':'2024-05-01T12:00:00.5+02:00'}",
                   FL_JSON_DECODE_TRUSTED, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fl_entity_get_modseq (entity), ==, 5);
  g_assert_cmpint (fl_entity_get_created_at (entity), ==, MAY_FIRST);
  g_assert_cmpint (fl_entity_get_updated_at (entity), ==, MAY_FIRST + G_USEC_PER_SEC / 2);
}

/* The two ways of spelling "nothing" are both accepted for optional fields. */
static void
test_null_clears_optional_fields (void)
{
  g_autoptr(FlEntity) entity = NULL;
  g_autoptr(GError) error = NULL;

  entity = decode ("Case",
                   "{" CASE_OK ",'description':null,'productId':null,'slaDueAt':null,"
                   "'flawIds':null,'resolvedAt':null}",
                   FL_JSON_DECODE_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_null (fl_case_get_description (FL_CASE (entity)));
  g_assert_null (fl_case_get_product_id (FL_CASE (entity)));
  g_assert_cmpint (fl_case_get_sla_due_at (FL_CASE (entity)), ==, 0);
  g_assert_null (fl_case_get_flaw_ids (FL_CASE (entity))[0]);
}

/* Nothing but whitespace is "not JSON" too: an error to report, not a NULL root
 * handed on to fl_json_decode(). */
static void
test_empty_text_is_not_json (void)
{
  static const char * const texts[] = { "", "   ", "\n\t" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(FlEntity) entity = NULL;
      g_autoptr(GError) error = NULL;

      entity = fl_json_decode_string (FL_TYPE_CASE, texts[i], -1, FL_JSON_DECODE_DEFAULT, &error);
      g_assert_null (entity);
      g_assert_error (error, FL_CORE_ERROR, FL_CORE_ERROR_NOT_JSON);
    }
}

/* Messages quote what was sent, cut short; the cut must not split a character,
 * or the message is no longer UTF-8 (and the server cannot put it in JSON). */
static void
test_messages_stay_utf8_when_quoting_long_input (void)
{
  g_autofree char *accents = repeat ("é", 60, "");
  static const struct
  {
    const char *type_name;
    const char *before;
    const char *after;
  } inputs[] = {
    { "Case", "{" CASE_OK ",'status':'a", "'}" },
    { "Case", "{'customerId':'a", "','subject':'No picture'}" },
    { "Case", "{" CASE_OK ",'slaDueAt':'a", "'}" },
    { "Customer", "{" CUSTOMER_OK ",'emails':['a", "']}" },
    { "Agent", "{'login':'a", "','displayName':'Jane Doe'}" },
    { "Case", "{" CASE_OK ",'a", "':1}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *json = g_strconcat (inputs[i].before, accents, inputs[i].after, NULL);
      g_autoptr(FlEntity) entity = NULL;
      g_autoptr(GError) error = NULL;

      entity = decode (inputs[i].type_name, json, FL_JSON_DECODE_DEFAULT, &error);
      g_assert_null (entity);
      g_assert_nonnull (error);
      g_test_message ("%s", json);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

static void
test_dup_field_outside_the_domain (void)
{
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "Case.subject: x");
  g_autoptr(GError) whole = g_error_new_literal (FL_CORE_ERROR, FL_CORE_ERROR_NOT_JSON,
                                                 "not valid JSON: <data>:1:3: unexpected");
  g_autoptr(GError) field = g_error_new_literal (FL_CORE_ERROR, FL_CORE_ERROR_INVALID,
                                                 "Customer.emails: “a.b: c” is not an "
                                                 "e-mail address");
  g_autofree char *none = fl_core_error_dup_field (other);
  g_autofree char *no_field = fl_core_error_dup_field (whole);
  g_autofree char *emails = fl_core_error_dup_field (field);

  g_assert_null (none);
  g_assert_null (no_field);
  g_assert_cmpstr (emails, ==, "emails");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) limits = NULL;

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/validation/refuses/%s/%s",
                                               refusals[i].type_name, refusals[i].what);

      g_test_add_data_func (path, &refusals[i], test_refusal);
    }

  limits = build_limit_refusals ();
  for (guint i = 0; i < limits->len; i++)
    {
      const Refusal *row = g_ptr_array_index (limits, i);
      g_autofree char *path = g_strdup_printf ("/core/validation/refuses/%s/%s",
                                               row->type_name, row->what);

      g_test_add_data_func (path, row, test_refusal);
    }

  g_test_add_func ("/core/validation/refuses/empty-text-as-not-json", test_empty_text_is_not_json);
  g_test_add_func ("/core/validation/accepts/subject-of-300-characters-of-any-width",
                   test_subject_of_300_characters_of_any_width);
  g_test_add_func ("/core/validation/accepts/64-phones", test_64_phones_are_accepted);
  g_test_add_func ("/core/validation/accepts/minimal-record-of-every-type-with-a-fresh-id",
                   test_minimal_record_of_every_type);
  g_test_add_func ("/core/validation/accepts/client-supplied-id-is-kept",
                   test_client_supplied_id_is_kept);
  g_test_add_func ("/core/validation/accepts/defaults-of-a-new-case", test_defaults_of_a_new_case);
  g_test_add_func ("/core/validation/accepts/server-fields-when-trusted",
                   test_server_fields_accepted_when_trusted);
  g_test_add_func ("/core/validation/accepts/null-for-optional-fields",
                   test_null_clears_optional_fields);
  g_test_add_func ("/core/validation/messages/stay-utf8-when-quoting-long-input",
                   test_messages_stay_utf8_when_quoting_long_input);
  g_test_add_func ("/core/validation/messages/dup-field", test_dup_field_outside_the_domain);

  return g_test_run ();
}

/* test-protocol.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JMAP protocol against the real server: session resource, X/get, X/set,
 * X/changes, X/queryChanges, back-references and creation ids, ifInState.
 * X/query has its own program, test-query.c.
 */
#include "config.h"

#include "server-fixture.h"

#define MISSING_ID "01a20873-0000-7000-8000-000000000000"

typedef struct
{
  FlTestFixture base;       /* the lead's token */
  char         *agent;      /* and an agent's */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fl_test_fixture_set_up (&fixture->base, data);
  fixture->agent = fl_test_server_login (fixture->base.server, "agent", FL_TEST_DEMO_PASSWORD,
                                         NULL);
  g_assert_nonnull (fixture->agent);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  fl_test_fixture_tear_down (&fixture->base, data);
  g_free (fixture->agent);
}

/* The ids of X/changes since @since, asserting it has no more. */
static void
assert_changes (Fixture    *fixture,
                const char *type,
                const char *since,
                const char *created,
                const char *updated,
                const char *destroyed)
{
  g_autofree char *method = g_strconcat (type, "/changes", NULL);
  g_autoptr(JsonObject) changes =
    fl_test_server_call_okf (fixture->base.server, fixture->base.token, method,
                             "{\"sinceState\": \"%s\"}", since);
  const char *expected[] = { created, updated, destroyed };
  const char *members[] = { "created", "updated", "destroyed" };

  g_assert_false (json_object_get_boolean_member (changes, "hasMoreChanges"));
  g_assert_cmpstr (json_object_get_string_member (changes, "oldState"), ==, since);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      JsonArray *ids = json_object_get_array_member (changes, members[i]);

      if (expected[i] == NULL)
        g_assert_cmpuint (json_array_get_length (ids), ==, 0);
      else
        {
          g_assert_cmpuint (json_array_get_length (ids), ==, 1);
          g_assert_cmpstr (json_array_get_string_element (ids, 0), ==, expected[i]);
        }
    }
}

static void
test_session (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(JsonNode) session = NULL;
  g_autofree char *case_state = NULL;
  g_autofree char *api_url = g_strconcat (fixture->base.server->url, "/jmap/api", NULL);
  JsonObject *object;
  JsonObject *capabilities;
  JsonObject *core;
  guint status;

  session = fl_test_server_request (fixture->base.server, "GET", "/.well-known/jmap", NULL, NULL,
                                    0, &status);
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (session), "type"), ==,
                   "unauthorized");
  g_clear_pointer (&session, json_node_unref);

  session = fl_test_server_request (fixture->base.server, "GET", "/.well-known/jmap",
                                    fixture->agent, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  object = json_node_get_object (session);
  capabilities = json_object_get_object_member (object, "capabilities");
  g_assert_true (json_object_has_member (capabilities, "urn:ietf:params:jmap:core"));
  g_assert_true (json_object_has_member (capabilities, "urn:ietf:params:jmap:websocket"));
  g_assert_true (json_object_has_member (capabilities,
                                         "https://frontlinedesk.github.io/jmap/support"));
  core = json_object_get_object_member (capabilities, "urn:ietf:params:jmap:core");
  g_assert_cmpint (json_object_get_int_member (core, "maxObjectsInGet"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (core, "maxCallsInRequest"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "username"), ==, "agent");
  g_assert_cmpstr (json_object_get_string_member (object, "apiUrl"), ==, api_url);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "eventSourceUrl"),
                                   "http://"));
  g_assert_true (json_object_has_member (json_object_get_object_member (object, "accounts"),
                                         "org"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "primaryAccounts"),
                                                  "https://frontlinedesk.github.io/jmap/support"), ==, "org");

  /* The session state is the account's modseq: no type is ahead of it. */
  case_state = fl_test_server_state (fixture->base.server, fixture->agent, "Case");
  g_assert_cmpint (g_ascii_strtoll (json_object_get_string_member (object, "state"), NULL, 10), >=,
                   g_ascii_strtoll (case_state, NULL, 10));
}

static void
test_create_then_changes (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *customer = fixture->base.customer;
  g_autofree char *state = fl_test_server_state (fixture->base.server, fixture->agent, "Case");
  g_autoptr(JsonObject) set = NULL;

  set = fl_test_server_call_okf (fixture->base.server, fixture->agent, "Case/set",
                                 "{\"create\": {\"k\": {\"customerId\": \"%s\", \"subject\": \"Second monitor "
                                 "stays black\", \"status\": \"new\", \"priority\": \"normal\", \"tier\": \"tier1\"}}}",
                                 customer);
  g_assert_cmpstr (json_object_get_string_member (set, "oldState"), ==, state);
  assert_changes (fixture, "Case", state, fl_test_created_id (set, "k"), NULL, NULL);
}

/* --- X/get -------------------------------------------------------------- */

static const struct
{
  const char *type;
  const char *property;   /* never null in the demo data */
} get_types[] = {
  { "Customer", "name" },
  { "Case", "subject" },
  { "Interaction", "caseId" },
  { "Flaw", "title" },
  { "Product", "sku" },
};

static void
test_get (Fixture       *fixture,
          gconstpointer  data)
{
  for (guint t = 0; t < G_N_ELEMENTS (get_types); t++)
    {
      const char *type = get_types[t].type;
      g_autofree char *query_method = g_strconcat (type, "/query", NULL);
      g_autofree char *get_method = g_strconcat (type, "/get", NULL);
      g_autofree char *state = fl_test_server_state (fixture->base.server, fixture->base.token,
                                                     type);
      g_autoptr(JsonObject) query = NULL;
      g_autoptr(JsonObject) got = NULL;
      g_autoptr(JsonObject) full = NULL;
      g_autofree char *bad_property = NULL;
      g_autofree char *bad_account = NULL;
      JsonArray *ids;
      JsonArray *list;
      JsonArray *not_found;

      query = fl_test_server_call_ok (fixture->base.server, fixture->base.token, query_method,
                                      "{\"limit\": 2}");
      ids = json_object_get_array_member (query, "ids");
      g_assert_cmpuint (json_array_get_length (ids), ==, 2);

      /* Two that exist, one that does not, one that is no id at all. */
      got = fl_test_server_call_okf (fixture->base.server, fixture->base.token, get_method,
                                     "{\"ids\": [\"%s\", \"%s\", \"" MISSING_ID "\", \"not an id\"],"
                                     " \"properties\": [\"%s\"]}",
                                     json_array_get_string_element (ids, 0),
                                     json_array_get_string_element (ids, 1), get_types[t].property);
      g_assert_cmpstr (json_object_get_string_member (got, "accountId"), ==, "org");
      g_assert_cmpstr (json_object_get_string_member (got, "state"), ==, state);
      list = json_object_get_array_member (got, "list");
      g_assert_cmpuint (json_array_get_length (list), ==, 2);
      for (guint i = 0; i < 2; i++)
        {
          JsonObject *record = json_array_get_object_element (list, i);

          /* Only the id and the property asked for. */
          g_assert_cmpuint (json_object_get_size (record), ==, 2);
          g_assert_cmpstr (json_object_get_string_member (record, "id"), ==,
                           json_array_get_string_element (ids, i));
          g_assert_nonnull (json_object_get_string_member (record, get_types[t].property));
        }
      not_found = json_object_get_array_member (got, "notFound");
      g_assert_cmpuint (json_array_get_length (not_found), ==, 2);
      g_assert_cmpstr (json_array_get_string_element (not_found, 0), ==, MISSING_ID);
      g_assert_cmpstr (json_array_get_string_element (not_found, 1), ==, "not an id");

      /* Without properties, every property. */
      full = fl_test_server_call_okf (fixture->base.server, fixture->base.token, get_method,
                                      "{\"ids\": [\"%s\"]}",
                                      json_array_get_string_element (ids, 0));
      g_assert_cmpuint (json_object_get_size (json_array_get_object_element (
                          json_object_get_array_member (full, "list"), 0)), >, 4);

      bad_property = fl_test_server_call_error (fixture->base.server, fixture->base.token,
                                                get_method,
                                                "{\"ids\": [], \"properties\": [\"noSuchProperty\"]}");
      g_assert_cmpstr (bad_property, ==, "invalidArguments");
      bad_account = fl_test_server_call_error (fixture->base.server, fixture->base.token,
                                               get_method,
                                               "{\"accountId\": \"elsewhere\", \"ids\": []}");
      g_assert_cmpstr (bad_account, ==, "accountNotFound");
    }
}

static void
test_get_all (Fixture       *fixture,
              gconstpointer  data)
{
  static const char * const small_types[] = { "Product", "Flaw", "Customer" };

  /* ids: null is every record, for a type small enough. */
  for (guint t = 0; t < G_N_ELEMENTS (small_types); t++)
    {
      g_autofree char *method = g_strconcat (small_types[t], "/get", NULL);
      g_autoptr(JsonObject) all = fl_test_server_call_ok (fixture->base.server,
                                                          fixture->base.token, method,
                                                          "{\"ids\": null, \"properties\": [\"id\"]}");
      gint64 count = fl_test_server_count (fixture->base.server, fixture->base.token,
                                           small_types[t]);
      g_autoptr(GHashTable) distinct = g_hash_table_new (g_str_hash, g_str_equal);
      JsonArray *list = json_object_get_array_member (all, "list");

      g_assert_cmpint (count, >, 0);
      g_assert_cmpint (json_array_get_length (list), ==, count);
      for (guint i = 0; i < json_array_get_length (list); i++)
        g_hash_table_add (distinct, (gpointer) json_object_get_string_member (
                            json_array_get_object_element (list, i), "id"));
      g_assert_cmpint (g_hash_table_size (distinct), ==, count);
    }
}

static void
test_get_too_large (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GString) ids = g_string_new ("[");
  g_autofree char *args = NULL;
  g_autofree char *error = NULL;

  /* The demo has fewer customers than maxObjectsInGet: ask for more ids. */
  for (guint i = 0; i < 1001; i++)
    g_string_append_printf (ids, "%s\"01a20873-0000-7000-8000-%012u\"", i > 0 ? ", " : "", i);
  g_string_append_c (ids, ']');
  args = g_strdup_printf ("{\"ids\": %s}", ids->str);
  error = fl_test_server_call_error (fixture->base.server, fixture->base.token, "Customer/get",
                                     args);
  g_assert_cmpstr (error, ==, "requestTooLarge");

  /* And maxObjectsInSet for X/set. */
  {
    g_autoptr(GString) destroy = g_string_new ("{\"destroy\": ");
    g_autofree char *set_error = NULL;

    g_string_append (destroy, ids->str);
    g_string_append_c (destroy, '}');
    set_error = fl_test_server_call_error (fixture->base.server, fixture->base.token,
                                           "Customer/set", destroy->str);
    g_assert_cmpstr (set_error, ==, "requestTooLarge");
  }
}

/* --- X/set and X/changes, one type after another ------------------------ */

typedef struct
{
  const char *type;
  const char *create;        /* @PARENT@ stands for the parent's id */
  int         parent;        /* index into the records made before, or -1 */
  const char *patch;
  const char *property;
  const char *value;         /* what the patch sets @property to */
} SetStep;

static const SetStep set_steps[] = {
  { "Customer", "{\"name\": \"Ximena Oyelaran\", \"phones\": [\"+1 555 0199\"],"
    " \"emails\": [\"ximena@example.com\"]}", -1,
    "{\"plan\": \"Care Plus\"}", "plan", "Care Plus" },
  { "Product", "{\"sku\": \"TST-DOCK\", \"name\": \"Test Dock\", \"line\": \"Docks\","
    " \"version\": \"1.0\", \"priceCents\": 1000}", -1,
    "{\"name\": \"Test Dock Pro\"}", "name", "Test Dock Pro" },
  { "Case",
   "{\"customerId\": \"@PARENT@\", \"subject\": \"Dock does not charge\", \"status\": \"new\","
    " \"priority\": \"normal\", \"tier\": \"tier1\"}", 0,
    "{\"priority\": \"high\"}", "priority", "high" },
  { "Interaction",
   "{\"caseId\": \"@PARENT@\", \"kind\": \"note\", \"body\": \"Asked for the serial\"}", 2,
    "{\"body\": \"Asked for the serial number\"}", "body", "Asked for the serial number" },
  { "Flaw", "{\"productId\": \"@PARENT@\", \"title\": \"Dock stops charging after sleep\","
    " \"affectedVersions\": [\"1.0\"], \"severity\": \"low\"}", 1,
    "{\"workaround\": \"Unplug it for ten seconds\"}", "workaround", "Unplug it for ten seconds" },
};

static void
test_set_create_update_destroy (Fixture       *fixture,
                                gconstpointer  data)
{
  char *ids[G_N_ELEMENTS (set_steps)] = { NULL };
  char *created_states[G_N_ELEMENTS (set_steps)] = { NULL };
  char *first_states[G_N_ELEMENTS (set_steps)] = { NULL };

  for (guint s = 0; s < G_N_ELEMENTS (set_steps); s++)
    {
      const SetStep *step = &set_steps[s];
      g_autofree char *method = g_strconcat (step->type, "/set", NULL);
      g_autoptr(GString) record = g_string_new (step->create);
      g_autoptr(JsonObject) created = NULL;
      g_autoptr(JsonObject) updated = NULL;
      g_autoptr(JsonObject) fetched = NULL;

      if (step->parent >= 0)
        g_string_replace (record, "@PARENT@", ids[step->parent], 0);
      first_states[s] = fl_test_server_state (fixture->base.server, fixture->base.token,
                                              step->type);

      created = fl_test_server_call_okf (fixture->base.server, fixture->base.token, method,
                                         "{\"create\": {\"n\": %s}}", record->str);
      g_assert_cmpstr (json_object_get_string_member (created, "oldState"), ==, first_states[s]);
      g_assert_cmpstr (json_object_get_string_member (created, "newState"), !=, first_states[s]);
      g_assert_true (json_object_get_null_member (created, "notCreated"));
      ids[s] = g_strdup (fl_test_created_id (created, "n"));
      created_states[s] = g_strdup (json_object_get_string_member (created, "newState"));
      assert_changes (fixture, step->type, first_states[s], ids[s], NULL, NULL);

      updated = fl_test_server_call_okf (fixture->base.server, fixture->base.token, method,
                                         "{\"update\": {\"%s\": %s, \"" MISSING_ID "\": %s}}",
                                         ids[s], step->patch, step->patch);
      g_assert_true (json_object_has_member (json_object_get_object_member (updated, "updated"),
                                             ids[s]));
      g_assert_cmpstr (json_object_get_string_member (
                         json_object_get_object_member (json_object_get_object_member (updated, "notUpdated"),
                                                        MISSING_ID), "type"), ==, "notFound");
      fetched = fl_test_server_get_record (fixture->base.server, fixture->base.token, step->type,
                                           ids[s]);
      g_assert_nonnull (fetched);
      g_assert_cmpstr (json_object_get_string_member (fetched, step->property), ==, step->value);

      /* Updated since its creation; to a client from before, only created. */
      assert_changes (fixture, step->type, created_states[s], NULL, ids[s], NULL);
      assert_changes (fixture, step->type, first_states[s], ids[s], NULL, NULL);
    }

  /* A customer with a case cannot go, and a record without its required
   * fields cannot be made; each refusal says why. */
  {
    g_autoptr(JsonObject) refused =
      fl_test_server_call_okf (fixture->base.server, fixture->base.token, "Customer/set",
                               "{\"destroy\": [\"%s\"], \"create\": {\"bad\": {\"plan\": \"x\"}}}", ids[0]);
    JsonObject *not_created = json_object_get_object_member (
      json_object_get_object_member (refused, "notCreated"), "bad");

    g_assert_cmpstr (json_object_get_string_member (
                       json_object_get_object_member (json_object_get_object_member (refused, "notDestroyed"),
                                                      ids[0]), "type"), ==, "stillReferenced");
    g_assert_cmpstr (json_object_get_string_member (not_created, "type"), ==, "invalidProperties");
    g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (not_created, "properties"), 0),
                     ==, "name");
    g_assert_true (json_object_get_null_member (refused, "destroyed"));
    g_assert_nonnull (fl_test_server_get_record (fixture->base.server, fixture->base.token,
                                                 "Customer", ids[0]));
  }

  /* Children first. */
  for (guint s = G_N_ELEMENTS (set_steps); s-- > 0;)
    {
      const SetStep *step = &set_steps[s];
      g_autofree char *method = g_strconcat (step->type, "/set", NULL);
      g_autoptr(JsonObject) destroyed = NULL;
      JsonArray *list;

      destroyed = fl_test_server_call_okf (fixture->base.server, fixture->base.token, method,
                                           "{\"destroy\": [\"%s\", \"" MISSING_ID "\"]}", ids[s]);
      list = json_object_get_array_member (destroyed, "destroyed");
      g_assert_cmpuint (json_array_get_length (list), ==, 1);
      g_assert_cmpstr (json_array_get_string_element (list, 0), ==, ids[s]);
      g_assert_true (json_object_has_member (json_object_get_object_member (destroyed, "notDestroyed"), MISSING_ID));
      g_assert_null (fl_test_server_get_record (fixture->base.server, fixture->base.token,
                                                step->type, ids[s]));

      /* Destroyed, to a client that had it; nothing at all to one from before
       * it existed. */
      assert_changes (fixture, step->type, created_states[s], NULL, NULL, ids[s]);
      assert_changes (fixture, step->type, first_states[s], NULL, NULL, NULL);
    }

  for (guint s = 0; s < G_N_ELEMENTS (set_steps); s++)
    {
      g_free (ids[s]);
      g_free (created_states[s]);
      g_free (first_states[s]);
    }
}

static void
test_query_changes (Fixture       *fixture,
                    gconstpointer  data)
{
  for (guint t = 0; t < G_N_ELEMENTS (get_types); t++)
    {
      g_autofree char *method = g_strconcat (get_types[t].type, "/queryChanges", NULL);
      g_autofree char *query_method = g_strconcat (get_types[t].type, "/query", NULL);
      g_autoptr(JsonObject) query = fl_test_server_call_ok (fixture->base.server,
                                                            fixture->base.token, query_method,
                                                            "{\"limit\": 1}");
      g_autofree char *error = NULL;

      g_assert_false (json_object_get_boolean_member (query, "canCalculateChanges"));
      error = fl_test_server_call_errorf (fixture->base.server, fixture->base.token, method,
                                          "{\"sinceQueryState\": \"%s\"}",
                                          json_object_get_string_member (query, "queryState"));
      g_assert_cmpstr (error, ==, "cannotCalculateChanges");
    }
}

/* --- Back-references ---------------------------------------------------- */

static void
test_back_references (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *customer = fixture->base.customer;
  g_autofree char *calls = NULL;
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(GHashTable) case_ids = NULL;
  g_autoptr(GHashTable) got_case_ids = NULL;
  JsonArray *query_ids;
  JsonArray *cases;
  JsonArray *interactions;
  JsonArray *linked_cases;

  calls = g_strdup_printf (
    "[[\"Case/query\", {\"accountId\": \"org\", \"filter\": {\"customerId\": \"%s\"}}, \"q\"],"
    " [\"Case/get\", {\"accountId\": \"org\", \"#ids\": {\"resultOf\": \"q\", \"name\": \"Case/query\","
    "  \"path\": \"/ids\"}, \"properties\": [\"customerId\"]}, \"g\"],"
    " [\"Interaction/query\", {\"accountId\": \"org\", \"filter\": {\"customerId\": \"%s\"}}, \"iq\"],"
    " [\"Interaction/get\", {\"accountId\": \"org\", \"#ids\": {\"resultOf\": \"iq\","
    "  \"name\": \"Interaction/query\", \"path\": \"/ids\"}, \"properties\": [\"caseId\"]}, \"ig\"],"
    " [\"Case/get\", {\"accountId\": \"org\", \"#ids\": {\"resultOf\": \"ig\", \"name\": \"Interaction/get\","
    "  \"path\": \"/list/*/caseId\"}, \"properties\": [\"customerId\"]}, \"c\"]]",
    customer, customer);
  response = fl_test_server_jmap (fixture->base.server, fixture->agent, calls, NULL);

  /* The query's ids, in order, are what the get read. */
  query_ids = json_object_get_array_member (fl_test_response_args (response, 0, "Case/query"),
                                            "ids");
  cases = json_object_get_array_member (fl_test_response_args (response, 1, "Case/get"), "list");
  g_assert_cmpuint (json_array_get_length (query_ids), >, 0);
  g_assert_cmpuint (json_array_get_length (cases), ==, json_array_get_length (query_ids));
  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonObject *record = json_array_get_object_element (cases, i);

      g_assert_cmpstr (json_object_get_string_member (record, "id"), ==,
                       json_array_get_string_element (query_ids, i));
      g_assert_cmpstr (json_object_get_string_member (record, "customerId"), ==, customer);
    }
  case_ids = fl_test_string_set (query_ids);

  /* A path through every item of the list: the case of every interaction. */
  interactions = json_object_get_array_member (fl_test_response_args (response, 3, "Interaction/get"), "list");
  linked_cases = json_object_get_array_member (fl_test_response_args (response, 4, "Case/get"),
                                               "list");
  g_assert_cmpuint (json_array_get_length (interactions), >, 0);
  g_assert_cmpuint (json_array_get_length (linked_cases), ==, json_array_get_length (interactions));
  got_case_ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < json_array_get_length (linked_cases); i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (linked_cases, i), "id");

      g_assert_cmpstr (id, ==,
                       json_object_get_string_member (json_array_get_object_element (interactions, i),
                                                              "caseId"));
      g_assert_true (g_hash_table_contains (case_ids, id));
      g_hash_table_add (got_case_ids, (gpointer) id);
    }
  g_assert_cmpuint (g_hash_table_size (got_case_ids), >, 0);
}

static void
test_back_references_invalid (Fixture       *fixture,
                              gconstpointer  data)
{
  static const struct
  {
    const char *reference;
    const char *error;
  } cases[] = {
    /* No earlier call with that id. */
    { "\"#ids\": {\"resultOf\": \"nope\", \"name\": \"Case/query\", \"path\": \"/ids\"}",
     "invalidResultReference" },
    /* That call was something else. */
    { "\"#ids\": {\"resultOf\": \"q\", \"name\": \"Case/get\", \"path\": \"/ids\"}",
     "invalidResultReference" },
    /* The path leads nowhere. */
    { "\"#ids\": {\"resultOf\": \"q\", \"name\": \"Case/query\", \"path\": \"/nothing\"}",
     "invalidResultReference" },
    { "\"#ids\": {\"resultOf\": \"q\", \"name\": \"Case/query\", \"path\": \"/ids/100000\"}",
     "invalidResultReference" },
    { "\"#ids\": {\"resultOf\": \"q\", \"name\": \"Case/query\", \"path\": \"ids\"}",
     "invalidResultReference" },
    /* Not a reference at all. */
    { "\"#ids\": \"q\"", "invalidResultReference" },
    /* The value both given and referred to. */
    { "\"ids\": [], \"#ids\": {\"resultOf\": \"q\", \"name\": \"Case/query\", \"path\": \"/ids\"}",
     "invalidArguments" },
    /* A reference to a call that failed. */
    { "\"#ids\": {\"resultOf\": \"bad\", \"name\": \"Case/query\", \"path\": \"/ids\"}",
     "invalidResultReference" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *calls = g_strdup_printf (
        "[[\"Case/query\", {\"accountId\": \"org\", \"limit\": 2}, \"q\"],"
        " [\"Case/query\", {\"accountId\": \"org\", \"filter\": {\"nope\": 1}}, \"bad\"],"
        " [\"Case/get\", {\"accountId\": \"org\", %s}, \"g\"],"
        " [\"Core/echo\", {\"still\": \"here\"}, \"e\"]]", cases[i].reference);
      g_autoptr(JsonObject) response = fl_test_server_jmap (fixture->base.server, fixture->agent,
                                                            calls, NULL);

      g_test_message ("reference %s", cases[i].reference);
      g_assert_cmpstr (fl_test_response_error (response, 1), ==, "unsupportedFilter");
      g_assert_cmpstr (fl_test_response_error (response, 2), ==, cases[i].error);
      /* A failed call does not stop the ones after it. */
      g_assert_cmpstr (json_object_get_string_member (fl_test_response_args (response, 3, "Core/echo"), "still"),
                       ==, "here");
    }
}

static void
test_creation_references (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *customer = fixture->base.customer;
  g_autofree char *calls = NULL;
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) carried = NULL;
  JsonObject *created_ids;
  JsonObject *interaction;
  const char *case_id;
  const char *interaction_id;
  const char *customer_id;

  /* A customer, their case and a note on it, in one request. */
  calls = g_strdup_printf (
    "[[\"Customer/set\", {\"accountId\": \"org\", \"create\": {\"c\": {\"name\": \"Noor Haddad\"}}}, \"0\"],"
    " [\"Case/set\", {\"accountId\": \"org\", \"create\": {\"k\": {\"customerId\": \"#c\","
    "  \"subject\": \"Webcam freezes in calls\"}}}, \"1\"],"
    " [\"Interaction/set\", {\"accountId\": \"org\", \"create\": {\"n\": {\"caseId\": \"#k\", \"kind\": \"call\","
    "  \"body\": \"Called about the webcam\"}}}, \"2\"],"
    " [\"Interaction/get\", {\"accountId\": \"org\", \"ids\": [\"#n\"]}, \"3\"],"
    " [\"Case/query\", {\"accountId\": \"org\", \"filter\": {\"customerId\": \"#c\"}}, \"4\"]]");
  response = fl_test_server_jmap (fixture->base.server, fixture->agent, calls,
                                  "\"createdIds\": {}");

  customer_id = fl_test_created_id (fl_test_response_args (response, 0, "Customer/set"), "c");
  case_id = fl_test_created_id (fl_test_response_args (response, 1, "Case/set"), "k");
  interaction = json_object_get_object_member (json_object_get_object_member (
    fl_test_response_args (response, 2, "Interaction/set"), "created"), "n");
  g_assert_nonnull (interaction);
  interaction_id = json_object_get_string_member (interaction, "id");
  g_assert_cmpstr (json_object_get_string_member (interaction, "caseId"), ==, case_id);
  g_assert_cmpstr (json_object_get_string_member (interaction, "customerId"), ==, customer_id);
  {
    JsonArray *list = json_object_get_array_member (fl_test_response_args (response, 3, "Interaction/get"), "list");

    g_assert_cmpuint (json_array_get_length (list), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0),
                                                    "caseId"), ==, case_id);
  }
  {
    JsonArray *ids = json_object_get_array_member (fl_test_response_args (response, 4, "Case/query"), "ids");

    g_assert_cmpuint (json_array_get_length (ids), ==, 1);
    g_assert_cmpstr (json_array_get_string_element (ids, 0), ==, case_id);
  }

  /* Asked for with createdIds, the response maps every creation id. */
  created_ids = json_object_get_object_member (response, "createdIds");
  g_assert_nonnull (created_ids);
  g_assert_cmpuint (json_object_get_size (created_ids), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (created_ids, "c"), ==, customer_id);
  g_assert_cmpstr (json_object_get_string_member (created_ids, "k"), ==, case_id);
  g_assert_cmpstr (json_object_get_string_member (created_ids, "n"), ==, interaction_id);

  /* Without it, no createdIds in the response; an unknown creation id is the
   * record's problem, not the request's. */
  g_free (calls);
  calls = g_strdup_printf (
    "[[\"Interaction/set\", {\"accountId\": \"org\", \"create\": {\"n\": {\"caseId\": \"#nowhere\","
    "  \"kind\": \"note\", \"body\": \"x\"}}}, \"0\"]]");
  again = fl_test_server_jmap (fixture->base.server, fixture->agent, calls, NULL);
  g_assert_false (json_object_has_member (again, "createdIds"));
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_object_get_object_member (
                       fl_test_response_args (again, 0,
                                              "Interaction/set"), "notCreated"), "n"), "type"),
                   ==, "invalidProperties");

  /* createdIds carried over from an earlier request resolve too, and come back
   * with the new ones. */
  g_free (calls);
  calls = g_strdup_printf (
    "[[\"Interaction/set\", {\"accountId\": \"org\", \"create\": {\"m\": {\"caseId\": \"#old\","
    "  \"kind\": \"note\", \"body\": \"Second note\"}}}, \"0\"]]");
  {
    g_autofree char *extra = g_strdup_printf ("\"createdIds\": {\"old\": \"%s\"}", case_id);
    JsonObject *made;

    carried = fl_test_server_jmap (fixture->base.server, fixture->agent, calls, extra);
    made = json_object_get_object_member (json_object_get_object_member (
      fl_test_response_args (carried, 0, "Interaction/set"), "created"), "m");
    g_assert_nonnull (made);
    g_assert_cmpstr (json_object_get_string_member (made, "caseId"), ==, case_id);
    created_ids = json_object_get_object_member (carried, "createdIds");
    g_assert_cmpstr (json_object_get_string_member (created_ids, "old"), ==, case_id);
    g_assert_cmpstr (json_object_get_string_member (created_ids, "m"), ==,
                     json_object_get_string_member (made, "id"));
  }
  g_assert_cmpstr (customer, !=, customer_id);
}

/* --- ifInState ---------------------------------------------------------- */

static void
test_if_in_state (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *customer = fixture->base.customer;
  g_autofree char *state = fl_test_server_state (fixture->base.server, fixture->agent, "Case");
  g_autofree char *interaction_state = fl_test_server_state (fixture->base.server, fixture->agent,
                                                             "Interaction");
  g_autofree char *error = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) third = NULL;
  g_autoptr(JsonObject) other_type = NULL;
  g_autoptr(JsonObject) fetched = NULL;
  const char *case_id;
  const char *new_state;
  gint64 count;

  first = fl_test_server_call_okf (fixture->base.server, fixture->agent, "Case/set",
                                   "{\"ifInState\": \"%s\", \"create\": {\"k\": {\"customerId\": \"%s\","
                                   " \"subject\": \"Keyboard repeats keys\"}}}", state, customer);
  case_id = fl_test_created_id (first, "k");
  new_state = json_object_get_string_member (first, "newState");
  count = fl_test_server_count (fixture->base.server, fixture->agent, "Case");

  /* Stale: nothing of the call is written, neither the create nor the update. */
  error = fl_test_server_call_errorf (fixture->base.server, fixture->agent, "Case/set",
                                      "{\"ifInState\": \"%s\", \"create\": {\"k\": {\"customerId\": \"%s\","
                                      " \"subject\": \"Must not be written\"}}, \"update\": {\"%s\":"
                                      " {\"subject\": \"Must not be changed\"}}}", state, customer, case_id);
  g_assert_cmpstr (error, ==, "stateMismatch");
  g_assert_cmpint (fl_test_server_count (fixture->base.server, fixture->agent, "Case"), ==, count);
  fetched = fl_test_server_get_record (fixture->base.server, fixture->agent, "Case", case_id);
  g_assert_cmpstr (json_object_get_string_member (fetched, "subject"), ==, "Keyboard repeats keys");
  {
    g_autofree char *now = fl_test_server_state (fixture->base.server, fixture->agent, "Case");

    g_assert_cmpstr (now, ==, new_state);
  }
  assert_changes (fixture, "Case", new_state, NULL, NULL, NULL);

  /* The current state works again. */
  third = fl_test_server_call_okf (fixture->base.server, fixture->agent, "Case/set",
                                   "{\"ifInState\": \"%s\", \"update\": {\"%s\": {\"subject\": \"Keyboard repeats"
                                   " every key\"}}}", new_state, case_id);
  g_assert_true (json_object_has_member (json_object_get_object_member (third, "updated"),
                                         case_id));

  /* States are per type: the cases written meanwhile leave Interaction's alone. */
  other_type = fl_test_server_call_okf (fixture->base.server, fixture->agent, "Interaction/set",
                                        "{\"ifInState\": \"%s\", \"create\": {\"n\": {\"caseId\": \"%s\","
                                        " \"kind\": \"note\", \"body\": \"Checked the cable\"}}}",
                                        interaction_state, case_id);
  g_assert_nonnull (fl_test_created_id (other_type, "n"));
}

/* Disabling an account signs it out: at once, and for good (the sessions are
 * gone from the database, so a restart does not bring them back). */
static void
test_disabled_account_is_signed_out (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autofree char *trainee = fl_test_server_login (fixture->base.server, "trainee", FL_TEST_DEMO_PASSWORD, NULL);
  g_autoptr(JsonObject) agents = NULL;
  g_autoptr(JsonObject) set = NULL;
  g_autoptr(JsonNode) session = NULL;
  g_autofree char *args = NULL;
  guint status;

  g_assert_nonnull (trainee);
  agents = fl_test_server_call_ok (fixture->base.server, fixture->base.token, "Agent/query", "{\"filter\": {\"login\": \"trainee\"}}");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (agents, "ids")), ==, 1);
  args = g_strdup_printf ("{\"update\": {\"%s\": {\"disabled\": true}}}",
                          json_array_get_string_element (json_object_get_array_member (agents, "ids"), 0));
  set = fl_test_server_call_ok (fixture->base.server, fixture->base.token, "Agent/set", args);
  g_assert_nonnull (json_object_get_object_member (set, "updated"));

  session = fl_test_server_request (fixture->base.server, "GET", "/.well-known/jmap", trainee, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&session, json_node_unref);
  session = fl_test_server_request (fixture->base.server, "POST", "/jmap/api", trainee,
                                    "{\"using\": " FL_TEST_USING ", \"methodCalls\": []}", -1, &status);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&session, json_node_unref);

  fl_test_server_stop (fixture->base.server);
  fl_test_server_restart (fixture->base.server);
  g_free (fixture->base.token);
  fixture->base.token = fl_test_server_login (fixture->base.server, "lead", FL_TEST_DEMO_PASSWORD, NULL);
  session = fl_test_server_request (fixture->base.server, "POST", "/auth/logout", trainee, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 401);
  /* And it cannot sign in again while disabled. */
  g_assert_null (fl_test_server_login (fixture->base.server, "trainee", FL_TEST_DEMO_PASSWORD, &status));
  g_assert_cmpuint (status, ==, 403);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/server/protocol/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("session", test_session);
  ADD ("create-then-changes", test_create_then_changes);
  ADD ("get/ids-properties-not-found", test_get);
  ADD ("get/null-ids-is-every-record", test_get_all);
  ADD ("get/request-too-large", test_get_too_large);
  ADD ("set/create-update-destroy-with-changes", test_set_create_update_destroy);
  ADD ("query-changes/cannot-calculate", test_query_changes);
  ADD ("back-references/query-into-get", test_back_references);
  ADD ("back-references/invalid", test_back_references_invalid);
  ADD ("back-references/creation-ids", test_creation_references);
  ADD ("if-in-state", test_if_in_state);
#undef ADD

  g_test_add ("/server/protocol/disabled-account-is-signed-out", Fixture, NULL, fixture_set_up,
              test_disabled_account_is_signed_out, fixture_tear_down);

  return g_test_run ();
}

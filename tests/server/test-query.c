/* test-query.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * X/query against the real server and the demo data: the filters each type
 * takes, sorting, paging with position and limit, totals, and the errors for
 * filters and sorts it does not take. Every result is checked against the
 * records themselves, read back with X/get.
 */
#include "config.h"

#include "fl-timestamp.h"
#include "server-fixture.h"

#define SHOWCASE_EMAIL "helena@marquez-hale.example"

typedef FlTestFixture Fixture;

/* X/query with @filter_json and @extra_json arguments; returns the result. */
static JsonObject *
query (Fixture    *fixture,
       const char *type,
       const char *filter_json,
       const char *extra_json)
{
  g_autofree char *method = g_strconcat (type, "/query", NULL);

  return fl_test_server_call_okf (fixture->server, fixture->token, method, "{\"filter\": %s%s%s}",
                                  filter_json, extra_json != NULL ? ", " : "",
                                  extra_json != NULL ? extra_json : "");
}

static char *
query_error (Fixture    *fixture,
             const char *type,
             const char *args_json)
{
  g_autofree char *method = g_strconcat (type, "/query", NULL);

  return fl_test_server_call_error (fixture->server, fixture->token, method, args_json);
}

/* The records with these ids, in order (X/get). */
static JsonArray *
get_records (Fixture    *fixture,
             const char *type,
             JsonArray  *ids)
{
  g_autofree char *method = g_strconcat (type, "/get", NULL);
  g_autoptr(JsonNode) ids_node = json_node_init_array (json_node_alloc (), ids);
  g_autofree char *ids_json = json_to_string (ids_node, FALSE);
  g_autoptr(JsonObject) got = fl_test_server_call_okf (fixture->server, fixture->token, method,
                                                       "{\"ids\": %s}", ids_json);
  JsonArray *list = json_object_get_array_member (got, "list");

  g_assert_cmpuint (json_array_get_length (list), ==, json_array_get_length (ids));
  return json_array_ref (list);
}

/* Asserts that every record of @ids has @property equal to @value (NULL: absent
 * or null); returns how many there are. */
static guint
assert_all (Fixture    *fixture,
            const char *type,
            JsonArray  *ids,
            const char *property,
            const char *value)
{
  g_autoptr(JsonArray) records = get_records (fixture, type, ids);

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);
      JsonNode *actual = json_object_get_member (record, property);

      if (value == NULL)
        g_assert_true (actual == NULL || JSON_NODE_HOLDS_NULL (actual));
      else
        g_assert_cmpstr (json_object_get_string_member (record, property), ==, value);
    }
  return json_array_get_length (records);
}

static gboolean
contains (JsonArray  *ids,
          const char *id)
{
  for (guint i = 0; i < json_array_get_length (ids); i++)
    if (g_strcmp0 (json_array_get_string_element (ids, i), id) == 0)
      return TRUE;
  return FALSE;
}

/* --- Customer ----------------------------------------------------------- */

static void
test_customer (Fixture       *fixture,
               gconstpointer  data)
{
  static const char * const filters[] = {
    "{\"phone\": \"" FL_TEST_SHOWCASE_PHONE "\"}",
    "{\"phone\": \"5550100\"}",
    "{\"email\": \"" SHOWCASE_EMAIL "\"}",
    "{\"text\": \"Márquez\"}",
    "{\"text\": \"" SHOWCASE_EMAIL "\"}",
  };
  g_autofree char *two = NULL;
  g_autoptr(JsonObject) nobody = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      g_autoptr(JsonObject) result = query (fixture, "Customer", filters[i],
                                            "\"calculateTotal\": true");
      JsonArray *ids = json_object_get_array_member (result, "ids");

      g_test_message ("Customer/query %s", filters[i]);
      g_assert_true (contains (ids, fixture->customer));
      g_assert_cmpint (json_object_get_int_member (result, "total"), ==,
                       json_array_get_length (ids));
    }

  nobody = query (fixture, "Customer", "{\"email\": \"nobody-at-all@nowhere.example\"}", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (nobody, "ids")), ==, 0);

  /* One way of looking a customer up at a time. */
  two = query_error (fixture, "Customer",
                     "{\"filter\": {\"phone\": \"" FL_TEST_SHOWCASE_PHONE "\", \"email\": \"" SHOWCASE_EMAIL "\"}}");
  g_assert_cmpstr (two, ==, "unsupportedFilter");
}

/* --- Case --------------------------------------------------------------- */

static void
test_case_text (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(JsonObject) all = query (fixture, "Case", "{\"text\": \"flicker\"}",
                                     "\"calculateTotal\": true, \"limit\": 1000");
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(JsonObject) open = NULL;
  g_autoptr(JsonArray) records = NULL;
  JsonArray *all_ids = json_object_get_array_member (all, "ids");
  JsonArray *page_ids;
  JsonArray *open_ids;
  guint n_open = 0;

  g_assert_cmpuint (json_array_get_length (all_ids), >, 5);
  g_assert_cmpint (json_object_get_int_member (all, "total"), ==, json_array_get_length (all_ids));

  /* A page of the ranking: the same order, and the total of the whole. */
  page = query (fixture, "Case", "{\"text\": \"flicker\"}",
                "\"calculateTotal\": true, \"position\": 2, \"limit\": 3");
  page_ids = json_object_get_array_member (page, "ids");
  g_assert_cmpint (json_object_get_int_member (page, "total"), ==, json_array_get_length (all_ids));
  g_assert_cmpint (json_object_get_int_member (page, "position"), ==, 2);
  g_assert_cmpuint (json_array_get_length (page_ids), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (json_array_get_string_element (page_ids, i), ==,
                     json_array_get_string_element (all_ids, i + 2));

  /* Text and a condition that few of the ranked cases meet: all of those,
   * wherever they rank, and only those. */
  records = get_records (fixture, "Case", all_ids);
  for (guint i = 0; i < json_array_get_length (records); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (records, i),
                                                  "status"),
                   "open") == 0)
      n_open++;
  g_assert_cmpuint (n_open, >, 0);
  g_assert_cmpuint (n_open, <, json_array_get_length (all_ids));
  open = query (fixture, "Case", "{\"text\": \"flicker\", \"status\": \"open\"}",
                "\"calculateTotal\": true, \"limit\": 1");
  open_ids = json_object_get_array_member (open, "ids");
  g_assert_cmpint (json_object_get_int_member (open, "total"), ==, n_open);
  g_assert_cmpuint (json_array_get_length (open_ids), ==, 1);
  assert_all (fixture, "Case", open_ids, "status", "open");
  g_assert_true (contains (all_ids, json_array_get_string_element (open_ids, 0)));
}

static void
test_case_status_tier (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char * const statuses[] = { "new", "open", "closed" };
  gint64 sum = 0;
  g_autoptr(JsonObject) either = NULL;
  g_autoptr(JsonObject) tier2 = NULL;
  g_autoptr(JsonObject) none = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *filter = g_strdup_printf ("{\"status\": \"%s\"}", statuses[i]);
      g_autoptr(JsonObject) result = query (fixture, "Case", filter,
                                            "\"calculateTotal\": true, \"limit\": 1000");
      JsonArray *ids = json_object_get_array_member (result, "ids");

      g_assert_cmpint (json_object_get_int_member (result, "total"), ==,
                       json_array_get_length (ids));
      assert_all (fixture, "Case", ids, "status", statuses[i]);
      if (i < 2)
        sum += json_array_get_length (ids);
    }

  /* An array is any of its values. */
  either = query (fixture, "Case", "{\"status\": [\"new\", \"open\"]}", "\"calculateTotal\": true");
  g_assert_cmpint (json_object_get_int_member (either, "total"), ==, sum);
  g_assert_cmpint (sum, >, 0);
  none = query (fixture, "Case", "{\"status\": []}", "\"calculateTotal\": true");
  g_assert_cmpint (json_object_get_int_member (none, "total"), ==, 0);

  tier2 = query (fixture, "Case", "{\"tier\": \"tier2\"}",
                 "\"calculateTotal\": true, \"limit\": 1000");
  g_assert_cmpint (json_object_get_int_member (tier2, "total"), >, 0);
  assert_all (fixture, "Case", json_object_get_array_member (tier2, "ids"), "tier", "tier2");

  /* Conditions together all hold. */
  {
    g_autoptr(JsonObject) both = query (fixture, "Case",
                                        "{\"tier\": \"tier2\", \"status\": \"closed\"}",
                                        "\"limit\": 1000");
    JsonArray *ids = json_object_get_array_member (both, "ids");

    assert_all (fixture, "Case", ids, "tier", "tier2");
    assert_all (fixture, "Case", ids, "status", "closed");
  }
}

static void
test_case_assignee_customer (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(JsonObject) open = query (fixture, "Case", "{\"status\": \"open\"}", "\"limit\": 1");
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) assigned = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) unassigned = NULL;
  g_autoptr(JsonObject) of_customer = NULL;
  const char *assignee;
  const char *unassigned_id;
  g_autofree char *filter = NULL;

  first = fl_test_server_get_record (fixture->server, fixture->token, "Case",
                                     json_array_get_string_element (json_object_get_array_member (open, "ids"), 0));
  assignee = json_object_get_string_member (first, "assigneeId");
  g_assert_nonnull (assignee);

  filter = g_strdup_printf ("{\"assigneeId\": \"%s\"}", assignee);
  assigned = query (fixture, "Case", filter, "\"limit\": 1000");
  g_assert_true (contains (json_object_get_array_member (assigned, "ids"),
                           json_object_get_string_member (first, "id")));
  assert_all (fixture, "Case", json_object_get_array_member (assigned, "ids"), "assigneeId",
              assignee);

  /* null: the cases nobody holds. */
  created = fl_test_server_call_okf (fixture->server, fixture->token, "Case/set",
                                     "{\"create\": {\"k\": {\"customerId\": \"%s\", \"subject\": \"Nobody's case\"}}}",
                                     fixture->customer);
  unassigned_id = fl_test_created_id (created, "k");
  unassigned = query (fixture, "Case", "{\"assigneeId\": null}",
                      "\"limit\": 1000, \"calculateTotal\": true");
  g_assert_true (contains (json_object_get_array_member (unassigned, "ids"), unassigned_id));
  g_assert_false (contains (json_object_get_array_member (unassigned, "ids"),
                            json_object_get_string_member (first, "id")));
  assert_all (fixture, "Case", json_object_get_array_member (unassigned, "ids"), "assigneeId",
              NULL);

  g_free (filter);
  filter = g_strdup_printf ("{\"customerId\": \"%s\"}", fixture->customer);
  of_customer = query (fixture, "Case", filter, "\"limit\": 1000, \"calculateTotal\": true");
  g_assert_cmpint (json_object_get_int_member (of_customer, "total"), >, 1);
  g_assert_true (contains (json_object_get_array_member (of_customer, "ids"), unassigned_id));
  assert_all (fixture, "Case", json_object_get_array_member (of_customer, "ids"), "customerId",
              fixture->customer);
}

/* --- Flaw and Interaction ----------------------------------------------- */

static void
test_flaw (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(JsonObject) some = query (fixture, "Flaw", "null", "\"limit\": 1");
  g_autoptr(JsonObject) flaw = NULL;
  g_autoptr(JsonObject) by_text = NULL;
  g_autoptr(JsonObject) by_product = NULL;
  g_autoptr(JsonObject) by_version = NULL;
  g_autofree char *filter = NULL;
  g_autofree char *error = NULL;
  const char *flaw_id;
  const char *product;
  const char *version;

  flaw_id = json_array_get_string_element (json_object_get_array_member (some, "ids"), 0);
  flaw = fl_test_server_get_record (fixture->server, fixture->token, "Flaw", flaw_id);
  product = json_object_get_string_member (flaw, "productId");
  version = json_array_get_string_element (json_object_get_array_member (flaw, "affectedVersions"),
                                           0);
  g_assert_nonnull (version);

  filter = g_strdup_printf ("{\"text\": \"%s\"}", json_object_get_string_member (flaw, "title"));
  by_text = query (fixture, "Flaw", filter, NULL);
  g_assert_true (contains (json_object_get_array_member (by_text, "ids"), flaw_id));

  g_free (filter);
  filter = g_strdup_printf ("{\"productId\": \"%s\"}", product);
  by_product = query (fixture, "Flaw", filter, "\"calculateTotal\": true");
  g_assert_true (contains (json_object_get_array_member (by_product, "ids"), flaw_id));
  g_assert_cmpint (json_object_get_int_member (by_product, "total"), <,
                   fl_test_server_count (fixture->server, fixture->token, "Flaw"));
  assert_all (fixture, "Flaw", json_object_get_array_member (by_product, "ids"), "productId",
              product);

  /* The flaws that affect that version of that product. */
  g_free (filter);
  filter = g_strdup_printf ("{\"productId\": \"%s\", \"version\": \"%s\"}", product, version);
  by_version = query (fixture, "Flaw", filter, NULL);
  g_assert_true (contains (json_object_get_array_member (by_version, "ids"), flaw_id));
  assert_all (fixture, "Flaw", json_object_get_array_member (by_version, "ids"), "productId",
              product);

  g_free (filter);
  filter = g_strdup_printf ("{\"filter\": {\"version\": \"%s\"}}", version);
  error = query_error (fixture, "Flaw", filter);
  g_assert_cmpstr (error, ==, "unsupportedFilter");
}

static void
test_interaction (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *filter = g_strdup_printf ("{\"customerId\": \"%s\"}", fixture->customer);
  g_autoptr(JsonObject) of_customer = query (fixture, "Interaction", filter,
                                             "\"calculateTotal\": true, \"limit\": 200");
  g_autoptr(JsonObject) of_case = NULL;
  g_autoptr(JsonObject) first = NULL;
  JsonArray *ids = json_object_get_array_member (of_customer, "ids");
  const char *case_id;

  g_assert_cmpuint (json_array_get_length (ids), >, 1);
  g_assert_cmpint (json_array_get_length (ids), ==, MIN (200,
                                                         json_object_get_int_member (of_customer, "total")));
  assert_all (fixture, "Interaction", ids, "customerId", fixture->customer);

  first = fl_test_server_get_record (fixture->server, fixture->token, "Interaction",
                                     json_array_get_string_element (ids, 0));
  case_id = json_object_get_string_member (first, "caseId");
  g_free (filter);
  filter = g_strdup_printf ("{\"caseId\": \"%s\"}", case_id);
  of_case = query (fixture, "Interaction", filter, "\"calculateTotal\": true, \"limit\": 1000");
  g_assert_true (contains (json_object_get_array_member (of_case, "ids"),
                           json_object_get_string_member (first, "id")));
  g_assert_cmpint (json_object_get_int_member (of_case, "total"), <,
                   json_object_get_int_member (of_customer, "total"));
  assert_all (fixture, "Interaction", json_object_get_array_member (of_case, "ids"), "caseId",
              case_id);
}

/* --- Sort, position, limit, total --------------------------------------- */

static gint64
created_at (JsonObject *record)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (json_object_get_string_member (record, "createdAt"), NULL);

  g_assert_nonnull (time);
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

static void
test_sort_and_paging (Fixture       *fixture,
                      gconstpointer  data)
{
  gint64 count = fl_test_server_count (fixture->server, fixture->token, "Case");
  g_autoptr(JsonObject) oldest = query (fixture, "Case", "null",
                                        "\"sort\": [{\"property\": \"createdAt\", \"isAscending\": true}],"
                                        " \"limit\": 10, \"calculateTotal\": true");
  g_autoptr(JsonObject) later = query (fixture, "Case", "null",
                                       "\"sort\": [{\"property\": \"createdAt\"}], \"position\": 5, \"limit\": 10");
  g_autoptr(JsonObject) newest = query (fixture, "Case", "null",
                                        "\"sort\": [{\"property\": \"createdAt\", \"isAscending\": false}],"
                                        " \"limit\": 10");
  g_autoptr(JsonObject) past_end = NULL;
  g_autoptr(JsonArray) old_records = NULL;
  g_autoptr(JsonArray) new_records = NULL;
  g_autofree char *position = NULL;
  JsonArray *oldest_ids = json_object_get_array_member (oldest, "ids");
  JsonArray *later_ids = json_object_get_array_member (later, "ids");

  g_assert_cmpint (count, >, 20);
  g_assert_cmpint (json_object_get_int_member (oldest, "total"), ==, count);
  g_assert_cmpint (json_object_get_int_member (oldest, "limit"), ==, 10);
  g_assert_cmpuint (json_array_get_length (oldest_ids), ==, 10);
  /* A total only when asked for. */
  g_assert_false (json_object_has_member (later, "total"));

  /* Position 5 starts at the sixth of the same order. */
  g_assert_cmpint (json_object_get_int_member (later, "position"), ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpstr (json_array_get_string_element (later_ids, i), ==,
                     json_array_get_string_element (oldest_ids, i + 5));

  old_records = get_records (fixture, "Case", oldest_ids);
  new_records = get_records (fixture, "Case", json_object_get_array_member (newest, "ids"));
  for (guint i = 1; i < 10; i++)
    {
      g_assert_cmpint (created_at (json_array_get_object_element (old_records, i - 1)), <=,
                       created_at (json_array_get_object_element (old_records, i)));
      g_assert_cmpint (created_at (json_array_get_object_element (new_records, i - 1)), >=,
                       created_at (json_array_get_object_element (new_records, i)));
    }
  g_assert_cmpint (created_at (json_array_get_object_element (new_records, 0)), >,
                   created_at (json_array_get_object_element (old_records, 9)));

  /* Past the end: no ids, and still the total. */
  position = g_strdup_printf ("\"position\": %" G_GINT64_FORMAT ", \"calculateTotal\": true",
                              count);
  past_end = query (fixture, "Case", "null", position);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (past_end, "ids")), ==, 0);
  g_assert_cmpint (json_object_get_int_member (past_end, "total"), ==, count);

  /* A query's state is the type's. */
  {
    g_autofree char *state = fl_test_server_state (fixture->server, fixture->token, "Case");

    g_assert_cmpstr (json_object_get_string_member (oldest, "queryState"), ==, state);
  }
}

/* --- Paging a first sync: idAfter and activeSince ---------------------- */

/* Every id of @type, walked a page at a time with idAfter, comes out once, in
 * id order, and matches one plain query for them all. */
static void
test_id_after_pages_in_id_order (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(JsonObject) all = query (fixture, "Customer", "null", "\"limit\": 1000, \"calculateTotal\": true");
  JsonArray *all_ids = json_object_get_array_member (all, "ids");
  g_autofree char *last = NULL;
  guint seen = 0;

  g_assert_cmpint (json_object_get_int_member (all, "total"), ==, json_array_get_length (all_ids));
  g_assert_cmpuint (json_array_get_length (all_ids), >, 40);
  for (;;)
    {
      g_autofree char *filter = last != NULL ? g_strdup_printf ("{\"idAfter\": \"%s\"}", last) : g_strdup ("null");
      g_autoptr(JsonObject) page = query (fixture, "Customer", filter, "\"limit\": 17");
      JsonArray *ids = json_object_get_array_member (page, "ids");

      for (guint i = 0; i < json_array_get_length (ids); i++)
        {
          const char *id = json_array_get_string_element (ids, i);

          g_assert_true (last == NULL || strcmp (id, last) > 0);
          g_assert_cmpstr (id, ==, json_array_get_string_element (all_ids, seen));
          g_free (last);
          last = g_strdup (id);
          seen++;
        }
      if (json_array_get_length (ids) < 17)
        break;
    }
  g_assert_cmpuint (seen, ==, json_array_get_length (all_ids));
}

/* activeSince keeps the cases a desktop needs first: active ones whatever
 * their age, the rest only if changed since. */
static void
test_case_active_since (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char * const active[] = { "new", "open", "pending", "escalated", NULL };
  g_autoptr(JsonObject) all = query (fixture, "Case", "null", "\"limit\": 1000");
  g_autoptr(JsonArray) records = get_records (fixture, "Case", json_object_get_array_member (all, "ids"));
  gint64 since = fl_timestamp_now () - (gint64) 90 * 24 * 3600 * G_USEC_PER_SEC;
  g_autofree char *since_text = fl_timestamp_format (since);
  g_autofree char *filter = g_strdup_printf ("{\"activeSince\": \"%s\"}", since_text);
  g_autoptr(JsonObject) scoped = query (fixture, "Case", filter, "\"limit\": 1000");
  JsonArray *scoped_ids = json_object_get_array_member (scoped, "ids");
  guint expected = 0;
  guint old_and_closed = 0;

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);
      gint64 updated = 0;
      gboolean in_scope;

      g_assert_true (fl_timestamp_parse (json_object_get_string_member (record, "updatedAt"), &updated));
      in_scope = g_strv_contains (active, json_object_get_string_member (record, "status")) || updated >= since;
      expected += in_scope;
      old_and_closed += !in_scope;
      g_assert_true (contains (scoped_ids, json_object_get_string_member (record, "id")) == in_scope);
    }
  g_assert_cmpuint (json_array_get_length (scoped_ids), ==, expected);
  /* The demo data has both kinds, or this proves little. */
  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (old_and_closed, >, 0);
}

static void
test_unsupported (Fixture       *fixture,
                  gconstpointer  data)
{
  static const struct
  {
    const char *type;
    const char *args;
    const char *error;
  } cases[] = {
    { "Case", "{\"filter\": {\"nope\": 1}}", "unsupportedFilter" },
    { "Case", "{\"filter\": {\"operator\": \"OR\", \"conditions\": [{\"status\": \"new\"}]}}",
     "unsupportedFilter" },
    { "Case", "{\"filter\": {\"status\": {\"new\": true}}}", "unsupportedFilter" },
    { "Case", "{\"filter\": \"open\"}", "unsupportedFilter" },
    { "Interaction", "{\"filter\": {\"text\": \"monitor\"}}", "unsupportedFilter" },
    { "Customer", "{\"filter\": {\"version\": \"1.0\"}}", "unsupportedFilter" },
    { "Case", "{\"sort\": [{\"property\": \"nope\"}]}", "unsupportedSort" },
    { "Case", "{\"sort\": [{\"property\": \"flawIds\"}]}", "unsupportedSort" },
    { "Product",
     "{\"sort\": [{\"property\": \"name\"}, {\"property\": \"nope\", \"isAscending\": false}]}",
      "unsupportedSort" },
    { "Case", "{\"sort\": \"createdAt\"}", "invalidArguments" },
    { "Case", "{\"limit\": -1}", "invalidArguments" },
    { "Case", "{\"anchor\": \"x\"}", "invalidArguments" },
    { "Case", "{\"filter\": {\"idAfter\": 7}}", "unsupportedFilter" },
    { "Case", "{\"filter\": {\"idAfter\": \"0\", \"text\": \"monitor\"}}", "unsupportedFilter" },
    { "Case", "{\"filter\": {\"idAfter\": \"0\"}, \"sort\": [{\"property\": \"createdAt\"}]}",
      "unsupportedSort" },
    { "Case", "{\"filter\": {\"activeSince\": \"last summer\"}}", "unsupportedFilter" },
    { "Customer", "{\"filter\": {\"activeSince\": \"2026-01-01T00:00:00Z\"}}", "unsupportedFilter" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *error = query_error (fixture, cases[i].type, cases[i].args);

      g_test_message ("%s/query %s", cases[i].type, cases[i].args);
      g_assert_cmpstr (error, ==, cases[i].error);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/server/query/" path, Fixture, NULL, fl_test_fixture_set_up, func, fl_test_fixture_tear_down)
  ADD ("customer/text-phone-email", test_customer);
  ADD ("case/text-ranked-paged-and-filtered", test_case_text);
  ADD ("case/status-string-array-and-tier", test_case_status_tier);
  ADD ("case/assignee-null-and-customer", test_case_assignee_customer);
  ADD ("flaw/text-product-version", test_flaw);
  ADD ("interaction/case-and-customer", test_interaction);
  ADD ("sort-position-limit-total", test_sort_and_paging);
  ADD ("unsupported-filter-and-sort", test_unsupported);
  ADD ("id-after-pages-in-id-order", test_id_after_pages_in_id_order);
  ADD ("case/active-since", test_case_active_since);
#undef ADD

  return g_test_run ();
}

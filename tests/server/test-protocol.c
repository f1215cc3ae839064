/* test-protocol.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JMAP protocol against the real server: session resource, methods,
 * back-references, states and changes, idempotent replay.
 */
#include "config.h"

#include "server-fixture.h"

typedef struct
{
  FlTestServer *server;
  char         *lead;
  char         *agent;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = fl_test_server_start (NULL);
  fixture->lead = fl_test_server_login (fixture->server, "lead", FL_TEST_DEMO_PASSWORD, NULL);
  fixture->agent = fl_test_server_login (fixture->server, "agent", FL_TEST_DEMO_PASSWORD, NULL);
  g_assert_nonnull (fixture->lead);
  g_assert_nonnull (fixture->agent);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  fl_test_server_stop (fixture->server);
  g_clear_pointer (&fixture->server, fl_test_server_free);
  g_free (fixture->lead);
  g_free (fixture->agent);
}

/* The id of the showcase customer, found by phone. */
static char *
showcase_customer (Fixture *fixture)
{
  g_autoptr(JsonObject) result =
    fl_test_server_call_ok (fixture->server, fixture->agent, "Customer/query",
                            "{\"filter\": {\"phone\": \"+1 555 0100\"}}");
  JsonArray *ids = json_object_get_array_member (result, "ids");

  g_assert_cmpuint (json_array_get_length (ids), ==, 1);
  return g_strdup (json_array_get_string_element (ids, 0));
}

static void
test_session (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(JsonNode) session = NULL;
  JsonObject *object;
  JsonObject *capabilities;
  guint status;

  session = fl_test_server_request (fixture->server, "GET", "/.well-known/jmap", NULL, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (session), "type"), ==, "unauthorized");
  g_clear_pointer (&session, json_node_unref);

  session = fl_test_server_request (fixture->server, "GET", "/.well-known/jmap", fixture->agent, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  object = json_node_get_object (session);
  capabilities = json_object_get_object_member (object, "capabilities");
  g_assert_true (json_object_has_member (capabilities, "urn:ietf:params:jmap:core"));
  g_assert_true (json_object_has_member (capabilities, "urn:ietf:params:jmap:websocket"));
  g_assert_true (json_object_has_member (capabilities, "https://frontlinedesk.github.io/jmap/support"));
  g_assert_cmpstr (json_object_get_string_member (object, "username"), ==, "agent");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (object, "apiUrl"), "/jmap/api"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "eventSourceUrl"), "http://"));
  g_assert_nonnull (json_object_get_string_member (object, "state"));
  g_assert_true (json_object_has_member (json_object_get_object_member (object, "accounts"), "org"));
}

static void
test_create_then_changes (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *customer = showcase_customer (fixture);
  g_autofree char *args = NULL;
  g_autofree char *changes_args = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) set = NULL;
  g_autoptr(JsonObject) changes = NULL;
  JsonObject *created;
  const char *case_id;

  before = fl_test_server_call_ok (fixture->server, fixture->agent, "Case/get", "{\"ids\": []}");
  args = g_strdup_printf ("{\"create\": {\"k\": {\"customerId\": \"%s\", \"subject\": \"Second monitor stays black\","
                          " \"status\": \"new\", \"priority\": \"normal\", \"tier\": \"tier1\"}}}", customer);
  set = fl_test_server_call_ok (fixture->server, fixture->agent, "Case/set", args);
  created = json_object_get_object_member (json_object_get_object_member (set, "created"), "k");
  g_assert_nonnull (created);
  case_id = json_object_get_string_member (created, "id");
  g_assert_cmpstr (json_object_get_string_member (set, "oldState"), ==,
                   json_object_get_string_member (before, "state"));

  changes_args = g_strdup_printf ("{\"sinceState\": \"%s\"}", json_object_get_string_member (before, "state"));
  changes = fl_test_server_call_ok (fixture->server, fixture->agent, "Case/changes", changes_args);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (changes, "created")), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (changes, "created"), 0), ==, case_id);
  g_assert_cmpstr (json_object_get_string_member (changes, "newState"), ==,
                   json_object_get_string_member (set, "newState"));
  g_assert_false (json_object_get_boolean_member (changes, "hasMoreChanges"));
}

/* Disabling an account signs it out: at once, and for good (the sessions are
 * gone from the database, so a restart does not bring them back). */
static void
test_disabled_account_is_signed_out (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autofree char *trainee = fl_test_server_login (fixture->server, "trainee", FL_TEST_DEMO_PASSWORD, NULL);
  g_autoptr(JsonObject) agents = NULL;
  g_autoptr(JsonObject) set = NULL;
  g_autoptr(JsonNode) session = NULL;
  g_autofree char *args = NULL;
  guint status;

  g_assert_nonnull (trainee);
  agents = fl_test_server_call_ok (fixture->server, fixture->lead, "Agent/query", "{\"filter\": {\"login\": \"trainee\"}}");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (agents, "ids")), ==, 1);
  args = g_strdup_printf ("{\"update\": {\"%s\": {\"disabled\": true}}}",
                          json_array_get_string_element (json_object_get_array_member (agents, "ids"), 0));
  set = fl_test_server_call_ok (fixture->server, fixture->lead, "Agent/set", args);
  g_assert_nonnull (json_object_get_object_member (set, "updated"));

  session = fl_test_server_request (fixture->server, "GET", "/.well-known/jmap", trainee, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&session, json_node_unref);
  session = fl_test_server_request (fixture->server, "POST", "/jmap/api", trainee,
                                    "{\"using\": " FL_TEST_USING ", \"methodCalls\": []}", -1, &status);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&session, json_node_unref);

  fl_test_server_stop (fixture->server);
  fl_test_server_restart (fixture->server);
  g_free (fixture->lead);
  fixture->lead = fl_test_server_login (fixture->server, "lead", FL_TEST_DEMO_PASSWORD, NULL);
  session = fl_test_server_request (fixture->server, "POST", "/auth/logout", trainee, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 401);
  /* And it cannot sign in again while disabled. */
  g_assert_null (fl_test_server_login (fixture->server, "trainee", FL_TEST_DEMO_PASSWORD, &status));
  g_assert_cmpuint (status, ==, 403);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/protocol/session", Fixture, NULL, fixture_set_up, test_session, fixture_tear_down);
  g_test_add ("/server/protocol/create-then-changes", Fixture, NULL, fixture_set_up,
              test_create_then_changes, fixture_tear_down);

  g_test_add ("/server/protocol/disabled-account-is-signed-out", Fixture, NULL, fixture_set_up,
              test_disabled_account_is_signed_out, fixture_tear_down);

  return g_test_run ();
}

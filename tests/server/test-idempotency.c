/* test-idempotency.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * X/set with clientId and mutationId against the real server: a mutation sent
 * again (after a lost answer, after a restart, or from a second connection at
 * the same moment) gets the first answer and writes nothing more.
 */
#include "config.h"

#include "server-fixture.h"

#define CLIENT_ID "7a4c9a4e-52a1-4f0e-9d3e-6f1f2b8c0d11"
#define N_PAIRS 20

typedef FlTestFixture Fixture;

/* The methodCalls of a request that creates one case as mutation
 * @mutation_id, then reads it back through its creation id. */
static char *
create_case_calls (Fixture    *fixture,
                   gint64      mutation_id,
                   const char *subject)
{
  return g_strdup_printf ("[[\"Case/set\", {\"accountId\": \"org\", \"clientId\": \"" CLIENT_ID "\","
                          " \"mutationId\": %" G_GINT64_FORMAT ", \"create\": {\"k\": {\"customerId\": \"%s\","
                          " \"subject\": \"%s\"}}}, \"0\"],"
                          " [\"Case/get\", {\"accountId\": \"org\", \"ids\": [\"#k\"], \"properties\": [\"subject\"]},"
                          " \"1\"]]", mutation_id, fixture->customer, subject);
}

/* The id the Case/set of a create_case_calls() request created; asserts the
 * Case/get after it read that case. */
static const char *
created_case (JsonObject *response)
{
  JsonObject *set = fl_test_response_args (response, 0, "Case/set");
  JsonObject *got = fl_test_response_args (response, 1, "Case/get");
  const char *id = fl_test_created_id (set, "k");

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (got, "list")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (got, "list"), 0), "id"), ==, id);
  return id;
}

static void
test_replay (Fixture       *fixture,
             gconstpointer  data)
{
  gint64 count = fl_test_server_count (fixture->server, fixture->token, "Case");
  g_autofree char *calls = create_case_calls (fixture, 1, "Mouse double-clicks");
  g_autofree char *changed_calls = create_case_calls (fixture, 1, "Something else entirely");
  g_autoptr(JsonObject) first = fl_test_server_jmap (fixture->server, fixture->token, calls, NULL);
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) changed = NULL;
  g_autoptr(JsonObject) after_restart = NULL;
  g_autoptr(JsonObject) record = NULL;
  const char *id = created_case (first);

  /* The answer lost, the request sent again: the first answer, the same case,
   * and the creation id still resolves for the calls after it. */
  second = fl_test_server_jmap (fixture->server, fixture->token, calls, NULL);
  fl_test_assert_same_json (fl_test_response_args (first, 0, "Case/set"),
                    fl_test_response_args (second, 0, "Case/set"));
  g_assert_cmpstr (created_case (second), ==, id);
  g_assert_cmpint (fl_test_server_count (fixture->server, fixture->token, "Case"), ==, count + 1);

  /* The mutation is what counts: a replay writes nothing, whatever it says. */
  changed = fl_test_server_jmap (fixture->server, fixture->token, changed_calls, NULL);
  g_assert_cmpstr (created_case (changed), ==, id);
  record = fl_test_server_get_record (fixture->server, fixture->token, "Case", id);
  g_assert_cmpstr (json_object_get_string_member (record, "subject"), ==, "Mouse double-clicks");

  /* Mutations are on disk with the writes. */
  fl_test_server_stop (fixture->server);
  fl_test_server_restart (fixture->server);
  after_restart = fl_test_server_jmap (fixture->server, fixture->token, calls, NULL);
  fl_test_assert_same_json (fl_test_response_args (first, 0, "Case/set"),
                    fl_test_response_args (after_restart, 0, "Case/set"));
  g_assert_cmpint (fl_test_server_count (fixture->server, fixture->token, "Case"), ==, count + 1);
}

static void
test_new_mutation (Fixture       *fixture,
                   gconstpointer  data)
{
  gint64 count = fl_test_server_count (fixture->server, fixture->token, "Case");
  g_autofree char *calls_1 = create_case_calls (fixture, 1, "Headset crackles");
  g_autofree char *calls_2 = create_case_calls (fixture, 2, "Headset crackles");
  g_autoptr(JsonObject) first = fl_test_server_jmap (fixture->server, fixture->token, calls_1,
                                                     NULL);
  g_autoptr(JsonObject) second = fl_test_server_jmap (fixture->server, fixture->token, calls_2,
                                                      NULL);
  g_autoptr(JsonObject) plain = NULL;

  g_assert_cmpstr (created_case (first), !=, created_case (second));
  g_assert_cmpint (fl_test_server_count (fixture->server, fixture->token, "Case"), ==, count + 2);

  /* Without a mutation id, every request is new. */
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&plain, json_object_unref);
      plain = fl_test_server_call_okf (fixture->server, fixture->token, "Case/set",
                                       "{\"create\": {\"k\": {\"customerId\": \"%s\", \"subject\": \"Plain\"}}}",
                                       fixture->customer);
    }
  g_assert_cmpint (fl_test_server_count (fixture->server, fixture->token, "Case"), ==, count + 4);
}

static void
test_invalid_mutation (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char * const mutations[] = {
    "\"clientId\": \"" CLIENT_ID "\"",
    "\"mutationId\": 3",
    "\"clientId\": \"" CLIENT_ID "\", \"mutationId\": -1",
    "\"clientId\": \"" CLIENT_ID "\", \"mutationId\": \"3\"",
    "\"clientId\": \"desktop-1\", \"mutationId\": 3",
    "\"clientId\": 12, \"mutationId\": 3",
  };
  gint64 count = fl_test_server_count (fixture->server, fixture->token, "Case");

  for (guint i = 0; i < G_N_ELEMENTS (mutations); i++)
    {
      g_autofree char *error =
        fl_test_server_call_errorf (fixture->server, fixture->token, "Case/set",
                                    "{%s, \"create\": {\"k\": {\"customerId\": \"%s\", \"subject\": \"No\"}}}",
                                    mutations[i], fixture->customer);

      g_test_message ("mutation %s", mutations[i]);
      g_assert_cmpstr (error, ==, "invalidArguments");
    }
  g_assert_cmpint (fl_test_server_count (fixture->server, fixture->token, "Case"), ==, count);
}

static void
test_concurrent (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(SoupSession) desktop_a = fl_test_server_new_session (fixture->server);
  g_autoptr(SoupSession) desktop_b = fl_test_server_new_session (fixture->server);
  g_autoptr(GHashTable) distinct = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  FlTestReply replies[N_PAIRS][2] = { { { 0 } } };
  gint64 count = fl_test_server_count (fixture->server, fixture->token, "Case");
  guint pending = 0;

  /* The same mutation from two connections, all forty requests in flight at
   * once: the writer sees each pair close together. */
  for (guint i = 0; i < N_PAIRS; i++)
    {
      g_autofree char *calls = create_case_calls (fixture, 100 + i, "Pair");
      g_autofree char *body = fl_test_jmap_body (calls);
      g_autoptr(SoupMessage) a = fl_test_server_new_message (fixture->server, "POST", "/jmap/api",
                                                             fixture->token, body);
      g_autoptr(SoupMessage) b = fl_test_server_new_message (fixture->server, "POST", "/jmap/api",
                                                             fixture->token, body);

      fl_test_send_async (desktop_a, a, &replies[i][0], &pending);
      fl_test_send_async (desktop_b, b, &replies[i][1], &pending);
    }
  fl_test_wait (&pending);

  for (guint i = 0; i < N_PAIRS; i++)
    {
      g_autoptr(JsonNode) a = NULL;
      g_autoptr(JsonNode) b = NULL;
      const char *id;

      for (guint j = 0; j < 2; j++)
        {
          g_assert_no_error (replies[i][j].error);
          g_assert_cmpuint (replies[i][j].status, ==, 200);
        }
      a = fl_test_reply_json (&replies[i][0]);
      b = fl_test_reply_json (&replies[i][1]);
      g_assert_nonnull (a);
      g_assert_nonnull (b);
      id = created_case (json_node_get_object (a));
      g_assert_cmpstr (created_case (json_node_get_object (b)), ==, id);
      g_assert_false (g_hash_table_contains (distinct, id));
      g_hash_table_add (distinct, g_strdup (id));
      fl_test_reply_clear (&replies[i][0]);
      fl_test_reply_clear (&replies[i][1]);
    }
  g_assert_cmpuint (g_hash_table_size (distinct), ==, N_PAIRS);
  g_assert_cmpint (fl_test_server_count (fixture->server, fixture->token, "Case"), ==,
                   count + N_PAIRS);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/server/idempotency/" path, Fixture, NULL, fl_test_fixture_set_up, func, fl_test_fixture_tear_down)
  ADD ("replay-gets-the-first-answer", test_replay);
  ADD ("new-mutation-id-is-a-new-write", test_new_mutation);
  ADD ("client-id-and-mutation-id-go-together", test_invalid_mutation);
  ADD ("concurrent-replays-write-once", test_concurrent);
#undef ADD

  return g_test_run ();
}

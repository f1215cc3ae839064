/* test-desktop-writes.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes as desktops send them, against the real server: records with the
 * desktop's own ids, a note naming its case by creation id, clientId and
 * mutationId. A write request is parsed, and the pages it will touch read, on
 * a prefetcher before it reaches the writer; these check that the writer still
 * gets each request exactly as it was sent, in the order each desktop sent its
 * own, with per-record SetErrors, ifInState and bad input answered as before.
 */
#include "config.h"

#include "server-fixture.h"

#define N_DESKTOPS 3
#define N_EACH 10

typedef FlTestFixture Fixture;

/* A desktop's new case with a first note, in one request, as the sync engine
 * sends it (and as the server benchmark does). */
static char *
new_case_calls (const char *client_id,
                gint64      mutation_id,
                const char *case_id,
                const char *note_id,
                const char *customer_id,
                const char *subject)
{
  return g_strdup_printf (
    "[[\"Case/set\", {\"accountId\": \"org\", \"clientId\": \"%s\", \"mutationId\": %" G_GINT64_FORMAT ","
    "  \"create\": {\"k\": {\"id\": \"%s\", \"customerId\": \"%s\", \"subject\": \"%s\","
    "  \"status\": \"new\", \"priority\": \"normal\", \"tier\": \"tier1\"}}}, \"c0\"],"
    " [\"Interaction/set\", {\"accountId\": \"org\", \"clientId\": \"%s\", \"mutationId\": %" G_GINT64_FORMAT ","
    "  \"create\": {\"n\": {\"id\": \"%s\", \"caseId\": \"#k\", \"kind\": \"note\","
    "  \"body\": \"First note on %s\"}}}, \"c1\"]]",
    client_id, mutation_id, case_id, customer_id, subject,
    client_id, mutation_id + 1, note_id, subject);
}

/* Asserts that @response created exactly the case and note it was sent, as
 * sent: the ids the desktop chose, the note on that very case. */
static void
assert_created_as_sent (Fixture    *fixture,
                        JsonObject *response,
                        const char *case_id,
                        const char *note_id,
                        const char *subject)
{
  JsonObject *case_set = fl_test_response_args (response, 0, "Case/set");
  JsonObject *note_set = fl_test_response_args (response, 1, "Interaction/set");
  g_autoptr(JsonObject) stored_case = NULL;
  g_autoptr(JsonObject) stored_note = NULL;
  g_autofree char *body = g_strdup_printf ("First note on %s", subject);

  g_assert_cmpstr (fl_test_created_id (case_set, "k"), ==, case_id);
  g_assert_cmpstr (fl_test_created_id (note_set, "n"), ==, note_id);
  g_assert_true (json_object_get_null_member (case_set, "notCreated"));
  g_assert_true (json_object_get_null_member (note_set, "notCreated"));

  stored_case = fl_test_server_get_record (fixture->server, fixture->token, "Case", case_id);
  g_assert_nonnull (stored_case);
  g_assert_cmpstr (json_object_get_string_member (stored_case, "subject"), ==, subject);
  g_assert_cmpstr (json_object_get_string_member (stored_case, "customerId"), ==, fixture->customer);
  stored_note = fl_test_server_get_record (fixture->server, fixture->token, "Interaction", note_id);
  g_assert_nonnull (stored_note);
  g_assert_cmpstr (json_object_get_string_member (stored_note, "caseId"), ==, case_id);
  g_assert_cmpstr (json_object_get_string_member (stored_note, "body"), ==, body);
}

/* The desktop's ids and a creation reference; a refused record beside a good
 * one in the same call; then the same request again, after a lost answer. */
static void
test_as_sent (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *client_id = g_uuid_string_random ();
  g_autofree char *case_id = g_uuid_string_random ();
  g_autofree char *note_id = g_uuid_string_random ();
  g_autofree char *stray_id = g_uuid_string_random ();
  g_autofree char *nobody = g_uuid_string_random ();
  g_autofree char *calls = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) again = NULL;
  gint64 cases, notes;

  first = fl_test_server_jmap (fixture->server, fixture->token,
                               (calls = new_case_calls (client_id, 1, case_id, note_id,
                                                        fixture->customer, "Dock loses the second screen")),
                               NULL);
  assert_created_as_sent (fixture, first, case_id, note_id, "Dock loses the second screen");

  /* Two cases in one call, one for a customer that does not exist: that one
   * is refused, naming the field; the other is written. */
  g_free (calls);
  calls = g_strdup_printf (
    "[[\"Case/set\", {\"accountId\": \"org\", \"clientId\": \"%s\", \"mutationId\": 3,"
    "  \"create\": {\"good\": {\"id\": \"%s\", \"customerId\": \"%s\", \"subject\": \"Fan noise\"},"
    "  \"bad\": {\"customerId\": \"%s\", \"subject\": \"Nobody's case\"}}}, \"0\"],"
    " [\"Interaction/set\", {\"accountId\": \"org\", \"create\": {\"on-bad\": {\"caseId\": \"#bad\","
    "  \"kind\": \"note\", \"body\": \"x\"}}}, \"1\"]]",
    client_id, stray_id, fixture->customer, nobody);
  {
    g_autoptr(JsonObject) mixed = fl_test_server_jmap (fixture->server, fixture->token, calls, NULL);
    JsonObject *set = fl_test_response_args (mixed, 0, "Case/set");
    JsonObject *refused = json_object_get_object_member (json_object_get_object_member (set, "notCreated"), "bad");
    JsonObject *note_refused = json_object_get_object_member (json_object_get_object_member (
      fl_test_response_args (mixed, 1, "Interaction/set"), "notCreated"), "on-bad");

    g_assert_cmpstr (fl_test_created_id (set, "good"), ==, stray_id);
    g_assert_nonnull (refused);
    g_assert_cmpstr (json_object_get_string_member (refused, "type"), ==, "invalidProperties");
    g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (refused, "properties"), 0),
                     ==, "customerId");
    /* A creation id whose record was refused stands for nothing. */
    g_assert_nonnull (note_refused);
    g_assert_cmpstr (json_object_get_string_member (note_refused, "type"), ==, "invalidProperties");
  }

  /* The first request again: the first answer, and nothing written. */
  cases = fl_test_server_count (fixture->server, fixture->token, "Case");
  notes = fl_test_server_count (fixture->server, fixture->token, "Interaction");
  g_free (calls);
  again = fl_test_server_jmap (fixture->server, fixture->token,
                               (calls = new_case_calls (client_id, 1, case_id, note_id,
                                                        fixture->customer, "Dock loses the second screen")),
                               NULL);
  fl_test_assert_same_json (fl_test_response_args (again, 0, "Case/set"), fl_test_response_args (first, 0, "Case/set"));
  fl_test_assert_same_json (fl_test_response_args (again, 1, "Interaction/set"),
                    fl_test_response_args (first, 1, "Interaction/set"));
  g_assert_cmpint (fl_test_server_count (fixture->server, fixture->token, "Case"), ==, cases);
  g_assert_cmpint (fl_test_server_count (fixture->server, fixture->token, "Interaction"), ==, notes);
}

/* Several desktops, every request in flight at once: each answer is about its
 * own request's records, and every record is there once. */
static void
test_concurrent_desktops (Fixture       *fixture,
                          gconstpointer  data)
{
  SoupSession *sessions[N_DESKTOPS];
  char *client_ids[N_DESKTOPS];
  char *case_ids[N_DESKTOPS][N_EACH];
  char *note_ids[N_DESKTOPS][N_EACH];
  FlTestReply replies[N_DESKTOPS][N_EACH] = { { { 0 } } };
  gint64 cases = fl_test_server_count (fixture->server, fixture->token, "Case");
  gint64 notes = fl_test_server_count (fixture->server, fixture->token, "Interaction");
  guint pending = 0;

  for (guint d = 0; d < N_DESKTOPS; d++)
    {
      sessions[d] = fl_test_server_new_session (fixture->server);
      client_ids[d] = g_uuid_string_random ();
      for (guint i = 0; i < N_EACH; i++)
        {
          g_autofree char *subject = g_strdup_printf ("Desktop %u, case %u", d, i);
          g_autofree char *calls = NULL;
          g_autofree char *body = NULL;
          g_autoptr(SoupMessage) msg = NULL;

          case_ids[d][i] = g_uuid_string_random ();
          note_ids[d][i] = g_uuid_string_random ();
          calls = new_case_calls (client_ids[d], 1 + 2 * i, case_ids[d][i], note_ids[d][i],
                                  fixture->customer, subject);
          body = fl_test_jmap_body (calls);
          msg = fl_test_server_new_message (fixture->server, "POST", "/jmap/api", fixture->token, body);
          fl_test_send_async (sessions[d], msg, &replies[d][i], &pending);
        }
    }
  fl_test_wait (&pending);

  for (guint d = 0; d < N_DESKTOPS; d++)
    {
      for (guint i = 0; i < N_EACH; i++)
        {
          g_autofree char *subject = g_strdup_printf ("Desktop %u, case %u", d, i);
          g_autoptr(JsonNode) answer = NULL;

          g_assert_no_error (replies[d][i].error);
          g_assert_cmpuint (replies[d][i].status, ==, 200);
          answer = fl_test_reply_json (&replies[d][i]);
          g_assert_nonnull (answer);
          assert_created_as_sent (fixture, json_node_get_object (answer), case_ids[d][i], note_ids[d][i], subject);
          fl_test_reply_clear (&replies[d][i]);
          g_free (case_ids[d][i]);
          g_free (note_ids[d][i]);
        }
      g_free (client_ids[d]);
      g_object_unref (sessions[d]);
    }
  g_assert_cmpint (fl_test_server_count (fixture->server, fixture->token, "Case"), ==,
                   cases + N_DESKTOPS * N_EACH);
  g_assert_cmpint (fl_test_server_count (fixture->server, fixture->token, "Interaction"), ==,
                   notes + N_DESKTOPS * N_EACH);
}

/* One desktop writing one request after another, each on the state the last
 * answer gave: every write sees the one before it (ifInState holds), the
 * states only grow, and a write on a state that has moved is refused whole. */
static void
test_in_order (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *client_id = g_uuid_string_random ();
  g_autofree char *state = fl_test_server_state (fixture->server, fixture->token, "Case");
  g_autofree char *first_state = g_strdup (state);
  gint64 cases;

  for (guint i = 0; i < N_EACH; i++)
    {
      g_autofree char *case_id = g_uuid_string_random ();
      g_autoptr(JsonObject) set = NULL;

      set = fl_test_server_call_okf (fixture->server, fixture->token, "Case/set",
                                     "{\"clientId\": \"%s\", \"mutationId\": %u, \"ifInState\": \"%s\","
                                     " \"create\": {\"k\": {\"id\": \"%s\", \"customerId\": \"%s\","
                                     " \"subject\": \"In order %u\"}}}",
                                     client_id, i, state, case_id, fixture->customer, i);
      g_assert_cmpstr (json_object_get_string_member (set, "oldState"), ==, state);
      g_assert_cmpstr (fl_test_created_id (set, "k"), ==, case_id);
      g_assert_cmpint (g_ascii_strtoll (json_object_get_string_member (set, "newState"), NULL, 10), >,
                       g_ascii_strtoll (state, NULL, 10));
      g_free (state);
      state = g_strdup (json_object_get_string_member (set, "newState"));
    }

  cases = fl_test_server_count (fixture->server, fixture->token, "Case");
  {
    g_autofree char *type = fl_test_server_call_errorf (fixture->server, fixture->token, "Case/set",
                                                        "{\"clientId\": \"%s\", \"mutationId\": %u,"
                                                        " \"ifInState\": \"%s\", \"create\": {\"k\":"
                                                        " {\"customerId\": \"%s\", \"subject\": \"Late\"}}}",
                                                        client_id, N_EACH, first_state, fixture->customer);

    g_assert_cmpstr (type, ==, "stateMismatch");
  }
  g_assert_cmpint (fl_test_server_count (fixture->server, fixture->token, "Case"), ==, cases);
}

/* Bodies that name an X/set, and so take the prefetcher's way to the writer,
 * but are not what they should be: answered as every bad request is. */
static void
test_bad_input (Fixture       *fixture,
                gconstpointer  data)
{
  static const struct
  {
    const char *body;
    guint       status;
    const char *type;
  } cases[] = {
    { "{\"using\": [], \"methodCalls\": [[\"Case/set\", {\"accountId\": \"org\"", 400,
      "urn:ietf:params:jmap:error:notJSON" },
    { "{\"using\": [], \"methodCalls\": [[\"Case/set\"]]}", 400, "urn:ietf:params:jmap:error:notRequest" },
    { "[\"Case/set\", {}]", 400, "urn:ietf:params:jmap:error:notRequest" },
    { "{\"using\": \"Case/set\", \"methodCalls\": []}", 400, "urn:ietf:params:jmap:error:notRequest" },
    { "{\"using\": [\"urn:example:nothing\"], \"methodCalls\": [[\"Case/set\", {}, \"0\"]]}", 400,
      "urn:ietf:params:jmap:error:unknownCapability" },
  };
  gint64 count = fl_test_server_count (fixture->server, fixture->token, "Case");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) problem = NULL;
      guint status = 0;

      problem = fl_test_server_request (fixture->server, "POST", "/jmap/api", fixture->token,
                                        cases[i].body, strlen (cases[i].body), &status);
      g_assert_cmpuint (status, ==, cases[i].status);
      g_assert_nonnull (problem);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (problem), "type"), ==, cases[i].type);
    }

  /* Records that are not objects, or refer to a creation id never made, or
   * carry an id that is not one: each its own SetError; the request stands. */
  {
    g_autofree char *calls = g_strdup_printf (
      "[[\"Case/set\", {\"accountId\": \"org\", \"create\": {\"a\": 7, \"b\": {\"customerId\": \"#nowhere\","
      "  \"subject\": \"x\"}, \"c\": {\"id\": \"not-a-uuid\", \"customerId\": \"%s\", \"subject\": \"x\"}}},"
      "  \"0\"]]", fixture->customer);
    g_autoptr(JsonObject) response = fl_test_server_jmap (fixture->server, fixture->token, calls, NULL);
    JsonObject *not_created = json_object_get_object_member (fl_test_response_args (response, 0, "Case/set"),
                                                             "notCreated");
    const char *names[] = { "a", "b", "c" };

    g_assert_nonnull (not_created);
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (not_created, names[i]),
                                                      "type"), ==, "invalidProperties");
  }
  g_assert_cmpint (fl_test_server_count (fixture->server, fixture->token, "Case"), ==, count);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/server/desktop-writes/" path, Fixture, NULL, fl_test_fixture_set_up, func, fl_test_fixture_tear_down)
  ADD ("as-sent-with-set-errors-and-replay", test_as_sent);
  ADD ("concurrent-desktops", test_concurrent_desktops);
  ADD ("in-order-with-if-in-state", test_in_order);
  ADD ("bad-input", test_bad_input);
#undef ADD

  return g_test_run ();
}

/* test-frontlinectl.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * frontlinectl as scripts run it (the binary meson built, path in the
 * FRONTLINECTL environment variable) against the real frontline-server.
 */
#include "config.h"

#include <string.h>

#include "fl-test-util.h"
#include "sync-fixture.h"

typedef struct
{
  FlTestServer *server;
  char         *dir;
  char         *profile;
  char         *lead;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* @data: the server's extra arguments, or NULL. */
  fixture->server = fl_test_server_start ((const char * const *) data);
  fixture->dir = g_dir_make_tmp ("frontlinectl-test-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->profile = g_build_filename (fixture->dir, "profile", NULL);
  fixture->lead = fl_test_server_login (fixture->server, "lead", FL_TEST_DEMO_PASSWORD, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  fl_test_server_stop (fixture->server);
  g_clear_pointer (&fixture->server, fl_test_server_free);
  fl_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->profile);
  g_free (fixture->lead);
}

/* Runs frontlinectl --profile … ARGS with @input on standard input; returns
 * the exit status, and standard output in @out. */
static int
ctl (Fixture     *fixture,
     const char  *input,
     char       **out,
     ...)
{
  va_list args;
  int status;

  va_start (args, out);
  status = sync_run_ctlv (fixture->dir, NULL, fixture->profile, input, out, NULL, args);
  va_end (args);
  return status;
}

/* ctl() that also keeps standard error, in @err. */
static int
ctl_err (Fixture     *fixture,
         const char  *input,
         char       **out,
         char       **err,
         ...)
{
  va_list args;
  int status;

  va_start (args, err);
  status = sync_run_ctlv (fixture->dir, NULL, fixture->profile, input, out, err, args);
  va_end (args);
  return status;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static void
test_a_script_signs_in_syncs_searches_and_opens_a_case (Fixture       *fixture,
                                                         gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) showcase = NULL;
  g_autoptr(JsonNode) found = NULL;
  g_autoptr(JsonNode) history = NULL;
  g_autofree char *get_args = NULL;
  g_autoptr(JsonObject) got = NULL;
  const char *customer_id;
  const char *case_id;
  gboolean listed = FALSE;

  /* Wrong password: a failure, not a usage error. */
  g_assert_cmpint (ctl (fixture, "not-it\n", NULL, "login", fixture->server->url, "agent", NULL), ==, 1);
  g_assert_cmpint (ctl (fixture, FL_TEST_DEMO_PASSWORD "\n", NULL, "login", fixture->server->url, "agent", NULL), ==, 0);

  g_assert_cmpint (ctl (fixture, NULL, &out, "--json", "sync", NULL), ==, 0);
  status = parse_object (out);
  g_assert_cmpstr (json_object_get_string_member (status, "state"), ==, "online");
  g_assert_cmpint (json_object_get_int_member (status, "pending"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&status, json_object_unref);

  g_assert_cmpint (ctl (fixture, NULL, &out, "--json", "status", NULL), ==, 0);
  status = parse_object (out);
  g_assert_true (json_object_get_boolean_member (status, "online"));
  g_assert_cmpint (json_object_get_int_member (status, "conflicts"), ==, 0);
  g_assert_nonnull (json_object_get_string_member (status, "lastSync"));
  g_clear_pointer (&out, g_free);

  /* The caller-ID case: a phone number finds the customer in the local copy. */
  g_assert_cmpint (ctl (fixture, NULL, &out, "--json", "case", "new", "--customer", "+1 555 0100",
                        "--subject", "Label printer prints blank pages", "--description", "Since Monday", NULL), ==, 0);
  created = parse_object (out);
  g_assert_true (json_object_get_boolean_member (created, "pushed"));
  case_id = json_object_get_string_member (created, "id");
  customer_id = json_object_get_string_member (created, "customerId");
  g_clear_pointer (&out, g_free);
  get_args = g_strdup_printf ("{\"ids\": [\"%s\"]}", case_id);
  got = fl_test_server_call_ok (fixture->server, fixture->lead, "Case/get", get_args);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (got, "list")), ==, 1);

  g_assert_cmpint (ctl (fixture, NULL, &out, "--json", "search", "cases", "printer blank", NULL), ==, 0);
  found = json_from_string (out, NULL);
  g_assert_nonnull (found);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (found)); i++)
    listed |= g_strcmp0 (json_object_get_string_member (json_array_get_object_element (json_node_get_array (found), i),
                                                        "id"), case_id) == 0;
  g_assert_true (listed);
  g_clear_pointer (&out, g_free);

  {
    g_autofree char *customer_args = g_strdup_printf ("{\"ids\": [\"%s\"]}", customer_id);
    g_autoptr(JsonObject) customer = fl_test_server_call_ok (fixture->server, fixture->lead, "Customer/get", customer_args);
    const char *name = json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (customer, "list"), 0), "name");
    g_autoptr(JsonNode) customers = NULL;

    g_assert_cmpint (ctl (fixture, NULL, &out, "--json", "search", "customers", name, NULL), ==, 0);
    customers = json_from_string (out, NULL);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (customers)), >=, 1);
    g_clear_pointer (&out, g_free);
  }

  g_assert_cmpint (ctl (fixture, NULL, &out, "--json", "history", customer_id, NULL), ==, 0);
  history = json_from_string (out, NULL);
  listed = FALSE;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (history)); i++)
    {
      JsonObject *item = json_array_get_object_element (json_node_get_array (history), i);

      listed |= g_strcmp0 (json_object_get_string_member (json_object_get_object_member (item, "record"), "id"),
                           case_id) == 0;
    }
  g_assert_true (listed);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (ctl (fixture, NULL, &out, "search", "flaws", "crash", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
}

static void
test_offline_case_waits_in_the_outbox (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(JsonObject) created = NULL;

  g_assert_cmpint (ctl (fixture, FL_TEST_DEMO_PASSWORD "\n", NULL, "login", fixture->server->url, "agent", NULL), ==, 0);
  g_assert_cmpint (ctl (fixture, NULL, NULL, "sync", NULL), ==, 0);
  fl_test_server_stop (fixture->server);

  g_assert_cmpint (ctl (fixture, NULL, &out, "--json", "case", "new", "--customer", "+1 555 0100",
                        "--subject", "Written while the server was down", NULL), ==, 0);
  created = parse_object (out);
  g_assert_false (json_object_get_boolean_member (created, "pushed"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (ctl (fixture, NULL, &out, "--json", "status", NULL), ==, 0);
  status = parse_object (out);
  g_assert_false (json_object_get_boolean_member (status, "online"));
  g_assert_cmpint (json_object_get_int_member (status, "pending"), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&status, json_object_unref);

  /* Offline, sync is a failure a script can see. */
  g_assert_cmpint (ctl (fixture, NULL, NULL, "sync", NULL), ==, 1);

  fl_test_server_restart (fixture->server);
  g_assert_cmpint (ctl (fixture, NULL, &out, "--json", "sync", NULL), ==, 0);
  status = parse_object (out);
  g_assert_cmpint (json_object_get_int_member (status, "pending"), ==, 0);
}

static void
test_usage_errors_exit_with_two (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_assert_cmpint (ctl (fixture, NULL, NULL, "frobnicate", NULL), ==, 2);
  g_assert_cmpint (ctl (fixture, NULL, NULL, "search", "planets", "x", NULL), ==, 2);
  g_assert_cmpint (ctl (fixture, NULL, NULL, "case", "new", "--subject", "no customer", NULL), ==, 2);
  g_assert_cmpint (ctl (fixture, NULL, NULL, "history", "not-an-id", NULL), ==, 2);
  /* Not signed in yet: a failure with a message, not a crash. */
  g_assert_cmpint (ctl (fixture, NULL, NULL, "sync", NULL), ==, 1);
}

/* A case written offline for a customer the server deleted meanwhile: the
 * server refuses it, frontlinectl lists the conflict with both sides, and
 * settling it leaves nothing behind. */
static void
test_refused_change_is_listed_and_settled (Fixture       *fixture,
                                           gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) made = NULL;
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(JsonNode) listed = NULL;
  g_autofree char *number = NULL;
  JsonObject *conflict;
  g_autofree char *customer_id = NULL;

  made = fl_test_server_call_ok (fixture->server, fixture->lead, "Customer/set",
                                 "{\"create\": {\"c\": {\"name\": \"Short Lived\", \"phones\": [\"+1 555 0199\"]}}}");
  customer_id = g_strdup (json_object_get_string_member (
    json_object_get_object_member (json_object_get_object_member (made, "created"), "c"), "id"));
  g_assert_cmpint (ctl (fixture, FL_TEST_DEMO_PASSWORD "\n", NULL, "login", fixture->server->url, "agent", NULL), ==, 0);
  g_assert_cmpint (ctl (fixture, NULL, NULL, "sync", NULL), ==, 0);
  /* A customer with no case is outside the first sync's scope: opening their
   * history fetches them. */
  g_assert_cmpint (ctl (fixture, NULL, NULL, "history", customer_id, NULL), ==, 0);

  fl_test_server_stop (fixture->server);
  g_assert_cmpint (ctl (fixture, NULL, NULL, "case", "new", "--customer", "+1 555 0199",
                        "--subject", "For a customer about to vanish", NULL), ==, 0);
  fl_test_server_restart (fixture->server);
  g_clear_pointer (&fixture->lead, g_free);
  fixture->lead = fl_test_server_login (fixture->server, "lead", FL_TEST_DEMO_PASSWORD, NULL);
  g_clear_pointer (&made, json_object_unref);
  made = fl_test_server_call_okf (fixture->server, fixture->lead, "Customer/set", "{\"destroy\": [\"%s\"]}",
                                  customer_id);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (made, "destroyed")), ==, 1);

  g_assert_cmpint (ctl (fixture, NULL, &out, "--json", "sync", NULL), ==, 0);
  status = parse_object (out);
  g_assert_cmpint (json_object_get_int_member (status, "conflicts"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (status, "pending"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&status, json_object_unref);

  g_assert_cmpint (ctl (fixture, NULL, &out, "--json", "conflicts", NULL), ==, 0);
  listed = json_from_string (out, NULL);
  g_assert_nonnull (listed);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, 1);
  conflict = json_array_get_object_element (json_node_get_array (listed), 0);
  g_assert_cmpstr (json_object_get_string_member (conflict, "type"), ==, "Case");
  g_assert_cmpstr (json_object_get_string_member (conflict, "change"), ==, "create");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (conflict, "mine"), "subject"),
                   ==, "For a customer about to vanish");
  /* The server has no such case: "theirs" is null, there but empty. */
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (conflict, "theirs")));
  number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (conflict, "number"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (ctl (fixture, NULL, NULL, "resolve", number, "whatever", NULL), ==, 2);
  g_assert_cmpint (ctl (fixture, NULL, NULL, "resolve", "999999", "theirs", NULL), ==, 1);
  g_assert_cmpint (ctl (fixture, NULL, &out, "--json", "resolve", number, "theirs", NULL), ==, 0);
  status = parse_object (out);
  g_assert_cmpint (json_object_get_int_member (status, "conflicts"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (status, "pending"), ==, 0);
  g_clear_pointer (&out, g_free);
  /* Settled once. */
  g_assert_cmpint (ctl (fixture, NULL, NULL, "resolve", number, "theirs", NULL), ==, 1);
  g_assert_cmpint (ctl (fixture, NULL, &out, "conflicts", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "No conflicts"));
}

/* Tokens that expire soon after sign-in; long enough for the steps that need one. */
#define SHORT_TOKEN_SECONDS 3
static const char * const short_tokens[] = { "--token-seconds", G_STRINGIFY (SHORT_TOKEN_SECONDS), NULL };

static void
test_an_expired_session_says_sign_in_again_and_exits_with_three (Fixture       *fixture,
                                                                 gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *quoted = g_shell_quote (fixture->profile);
  g_autofree char *expected = g_strdup_printf ("Your session has expired; sign in again with: "
                                               "frontlinectl --profile %s login %s agent\n",
                                               quoted, fixture->server->url);
  gint64 signed_in_at = g_get_monotonic_time ();
  gint64 left;

  g_assert_cmpint (ctl (fixture, FL_TEST_DEMO_PASSWORD "\n", NULL, "login", fixture->server->url, "agent", NULL), ==, 0);
  left = signed_in_at + (SHORT_TOKEN_SECONDS + 1) * G_USEC_PER_SEC - g_get_monotonic_time ();
  if (left > 0)
    g_usleep (left);

  g_assert_cmpint (ctl_err (fixture, NULL, &out, &err, "sync", NULL), ==, 3);
  g_assert_cmpstr (err, ==, expected);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl_err (fixture, NULL, &out, &err, "status", NULL), ==, 3);
  g_assert_cmpstr (err, ==, expected);
  g_assert_nonnull (strstr (out, "error"));
  g_clear_pointer (&out, g_free);

  /* The code is documented where scripts look. */
  g_assert_cmpint (ctl (fixture, NULL, &out, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "  3  the session expired"));
  g_clear_pointer (&out, g_free);

  /* Signed in again, the same profile is back. */
  g_assert_cmpint (ctl (fixture, FL_TEST_DEMO_PASSWORD "\n", NULL, "login", fixture->server->url, "agent", NULL), ==, 0);
  g_assert_cmpint (ctl (fixture, NULL, NULL, "status", NULL), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/a-script-signs-in-syncs-searches-and-opens-a-case", Fixture, NULL, fixture_set_up,
              test_a_script_signs_in_syncs_searches_and_opens_a_case, fixture_tear_down);
  g_test_add ("/cli/offline-case-waits-in-the-outbox", Fixture, NULL, fixture_set_up,
              test_offline_case_waits_in_the_outbox, fixture_tear_down);
  g_test_add ("/cli/refused-change-is-listed-and-settled", Fixture, NULL, fixture_set_up,
              test_refused_change_is_listed_and_settled, fixture_tear_down);
  g_test_add ("/cli/usage-errors-exit-with-two", Fixture, NULL, fixture_set_up,
              test_usage_errors_exit_with_two, fixture_tear_down);
  g_test_add ("/cli/an-expired-session-says-sign-in-again-and-exits-with-three", Fixture, short_tokens,
              fixture_set_up, test_an_expired_session_says_sign_in_again_and_exits_with_three, fixture_tear_down);

  return g_test_run ();
}

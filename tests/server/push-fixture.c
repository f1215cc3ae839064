/* push-fixture.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "push-fixture.h"

void
fl_test_push_fixture_set_up (FlTestPushFixture *fixture,
                             gconstpointer      data)
{
  fixture->server = fl_test_server_start (data);
  fixture->session = soup_session_new ();
  soup_session_set_timeout (fixture->session, 30);
  /* Offers permessage-deflate, as browsers do. */
  soup_session_add_feature_by_type (fixture->session, SOUP_TYPE_WEBSOCKET_EXTENSION_MANAGER);
  fixture->lead = fl_test_server_login (fixture->server, "lead", FL_TEST_DEMO_PASSWORD, NULL);
  fixture->agent = fl_test_server_login (fixture->server, "agent", FL_TEST_DEMO_PASSWORD, NULL);
  g_assert_nonnull (fixture->lead);
  g_assert_nonnull (fixture->agent);
}

void
fl_test_push_fixture_tear_down (FlTestPushFixture *fixture,
                                gconstpointer      data)
{
  fl_test_server_stop (fixture->server);
  g_clear_pointer (&fixture->server, fl_test_server_free);
  g_clear_object (&fixture->session);
  g_free (fixture->lead);
  g_free (fixture->agent);
  g_free (fixture->customer);
}

static const char *
showcase_customer (FlTestPushFixture *fixture)
{
  if (fixture->customer == NULL)
    {
      g_autoptr(JsonObject) result =
        fl_test_server_call_ok (fixture->server, fixture->lead, "Customer/query",
                                "{\"filter\": {\"phone\": \"+1 555 0100\"}}");

      fixture->customer = g_strdup (json_array_get_string_element (json_object_get_array_member (result, "ids"), 0));
    }
  return fixture->customer;
}

char *
fl_test_push_create_case (FlTestPushFixture  *fixture,
                          char              **case_id)
{
  g_autofree char *args = g_strdup_printf ("{\"create\": {\"k\": {\"customerId\": \"%s\", "
                                           "\"subject\": \"Fan rattles at full load\"}}}",
                                           showcase_customer (fixture));
  g_autoptr(JsonObject) set = fl_test_server_call_ok (fixture->server, fixture->lead, "Case/set", args);
  JsonObject *created = json_object_get_object_member (json_object_get_object_member (set, "created"), "k");

  g_assert_nonnull (created);
  if (case_id != NULL)
    *case_id = g_strdup (json_object_get_string_member (created, "id"));
  return g_strdup (json_object_get_string_member (set, "newState"));
}

char *
fl_test_push_create_interaction (FlTestPushFixture *fixture,
                                 const char        *case_id)
{
  g_autofree char *args = g_strdup_printf ("{\"create\": {\"i\": {\"caseId\": \"%s\", \"kind\": \"note\", "
                                           "\"body\": \"Asked for the serial number\", "
                                           "\"at\": \"2026-01-05T10:00:00Z\"}}}", case_id);
  g_autoptr(JsonObject) set = fl_test_server_call_ok (fixture->server, fixture->lead, "Interaction/set", args);

  g_assert_nonnull (json_object_get_object_member (json_object_get_object_member (set, "created"), "i"));
  return g_strdup (json_object_get_string_member (set, "newState"));
}

JsonObject *
fl_test_push_changed_types (JsonObject *state_change)
{
  JsonObject *changed = json_object_get_object_member (state_change, "changed");

  g_assert_nonnull (changed);
  g_assert_cmpuint (json_object_get_size (changed), ==, 1);
  return json_object_get_object_member (changed, "org");
}

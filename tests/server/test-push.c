/* test-push.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * JMAP over WebSocket (RFC 8887) against the real server, with libsoup's
 * client: sign-in at the upgrade, Request/Response, RequestError, and
 * StateChange pushes caused by writes from another connection. Every wait has
 * a deadline: a push that does not come fails the test.
 */
#include "config.h"

#include "push-fixture.h"

typedef FlTestPushFixture Fixture;

/* --- A WebSocket peer: what it received, in order ----------------------- */

typedef struct
{
  SoupWebsocketConnection *conn;
  GQueue                   messages;    /* JsonNode *, oldest first */
  gboolean                 closed;
  gushort                  close_code;
  guint                    n_syncs;
} Peer;

static void
peer_message (SoupWebsocketConnection *conn,
              gint                     type,
              GBytes                  *message,
              gpointer                 user_data)
{
  Peer *peer = user_data;
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (message, &length);
  g_autofree char *text = g_strndup (data, length);
  JsonNode *node = json_from_string (text, &error);

  g_assert_cmpint (type, ==, SOUP_WEBSOCKET_DATA_TEXT);
  g_assert_no_error (error);
  g_test_message ("received: %.300s", text);
  g_queue_push_tail (&peer->messages, node);
}

static void
peer_closed (SoupWebsocketConnection *conn,
             gpointer                 user_data)
{
  Peer *peer = user_data;

  peer->closed = TRUE;
  peer->close_code = soup_websocket_connection_get_close_code (conn);
}

static Peer *
peer_open (Fixture    *fixture,
           const char *token)
{
  g_autoptr(GError) error = NULL;
  Peer *peer = g_new0 (Peer, 1);
  guint status = 0;

  peer->conn = fl_test_ws_connect (fixture->session, fixture->server->url, token, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, SOUP_STATUS_SWITCHING_PROTOCOLS);
  g_assert_cmpstr (soup_websocket_connection_get_protocol (peer->conn), ==, "jmap");
  /* Offered (the fixture's session has the manager) and declined: see the
   * server's reason in fl-push-websocket.c. */
  g_assert_null (soup_websocket_connection_get_extensions (peer->conn));
  g_queue_init (&peer->messages);
  g_signal_connect (peer->conn, "message", G_CALLBACK (peer_message), peer);
  g_signal_connect (peer->conn, "closed", G_CALLBACK (peer_closed), peer);
  return peer;
}

static gboolean
peer_is_closed (gpointer data)
{
  return ((Peer *) data)->closed;
}

static gboolean
peer_has_message (gpointer data)
{
  Peer *peer = data;

  return peer->messages.length > 0 || peer->closed;
}

static void
peer_free (Peer *peer)
{
  if (soup_websocket_connection_get_state (peer->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (peer->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  fl_test_wait_until (peer_is_closed, peer, FL_TEST_PUSH_TIMEOUT_MS);
  g_signal_handlers_disconnect_by_data (peer->conn, peer);
  g_object_unref (peer->conn);
  g_queue_clear_full (&peer->messages, (GDestroyNotify) json_node_unref);
  g_free (peer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Peer, peer_free)

static void
peer_send (Peer       *peer,
           const char *text)
{
  soup_websocket_connection_send_text (peer->conn, text);
}

/* The next message, or NULL if none comes in time. */
static JsonNode *
peer_next (Peer *peer,
           guint timeout_ms)
{
  fl_test_wait_until (peer_has_message, peer, timeout_ms);
  return g_queue_pop_head (&peer->messages);
}

/* The next message, which must come and be an object of @type. */
static JsonObject *
peer_expect (Peer       *peer,
             const char *type)
{
  g_autoptr(JsonNode) node = peer_next (peer, FL_TEST_PUSH_TIMEOUT_MS);
  JsonObject *object;

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member_with_default (object, "@type", NULL), ==, type);
  return json_object_ref (object);
}

typedef struct
{
  Peer       *peer;
  const char *id;
} Awaited;

static gboolean
response_arrived (gpointer data)
{
  Awaited *awaited = data;

  if (awaited->peer->closed)
    return TRUE;
  for (GList *l = awaited->peer->messages.head; l != NULL; l = l->next)
    {
      JsonObject *object = json_node_get_object (l->data);

      if (g_strcmp0 (json_object_get_string_member_with_default (object, "requestId", NULL), awaited->id) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A round trip: the server handles one connection's messages in order, so
 * when the answer to this request is back, everything sent before it has been
 * handled. The answer is taken out of the queue; what came before stays. */
static void
peer_sync (Peer *peer)
{
  g_autofree char *id = g_strdup_printf ("sync-%u", peer->n_syncs++);
  g_autofree char *request = g_strdup_printf ("{\"@type\": \"Request\", \"id\": \"%s\", \"using\": [], "
                                              "\"methodCalls\": []}", id);
  Awaited awaited = { peer, id };

  peer_send (peer, request);
  g_assert_true (fl_test_wait_until (response_arrived, &awaited, FL_TEST_PUSH_TIMEOUT_MS));
  g_assert_false (peer->closed);
  for (GList *l = peer->messages.head; l != NULL; l = l->next)
    {
      JsonObject *object = json_node_get_object (l->data);

      if (g_strcmp0 (json_object_get_string_member_with_default (object, "requestId", NULL), id) == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (object, "@type"), ==, "Response");
          json_node_unref (l->data);
          g_queue_delete_link (&peer->messages, l);
          return;
        }
    }
  g_assert_not_reached ();
}

static void
peer_enable_push (Peer       *peer,
                  const char *enable)
{
  peer_send (peer, enable);
  peer_sync (peer);
}

/* The "changed" map of the account in a StateChange. */

/* --- WebSocket ---------------------------------------------------------- */

static void
test_ws_refuses_without_valid_token (Fixture       *fixture,
                                     gconstpointer  data)
{
  const char *tokens[] = { NULL, "not-a-token", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" };

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SoupWebsocketConnection) conn = NULL;
      guint status = 0;

      conn = fl_test_ws_connect (fixture->session, fixture->server->url, tokens[i], &status, &error);
      g_assert_null (conn);
      g_assert_error (error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_ERROR_NOT_WEBSOCKET);
      g_assert_cmpuint (status, ==, SOUP_STATUS_UNAUTHORIZED);
    }

  /* Signed in but not a WebSocket handshake: a JSON error, not an upgrade. */
  {
    g_autoptr(JsonNode) answer = NULL;
    guint status = 0;

    answer = fl_test_server_request (fixture->server, "GET", "/jmap/ws", fixture->agent, NULL, 0, &status);
    g_assert_cmpuint (status, ==, SOUP_STATUS_BAD_REQUEST);
    g_assert_nonnull (answer);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "type"), ==, "notWebSocket");
  }

  /* And a signed-out token is refused like an unknown one. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SoupWebsocketConnection) conn = NULL;
    g_autoptr(JsonNode) answer = NULL;
    guint status = 0;

    answer = fl_test_server_request (fixture->server, "POST", "/auth/logout", fixture->agent, "", 0, &status);
    g_assert_cmpuint (status, ==, SOUP_STATUS_NO_CONTENT);
    conn = fl_test_ws_connect (fixture->session, fixture->server->url, fixture->agent, &status, &error);
    g_assert_null (conn);
    g_assert_cmpuint (status, ==, SOUP_STATUS_UNAUTHORIZED);
  }
}

static void
test_ws_request_gets_response (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(Peer) peer = peer_open (fixture, fixture->agent);
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(JsonObject) anonymous = NULL;
  JsonArray *responses;
  JsonArray *triple;

  peer_send (peer, "{\"@type\": \"Request\", \"id\": \"r1\", \"using\": " FL_TEST_USING ", "
             "\"methodCalls\": [[\"Case/get\", {\"accountId\": \"org\", \"ids\": []}, \"c0\"]]}");
  response = peer_expect (peer, "Response");
  g_assert_cmpstr (json_object_get_string_member (response, "requestId"), ==, "r1");
  g_assert_nonnull (json_object_get_string_member (response, "sessionState"));
  responses = json_object_get_array_member (response, "methodResponses");
  g_assert_cmpuint (json_array_get_length (responses), ==, 1);
  triple = json_array_get_array_element (responses, 0);
  g_assert_cmpstr (json_array_get_string_element (triple, 0), ==, "Case/get");
  g_assert_cmpstr (json_array_get_string_element (triple, 2), ==, "c0");
  g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (triple, 1), "state"));

  /* No id: a Response without requestId. */
  peer_send (peer, "{\"@type\": \"Request\", \"using\": " FL_TEST_USING ", "
             "\"methodCalls\": [[\"Product/get\", {\"accountId\": \"org\", \"ids\": []}, \"p\"]]}");
  anonymous = peer_expect (peer, "Response");
  g_assert_false (json_object_has_member (anonymous, "requestId"));
}

static void
test_ws_request_errors (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(Peer) peer = peer_open (fixture, fixture->agent);
  struct
  {
    const char *message;
    const char *request_id;
    const char *type;
  } cases[] = {
    { "this is not JSON", NULL, "urn:ietf:params:jmap:error:notJSON" },
    { "[1, 2, 3]", NULL, "urn:ietf:params:jmap:error:notRequest" },
    { "{\"@type\": \"Gossip\", \"id\": \"g\"}", "g", "urn:ietf:params:jmap:error:notRequest" },
    { "{\"@type\": \"Request\", \"id\": \"half\", \"using\": []}", "half", "urn:ietf:params:jmap:error:notRequest" },
    { "{\"@type\": \"Request\", \"id\": \"cap\", \"using\": [\"urn:example:nothing\"], \"methodCalls\": []}",
      "cap", "urn:ietf:params:jmap:error:unknownCapability" },
    { "{\"@type\": \"WebSocketPushEnable\", \"dataTypes\": \"Case\"}", NULL, "urn:ietf:params:jmap:error:notRequest" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) error = NULL;

      peer_send (peer, cases[i].message);
      error = peer_expect (peer, "RequestError");
      g_assert_cmpstr (json_object_get_string_member (error, "type"), ==, cases[i].type);
      g_assert_cmpint (json_object_get_int_member (error, "status"), ==, 400);
      g_assert_cmpstr (json_object_get_string_member_with_default (error, "requestId", NULL), ==,
                       cases[i].request_id);
      g_assert_nonnull (json_object_get_string_member (error, "detail"));
    }
  /* None of it broke the connection. */
  peer_sync (peer);
}

static void
test_ws_concurrent_requests (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(Peer) peer = peer_open (fixture, fixture->agent);
  g_autoptr(GHashTable) answered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const guint n = 40;
  guint n_responses = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *request = g_strdup_printf ("{\"@type\": \"Request\", \"id\": \"m%u\", \"using\": "
                                                  FL_TEST_USING ", \"methodCalls\": [[\"Case/query\", "
                                                  "{\"accountId\": \"org\", \"limit\": 5}, \"q\"]]}", i);

      peer_send (peer, request);
    }

  /* Every request is answered once, in whatever order they finish; past 16
   * at a time the server may refuse with a limit error. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonNode) node = peer_next (peer, 10000);
      JsonObject *object;
      const char *type;

      g_assert_nonnull (node);
      object = json_node_get_object (node);
      type = json_object_get_string_member (object, "@type");
      g_assert_true (g_hash_table_add (answered, g_strdup (json_object_get_string_member (object, "requestId"))));
      if (g_str_equal (type, "Response"))
        n_responses++;
      else
        {
          g_assert_cmpstr (type, ==, "RequestError");
          g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "urn:ietf:params:jmap:error:limit");
          g_assert_cmpstr (json_object_get_string_member (object, "limit"), ==, "maxConcurrentRequests");
        }
    }
  g_assert_cmpuint (g_hash_table_size (answered), ==, n);
  g_assert_cmpuint (n_responses, >=, 16);
}

static void
test_ws_state_change_reaches_other_connection (Fixture       *fixture,
                                               gconstpointer  data)
{
  g_autoptr(Peer) peer = peer_open (fixture, fixture->agent);
  g_autoptr(JsonObject) state_change = NULL;
  g_autofree char *state = NULL;
  JsonObject *changed;
  gint64 started;
  gint64 push_state;

  peer_enable_push (peer, "{\"@type\": \"WebSocketPushEnable\", \"dataTypes\": null}");
  /* Nothing is pushed until something changes. */
  g_assert_cmpuint (peer->messages.length, ==, 0);

  started = g_get_monotonic_time ();
  state = fl_test_push_create_case (fixture, NULL);
  state_change = peer_expect (peer, "StateChange");
  g_assert_cmpint (g_get_monotonic_time () - started, <, FL_TEST_PUSH_TIMEOUT_MS * 1000);

  changed = fl_test_push_changed_types (state_change);
  g_assert_cmpstr (json_object_get_string_member (changed, "Case"), ==, state);
  /* No data in a StateChange, and only what changed. */
  g_assert_false (json_object_has_member (changed, "Product"));
  g_assert_false (json_object_has_member (state_change, "list"));
  g_assert_true (g_ascii_string_to_signed (json_object_get_string_member (state_change, "pushState"), 10,
                                           0, G_MAXINT64, &push_state, NULL));
  g_assert_cmpint (push_state, >=, g_ascii_strtoll (state, NULL, 10));
}

/* One request that writes two types is one commit: the StateChange still
 * gives each type its own state, the one X/get reports. */
static void
test_ws_state_change_per_type_states (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(Peer) peer = peer_open (fixture, fixture->agent);
  g_autoptr(JsonObject) state_change = NULL;
  g_autoptr(JsonObject) cases = NULL;
  g_autoptr(JsonObject) interactions = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *body = NULL;
  JsonObject *changed;
  guint status;

  g_autoptr(JsonObject) customers =
    fl_test_server_call_ok (fixture->server, fixture->agent, "Customer/query",
                            "{\"filter\": {\"phone\": \"+1 555 0100\"}}");

  peer_enable_push (peer, "{\"@type\": \"WebSocketPushEnable\", \"dataTypes\": null}");
  body = g_strdup_printf ("{\"using\": " FL_TEST_USING ", \"methodCalls\": ["
                          "[\"Case/set\", {\"accountId\": \"org\", \"create\": {\"k\": {"
                          "\"customerId\": \"%s\", \"subject\": \"Two types, one commit\","
                          " \"status\": \"new\", \"priority\": \"normal\", \"tier\": \"tier1\"}}}, \"a\"],"
                          "[\"Interaction/set\", {\"accountId\": \"org\", \"create\": {\"n\": {"
                          "\"caseId\": \"#k\", \"kind\": \"note\", \"body\": \"Logged\"}}}, \"b\"]]}",
                          json_array_get_string_element (json_object_get_array_member (customers, "ids"), 0));
  answer = fl_test_server_request (fixture->server, "POST", "/jmap/api", fixture->lead, body, -1, &status);
  g_assert_cmpuint (status, ==, 200);

  state_change = peer_expect (peer, "StateChange");
  changed = fl_test_push_changed_types (state_change);
  cases = fl_test_server_call_ok (fixture->server, fixture->agent, "Case/get", "{\"ids\": []}");
  interactions = fl_test_server_call_ok (fixture->server, fixture->agent, "Interaction/get", "{\"ids\": []}");
  g_assert_cmpstr (json_object_get_string_member (changed, "Case"), ==,
                   json_object_get_string_member (cases, "state"));
  g_assert_cmpstr (json_object_get_string_member (changed, "Interaction"), ==,
                   json_object_get_string_member (interactions, "state"));
  g_assert_cmpstr (json_object_get_string_member (changed, "Case"), !=,
                   json_object_get_string_member (changed, "Interaction"));
}

static void
test_ws_push_disable (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(Peer) peer = peer_open (fixture, fixture->agent);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  /* Off until enabled: the commit's StateChange would be written before the
   * write's answer, so by the sync it would be here. */
  first = fl_test_push_create_case (fixture, NULL);
  peer_sync (peer);
  g_assert_cmpuint (peer->messages.length, ==, 0);

  peer_enable_push (peer, "{\"@type\": \"WebSocketPushEnable\", \"dataTypes\": null}");
  peer_enable_push (peer, "{\"@type\": \"WebSocketPushDisable\"}");
  second = fl_test_push_create_case (fixture, NULL);
  peer_sync (peer);
  g_assert_cmpuint (peer->messages.length, ==, 0);
}

static void
test_ws_reconnect_gets_missed_changes (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autofree char *case_state = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *interaction_state = NULL;
  g_autofree char *push_state = NULL;
  g_autofree char *enable = NULL;

  {
    g_autoptr(Peer) peer = peer_open (fixture, fixture->agent);
    g_autoptr(JsonObject) state_change = NULL;

    peer_enable_push (peer, "{\"@type\": \"WebSocketPushEnable\", \"dataTypes\": null}");
    case_state = fl_test_push_create_case (fixture, &case_id);
    state_change = peer_expect (peer, "StateChange");
    push_state = g_strdup (json_object_get_string_member (state_change, "pushState"));
  }

  /* Written while nobody of this agent was connected. */
  interaction_state = fl_test_push_create_interaction (fixture, case_id);

  {
    g_autoptr(Peer) peer = peer_open (fixture, fixture->agent);
    g_autoptr(JsonObject) state_change = NULL;
    JsonObject *changed;

    enable = g_strdup_printf ("{\"@type\": \"WebSocketPushEnable\", \"dataTypes\": null, \"pushState\": \"%s\"}",
                              push_state);
    peer_send (peer, enable);
    state_change = peer_expect (peer, "StateChange");
    changed = fl_test_push_changed_types (state_change);
    g_assert_cmpstr (json_object_get_string_member (changed, "Interaction"), ==, interaction_state);
    /* Not what it had already been told of, nor what did not change. */
    g_assert_false (json_object_has_member (changed, "Case"));
    g_assert_false (json_object_has_member (changed, "Product"));
    g_free (push_state);
    push_state = g_strdup (json_object_get_string_member (state_change, "pushState"));
  }

  /* Up to date: nothing is sent. */
  {
    g_autoptr(Peer) peer = peer_open (fixture, fixture->agent);

    g_free (enable);
    enable = g_strdup_printf ("{\"@type\": \"WebSocketPushEnable\", \"dataTypes\": null, \"pushState\": \"%s\"}",
                              push_state);
    peer_enable_push (peer, enable);
    g_assert_cmpuint (peer->messages.length, ==, 0);
  }

  /* A state this server never gave out: every type, to compare. */
  {
    g_autoptr(Peer) peer = peer_open (fixture, fixture->agent);
    g_autoptr(JsonObject) state_change = NULL;

    peer_send (peer, "{\"@type\": \"WebSocketPushEnable\", \"dataTypes\": null, \"pushState\": \"garbage\"}");
    state_change = peer_expect (peer, "StateChange");
    g_assert_cmpuint (json_object_get_size (fl_test_push_changed_types (state_change)), >=, 9);
    g_assert_cmpstr (json_object_get_string_member (fl_test_push_changed_types (state_change), "Interaction"), ==,
                     interaction_state);
  }
}

static void
test_ws_data_types_filter (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(Peer) peer = peer_open (fixture, fixture->agent);
  g_autoptr(JsonObject) state_change = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *case_state = NULL;
  g_autofree char *interaction_state = NULL;
  JsonObject *changed;

  peer_enable_push (peer, "{\"@type\": \"WebSocketPushEnable\", \"dataTypes\": [\"Interaction\"]}");
  /* A Case alone is not pushed; the Interaction after it is, and alone. */
  case_state = fl_test_push_create_case (fixture, &case_id);
  interaction_state = fl_test_push_create_interaction (fixture, case_id);
  state_change = peer_expect (peer, "StateChange");
  changed = fl_test_push_changed_types (state_change);
  g_assert_cmpuint (json_object_get_size (changed), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (changed, "Interaction"), ==, interaction_state);
}

static void
test_ws_revoked_token_stops_push (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(Peer) peer = peer_open (fixture, fixture->agent);
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *state = NULL;
  guint status;

  peer_enable_push (peer, "{\"@type\": \"WebSocketPushEnable\", \"dataTypes\": null}");
  answer = fl_test_server_request (fixture->server, "POST", "/auth/logout", fixture->agent, "", 0, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_NO_CONTENT);

  state = fl_test_push_create_case (fixture, NULL);
  g_assert_true (fl_test_wait_until (peer_is_closed, peer, FL_TEST_PUSH_TIMEOUT_MS));
  g_assert_cmpuint (peer->close_code, ==, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION);
  g_assert_cmpuint (peer->messages.length, ==, 0);
}

static void
test_ws_disabled_agent_is_closed (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(Peer) peer = peer_open (fixture, fixture->agent);
  g_autoptr(JsonNode) session = NULL;
  g_autoptr(JsonObject) set = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autofree char *args = NULL;
  const char *agent_id;
  guint status;

  session = fl_test_server_request (fixture->server, "GET", "/.well-known/jmap", fixture->agent, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  agent_id = json_object_get_string_member (
    json_object_get_object_member (
      json_object_get_object_member (
        json_object_get_object_member (json_object_get_object_member (json_node_get_object (session), "accounts"),
                                       "org"),
        "accountCapabilities"),
      "https://frontlinedesk.github.io/jmap/support"),
    "agentId");
  g_assert_nonnull (agent_id);

  peer_enable_push (peer, "{\"@type\": \"WebSocketPushEnable\", \"dataTypes\": null}");
  args = g_strdup_printf ("{\"update\": {\"%s\": {\"disabled\": true}}}", agent_id);
  set = fl_test_server_call_ok (fixture->server, fixture->lead, "Agent/set", args);
  g_assert_true (json_object_has_member (json_object_get_object_member (set, "updated"), agent_id));

  g_assert_true (fl_test_wait_until (peer_is_closed, peer, FL_TEST_PUSH_TIMEOUT_MS));
  g_assert_cmpuint (peer->close_code, ==, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION);
  /* The agent's sign-ins are over everywhere. */
  refused = fl_test_server_request (fixture->server, "GET", "/.well-known/jmap", fixture->agent, NULL, 0, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_UNAUTHORIZED);
}

static void
test_ws_oversized_message_closes (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(Peer) peer = peer_open (fixture, fixture->agent);
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(GString) big = g_string_new ("{\"@type\": \"Request\", \"id\": \"big\", \"using\": [], "
                                         "\"methodCalls\": [], \"padding\": \"");

  /* Under the limit (4 KiB here): fine. */
  g_string_append_printf (big, "%3000s", "");
  g_string_append (big, "\"}");
  peer_send (peer, big->str);
  response = peer_expect (peer, "Response");
  g_assert_cmpstr (json_object_get_string_member (response, "requestId"), ==, "big");

  /* Over it: libsoup (3.2) drops the connection as soon as it reads the
   * frame's length, without a close frame, and never buffers the payload. */
  g_string_truncate (big, big->len - 2);
  g_string_append_printf (big, "%5000s", "");
  g_string_append (big, "\"}");
  peer_send (peer, big->str);
  g_assert_true (fl_test_wait_until (peer_is_closed, peer, FL_TEST_PUSH_TIMEOUT_MS));
  g_assert_cmpuint (peer->messages.length, ==, 0);

  /* The server itself is fine. */
  {
    g_autoptr(Peer) again = peer_open (fixture, fixture->agent);

    peer_sync (again);
  }
}

static void
test_ws_shutdown_closes_going_away (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(Peer) peer = peer_open (fixture, fixture->agent);

  peer_enable_push (peer, "{\"@type\": \"WebSocketPushEnable\", \"dataTypes\": null}");
  fl_test_server_stop (fixture->server);
  g_assert_true (fl_test_wait_until (peer_is_closed, peer, FL_TEST_PUSH_TIMEOUT_MS));
  g_assert_cmpuint (peer->close_code, ==, SOUP_WEBSOCKET_CLOSE_GOING_AWAY);
}

int
main (int    argc,
      char **argv)
{
  static const char * const small_messages[] = { "--max-body", "4096", NULL };

  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fl_test_push_fixture_set_up, fn, fl_test_push_fixture_tear_down)
  ADD ("/server/push/ws/refuses-without-valid-token", test_ws_refuses_without_valid_token);
  ADD ("/server/push/ws/request-gets-response-with-request-id", test_ws_request_gets_response);
  ADD ("/server/push/ws/bad-messages-get-request-errors", test_ws_request_errors);
  ADD ("/server/push/ws/every-concurrent-request-is-answered-once", test_ws_concurrent_requests);
  ADD ("/server/push/ws/state-change-reaches-other-connection", test_ws_state_change_reaches_other_connection);
  ADD ("/server/push/ws/state-change-per-type-states", test_ws_state_change_per_type_states);
  ADD ("/server/push/ws/nothing-pushed-unless-enabled", test_ws_push_disable);
  ADD ("/server/push/ws/reconnect-with-push-state-gets-missed-changes", test_ws_reconnect_gets_missed_changes);
  ADD ("/server/push/ws/data-types-filter", test_ws_data_types_filter);
  ADD ("/server/push/ws/revoked-token-stops-push", test_ws_revoked_token_stops_push);
  ADD ("/server/push/ws/disabled-agent-is-closed", test_ws_disabled_agent_is_closed);
  ADD ("/server/push/ws/shutdown-closes-going-away", test_ws_shutdown_closes_going_away);
#undef ADD
  g_test_add ("/server/push/ws/oversized-message-closes", Fixture, small_messages, fl_test_push_fixture_set_up,
              test_ws_oversized_message_closes, fl_test_push_fixture_tear_down);

  return g_test_run ();
}

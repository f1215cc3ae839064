/* test-tls.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real server with --tls-cert and --tls-key: a self-signed certificate
 * made for the test, https end to end, and no plain http on that port.
 */
#include "config.h"

#include <string.h>

#include "fl-test-util.h"
#include "server-fixture.h"

typedef struct
{
  char         *dir;
  char         *cert;
  FlTestServer *server;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) openssl = NULL;
  g_autofree char *key = NULL;
  const char *extra_args[5];

  fixture->dir = g_dir_make_tmp ("frontline-tls-test-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->cert = g_build_filename (fixture->dir, "cert.pem", NULL);
  key = g_build_filename (fixture->dir, "key.pem", NULL);

  /* The address as a subjectAltName too: TLS libraries check an IP against
   * those, not against the common name. */
  openssl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                              "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                              "-days", "1", "-keyout", key, "-out", fixture->cert, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (openssl, NULL, &error);
  g_assert_no_error (error);

  extra_args[0] = "--tls-cert";
  extra_args[1] = fixture->cert;
  extra_args[2] = "--tls-key";
  extra_args[3] = key;
  extra_args[4] = NULL;
  fixture->server = fl_test_server_start (extra_args);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  fl_test_server_stop (fixture->server);
  g_clear_pointer (&fixture->server, fl_test_server_free);
  fl_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->cert);
}

static void
test_https (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = fl_test_server_new_session (fixture->server);
  g_autoptr(SoupMessage) untrusted = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) resource = NULL;
  g_autoptr(JsonObject) cases = NULL;
  g_autofree char *token = NULL;
  JsonObject *object;
  guint status;

  g_assert_true (g_str_has_prefix (fixture->server->url, "https://127.0.0.1:"));

  /* A client that does not trust the certificate stops at the handshake. */
  untrusted = fl_test_server_new_message (fixture->server, "GET", "/healthz", NULL, NULL);
  body = soup_session_send_and_read (session, untrusted, NULL, &error);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_null (body);
  g_clear_error (&error);

  /* One that does goes through: sign-in, the session resource, a method. */
  fixture->server->trusted = g_tls_certificate_new_from_file (fixture->cert, &error);
  g_assert_no_error (error);
  token = fl_test_server_login (fixture->server, "agent", FL_TEST_DEMO_PASSWORD, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (token);

  resource = fl_test_server_request (fixture->server, "GET", "/.well-known/jmap", token, NULL, 0,
                                     &status);
  g_assert_cmpuint (status, ==, 200);
  object = json_node_get_object (resource);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "apiUrl"), "https://"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "eventSourceUrl"),
                                   "https://"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (
                   json_object_get_object_member (json_object_get_object_member (object, "capabilities"),
                                                  "urn:ietf:params:jmap:websocket"), "url"), "wss://"));

  cases = fl_test_server_call_ok (fixture->server, token, "Case/query",
                                  "{\"limit\": 3, \"calculateTotal\": true}");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (cases, "ids")), ==, 3);
  g_assert_cmpint (json_object_get_int_member (cases, "total"), >, 3);

  /* And it really was TLS, with this certificate. */
  {
    g_autoptr(SoupMessage) msg = fl_test_server_new_message (fixture->server, "GET", "/healthz",
                                                             NULL, NULL);
    g_autoptr(GBytes) ok = soup_session_send_and_read (session, msg, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_assert_true (g_tls_certificate_is_same (soup_message_get_tls_peer_certificate (msg),
                                              fixture->server->trusted));
    g_assert_cmpint (soup_message_get_tls_protocol_version (msg), >=,
                     G_TLS_PROTOCOL_VERSION_TLS_1_2);
  }
}

static void
test_plain_http_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = fl_test_server_new_session (fixture->server);
  g_autofree char *plain_url = g_strconcat ("http://", fixture->server->url + strlen ("https://"),
                                            "/healthz", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", plain_url);
  g_autoptr(GBytes) body = NULL;

  soup_session_set_timeout (session, 10);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  /* Whatever the handshake made of it, never an answer. */
  g_assert_nonnull (error);
  g_test_message ("plain http: %s", error->message);
  g_assert_cmpuint (soup_message_get_status (msg), !=, 200);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/tls/https-with-a-self-signed-certificate", Fixture, NULL, fixture_set_up,
              test_https,
              fixture_tear_down);
  g_test_add ("/server/tls/plain-http-gets-no-answer", Fixture, NULL, fixture_set_up,
              test_plain_http_refused,
              fixture_tear_down);

  return g_test_run ();
}

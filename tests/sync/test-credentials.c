/* test-credentials.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where the token goes. Run by keyring-session.sh inside a private D-Bus
 * session with a real gnome-keyring-daemon: the engine keeps the token there
 * and nothing of the sign-in in the profile. frontlinectl, started with the
 * session bus pointed at nothing or at a bus with no Secret Service on it,
 * falls back to a 0600 file and says so once.
 */
#define _GNU_SOURCE  /* memmem(): the database files are binary */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "fl-test-util.h"
#include "sync-fixture.h"

/* Written out again rather than borrowed from the engine: the test pins the
 * schema name and attributes other tools (seahorse, secret-tool) see. */
static const SecretSchema token_schema = {
  "io.github.frontlinedesk.Frontline.Token", SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "login", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

#define FALLBACK_NOTICE "no Secret Service here"

static char *
keyring_token_at (const char *server,
                  const char *login)
{
  g_autoptr(GError) error = NULL;
  char *secret = secret_password_lookup_sync (&token_schema, NULL, &error,
                                              "server", server, "login", login, NULL);
  char *token;

  g_assert_no_error (error);
  token = g_strdup (secret);
  secret_password_free (secret);
  return token;
}

static char *
keyring_token (SyncFixture *fixture,
               const char  *login)
{
  return keyring_token_at (fixture->server->url, login);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

/* No file below @dir (the database, its WAL, anything) holds @needle. */
static void
assert_nowhere_below (const char *dir,
                      const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = g_dir_open (dir, 0, &error);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        assert_nowhere_below (path, needle);
      else if (file_contains (path, needle))
        g_error ("%s holds a secret it should not", path);
    }
}

static char *
token_path_of (FlSyncEngine *engine)
{
  return g_build_filename (fl_sync_engine_get_profile_dir (engine), FL_CREDENTIAL_FILE, NULL);
}

static void
test_sign_in_keeps_the_token_in_the_keyring_not_in_the_profile (SyncFixture   *fixture,
                                                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSyncEngine) engine = sync_fixture_desktop (fixture, "a", "agent");
  g_autoptr(FlSyncEngine) restarted = NULL;
  g_autofree char *token = keyring_token (fixture, "agent");
  g_autofree char *token_path = token_path_of (engine);
  g_autoptr(JsonObject) answer = NULL;

  /* In the keyring, under the schema, and the server takes it. */
  g_assert_nonnull (token);
  g_assert_cmpuint (strlen (token), >, 16);
  answer = fl_test_server_call_ok (fixture->server, token, "Customer/query", "{\"limit\": 1}");
  g_assert_null (fl_credential_store_get_fallback_reason (fl_sync_engine_get_credentials (engine)));

  /* Nothing of the sign-in in the profile: no token file, neither the token
   * nor the password in any file. */
  g_assert_false (g_file_test (token_path, G_FILE_TEST_EXISTS));
  assert_nowhere_below (fl_sync_engine_get_profile_dir (engine), FL_TEST_DEMO_PASSWORD);
  assert_nowhere_below (fl_sync_engine_get_profile_dir (engine), token);

  /* A restarted desktop finds it there and syncs with it. */
  g_clear_object (&engine);
  restarted = sync_fixture_reopen (fixture, "a");
  g_assert_true (sync_run_sync (restarted, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fl_sync_engine_get_state (restarted), ==, FL_SYNC_STATE_ONLINE);
  g_assert_false (g_file_test (token_path, G_FILE_TEST_EXISTS));
  assert_nowhere_below (fl_sync_engine_get_profile_dir (restarted), FL_TEST_DEMO_PASSWORD);
}

static void
test_the_token_file_goes_when_the_keyring_takes_the_token (SyncFixture   *fixture,
                                                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSyncEngine) engine = sync_fixture_reopen (fixture, "a");
  g_autofree char *token_path = token_path_of (engine);
  g_autofree char *token = NULL;

  /* What a sign-in on a box without a keyring left behind. */
  g_assert_true (g_file_set_contents_full (token_path, "left-by-a-headless-sign-in", -1,
                                           G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_true (sync_run_login (fixture, engine, "agent", &error));
  g_assert_no_error (error);

  g_assert_false (g_file_test (token_path, G_FILE_TEST_EXISTS));
  token = keyring_token (fixture, "agent");
  g_assert_nonnull (token);
  g_assert_cmpstr (token, !=, "left-by-a-headless-sign-in");
}

static void
test_signing_in_as_someone_else_forgets_the_old_token (SyncFixture   *fixture,
                                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSyncEngine) engine = sync_fixture_desktop (fixture, "a", "agent");
  g_autofree char *before = keyring_token (fixture, "agent");
  g_autofree char *old = NULL;
  g_autofree char *new = NULL;

  g_assert_nonnull (before);
  g_assert_true (sync_run_login (fixture, engine, "tier2", &error));
  g_assert_no_error (error);
  old = keyring_token (fixture, "agent");
  new = keyring_token (fixture, "tier2");
  g_assert_null (old);
  g_assert_nonnull (new);
  g_assert_cmpstr (fl_sync_engine_get_login (engine), ==, "tier2");
}

static void
test_the_token_moves_with_the_server_address (SyncFixture   *fixture,
                                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSyncEngine) engine = sync_fixture_desktop (fixture, "a", "agent");
  g_autofree char *old_url = g_strdup (fixture->server->url);
  /* Another address of the same server. */
  g_autofree char *new_url = g_strdup_printf ("http://localhost:%s", strrchr (old_url, ':') + 1);
  g_autofree char *before = keyring_token (fixture, "agent");
  g_autofree char *after = NULL;
  g_autofree char *stale = NULL;

  g_assert_true (sync_run_set_server_url (engine, new_url, &error));
  g_assert_no_error (error);

  stale = keyring_token_at (old_url, "agent");
  g_assert_null (stale);
  after = keyring_token_at (new_url, "agent");
  g_assert_nonnull (before);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpstr (fl_sync_engine_get_server_url (engine), ==, new_url);
}

static void
test_sign_out_forgets_the_token_and_keeps_the_outbox (SyncFixture   *fixture,
                                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSyncEngine) engine = sync_fixture_desktop (fixture, "a", "agent");
  g_autofree char *token_path = token_path_of (engine);
  g_autofree char *token = NULL;
  g_autoptr(FlCustomer) customer = fl_customer_new ();
  g_autoptr(JsonObject) on_server = NULL;
  g_autoptr(JsonNode) refused = NULL;
  guint status = 0;

  fl_customer_set_name (customer, "Queued Before Signing Out");
  g_assert_true (sync_run_create (engine, FL_ENTITY (customer), &error));
  g_assert_no_error (error);
  g_assert_cmpint (fl_sync_engine_get_pending (engine), ==, 1);
  token = keyring_token (fixture, "agent");
  g_assert_nonnull (token);

  g_assert_true (sync_run_logout (engine, &error));
  g_assert_no_error (error);
  /* The server revoked it, and neither place has it any more. */
  refused = fl_test_server_request (fixture->server, "GET", "/.well-known/jmap", token, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&token, g_free);
  token = keyring_token (fixture, "agent");
  g_assert_null (token);
  g_assert_false (g_file_test (token_path, G_FILE_TEST_EXISTS));

  g_assert_false (sync_run_push (engine, &error));
  g_assert_error (error, FL_SYNC_ERROR, FL_SYNC_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);
  g_assert_cmpint (fl_sync_engine_get_pending (engine), ==, 1);

  g_assert_true (sync_run_login (fixture, engine, "agent", &error));
  g_assert_true (sync_run_push (engine, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fl_sync_engine_get_pending (engine), ==, 0);
  on_server = fl_test_server_get_record (fixture->server, fixture->lead, "Customer",
                                         fl_entity_get_id (FL_ENTITY (customer)));
  g_assert_nonnull (on_server);
  g_assert_cmpstr (json_object_get_string_member (on_server, "name"), ==, "Queued Before Signing Out");
}

/* --- no Secret Service: frontlinectl with another session bus ------------------ */

/* Runs frontlinectl --profile @profile ARGS with the session bus at @bus;
 * returns the exit status, standard error in @err. */
static int
ctl (SyncFixture  *fixture,
     const char   *bus,
     const char   *profile,
     const char   *input,
     char        **err,
     ...)
{
  va_list args;
  int status;

  va_start (args, err);
  status = sync_run_ctlv (fixture->dir, bus, profile, input, NULL, err, args);
  va_end (args);
  return status;
}

static guint
count_of (const char *haystack,
          const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
assert_falls_back_to_a_file_and_says_so_once (SyncFixture *fixture,
                                              const char  *bus)
{
  g_autofree char *profile = g_build_filename (fixture->dir, "headless", NULL);
  g_autofree char *token_path = g_build_filename (profile, FL_CREDENTIAL_FILE, NULL);
  g_autofree char *login_err = NULL;
  g_autofree char *sync_err = NULL;
  g_autofree char *status_err = NULL;
  g_autofree char *token = NULL;
  g_autofree char *in_keyring = NULL;
  g_autoptr(JsonObject) answer = NULL;
  GStatBuf st;

  g_assert_cmpint (ctl (fixture, bus, profile, FL_TEST_DEMO_PASSWORD "\n", &login_err,
                        "login", fixture->server->url, "tier2", NULL), ==, 0);
  g_assert_cmpint (ctl (fixture, bus, profile, NULL, &sync_err, "sync", NULL), ==, 0);
  g_assert_cmpint (ctl (fixture, bus, profile, NULL, &status_err, "status", NULL), ==, 0);

  /* Said at sign-in, where the token was written, and not again. */
  g_assert_cmpuint (count_of (login_err, FALLBACK_NOTICE), ==, 1);
  g_assert_nonnull (strstr (login_err, token_path));
  g_assert_cmpuint (count_of (sync_err, FALLBACK_NOTICE) + count_of (status_err, FALLBACK_NOTICE), ==, 0);

  g_assert_cmpint (g_stat (token_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (token_path, &token, NULL, NULL));
  g_strstrip (token);
  answer = fl_test_server_call_ok (fixture->server, token, "Customer/query", "{\"limit\": 1}");
  assert_nowhere_below (profile, FL_TEST_DEMO_PASSWORD);
  /* The keyring of this session was out of frontlinectl's reach. */
  in_keyring = keyring_token (fixture, "tier2");
  g_assert_null (in_keyring);

  g_assert_cmpint (ctl (fixture, bus, profile, NULL, NULL, "logout", NULL), ==, 0);
  g_assert_false (g_file_test (token_path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (ctl (fixture, bus, profile, NULL, NULL, "sync", NULL), ==, 1);
}

static void
test_no_session_bus_falls_back_to_a_0600_file (SyncFixture   *fixture,
                                               gconstpointer  data)
{
  g_autofree char *nowhere = g_build_filename (fixture->dir, "no-bus-here", NULL);
  g_autofree char *bus = g_strconcat ("unix:path=", nowhere, NULL);

  assert_falls_back_to_a_file_and_says_so_once (fixture, bus);
}

/* A session bus of its own, with no service files: nothing answers for
 * org.freedesktop.secrets and nothing can be started to. */
static GSubprocess *
start_bare_bus (SyncFixture  *fixture,
                char        **address)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_build_filename (fixture->dir, "bare-bus.conf", NULL);
  g_autofree char *contents = g_strdup_printf (
    "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
    " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
    "<busconfig>\n"
    "  <type>session</type>\n"
    "  <listen>unix:tmpdir=%s</listen>\n"
    "  <auth>EXTERNAL</auth>\n"
    "  <policy context=\"default\">\n"
    "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
    "    <allow eavesdrop=\"true\"/>\n"
    "    <allow own=\"*\"/>\n"
    "  </policy>\n"
    "</busconfig>\n", fixture->dir);
  GSubprocess *bus;
  g_autoptr(GDataInputStream) out = NULL;

  g_assert_true (g_file_set_contents (config, contents, -1, &error));
  bus = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "dbus-daemon", "--nofork",
                          "--config-file", config, "--print-address=1", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus));
  *address = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*address);
  g_assert_true (g_str_has_prefix (*address, "unix:"));
  return bus;
}

static void
test_a_bus_without_secrets_falls_back_to_a_0600_file (SyncFixture   *fixture,
                                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  g_autoptr(GSubprocess) bus = start_bare_bus (fixture, &address);

  assert_falls_back_to_a_file_and_says_so_once (fixture, address);
  g_subprocess_force_exit (bus);
  g_subprocess_wait (bus, NULL, &error);
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, SyncFixture, NULL, sync_fixture_setup, fn, sync_fixture_teardown)
  ADD ("/credentials/keyring/sign-in-keeps-the-token-in-the-keyring-not-in-the-profile",
       test_sign_in_keeps_the_token_in_the_keyring_not_in_the_profile);
  ADD ("/credentials/keyring/the-token-file-goes-when-the-keyring-takes-the-token",
       test_the_token_file_goes_when_the_keyring_takes_the_token);
  ADD ("/credentials/keyring/signing-in-as-someone-else-forgets-the-old-token",
       test_signing_in_as_someone_else_forgets_the_old_token);
  ADD ("/credentials/keyring/the-token-moves-with-the-server-address",
       test_the_token_moves_with_the_server_address);
  ADD ("/credentials/keyring/sign-out-forgets-the-token-and-keeps-the-outbox",
       test_sign_out_forgets_the_token_and_keeps_the_outbox);
  ADD ("/credentials/no-secret-service/no-session-bus-falls-back-to-a-0600-file",
       test_no_session_bus_falls_back_to_a_0600_file);
  ADD ("/credentials/no-secret-service/a-bus-without-secrets-falls-back-to-a-0600-file",
       test_a_bus_without_secrets_falls_back_to_a_0600_file);
#undef ADD

  return g_test_run ();
}

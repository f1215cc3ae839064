/* test-sync-snapshot.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first sync as a snapshot (GET /jmap/snapshot), against the real server
 * and its demo data: the same local copy as the paged sync, row for row;
 * what is written after the snapshot was built arrives by catch-up; nothing
 * only the server keeps is in the file; no token, no snapshot; a damaged or
 * cut download falls back to paging; a desktop killed half-way through the
 * download keeps its old copy and finishes the next time.
 */
#define _GNU_SOURCE
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "cut-proxy.h"
#include "fl-test-util.h"
#include "sync-fixture.h"

static const char * const record_tables[] = {
  "agents", "products", "customers", "ownerships", "flaws", "offers", "cases", "interactions",
  "offer_outcomes",
};

static sqlite3 *
open_file (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  return db;
}

/* Every row @sql gives, as text, one line each. */
static void
dump_query (sqlite3    *db,
            const char *sql,
            GString    *out)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          /* pk is the row's place in this file, not part of the record. */
          if (g_str_equal (sqlite3_column_name (stmt, i), "pk"))
            continue;
          g_string_append_printf (out, "%s|", sqlite3_column_type (stmt, i) == SQLITE_NULL
                                              ? "∅" : (const char *) sqlite3_column_text (stmt, i));
        }
      g_string_append_c (out, '\n');
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

static gint64
count_rows (sqlite3    *db,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static char *
profile_db (FlSyncEngine *engine)
{
  return g_build_filename (fl_sync_engine_get_profile_dir (engine), "frontline.db", NULL);
}

/* A profile's local copy as text: every record, the lookup keys and flaw
 * links, what the search indexes find, and the states it is in step from. */
static char *
dump_copy (FlSyncEngine *engine,
           guint        *n_cases)
{
  g_autofree char *path = profile_db (engine);
  sqlite3 *db = open_file (path);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (record_tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY id", record_tables[i]);

      g_string_append_printf (out, "## %s\n", record_tables[i]);
      dump_query (db, sql, out);
    }
  g_string_append (out, "## keys\n");
  dump_query (db, "SELECT c.id, k.key FROM customer_keys k JOIN customers c ON c.pk = k.customer_pk"
                  " ORDER BY 1, 2", out);
  g_string_append (out, "## case_flaws\n");
  dump_query (db, "SELECT case_id, flaw_id FROM case_flaws ORDER BY 1, 2", out);
  g_string_append (out, "## search\n");
  dump_query (db, "SELECT c.id FROM customer_fts f JOIN customers c ON c.pk = f.rowid"
                  " WHERE customer_fts MATCH 'a* OR e* OR s*' ORDER BY 1", out);
  dump_query (db, "SELECT c.id FROM case_fts f JOIN cases c ON c.pk = f.rowid"
                  " WHERE case_fts MATCH 'a* OR e* OR s*' ORDER BY 1", out);
  dump_query (db, "SELECT i.id FROM interaction_fts f JOIN interactions i ON i.pk = f.rowid"
                  " WHERE interaction_fts MATCH 'a* OR e* OR s*' ORDER BY 1", out);
  dump_query (db, "SELECT f.id FROM flaw_fts x JOIN flaws f ON f.pk = x.rowid"
                  " WHERE flaw_fts MATCH 'a* OR e* OR s*' ORDER BY 1", out);
  g_string_append (out, "## states\n");
  dump_query (db, "SELECT key, value FROM sync_state WHERE key LIKE 'state:%' ORDER BY 1", out);
  if (n_cases != NULL)
    *n_cases = (guint) count_rows (db, "cases");
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

/* The SHA-256 of the snapshot a profile was made from, or NULL. */
static char *
installed_snapshot (FlSyncEngine *engine)
{
  g_autoptr(FlStore) copy = sync_fixture_open_copy (engine);
  g_autoptr(GError) error = NULL;
  char *sha256 = fl_store_sync_get (copy, "snapshot:sha256", &error);

  g_assert_no_error (error);
  return sha256;
}

/* The client writes a download in whole pieces of 1 MiB (around the page
 * cache, so aligned) but the last: a server that stalls after one and a half
 * has had one of them written. The snapshot of everything is larger. */
#define PIECE_BYTES (1024 * 1024)
#define STALL_AFTER_BYTES (PIECE_BYTES + PIECE_BYTES / 2)

static gboolean
download_left (FlSyncEngine *engine)
{
  g_autofree char *path = g_build_filename (fl_sync_engine_get_profile_dir (engine), "snapshot.download", NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static FlSyncEngine *
snapshot_desktop_at (SyncFixture *fixture,
                     const char  *name,
                     const char  *login,
                     const char  *url,
                     guint        scope_days)
{
  FlSyncEngine *engine = sync_fixture_desktop_at (fixture, name, login, url);

  fl_sync_engine_set_use_snapshot (engine, TRUE);
  fl_sync_engine_set_scope_days (engine, scope_days);
  return engine;
}

/* A first sync through a snapshot (which must have been used). */
static FlSyncEngine *
synced_from_snapshot (SyncFixture *fixture,
                      const char  *name,
                      const char  *login,
                      guint        scope_days)
{
  g_autoptr(GError) error = NULL;
  FlSyncEngine *engine = snapshot_desktop_at (fixture, name, login, fixture->server->url, scope_days);

  g_assert_true (sync_run_sync (engine, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (fl_sync_engine_get_snapshot_error (engine));
  g_assert_false (download_left (engine));
  return engine;
}

/* A first sync paged in, as before snapshots. */
static FlSyncEngine *
synced_by_paging (SyncFixture *fixture,
                  const char  *name,
                  const char  *login,
                  guint        scope_days)
{
  g_autoptr(GError) error = NULL;
  FlSyncEngine *engine = sync_fixture_desktop (fixture, name, login);

  fl_sync_engine_set_scope_days (engine, scope_days);
  g_assert_true (sync_run_sync (engine, NULL, &error));
  g_assert_no_error (error);
  return engine;
}

/* A trainee, the role that may do least: what X/get shows them is what the
 * paged copy holds, so the snapshot must hold the same. */
static void
test_same_as_paged (SyncFixture   *fixture,
                    gconstpointer  data)
{
  for (guint scope = 0; scope < 2; scope++)
    {
      guint days = scope == 0 ? 90 : 0;
      g_autofree char *paged_name = g_strdup_printf ("paged-%u", days);
      g_autofree char *snap_name = g_strdup_printf ("snap-%u", days);
      g_autoptr(FlSyncEngine) paged = synced_by_paging (fixture, paged_name, "trainee", days);
      g_autoptr(FlSyncEngine) snap = synced_from_snapshot (fixture, snap_name, "trainee", days);
      g_autofree char *paged_sha = installed_snapshot (paged);
      g_autofree char *snap_sha = installed_snapshot (snap);
      guint n_cases = 0;
      g_autofree char *paged_rows = dump_copy (paged, &n_cases);
      g_autofree char *snap_rows = dump_copy (snap, NULL);

      g_test_message ("scope %u days: %u cases, %zu bytes of rows", days, n_cases, strlen (paged_rows));
      g_assert_null (paged_sha);
      g_assert_nonnull (snap_sha);
      g_assert_cmpuint (n_cases, >, 0);
      g_assert_cmpstr (snap_rows, ==, paged_rows);
      g_assert_cmpuint (fl_sync_engine_get_progress_done (snap), ==, fl_sync_engine_get_progress_total (snap));
      g_assert_cmpuint (fl_sync_engine_get_progress_total (snap), >, 0);
    }
}

/* Written after the snapshot was built, it arrives by catch-up, once. */
static void
test_catch_up (SyncFixture   *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSyncEngine) first = synced_from_snapshot (fixture, "first", "agent", 0);
  g_autofree char *first_sha = installed_snapshot (first);
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(FlSyncEngine) second = NULL;
  g_autoptr(FlSyncEngine) paged = NULL;
  g_autofree char *second_sha = NULL;
  g_autofree char *second_rows = NULL;
  g_autofree char *paged_rows = NULL;
  g_autoptr(FlStore) copy = NULL;
  g_autoptr(FlEntity) customer = NULL;
  const char *created_id;
  g_autofree char *updated_id = NULL;

  created = fl_test_server_call_ok (fixture->server, fixture->lead, "Customer/set",
                                    "{\"create\": {\"n\": {\"name\": \"Ottilie Snapshot\"}}}");
  created_id = fl_test_created_id (created, "n");
  {
    g_autoptr(JsonObject) some = fl_test_server_call_ok (fixture->server, fixture->lead, "Case/query",
                                                         "{\"limit\": 1}");

    updated_id = g_strdup (json_array_get_string_element (json_object_get_array_member (some, "ids"), 0));
    updated = fl_test_server_call_okf (fixture->server, fixture->lead, "Case/set",
                                       "{\"update\": {\"%s\": {\"subject\": \"Changed after the snapshot\"}}}",
                                       updated_id);
  }

  /* The server hands out the snapshot it built for the first desktop, from
   * before those writes. */
  second = synced_from_snapshot (fixture, "second", "agent", 0);
  second_sha = installed_snapshot (second);
  g_assert_cmpstr (second_sha, ==, first_sha);

  copy = sync_fixture_open_copy (second);
  customer = fl_store_get (copy, FL_TYPE_CUSTOMER, created_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fl_customer_get_name (FL_CUSTOMER (customer)), ==, "Ottilie Snapshot");
  {
    g_autoptr(FlEntity) the_case = fl_store_get (copy, FL_TYPE_CASE, updated_id, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (fl_case_get_subject (FL_CASE (the_case)), ==, "Changed after the snapshot");
  }
  g_clear_object (&copy);

  /* Nothing lost, nothing twice: the same copy as paging everything now. */
  paged = synced_by_paging (fixture, "paged", "agent", 0);
  paged_rows = dump_copy (paged, NULL);
  second_rows = dump_copy (second, NULL);
  g_assert_cmpstr (second_rows, ==, paged_rows);
}

/* GET /jmap/snapshot@query with @token (none if NULL); the answered message in
 * @msg_out. */
static GBytes *
request_snapshot (SyncFixture  *fixture,
                  const char   *token,
                  const char   *query,
                  SoupMessage **msg_out)
{
  g_autofree char *uri = g_strconcat (fixture->server->url, "/jmap/snapshot", query, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GError) error = NULL;
  GBytes *body;

  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  body = soup_session_send_and_read (fixture->server->session, msg, NULL, &error);
  g_assert_no_error (error);
  *msg_out = g_steal_pointer (&msg);
  return body;
}

static GBytes *
get_snapshot (SyncFixture *fixture,
              const char  *token,
              guint       *status)
{
  g_autoptr(SoupMessage) msg = NULL;
  GBytes *body = request_snapshot (fixture, token, "?scopeDays=0", &msg);

  *status = soup_message_get_status (msg);
  return body;
}

/* Appends every value of @sql's first column (text or blob) to @secrets. */
static void
collect_secrets (sqlite3    *db,
                 const char *sql,
                 GPtrArray  *secrets)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (secrets, g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0)));
  sqlite3_finalize (stmt);
}

static void
test_no_server_data (SyncFixture   *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) secrets = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree char *token = fl_test_server_login (fixture->server, "trainee", FL_TEST_DEMO_PASSWORD, NULL);
  g_autoptr(JsonObject) set = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "snapshot.db", NULL);
  g_autoptr(GError) error = NULL;
  static const char * const server_tables[] = {
    "credentials", "sessions", "mutations", "audit_log", "changelog", "fts_pending", "sync_seen",
    "outbox", "conflicts",
  };
  guint status = 0;
  sqlite3 *db;

  /* A remembered mutation and an audit entry, besides the sessions and
   * password hashes the demo has. */
  set = fl_test_server_call_ok (fixture->server, fixture->lead, "Customer/set",
                                "{\"create\": {\"n\": {\"name\": \"Mutation Marker\"}},"
                                " \"clientId\": \"0b7e3f2a-5c1d-4e6f-8a9b-c0d1e2f3a4b5\", \"mutationId\": 7}");
  db = open_file (fixture->server->db_path);
  collect_secrets (db, "SELECT password_hash FROM credentials", secrets);
  collect_secrets (db, "SELECT token_hash FROM sessions", secrets);
  collect_secrets (db, "SELECT client_id FROM mutations", secrets);
  collect_secrets (db, "SELECT response FROM mutations", secrets);
  sqlite3_close (db);
  g_assert_cmpuint (secrets->len, >=, 6);

  body = get_snapshot (fixture, token, &status);
  g_assert_cmpuint (status, ==, 200);
  for (guint i = 0; i < secrets->len; i++)
    {
      gsize size;
      gconstpointer secret = g_bytes_get_data (g_ptr_array_index (secrets, i), &size);

      g_assert_cmpuint (size, >=, 16);
      g_assert_null (memmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), secret, size));
    }

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body), &error));
  g_assert_no_error (error);
  db = open_file (path);
  for (guint i = 0; i < G_N_ELEMENTS (server_tables); i++)
    g_assert_cmpint (count_rows (db, server_tables[i]), ==, 0);
  g_assert_cmpint (count_rows (db, "customers"), >, 0);
  sqlite3_close (db);

  /* And no table or column a desktop's own copy lacks. */
  {
    g_autofree char *fresh_path = g_build_filename (fixture->dir, "fresh.db", NULL);
    g_autoptr(FlStore) fresh = fl_store_open (fresh_path, &error);
    GString *fresh_schema = g_string_new (NULL);
    GString *snapshot_schema = g_string_new (NULL);
    static const char columns[] =
      "SELECT m.name, p.name, p.type FROM sqlite_schema m, pragma_table_xinfo (m.name) p"
      " WHERE m.type = 'table' ORDER BY 1, 2";

    g_assert_no_error (error);
    g_clear_object (&fresh);
    db = open_file (fresh_path);
    dump_query (db, columns, fresh_schema);
    sqlite3_close (db);
    db = open_file (path);
    dump_query (db, columns, snapshot_schema);
    sqlite3_close (db);
    g_assert_cmpstr (snapshot_schema->str, ==, fresh_schema->str);
    g_string_free (fresh_schema, TRUE);
    g_string_free (snapshot_schema, TRUE);
  }
}

static const char * const short_tokens[] = { "--token-seconds", "2", NULL };

static void
test_unauthorized (SyncFixture   *fixture,
                   gconstpointer  data)
{
  g_autofree char *token = fl_test_server_login (fixture->server, "agent", FL_TEST_DEMO_PASSWORD, NULL);
  g_autoptr(FlSyncEngine) engine = snapshot_desktop_at (fixture, "late", "agent", fixture->server->url, 0);
  g_autoptr(GBytes) none = NULL;
  g_autoptr(GBytes) bad = NULL;
  g_autoptr(GBytes) expired = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlStore) copy = NULL;
  guint status = 0;

  none = get_snapshot (fixture, NULL, &status);
  g_assert_cmpuint (status, ==, 401);
  bad = get_snapshot (fixture, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", &status);
  g_assert_cmpuint (status, ==, 401);

  g_usleep (3 * G_USEC_PER_SEC);
  expired = get_snapshot (fixture, token, &status);
  g_assert_cmpuint (status, ==, 401);

  /* The desktop's token has expired as well: sign in again, nothing copied. */
  g_assert_false (sync_run_sync (engine, NULL, &error));
  g_assert_error (error, FL_SYNC_ERROR, FL_SYNC_ERROR_SIGNED_OUT);
  g_assert_false (download_left (engine));
  copy = sync_fixture_open_copy (engine);
  g_assert_cmpint (fl_store_count (copy, FL_TYPE_CASE, NULL), ==, 0);
}

/* The file of the server's snapshot of @scope_days (one at a time), or NULL.
 * While one is being built, SQLite's log and journal sit beside it under
 * the same prefix: only the database itself counts. */
static char *
find_snapshot_file (SyncFixture *fixture,
                    guint        scope_days)
{
  g_autofree char *folder = g_strconcat (fixture->server->db_path, ".snapshots", NULL);
  g_autofree char *prefix = g_strdup_printf ("snapshot-%u-", scope_days);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  char *found = NULL;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix) && g_str_has_suffix (name, ".db"))
      {
        g_assert_null (found);
        found = g_build_filename (folder, name, NULL);
      }
  return found;
}

/* The server's cached snapshot is damaged after its checksum was taken, as
 * by a bad disk or a broken transfer: the desktop notices and pages. */
static void
test_damaged_falls_back (SyncFixture   *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSyncEngine) first = synced_from_snapshot (fixture, "first", "agent", 0);
  g_autofree char *cached = find_snapshot_file (fixture, 0);
  g_autoptr(FlSyncEngine) second = snapshot_desktop_at (fixture, "second", "agent", fixture->server->url, 0);
  g_autofree char *first_rows = dump_copy (first, NULL);
  g_autofree char *second_rows = NULL;
  guint8 junk[4096];
  GStatBuf st;
  int fd;

  g_assert_cmpint (g_stat (cached, &st), ==, 0);
  memset (junk, 0xab, sizeof junk);
  fd = open (cached, O_WRONLY);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, junk, sizeof junk, st.st_size / 2), ==, (gssize) sizeof junk);
  close (fd);

  g_assert_true (sync_run_sync (second, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (fl_sync_engine_get_snapshot_error (second), "damaged"));
  g_assert_false (download_left (second));
  g_assert_null (installed_snapshot (second));
  second_rows = dump_copy (second, NULL);
  g_assert_cmpstr (second_rows, ==, first_rows);
}

/* The connection breaks half-way through the file: the desktop pages. */
static void
test_cut_falls_back (SyncFixture   *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CutProxy) proxy = cut_proxy_new (fixture->server->url);
  g_autoptr(FlSyncEngine) reference = synced_by_paging (fixture, "reference", "agent", 0);
  g_autoptr(FlSyncEngine) engine = snapshot_desktop_at (fixture, "cut", "agent", cut_proxy_get_url (proxy), 0);
  g_autofree char *reference_rows = dump_copy (reference, NULL);
  g_autofree char *rows = NULL;

  cut_proxy_arm_request (proxy, "GET /jmap/snapshot", 200000, FALSE);
  g_assert_true (sync_run_sync (engine, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cut_proxy_get_cuts (proxy), ==, 1);
  g_assert_nonnull (fl_sync_engine_get_snapshot_error (engine));
  g_assert_false (download_left (engine));
  g_assert_null (installed_snapshot (engine));
  rows = dump_copy (engine, NULL);
  g_assert_cmpstr (rows, ==, reference_rows);
}

static goffset
file_size (const char *path)
{
  GStatBuf st;
  return g_stat (path, &st) == 0 ? st.st_size : -1;
}

static gboolean
keep_waking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* The next sync after an interrupted download fetches the snapshot again,
 * installs it and leaves nothing behind. */
static void
assert_next_sync_installs (FlSyncEngine *engine,
                           const char   *reference_rows)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rows = NULL;

  g_assert_true (sync_run_sync (engine, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (fl_sync_engine_get_snapshot_error (engine));
  g_assert_false (download_left (engine));
  g_assert_nonnull (installed_snapshot (engine));
  rows = dump_copy (engine, NULL);
  g_assert_cmpstr (rows, ==, reference_rows);
}

/* frontlinectl is killed while the snapshot is coming in: the profile is the
 * old one, and the next sync fetches the snapshot again and finishes. */
static void
test_killed_mid_download (SyncFixture   *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CutProxy) proxy = cut_proxy_new (fixture->server->url);
  g_autoptr(FlSyncEngine) reference = synced_by_paging (fixture, "reference", "agent", 0);
  g_autofree char *reference_rows = dump_copy (reference, NULL);
  g_autofree char *profile = g_build_filename (fixture->dir, "killed", NULL);
  g_autofree char *download = g_build_filename (profile, "snapshot.download", NULL);
  g_autoptr(GSubprocess) ctl = NULL;
  g_autoptr(FlSyncEngine) engine = NULL;
  guint waker;

  /* Signed in through the proxy, then closed for frontlinectl to use. */
  engine = snapshot_desktop_at (fixture, "killed", "agent", cut_proxy_get_url (proxy), 0);
  g_clear_object (&engine);

  cut_proxy_arm_request (proxy, "GET /jmap/snapshot", STALL_AFTER_BYTES, TRUE);
  ctl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, g_getenv ("FRONTLINECTL"),
                          "--profile", profile, "sync", "--scope-days", "0", NULL);
  g_assert_no_error (error);
  /* The file grows in another process: look again now and then. */
  waker = g_timeout_add (20, keep_waking, NULL);
  FL_TEST_WAIT_FOR (cut_proxy_get_cuts (proxy) == 1 && file_size (download) >= PIECE_BYTES);
  g_source_remove (waker);
  g_subprocess_send_signal (ctl, SIGKILL);
  g_subprocess_wait (ctl, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (download, G_FILE_TEST_EXISTS));

  /* The old copy, whole: signed in, nothing synced yet. */
  engine = sync_fixture_reopen (fixture, "killed");
  fl_sync_engine_set_use_snapshot (engine, TRUE);
  {
    g_autoptr(FlStore) copy = sync_fixture_open_copy (engine);

    g_assert_cmpint (fl_store_count (copy, FL_TYPE_CASE, NULL), ==, 0);
    g_assert_null (fl_store_sync_get (copy, "snapshot:sha256", NULL));
  }

  assert_next_sync_installs (engine, reference_rows);
  /* Signed in as before: the profile's settings came along. */
  g_assert_cmpstr (fl_sync_engine_get_login (engine), ==, "agent");
}

static gboolean
cancel_when_downloading (gpointer data)
{
  GCancellable *cancellable = data;
  CutProxy *proxy = g_object_get_data (G_OBJECT (cancellable), "proxy");
  const char *download = g_object_get_data (G_OBJECT (cancellable), "download");

  FlSyncEngine *engine = g_object_get_data (G_OBJECT (cancellable), "engine");

  /* The file is half there and its progress has been shown. */
  if (cut_proxy_get_cuts (proxy) == 0 || file_size (download) < PIECE_BYTES
      || fl_sync_engine_get_progress_done (engine) == 0)
    return G_SOURCE_CONTINUE;
  g_cancellable_cancel (cancellable);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  GThread *main_thread;
  guint    n_off_main;
  guint64  most_done;
  guint64  total;
} ProgressSeen;

static void
on_progress (FlSyncEngine *engine,
             GParamSpec   *pspec,
             gpointer      data)
{
  ProgressSeen *seen = data;

  if (g_thread_self () != seen->main_thread)
    seen->n_off_main++;
  seen->most_done = MAX (seen->most_done, fl_sync_engine_get_progress_done (engine));
  seen->total = fl_sync_engine_get_progress_total (engine);
}

/* The agent closes the window while the snapshot comes in (the server has
 * stalled): the download, on its own thread, showed its progress on the main
 * thread as it went, and stops at once; the sync says cancelled rather than
 * paging, the old copy is untouched, and the next sync fetches the snapshot
 * again and finishes. */
static void
test_cancelled_mid_download (SyncFixture   *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CutProxy) proxy = cut_proxy_new (fixture->server->url);
  g_autoptr(FlSyncEngine) reference = synced_by_paging (fixture, "reference", "agent", 0);
  g_autoptr(FlSyncEngine) engine = snapshot_desktop_at (fixture, "cancelled", "agent", cut_proxy_get_url (proxy), 0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *download = g_build_filename (fl_sync_engine_get_profile_dir (engine), "snapshot.download", NULL);
  g_autofree char *reference_rows = dump_copy (reference, NULL);
  ProgressSeen seen = { g_thread_self (), 0, 0, 0 };
  gulong progress_id;
  gint64 started;

  cut_proxy_arm_request (proxy, "GET /jmap/snapshot", STALL_AFTER_BYTES, TRUE);
  g_object_set_data (G_OBJECT (cancellable), "proxy", proxy);
  g_object_set_data (G_OBJECT (cancellable), "download", download);
  g_object_set_data (G_OBJECT (cancellable), "engine", engine);
  progress_id = g_signal_connect (engine, "notify::progress-done", G_CALLBACK (on_progress), &seen);
  g_timeout_add (10, cancel_when_downloading, cancellable);
  started = g_get_monotonic_time ();
  g_assert_false (sync_run_sync (engine, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_signal_handler_disconnect (engine, progress_id);
  g_assert_cmpuint (seen.n_off_main, ==, 0);
  g_assert_cmpuint (seen.most_done, >, 0);
  g_assert_cmpuint (seen.most_done, <, seen.total);
  /* Not the download timeout's quarter of an hour: the stalled read gave up. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 30 * G_TIME_SPAN_SECOND);
  g_assert_null (fl_sync_engine_get_snapshot_error (engine));
  {
    g_autoptr(FlStore) copy = sync_fixture_open_copy (engine);

    g_assert_cmpint (fl_store_count (copy, FL_TYPE_CASE, NULL), ==, 0);
  }

  assert_next_sync_installs (engine, reference_rows);
}

/* Changes made offline before the first sync stay queued, and shown. */
static void
test_outbox_kept (SyncFixture   *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CutProxy) proxy = cut_proxy_new (fixture->server->url);
  g_autoptr(FlSyncEngine) engine = snapshot_desktop_at (fixture, "offline", "agent", cut_proxy_get_url (proxy), 0);
  g_autoptr(FlCustomer) customer = fl_customer_new ();
  g_autofree char *customer_id = NULL;
  g_autoptr(FlStore) copy = NULL;
  g_autoptr(FlEntity) kept = NULL;

  fl_customer_set_name (customer, "Queued Before Sync");
  customer_id = sync_create (engine, FL_ENTITY (customer));
  g_assert_cmpint (fl_sync_engine_get_pending (engine), ==, 1);

  g_assert_true (sync_run_sync (engine, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (fl_sync_engine_get_snapshot_error (engine));
  g_assert_cmpint (fl_sync_engine_get_pending (engine), ==, 0);
  copy = sync_fixture_open_copy (engine);
  kept = fl_store_get (copy, FL_TYPE_CUSTOMER, customer_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fl_customer_get_name (FL_CUSTOMER (kept)), ==, "Queued Before Sync");
}

/* A change the server refused before the first sync is still there for the
 * agent to decide on. */
static void
test_conflicts_kept (SyncFixture   *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSyncEngine) engine = snapshot_desktop_at (fixture, "refused", "trainee", fixture->server->url, 0);
  g_autoptr(FlAgent) agent = fl_agent_new ();
  g_autofree char *agent_id = NULL;
  g_autoptr(FlStore) copy = NULL;
  g_autoptr(FlEntity) kept = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;

  /* Trainees cannot add agents: the server refuses it. */
  fl_agent_set_login (agent, "newcomer");
  fl_agent_set_display_name (agent, "Nina Newcomer");
  fl_agent_set_role (agent, FL_AGENT_ROLE_AGENT);
  agent_id = sync_create (engine, FL_ENTITY (agent));

  g_assert_true (sync_run_sync (engine, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (fl_sync_engine_get_snapshot_error (engine));
  g_assert_cmpint (fl_sync_engine_get_conflicts (engine), ==, 1);
  copy = sync_fixture_open_copy (engine);
  g_assert_nonnull (fl_store_sync_get (copy, "snapshot:sha256", NULL));
  conflicts = fl_store_conflict_list (copy, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (((FlConflict *) g_ptr_array_index (conflicts, 0))->record_id, ==, agent_id);
  g_assert_nonnull (strstr (((FlConflict *) g_ptr_array_index (conflicts, 0))->local, "Nina Newcomer"));
  /* A refused create leaves the copy, as it does with paging; the conflict
   * holds it for "keep mine". */
  kept = fl_store_get (copy, FL_TYPE_AGENT, agent_id, &error);
  g_assert_error (error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND);
  g_assert_null (kept);
}

/* The desktops' default scope, FL_SERVER_DEFAULT_SCOPE_DAYS. */
#define DEFAULT_SCOPE_DAYS 90

/* The server builds the default scope's snapshot as it starts, before any
 * desktop asks, and hands that one out: a first sync never waits for a build. */
static void
test_default_scope_ready_unasked (SyncFixture   *fixture,
                                  gconstpointer  data)
{
  g_autofree char *token = fl_test_server_login (fixture->server, "agent", FL_TEST_DEMO_PASSWORD, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ready = NULL;
  g_autofree char *served = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *sha = NULL;
  gsize length;

  /* Nobody has asked for a snapshot yet. */
  FL_TEST_WAIT_FOR ((ready = find_snapshot_file (fixture, DEFAULT_SCOPE_DAYS)) != NULL);

  body = request_snapshot (fixture, token, "", &msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);

  /* The one built ahead, not one built for this request. */
  served = find_snapshot_file (fixture, DEFAULT_SCOPE_DAYS);
  g_assert_cmpstr (served, ==, ready);
  g_assert_true (g_file_get_contents (ready, &contents, &length, &error));
  g_assert_no_error (error);
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                 "X-Frontline-Snapshot-Sha256"), ==, sha);
  g_assert_cmpuint (g_bytes_get_size (body), ==, length);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync/snapshot/same-as-paged", SyncFixture, NULL, sync_fixture_setup,
              test_same_as_paged, sync_fixture_teardown);
  g_test_add ("/sync/snapshot/catch-up", SyncFixture, NULL, sync_fixture_setup,
              test_catch_up, sync_fixture_teardown);
  g_test_add ("/sync/snapshot/no-server-data", SyncFixture, NULL, sync_fixture_setup,
              test_no_server_data, sync_fixture_teardown);
  g_test_add ("/sync/snapshot/unauthorized", SyncFixture, short_tokens, sync_fixture_setup,
              test_unauthorized, sync_fixture_teardown);
  g_test_add ("/sync/snapshot/damaged-falls-back", SyncFixture, NULL, sync_fixture_setup,
              test_damaged_falls_back, sync_fixture_teardown);
  g_test_add ("/sync/snapshot/cut-falls-back", SyncFixture, NULL, sync_fixture_setup,
              test_cut_falls_back, sync_fixture_teardown);
  g_test_add ("/sync/snapshot/killed-mid-download", SyncFixture, NULL, sync_fixture_setup,
              test_killed_mid_download, sync_fixture_teardown);
  g_test_add ("/sync/snapshot/cancelled-mid-download", SyncFixture, NULL, sync_fixture_setup,
              test_cancelled_mid_download, sync_fixture_teardown);
  g_test_add ("/sync/snapshot/outbox-kept", SyncFixture, NULL, sync_fixture_setup,
              test_outbox_kept, sync_fixture_teardown);
  g_test_add ("/sync/snapshot/conflicts-kept", SyncFixture, NULL, sync_fixture_setup,
              test_conflicts_kept, sync_fixture_teardown);
  g_test_add ("/sync/snapshot/default-scope-ready-unasked", SyncFixture, NULL, sync_fixture_setup,
              test_default_scope_ready_unasked, sync_fixture_teardown);
  return g_test_run ();
}

/* test-sync.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sync engine against the real frontline-server: first sync, changes,
 * the outbox offline and back, idempotent re-sends, cannotCalculateChanges,
 * an interrupted first sync, two desktops converging, and conflicts.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "fl-jmap-client.h"
#include "fl-store-sync.h"
#include "sync-fixture.h"

static void
assert_copy_matches_server (SyncFixture  *fixture,
                            FlSyncEngine *engine)
{
  g_autoptr(FlStore) copy = sync_fixture_open_copy (engine);
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);

  for (guint i = 0; i < n_types; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FlEntityClass) klass = g_type_class_ref (types[i]);
      const char *name = fl_entity_class_get_type_name (klass);
      gint64 local = fl_store_count (copy, types[i], &error);

      g_assert_no_error (error);
      g_test_message ("%s: %" G_GINT64_FORMAT " local", name, local);
      g_assert_cmpint (local, ==, sync_server_count (fixture, name));
    }
}

static gint64
server_cases_with_subject (SyncFixture *fixture,
                           const char  *customer_id,
                           const char  *subject)
{
  g_autofree char *args = g_strdup_printf ("{\"filter\": {\"customerId\": \"%s\"}, \"limit\": 1000}", customer_id);
  g_autoptr(JsonObject) query = fl_test_server_call_ok (fixture->server, fixture->lead, "Case/query", args);
  JsonArray *ids = json_object_get_array_member (query, "ids");
  gint64 n = 0;

  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      g_autofree char *found = sync_server_case_subject (fixture, json_array_get_string_element (ids, i));

      n += g_strcmp0 (found, subject) == 0;
    }
  return n;
}

static void
test_first_sync_copies_everything (SyncFixture   *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSyncEngine) engine = sync_fixture_desktop (fixture, "a", "agent");
  g_autofree char *token_path = g_build_filename (fl_sync_engine_get_profile_dir (engine), "token", NULL);
  GStatBuf st;

  g_assert_true (sync_run_sync (engine, NULL, &error));
  g_assert_no_error (error);
  assert_copy_matches_server (fixture, engine);
  g_assert_cmpint (fl_sync_engine_get_state (engine), ==, FL_SYNC_STATE_ONLINE);
  g_assert_cmpint (fl_sync_engine_get_last_sync (engine), >, 0);
  g_assert_cmpint (fl_sync_engine_get_pending (engine), ==, 0);
  g_assert_cmpuint (fl_sync_engine_get_progress_total (engine), >, 300);
  g_assert_cmpuint (fl_sync_engine_get_progress_done (engine), ==, fl_sync_engine_get_progress_total (engine));

  /* The token is the profile's alone. */
  g_assert_cmpint (g_stat (token_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_server_changes_arrive_on_next_sync (SyncFixture   *fixture,
                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSyncEngine) engine = sync_fixture_desktop (fixture, "a", "agent");
  g_autofree char *customer = sync_showcase_customer (fixture);
  g_autofree char *create = NULL;
  g_autofree char *update = NULL;
  g_autoptr(JsonObject) set = NULL;
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(FlStore) copy = NULL;
  g_autoptr(FlEntity) the_case = NULL;
  g_autoptr(FlEntity) the_customer = NULL;
  const char *case_id;

  g_assert_true (sync_run_sync (engine, NULL, &error));

  create = g_strdup_printf ("{\"create\": {\"k\": {\"customerId\": \"%s\", \"subject\": \"Dock flickers\"}}}", customer);
  set = fl_test_server_call_ok (fixture->server, fixture->lead, "Case/set", create);
  case_id = json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (set, "created"), "k"), "id");
  update = g_strdup_printf ("{\"update\": {\"%s\": {\"notes\": \"Prefers e-mail\"}}}", customer);
  updated = fl_test_server_call_ok (fixture->server, fixture->lead, "Customer/set", update);

  g_assert_true (sync_run_sync (engine, NULL, &error));
  g_assert_no_error (error);
  copy = sync_fixture_open_copy (engine);
  the_case = fl_store_get (copy, FL_TYPE_CASE, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fl_case_get_subject (FL_CASE (the_case)), ==, "Dock flickers");
  the_customer = fl_store_get (copy, FL_TYPE_CUSTOMER, customer, &error);
  g_assert_cmpstr (fl_customer_get_notes (FL_CUSTOMER (the_customer)), ==, "Prefers e-mail");
  assert_copy_matches_server (fixture, engine);
}

static void
test_offline_case_is_kept_and_pushed_once (SyncFixture   *fixture,
                                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSyncEngine) engine = sync_fixture_desktop (fixture, "a", "agent");
  g_autofree char *customer = sync_showcase_customer (fixture);
  g_autofree char *case_id = NULL;
  g_autoptr(FlStore) copy = NULL;
  g_autoptr(FlEntity) local = NULL;
  g_autofree char *subject = NULL;
  gint64 before;

  g_assert_true (sync_run_sync (engine, NULL, &error));
  before = sync_server_count (fixture, "Case");

  fl_test_server_stop (fixture->server);
  case_id = sync_create_case (engine, customer, "Headset crackles offline");
  g_assert_cmpint (fl_sync_engine_get_pending (engine), ==, 1);
  copy = sync_fixture_open_copy (engine);
  local = fl_store_get (copy, FL_TYPE_CASE, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fl_case_get_subject (FL_CASE (local)), ==, "Headset crackles offline");

  /* No server: the sync fails as offline, and the change stays queued. */
  g_assert_false (sync_run_sync (engine, NULL, &error));
  g_assert_error (error, FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpint (fl_sync_engine_get_state (engine), ==, FL_SYNC_STATE_OFFLINE);
  g_assert_cmpint (fl_sync_engine_get_pending (engine), ==, 1);

  fl_test_server_restart (fixture->server);
  g_assert_true (sync_run_sync (engine, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fl_sync_engine_get_pending (engine), ==, 0);
  g_assert_cmpint (fl_sync_engine_get_state (engine), ==, FL_SYNC_STATE_ONLINE);
  subject = sync_server_case_subject (fixture, case_id);
  g_assert_cmpstr (subject, ==, "Headset crackles offline");
  g_assert_cmpint (sync_server_count (fixture, "Case"), ==, before + 1);
  g_assert_cmpint (server_cases_with_subject (fixture, customer, "Headset crackles offline"), ==, 1);
  assert_copy_matches_server (fixture, engine);

  /* The local copy now has the server's version (modseq, creator). */
  g_clear_object (&local);
  local = fl_store_get (copy, FL_TYPE_CASE, case_id, &error);
  g_assert_cmpint (fl_entity_get_modseq (local), >, 0);
  g_assert_nonnull (fl_case_get_creator_id (FL_CASE (local)));
}

static void
test_resending_after_a_crash_applies_once (SyncFixture   *fixture,
                                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSyncEngine) engine = sync_fixture_desktop (fixture, "a", "agent");
  g_autoptr(FlSyncEngine) restarted = NULL;
  g_autofree char *customer = sync_showcase_customer (fixture);
  g_autofree char *case_id = NULL;
  g_autofree char *crashed_dir = g_build_filename (fixture->dir, "crashed", NULL);
  g_autofree char *crashed_db = g_build_filename (crashed_dir, "frontline.db", NULL);
  g_autofree char *token = NULL;
  g_autofree char *token_path = g_build_filename (fl_sync_engine_get_profile_dir (engine), "token", NULL);
  g_autofree char *crashed_token = g_build_filename (crashed_dir, "token", NULL);
  g_autoptr(FlStore) copy = NULL;
  g_autoptr(FlStore) crashed = NULL;
  gint64 before;

  g_assert_true (sync_run_sync (engine, NULL, &error));
  before = sync_server_count (fixture, "Case");
  case_id = sync_create_case (engine, customer, "Sent twice, kept once");

  /* The profile as a kill -9 would leave it: the row still queued, although
   * the server is about to apply it. */
  g_assert_cmpint (g_mkdir_with_parents (crashed_dir, 0700), ==, 0);
  copy = sync_fixture_open_copy (engine);
  g_assert_true (fl_store_backup (copy, crashed_db, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (token_path, &token, NULL, NULL));
  g_assert_true (g_file_set_contents (crashed_token, token, -1, NULL));

  g_assert_true (sync_run_push (engine, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sync_server_count (fixture, "Case"), ==, before + 1);

  restarted = sync_fixture_reopen (fixture, "crashed");
  crashed = sync_fixture_open_copy (restarted);
  g_assert_cmpint (fl_store_outbox_count (crashed, &error), ==, 1);
  g_assert_true (sync_run_sync (restarted, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fl_sync_engine_get_pending (restarted), ==, 0);
  g_assert_cmpint (fl_sync_engine_get_conflicts (restarted), ==, 0);
  g_assert_cmpint (sync_server_count (fixture, "Case"), ==, before + 1);
  g_assert_cmpint (server_cases_with_subject (fixture, customer, "Sent twice, kept once"), ==, 1);
  assert_copy_matches_server (fixture, restarted);
}

static void
test_cannot_calculate_changes_resyncs_and_keeps_the_outbox (SyncFixture   *fixture,
                                                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSyncEngine) engine = sync_fixture_desktop (fixture, "a", "lead");
  g_autofree char *customer = sync_showcase_customer (fixture);
  g_autoptr(FlStore) copy = NULL;
  g_autoptr(FlCustomer) stray = fl_customer_new ();
  g_autoptr(FlCustomer) mine = fl_customer_new ();
  g_autoptr(FlEntity) found = NULL;
  g_autofree char *update = NULL;
  g_autoptr(JsonObject) updated = NULL;
  g_autofree char *stray_id = fl_id_new ();
  g_autofree char *state = NULL;
  gint64 local_customers;

  g_assert_true (sync_run_sync (engine, NULL, &error));
  copy = sync_fixture_open_copy (engine);

  /* A record the server never had (it should go), a change made on the server
   * (it should come), a local change still queued (it should stay). */
  fl_entity_set_id (FL_ENTITY (stray), stray_id);
  fl_customer_set_name (stray, "Nobody Known");
  g_assert_true (fl_store_put (copy, FL_ENTITY (stray), FL_STORE_PUT_DEFAULT, &error));
  update = g_strdup_printf ("{\"update\": {\"%s\": {\"notes\": \"Changed while we slept\"}}}", customer);
  updated = fl_test_server_call_ok (fixture->server, fixture->lead, "Customer/set", update);
  fl_customer_set_name (mine, "Queued Locally");
  g_assert_true (sync_run_create (engine, FL_ENTITY (mine), &error));
  g_assert_no_error (error);

  /* A state from before the change log begins. */
  g_assert_true (fl_store_sync_set (copy, "state:Customer", "0", &error));

  g_assert_true (sync_run_pull (engine, &error));
  g_assert_no_error (error);

  state = fl_store_sync_get (copy, "state:Customer", &error);
  g_assert_cmpint (g_ascii_strtoll (state, NULL, 10), >, 0);
  found = fl_store_get (copy, FL_TYPE_CUSTOMER, stray_id, &error);
  g_assert_error (error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&found);
  found = fl_store_get (copy, FL_TYPE_CUSTOMER, customer, &error);
  g_assert_cmpstr (fl_customer_get_notes (FL_CUSTOMER (found)), ==, "Changed while we slept");
  g_clear_object (&found);
  found = fl_store_get (copy, FL_TYPE_CUSTOMER, fl_entity_get_id (FL_ENTITY (mine)), &error);
  g_assert_no_error (error);
  g_assert_cmpint (fl_store_outbox_count (copy, &error), ==, 1);
  local_customers = fl_store_count (copy, FL_TYPE_CUSTOMER, &error);
  g_assert_cmpint (local_customers, ==, sync_server_count (fixture, "Customer") + 1);

  g_assert_true (sync_run_sync (engine, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fl_sync_engine_get_pending (engine), ==, 0);
  assert_copy_matches_server (fixture, engine);
}

static void
cancel_after_some_pages (GObject    *object,
                         GParamSpec *pspec,
                         gpointer    user_data)
{
  if (fl_sync_engine_get_progress_done (FL_SYNC_ENGINE (object)) >= 200)
    g_cancellable_cancel (user_data);
}

static void
note_first_progress (GObject    *object,
                     GParamSpec *pspec,
                     gpointer    user_data)
{
  guint64 *first = user_data;

  if (*first == 0)
    *first = fl_sync_engine_get_progress_done (FL_SYNC_ENGINE (object));
}

static void
test_interrupted_first_sync_resumes_where_it_stopped (SyncFixture   *fixture,
                                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSyncEngine) engine = sync_fixture_desktop (fixture, "a", "agent");
  g_autoptr(FlSyncEngine) again = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(FlStore) copy = NULL;
  g_autofree char *agents = NULL;
  g_autofree char *initial = NULL;
  g_autoptr(JsonNode) position = NULL;
  guint64 stopped_at;
  guint64 full_total;
  guint64 resumed_at = 0;
  gint64 saved;

  fl_sync_engine_set_page_size (engine, 50);
  g_signal_connect (engine, "notify::progress-done", G_CALLBACK (cancel_after_some_pages), cancellable);
  g_assert_false (sync_run_sync (engine, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  stopped_at = fl_sync_engine_get_progress_done (engine);
  full_total = fl_sync_engine_get_progress_total (engine);
  g_assert_cmpuint (stopped_at, >=, 200);
  g_assert_cmpuint (stopped_at, <, full_total);
  g_clear_object (&engine);

  /* What a kill at that moment leaves: the types done, and the position in the
   * one under way, saved with its pages. */
  again = sync_fixture_reopen (fixture, "a");
  copy = sync_fixture_open_copy (again);
  agents = fl_store_sync_get (copy, "state:Agent", &error);
  g_assert_nonnull (agents);
  initial = fl_store_sync_get (copy, "initial:Customer", &error);
  g_assert_no_error (error);
  g_assert_nonnull (initial);
  position = json_from_string (initial, &error);
  saved = json_object_get_int_member (json_node_get_object (position), "position");
  g_assert_cmpint (saved, >, 0);
  g_assert_cmpint (saved, ==, fl_store_count (copy, FL_TYPE_CUSTOMER, &error));

  /* A new process on the same profile goes on from there: the finished types
   * are not paged again, the customers start at the saved position. */
  fl_sync_engine_set_page_size (again, 50);
  g_signal_connect (again, "notify::progress-done", G_CALLBACK (note_first_progress), &resumed_at);
  g_assert_true (sync_run_sync (again, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (resumed_at, ==, (guint64) saved);
  g_assert_cmpuint (fl_sync_engine_get_progress_total (again), <, full_total);
  g_assert_cmpuint (fl_sync_engine_get_progress_done (again), ==, fl_sync_engine_get_progress_total (again));
  assert_copy_matches_server (fixture, again);
}

static void
test_two_desktops_converge_offline_edits (SyncFixture   *fixture,
                                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSyncEngine) a = sync_fixture_desktop (fixture, "a", "agent");
  g_autoptr(FlSyncEngine) b = sync_fixture_desktop (fixture, "b", "tier2");
  g_autofree char *customer = sync_showcase_customer (fixture);
  g_autofree char *case_a = NULL;
  g_autofree char *case_b = NULL;
  g_autoptr(FlStore) copy_a = NULL;
  g_autoptr(FlStore) copy_b = NULL;
  gint64 before;

  g_assert_true (sync_run_sync (a, NULL, &error));
  g_assert_true (sync_run_sync (b, NULL, &error));
  g_assert_no_error (error);
  before = sync_server_count (fixture, "Case");

  fl_test_server_stop (fixture->server);
  case_a = sync_create_case (a, customer, "Made on desktop A");
  case_b = sync_create_case (b, customer, "Made on desktop B");
  fl_test_server_restart (fixture->server);

  g_assert_true (sync_run_sync (a, NULL, &error));
  g_assert_true (sync_run_sync (b, NULL, &error));
  g_assert_true (sync_run_sync (a, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (sync_server_count (fixture, "Case"), ==, before + 2);
  g_assert_cmpint (server_cases_with_subject (fixture, customer, "Made on desktop A"), ==, 1);
  g_assert_cmpint (server_cases_with_subject (fixture, customer, "Made on desktop B"), ==, 1);
  assert_copy_matches_server (fixture, a);
  assert_copy_matches_server (fixture, b);

  copy_a = sync_fixture_open_copy (a);
  copy_b = sync_fixture_open_copy (b);
  for (guint i = 0; i < 2; i++)
    {
      const char *id = i == 0 ? case_a : case_b;
      g_autoptr(FlEntity) in_a = fl_store_get (copy_a, FL_TYPE_CASE, id, &error);
      g_autoptr(FlEntity) in_b = fl_store_get (copy_b, FL_TYPE_CASE, id, &error);

      g_assert_no_error (error);
      g_assert_true (fl_entity_equal (in_a, in_b));
    }
}

/* A and B edit the same case's subject from the same version; A pushes first.
 * Returns the case's id; B then holds one conflict. */
static char *
make_concurrent_update_conflict (SyncFixture   *fixture,
                                 FlSyncEngine  *a,
                                 FlSyncEngine  *b)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *customer = sync_showcase_customer (fixture);
  g_autofree char *case_id = NULL;

  g_assert_true (sync_run_sync (a, NULL, &error));
  case_id = sync_create_case (a, customer, "Both will edit this");
  g_assert_true (sync_run_sync (a, NULL, &error));
  g_assert_true (sync_run_sync (b, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (sync_run_update (a, FL_TYPE_CASE, case_id, "{\"subject\": \"A's wording\"}", &error));
  g_assert_true (sync_run_update (b, FL_TYPE_CASE, case_id, "{\"subject\": \"B's wording\"}", &error));
  g_assert_no_error (error);
  g_assert_true (sync_run_sync (a, NULL, &error));
  g_assert_true (sync_run_sync (b, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&case_id);
}

static char *
local_case_subject (FlSyncEngine *engine,
                    const char   *case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlStore) copy = sync_fixture_open_copy (engine);
  g_autoptr(FlEntity) record = fl_store_get (copy, FL_TYPE_CASE, case_id, &error);

  g_assert_no_error (error);
  return g_strdup (fl_case_get_subject (FL_CASE (record)));
}

static void
test_concurrent_update_is_kept_as_a_conflict (SyncFixture   *fixture,
                                              gconstpointer  data)
{
  g_autoptr(FlSyncEngine) a = sync_fixture_desktop (fixture, "a", "lead");
  g_autoptr(FlSyncEngine) b = sync_fixture_desktop (fixture, "b", "lead");
  g_autofree char *case_id = make_concurrent_update_conflict (fixture, a, b);
  g_autofree char *subject = NULL;
  g_autofree char *local = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  FlConflict *conflict;

  /* A got there first; B's edit was made on the old version: kept, not applied. */
  subject = sync_server_case_subject (fixture, case_id);
  g_assert_cmpstr (subject, ==, "A's wording");
  g_assert_cmpint (fl_sync_engine_get_conflicts (b), ==, 1);
  g_assert_cmpint (fl_sync_engine_get_pending (b), ==, 0);
  g_assert_cmpint (fl_sync_engine_get_conflicts (a), ==, 0);

  conflicts = sync_list_conflicts (b);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (conflict->record_id, ==, case_id);
  g_assert_cmpstr (conflict->reason, ==, "changedOnServer");
  g_assert_nonnull (strstr (conflict->local, "B's wording"));
  g_assert_nonnull (strstr (conflict->server, "A's wording"));
  local = local_case_subject (b, case_id);
  g_assert_cmpstr (local, ==, "A's wording");
}

static void
test_conflict_keep_mine_wins_on_the_server (SyncFixture   *fixture,
                                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSyncEngine) a = sync_fixture_desktop (fixture, "a", "lead");
  g_autoptr(FlSyncEngine) b = sync_fixture_desktop (fixture, "b", "lead");
  g_autofree char *case_id = make_concurrent_update_conflict (fixture, a, b);
  g_autoptr(GPtrArray) conflicts = sync_list_conflicts (b);
  g_autofree char *local = NULL;
  g_autofree char *on_server = NULL;
  g_autofree char *in_a = NULL;
  gint64 seq = ((FlConflict *) g_ptr_array_index (conflicts, 0))->seq;

  g_assert_true (sync_run_resolve (b, seq, FL_CONFLICT_KEEP_MINE, &error));
  g_assert_no_error (error);
  /* Ours again, locally at once, and queued on top of A's version. */
  g_assert_cmpint (fl_sync_engine_get_conflicts (b), ==, 0);
  g_assert_cmpint (fl_sync_engine_get_pending (b), ==, 1);
  local = local_case_subject (b, case_id);
  g_assert_cmpstr (local, ==, "B's wording");

  g_assert_true (sync_run_sync (b, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fl_sync_engine_get_conflicts (b), ==, 0);
  g_assert_cmpint (fl_sync_engine_get_pending (b), ==, 0);
  on_server = sync_server_case_subject (fixture, case_id);
  g_assert_cmpstr (on_server, ==, "B's wording");
  g_assert_true (sync_run_sync (a, NULL, &error));
  g_assert_no_error (error);
  in_a = local_case_subject (a, case_id);
  g_assert_cmpstr (in_a, ==, "B's wording");

  /* Settled once: a second decision on it is an error, not a second change. */
  g_assert_false (sync_run_resolve (b, seq, FL_CONFLICT_KEEP_MINE, &error));
  g_assert_error (error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (fl_sync_engine_get_pending (b), ==, 0);
}

static void
test_conflict_take_theirs_keeps_the_server_version (SyncFixture   *fixture,
                                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSyncEngine) a = sync_fixture_desktop (fixture, "a", "lead");
  g_autoptr(FlSyncEngine) b = sync_fixture_desktop (fixture, "b", "lead");
  g_autofree char *case_id = make_concurrent_update_conflict (fixture, a, b);
  g_autoptr(GPtrArray) conflicts = sync_list_conflicts (b);
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *local = NULL;
  g_autofree char *on_server = NULL;

  g_assert_true (sync_run_resolve (b, ((FlConflict *) g_ptr_array_index (conflicts, 0))->seq,
                                   FL_CONFLICT_TAKE_THEIRS, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fl_sync_engine_get_conflicts (b), ==, 0);
  g_assert_cmpint (fl_sync_engine_get_pending (b), ==, 0);
  after = sync_list_conflicts (b);
  g_assert_cmpuint (after->len, ==, 0);

  g_assert_true (sync_run_sync (b, NULL, &error));
  g_assert_no_error (error);
  local = local_case_subject (b, case_id);
  g_assert_cmpstr (local, ==, "A's wording");
  on_server = sync_server_case_subject (fixture, case_id);
  g_assert_cmpstr (on_server, ==, "A's wording");
}

static void
test_refused_change_is_kept_as_a_conflict (SyncFixture   *fixture,
                                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSyncEngine) lead = sync_fixture_desktop (fixture, "lead", "lead");
  g_autoptr(FlSyncEngine) trainee = sync_fixture_desktop (fixture, "trainee", "trainee");
  g_autofree char *customer = sync_showcase_customer (fixture);
  g_autofree char *case_id = NULL;
  g_autofree char *subject = NULL;
  g_autoptr(FlStore) copy = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;

  g_assert_true (sync_run_sync (lead, NULL, &error));
  case_id = sync_create_case (lead, customer, "The lead's own case");
  g_assert_true (sync_run_sync (lead, NULL, &error));
  g_assert_true (sync_run_sync (trainee, NULL, &error));
  g_assert_no_error (error);

  /* Trainees only edit cases they created or hold: the server says forbidden. */
  g_assert_true (sync_run_update (trainee, FL_TYPE_CASE, case_id, "{\"subject\": \"Trainee was here\"}", &error));
  g_assert_true (sync_run_sync (trainee, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fl_sync_engine_get_conflicts (trainee), ==, 1);
  g_assert_cmpint (fl_sync_engine_get_pending (trainee), ==, 0);
  subject = sync_server_case_subject (fixture, case_id);
  g_assert_cmpstr (subject, ==, "The lead's own case");

  copy = sync_fixture_open_copy (trainee);
  conflicts = fl_store_conflict_list (copy, &error);
  g_assert_cmpstr (((FlConflict *) g_ptr_array_index (conflicts, 0))->reason, ==, "forbidden");
  g_assert_nonnull (strstr (((FlConflict *) g_ptr_array_index (conflicts, 0))->local, "Trainee was here"));
}

/* Tokens that expire soon after sign-in: long enough to push a first batch. */
#define SHORT_TOKEN_SECONDS 3
static const char * const short_tokens[] = { "--token-seconds", G_STRINGIFY (SHORT_TOKEN_SECONDS), NULL };

static FlEntity *
queue_customer (FlSyncEngine *engine,
                const char   *name)
{
  g_autoptr(GError) error = NULL;
  FlCustomer *customer = fl_customer_new ();

  fl_customer_set_name (customer, name);
  g_assert_true (sync_run_create (engine, FL_ENTITY (customer), &error));
  g_assert_no_error (error);
  return FL_ENTITY (customer);
}

static void
test_an_expired_sign_in_keeps_the_outbox_until_the_next (SyncFixture   *fixture,
                                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSyncEngine) engine = NULL;
  g_autoptr(FlSyncEngine) again = NULL;
  g_autoptr(FlStore) copy = NULL;
  g_autoptr(GPtrArray) customers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonObject) first = NULL;
  gint64 signed_in_at;
  gint64 before;
  gint64 left;

  /* The fixture's own sign-in may be old already. */
  g_free (fixture->lead);
  fixture->lead = fl_test_server_login (fixture->server, "lead", FL_TEST_DEMO_PASSWORD, NULL);
  before = sync_server_count (fixture, "Customer");

  signed_in_at = g_get_monotonic_time ();
  engine = sync_fixture_desktop (fixture, "a", "agent");
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("Pushed Before Expiry %u", i);

      g_ptr_array_add (customers, queue_customer (engine, name));
    }
  g_assert_true (sync_run_push (engine, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fl_sync_engine_get_pending (engine), ==, 0);

  /* More changes: new records, and an edit of one the server has. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("Queued Across Expiry %u", i);

      g_ptr_array_add (customers, queue_customer (engine, name));
    }
  g_assert_true (sync_run_update (engine, FL_TYPE_CUSTOMER, fl_entity_get_id (g_ptr_array_index (customers, 0)),
                                  "{\"notes\": \"Edited while the sign-in ran out\"}", &error));
  g_assert_no_error (error);
  g_assert_cmpint (fl_sync_engine_get_pending (engine), ==, 4);

  left = signed_in_at + (SHORT_TOKEN_SECONDS + 1) * G_USEC_PER_SEC - g_get_monotonic_time ();
  if (left > 0)
    g_usleep (left);

  /* Signed out: an error that says so, nothing sent, nothing dropped. */
  g_assert_false (sync_run_push (engine, &error));
  g_assert_error (error, FL_SYNC_ERROR, FL_SYNC_ERROR_SIGNED_OUT);
  g_assert_nonnull (strstr (error->message, "sign in again"));
  g_clear_error (&error);
  g_assert_cmpint (fl_sync_engine_get_state (engine), ==, FL_SYNC_STATE_ERROR);
  g_assert_cmpint (fl_sync_engine_get_pending (engine), ==, 4);
  g_assert_false (sync_run_sync (engine, NULL, &error));
  g_assert_error (error, FL_SYNC_ERROR, FL_SYNC_ERROR_SIGNED_OUT);
  g_clear_error (&error);
  copy = sync_fixture_open_copy (engine);
  g_assert_cmpint (fl_store_outbox_count (copy, &error), ==, 4);
  g_assert_no_error (error);
  g_clear_object (&engine);

  /* A fresh sign-in on the same profile (a restarted desktop) drains it. */
  again = sync_fixture_desktop (fixture, "a", "agent");
  g_assert_true (sync_run_push (again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fl_sync_engine_get_pending (again), ==, 0);
  g_assert_cmpint (fl_sync_engine_get_conflicts (again), ==, 0);
  g_assert_cmpint (fl_sync_engine_get_state (again), ==, FL_SYNC_STATE_ONLINE);
  g_assert_cmpint (fl_store_outbox_count (copy, &error), ==, 0);

  /* Every change on the server, once. */
  g_free (fixture->lead);
  fixture->lead = fl_test_server_login (fixture->server, "lead", FL_TEST_DEMO_PASSWORD, NULL);
  g_assert_cmpint (sync_server_count (fixture, "Customer"), ==, before + 6);
  for (guint i = 0; i < customers->len; i++)
    {
      FlEntity *customer = g_ptr_array_index (customers, i);
      g_autoptr(JsonObject) record = fl_test_server_get_record (fixture->server, fixture->lead, "Customer",
                                                                fl_entity_get_id (customer));

      g_assert_nonnull (record);
      g_assert_cmpstr (json_object_get_string_member (record, "name"), ==,
                       fl_customer_get_name (FL_CUSTOMER (customer)));
    }
  first = fl_test_server_get_record (fixture->server, fixture->lead, "Customer",
                                     fl_entity_get_id (g_ptr_array_index (customers, 0)));
  g_assert_cmpstr (json_object_get_string_member (first, "notes"), ==, "Edited while the sign-in ran out");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, SyncFixture, NULL, sync_fixture_setup, fn, sync_fixture_teardown)
  ADD ("/sync/first-sync-copies-everything", test_first_sync_copies_everything);
  ADD ("/sync/server-changes-arrive-on-next-sync", test_server_changes_arrive_on_next_sync);
  ADD ("/sync/offline-case-is-kept-and-pushed-once", test_offline_case_is_kept_and_pushed_once);
  ADD ("/sync/resending-after-a-crash-applies-once", test_resending_after_a_crash_applies_once);
  ADD ("/sync/cannot-calculate-changes-resyncs-and-keeps-the-outbox",
       test_cannot_calculate_changes_resyncs_and_keeps_the_outbox);
  ADD ("/sync/interrupted-first-sync-resumes-where-it-stopped",
       test_interrupted_first_sync_resumes_where_it_stopped);
  ADD ("/sync/two-desktops-converge-offline-edits", test_two_desktops_converge_offline_edits);
  ADD ("/sync/concurrent-update-is-kept-as-a-conflict", test_concurrent_update_is_kept_as_a_conflict);
  ADD ("/sync/refused-change-is-kept-as-a-conflict", test_refused_change_is_kept_as_a_conflict);
  ADD ("/sync/conflict-keep-mine-wins-on-the-server", test_conflict_keep_mine_wins_on_the_server);
  ADD ("/sync/conflict-take-theirs-keeps-the-server-version", test_conflict_take_theirs_keeps_the_server_version);
#undef ADD
  g_test_add ("/sync/an-expired-sign-in-keeps-the-outbox-until-the-next", SyncFixture, short_tokens,
              sync_fixture_setup, test_an_expired_sign_in_keeps_the_outbox_until_the_next, sync_fixture_teardown);

  return g_test_run ();
}

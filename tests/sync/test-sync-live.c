/* test-sync-live.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Live updates against the real frontline-server: a change on one desktop
 * reaches another without it syncing; a restarted or killed server, a
 * connection cut in mid-answer or gone silent lose and double nothing; a
 * refused token stops the reconnecting until the next sign-in; the network's
 * return skips the backoff, which grows to its cap; bursts cost a sync or
 * two; a state the server forgot pages the type in again.
 */
#include "config.h"

#include <string.h>

#include "cut-proxy.h"
#include "fl-store-sync.h"
#include "fl-sync-engine-private.h"
#include "push-client.h"
#include "sync-fixture.h"

typedef struct
{
  FlStore    *copy;
  GType       type;
  const char *id;
} Awaited;

static gboolean
copy_has (gpointer data)
{
  Awaited *awaited = data;

  return sync_copy_has (awaited->copy, awaited->type, awaited->id);
}

/* Whether @copy gets the record within @timeout_ms, the main loop running. */
static gboolean
wait_for_record (FlStore    *copy,
                 GType       type,
                 const char *id,
                 guint       timeout_ms)
{
  Awaited awaited = { copy, type, id };

  return fl_test_wait_until (copy_has, &awaited, timeout_ms);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* Runs the main loop for @ms, whatever happens. */
static void
run_for (guint ms)
{
  fl_test_wait_until (never, NULL, ms);
}

static char *
create_interaction (FlSyncEngine *engine,
                    const char   *case_id,
                    const char   *body)
{
  g_autoptr(FlInteraction) interaction = fl_interaction_new ();

  fl_interaction_set_case_id (interaction, case_id);
  fl_interaction_set_kind (interaction, FL_INTERACTION_KIND_NOTE);
  fl_interaction_set_body (interaction, body);
  fl_interaction_set_at (interaction, fl_timestamp_now ());
  return sync_create (engine, FL_ENTITY (interaction));
}

static char *
lead_creates_case (SyncFixture *fixture,
                   const char  *customer,
                   const char  *subject)
{
  g_autoptr(JsonObject) set =
    fl_test_server_call_okf (fixture->server, fixture->lead, "Case/set",
                             "{\"create\": {\"k\": {\"customerId\": \"%s\", \"subject\": \"%s\"}}}",
                             customer, subject);

  return g_strdup (fl_test_created_id (set, "k"));
}

static gboolean
is_offline (gpointer data)
{
  FlSyncEngine *engine = data;

  return !fl_sync_engine_get_live (engine) && fl_sync_engine_get_state (engine) == FL_SYNC_STATE_OFFLINE;
}

static gboolean
is_error (gpointer data)
{
  return fl_sync_engine_get_state (FL_SYNC_ENGINE (data)) == FL_SYNC_STATE_ERROR;
}

static gboolean
is_settled (gpointer data)
{
  FlSyncEngine *engine = data;

  return fl_sync_engine_get_pending (engine) == 0 && fl_sync_engine_get_live (engine)
         && fl_sync_engine_get_state (engine) == FL_SYNC_STATE_ONLINE;
}

static void
on_state (FlSyncEngine *engine,
          GParamSpec   *pspec,
          GString      *states)
{
  g_string_append_c (states, "ONSE"[fl_sync_engine_get_state (engine)]);
}

/* A pair of desktops, both live, the one the changes are made on first. */
typedef struct
{
  FlSyncEngine *a;
  FlSyncEngine *b;
  FlStore      *copy_b;
  char         *customer;
} Desks;

static void
desks_start (SyncFixture *fixture,
             Desks       *desks,
             const char  *a_url)
{
  g_autoptr(GError) error = NULL;

  desks->a = sync_fixture_desktop_at (fixture, "a", "agent", a_url != NULL ? a_url : fixture->server->url);
  desks->b = sync_fixture_desktop (fixture, "b", "tier2");
  desks->customer = sync_showcase_customer (fixture);
  /* The first sync pages everything in; done apart, so that the live tests
   * below time only what is live. */
  g_assert_true (sync_run_sync (desks->a, NULL, &error));
  g_assert_true (sync_run_sync (desks->b, NULL, &error));
  g_assert_no_error (error);
  sync_start_live (desks->a);
  sync_start_live (desks->b);
  desks->copy_b = sync_fixture_open_copy (desks->b);
}

static gboolean
both_gone (gpointer data)
{
  Desks *desks = data;

  return desks->a == NULL && desks->b == NULL;
}

/* Stops both and waits for them to go: an operation still running holds
 * its engine, and a desktop left over would reconnect in the next test. */
static void
desks_clear (Desks *desks)
{
  FlSyncEngine *a = desks->a;
  FlSyncEngine *b = desks->b;

  g_clear_object (&desks->copy_b);
  g_clear_pointer (&desks->customer, g_free);
  if (a == NULL)
    return;
  fl_sync_engine_stop_live (a);
  fl_sync_engine_stop_live (b);
  g_object_add_weak_pointer (G_OBJECT (a), (gpointer *) &desks->a);
  g_object_add_weak_pointer (G_OBJECT (b), (gpointer *) &desks->b);
  g_object_unref (a);
  g_object_unref (b);
  g_assert_true (fl_test_wait_until (both_gone, desks, 30000));
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Desks, desks_clear)

static void
test_change_reaches_the_other_desktop_without_a_sync (SyncFixture   *fixture,
                                                      gconstpointer  data)
{
  g_auto(Desks) desks = { 0 };
  g_autofree char *case_id = NULL;
  g_autofree char *interaction_id = NULL;
  g_autoptr(GTimer) timer = NULL;

  desks_start (fixture, &desks, NULL);
  timer = g_timer_new ();
  case_id = sync_create_case (desks.a, desks.customer, "Screen goes dark on resume");
  interaction_id = create_interaction (desks.a, case_id, "Asked for the kernel log");

  /* B calls nothing: the server's StateChange makes it pull. */
  g_assert_true (wait_for_record (desks.copy_b, FL_TYPE_CASE, case_id, 5000));
  g_assert_true (wait_for_record (desks.copy_b, FL_TYPE_INTERACTION, interaction_id, 5000));
  g_test_message ("Arrived on B after %.0f ms", g_timer_elapsed (timer, NULL) * 1000);
  g_assert_true (fl_test_wait_until (is_settled, desks.a, 5000));
  g_assert_cmpint (fl_sync_engine_get_conflicts (desks.a), ==, 0);
}

static void
test_restarted_server_is_found_again (SyncFixture   *fixture,
                                      gconstpointer  data)
{
  g_auto(Desks) desks = { 0 };
  g_autoptr(GString) states = g_string_new (NULL);
  g_autofree char *case_id = NULL;
  const char *offline;

  desks_start (fixture, &desks, NULL);
  g_signal_connect (desks.b, "notify::state", G_CALLBACK (on_state), states);

  fl_test_server_stop (fixture->server);
  g_assert_true (fl_test_wait_until (is_offline, desks.b, 10000));

  /* Made before B's loop runs again: B is surely away for it. */
  fl_test_server_restart (fixture->server);
  case_id = lead_creates_case (fixture, desks.customer, "Made while B was away");

  g_assert_true (wait_for_record (desks.copy_b, FL_TYPE_CASE, case_id, 15000));
  g_assert_true (sync_wait_live (desks.b, 10000));
  g_test_message ("B's states: %s", states->str);
  offline = strchr (states->str, 'O');
  g_assert_nonnull (offline);
  g_assert_nonnull (strchr (offline, 'N'));
  g_signal_handlers_disconnect_by_data (desks.b, states);
}

static void
on_created (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  guint *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (fl_sync_engine_change_finish (FL_SYNC_ENGINE (source), result, &error));
  g_assert_no_error (error);
  (*done)++;
}

typedef struct
{
  guint *done;
  guint  n;
} Count;

static gboolean
count_reached (gpointer data)
{
  Count *count = data;

  return *count->done >= count->n;
}

/* Creates @n cases on @engine without waiting: *@done counts them as they
 * are in the local copy. Returns their ids. */
static GPtrArray *
queue_cases (FlSyncEngine *engine,
             const char   *customer,
             guint         n,
             guint        *done)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FlCase) the_case = fl_case_new ();
      g_autofree char *subject = g_strdup_printf ("Queued case %u", i);

      fl_case_set_customer_id (the_case, customer);
      fl_case_set_subject (the_case, subject);
      fl_sync_engine_create_async (engine, FL_ENTITY (the_case), NULL, on_created, done);
      g_ptr_array_add (ids, g_strdup (fl_entity_get_id (FL_ENTITY (the_case))));
    }
  return ids;
}

#define N_BATCH 80

static void
test_server_killed_during_a_push_gets_each_change_once (SyncFixture   *fixture,
                                                        gconstpointer  data)
{
  g_auto(Desks) desks = { 0 };
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GString) args = g_string_new ("{\"ids\": [");
  g_autoptr(JsonObject) got = NULL;
  guint done = 0;
  Count count = { &done, N_BATCH };
  g_autoptr(GTimer) timer = NULL;
  gint64 before;
  gint64 applied;

  desks_start (fixture, &desks, NULL);
  before = sync_server_count (fixture, "Case");

  /* More than a push batch (FL_SYNC_PUSH_BATCH) in all. */
  ids = queue_cases (desks.a, desks.customer, N_BATCH, &done);
  /* Killed as soon as the server has applied a first batch, before A has
   * read (or even got) the answer: A will send those rows again. */
  timer = g_timer_new ();
  while (sync_server_count (fixture, "Case") == before)
    {
      g_main_context_iteration (NULL, FALSE);
      g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 30);
    }
  fl_test_server_kill (fixture->server);
  g_assert_true (fl_test_wait_until (count_reached, &count, 10000));

  fl_test_server_restart (fixture->server);
  applied = sync_server_count (fixture, "Case") - before;
  g_test_message ("Killed with %" G_GINT64_FORMAT " of %d applied, %" G_GINT64_FORMAT " still queued",
                  applied, N_BATCH, fl_sync_engine_get_pending (desks.a));
  g_assert_cmpint (applied, >, 0);
  g_assert_cmpint (applied, <, N_BATCH);
  g_assert_true (fl_test_wait_until (is_settled, desks.a, 30000));

  g_assert_cmpint (fl_sync_engine_get_conflicts (desks.a), ==, 0);
  g_assert_cmpint (sync_server_count (fixture, "Case"), ==, before + N_BATCH);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (args, "%s\"%s\"", i > 0 ? ", " : "", (char *) g_ptr_array_index (ids, i));
  g_string_append (args, "], \"properties\": [\"id\"]}");
  got = fl_test_server_call_ok (fixture->server, fixture->lead, "Case/get", args->str);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (got, "list")), ==, N_BATCH);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (got, "notFound")), ==, 0);
  /* And B, live all along, has them all. */
  for (guint i = 0; i < ids->len; i++)
    g_assert_true (wait_for_record (desks.copy_b, FL_TYPE_CASE, g_ptr_array_index (ids, i), 10000));
}

static void
test_connection_cut_mid_answer_loses_and_doubles_nothing (SyncFixture   *fixture,
                                                          gconstpointer  data)
{
  g_autoptr(CutProxy) proxy = cut_proxy_new (fixture->server->url);
  g_auto(Desks) desks = { 0 };
  g_autoptr(FlStore) copy_a = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *interaction_id = NULL;
  g_autofree char *lead_case = NULL;
  gint64 cases_before;
  gint64 interactions_before;

  desks_start (fixture, &desks, cut_proxy_get_url (proxy));
  copy_a = sync_fixture_open_copy (desks.a);
  cases_before = sync_server_count (fixture, "Case");
  interactions_before = sync_server_count (fixture, "Interaction");

  /* A's push is applied, but its answer breaks off: A must send it again,
   * and the server must take it once. */
  cut_proxy_arm (proxy, 200);
  case_id = sync_create_case (desks.a, desks.customer, "Answer cut in the middle");
  interaction_id = create_interaction (desks.a, case_id, "Sent once, answered never");
  g_assert_true (wait_for_record (desks.copy_b, FL_TYPE_CASE, case_id, 15000));
  g_assert_true (wait_for_record (desks.copy_b, FL_TYPE_INTERACTION, interaction_id, 15000));
  g_assert_true (fl_test_wait_until (is_settled, desks.a, 15000));
  g_assert_cmpuint (cut_proxy_get_cuts (proxy), ==, 1);

  /* A's pull breaks off too: it must still get the change. */
  cut_proxy_arm (proxy, 200);
  lead_case = lead_creates_case (fixture, desks.customer, "Pulled through a cut");
  g_assert_true (wait_for_record (copy_a, FL_TYPE_CASE, lead_case, 15000));
  g_assert_cmpuint (cut_proxy_get_cuts (proxy), ==, 2);
  g_assert_true (fl_test_wait_until (is_settled, desks.a, 15000));

  g_assert_cmpint (fl_sync_engine_get_conflicts (desks.a), ==, 0);
  g_assert_cmpint (sync_server_count (fixture, "Case"), ==, cases_before + 2);
  g_assert_cmpint (sync_server_count (fixture, "Interaction"), ==, interactions_before + 1);
  g_assert_true (sync_copy_has (copy_a, FL_TYPE_CASE, case_id));
  g_assert_true (sync_copy_has (copy_a, FL_TYPE_INTERACTION, interaction_id));
}

static void
test_silent_connection_is_given_up (SyncFixture   *fixture,
                                    gconstpointer  data)
{
  g_autoptr(CutProxy) proxy = cut_proxy_new (fixture->server->url);
  g_auto(Desks) desks = { 0 };
  g_autoptr(FlStore) copy_a = NULL;
  g_autoptr(GTimer) timer = NULL;
  g_autofree char *case_id = NULL;

  desks_start (fixture, &desks, cut_proxy_get_url (proxy));
  copy_a = sync_fixture_open_copy (desks.a);
  /* Pings every second: the silence is noticed after three. */
  _fl_sync_live_set_keepalive (desks.a->live, 1);
  _fl_sync_live_network_changed (desks.a->live, FALSE);
  _fl_sync_live_network_changed (desks.a->live, TRUE);
  g_assert_true (sync_wait_live (desks.a, 10000));

  /* Nothing closes, nothing arrives: TCP would wait for minutes. */
  cut_proxy_freeze (proxy);
  timer = g_timer_new ();
  case_id = lead_creates_case (fixture, desks.customer, "Sent into the silence");
  g_assert_true (fl_test_wait_until (is_offline, desks.a, 10000));
  g_test_message ("Given up after %.1f s", g_timer_elapsed (timer, NULL));
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), >=, 2.0);

  /* A new connection works, and catches up. */
  g_assert_true (wait_for_record (copy_a, FL_TYPE_CASE, case_id, 10000));
  g_assert_true (sync_wait_live (desks.a, 10000));
}

static void
test_refused_token_stops_with_error (SyncFixture   *fixture,
                                     gconstpointer  data)
{
  g_auto(Desks) desks = { 0 };
  g_autofree char *token_path = NULL;
  g_autofree char *token = NULL;
  g_autofree char *case_id = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint status = 0;

  desks_start (fixture, &desks, NULL);
  token_path = g_build_filename (fl_sync_engine_get_profile_dir (desks.b), "token", NULL);
  g_assert_true (g_file_get_contents (token_path, &token, NULL, NULL));
  g_strstrip (token);

  /* Revoked while connected: the server closes with 1008 at the next push. */
  answer = fl_test_server_request (fixture->server, "POST", "/auth/logout", token, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 204);
  case_id = lead_creates_case (fixture, desks.customer, "Nobody tells B");
  g_assert_true (fl_test_wait_until (is_error, desks.b, 10000));
  g_assert_false (fl_sync_engine_get_live (desks.b));
  g_assert_false (_fl_sync_live_is_started (desks.b->live));
  /* And no looping: it stays that way. */
  run_for (1500);
  g_assert_cmpint (fl_sync_engine_get_state (desks.b), ==, FL_SYNC_STATE_ERROR);
  g_assert_false (fl_sync_engine_get_live (desks.b));

  /* Started again with the dead token: refused at once, and stopped. */
  fl_sync_engine_start_live (desks.b);
  g_assert_true (_fl_sync_live_is_started (desks.b->live));
  _fl_sync_engine_set_state (desks.b, FL_SYNC_STATE_ONLINE);
  g_assert_true (fl_test_wait_until (is_error, desks.b, 10000));
  g_assert_false (_fl_sync_live_is_started (desks.b->live));
  g_assert_false (fl_sync_engine_get_live (desks.b));

  /* Signed in again: live again, without being asked, and caught up. */
  sync_login_at (desks.b, fixture->server->url, "tier2");
  g_assert_true (sync_wait_live (desks.b, 10000));
  g_assert_true (wait_for_record (desks.copy_b, FL_TYPE_CASE, case_id, 10000));
}

static gboolean
is_stopped (gpointer data)
{
  return !_fl_sync_live_is_started (FL_SYNC_ENGINE (data)->live);
}

static void
test_live_before_sign_in_waits_for_it (SyncFixture   *fixture,
                                       gconstpointer  data)
{
  g_autoptr(FlSyncEngine) engine = sync_fixture_reopen (fixture, "new");
  g_autoptr(FlStore) copy = sync_fixture_open_copy (engine);
  g_autofree char *customer = sync_showcase_customer (fixture);

  /* Nothing to connect with: stopped, offline, no looping. */
  fl_sync_engine_start_live (engine);
  g_assert_true (fl_test_wait_until (is_stopped, engine, 10000));
  g_assert_cmpint (fl_sync_engine_get_state (engine), ==, FL_SYNC_STATE_OFFLINE);
  g_assert_false (fl_sync_engine_get_live (engine));

  /* The sign-in starts it, and its catching up is the first sync. */
  sync_login_at (engine, fixture->server->url, "agent");
  g_assert_true (sync_wait_live (engine, 30000));
  g_assert_true (sync_copy_has (copy, FL_TYPE_CUSTOMER, customer));
  fl_sync_engine_stop_live (engine);
  g_assert_false (fl_sync_engine_get_live (engine));
}

static gboolean
is_live (gpointer data)
{
  return fl_sync_engine_get_live (FL_SYNC_ENGINE (data));
}

static void
test_reconnect_with_a_forgotten_state_resyncs (SyncFixture   *fixture,
                                               gconstpointer  data)
{
  g_auto(Desks) desks = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *offline_case = NULL;
  g_autofree char *server_case = NULL;
  g_autofree char *state = NULL;
  gint64 before;

  desks_start (fixture, &desks, NULL);
  before = sync_server_count (fixture, "Case");

  /* Away, with a state the server's change log no longer reaches back to,
   * a change made here and one made there. */
  _fl_sync_live_network_changed (desks.b->live, FALSE);
  g_assert_true (fl_store_sync_set (desks.copy_b, "state:Case", "0", &error));
  g_assert_no_error (error);
  offline_case = sync_create_case (desks.b, desks.customer, "Made offline on B");
  server_case = lead_creates_case (fixture, desks.customer, "Made on the server meanwhile");

  /* Back: the outbox goes up, then Case/changes says cannotCalculateChanges
   * and cases are paged in again, B's own among them. */
  _fl_sync_live_network_changed (desks.b->live, TRUE);
  g_assert_true (wait_for_record (desks.copy_b, FL_TYPE_CASE, server_case, 15000));
  g_assert_true (fl_test_wait_until (is_settled, desks.b, 15000));
  g_assert_true (sync_copy_has (desks.copy_b, FL_TYPE_CASE, offline_case));
  state = fl_store_sync_get (desks.copy_b, "state:Case", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_ascii_strtoll (state, NULL, 10), >, 0);
  g_assert_cmpint (fl_sync_engine_get_conflicts (desks.b), ==, 0);
  g_assert_cmpint (sync_server_count (fixture, "Case"), ==, before + 2);
  g_assert_cmpint (fl_store_count (desks.copy_b, FL_TYPE_CASE, &error), ==, before + 2);
}

static void
count_syncs (FlSyncEngine *engine,
             GParamSpec   *pspec,
             guint        *n_syncs)
{
  if (fl_sync_engine_get_state (engine) == FL_SYNC_STATE_SYNCING)
    (*n_syncs)++;
}

#define N_BURST 20

static void
test_bursts_are_coalesced (SyncFixture   *fixture,
                           gconstpointer  data)
{
  g_auto(Desks) desks = { 0 };
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(FlStore) copy_a = NULL;
  g_autoptr(GString) states = g_string_new (NULL);
  guint a_syncs = 0;
  guint b_syncs = 0;
  guint done = 0;
  Count count = { &done, N_BURST };

  desks_start (fixture, &desks, NULL);
  copy_a = sync_fixture_open_copy (desks.a);
  g_signal_connect (desks.b, "notify::state", G_CALLBACK (count_syncs), &b_syncs);
  g_signal_connect (desks.a, "notify::state", G_CALLBACK (count_syncs), &a_syncs);
  g_signal_connect (desks.b, "notify::state", G_CALLBACK (on_state), states);

  /* Twenty commits, twenty StateChanges waiting for B: one pull for the
   * first, one more for all that came during it. */
  for (guint i = 0; i < N_BURST; i++)
    {
      g_autofree char *subject = g_strdup_printf ("Burst case %u", i);

      g_ptr_array_add (ids, lead_creates_case (fixture, desks.customer, subject));
    }
  for (guint i = 0; i < ids->len; i++)
    g_assert_true (wait_for_record (desks.copy_b, FL_TYPE_CASE, g_ptr_array_index (ids, i), 10000));
  g_assert_true (fl_test_wait_until (is_settled, desks.b, 10000));
  /* ONLINE between two pulls looks settled too: the one after it must
   * have its chance to be counted. */
  run_for (500);
  g_test_message ("B synced %u times for %d server changes: %s", b_syncs, N_BURST, states->str);
  g_assert_cmpuint (b_syncs, >=, 1);
  g_assert_cmpuint (b_syncs, <=, 3);

  /* Twenty local changes at once: pushed together, not one by one. */
  g_clear_pointer (&ids, g_ptr_array_unref);
  a_syncs = 0;
  ids = queue_cases (desks.a, desks.customer, N_BURST, &done);
  g_assert_true (fl_test_wait_until (count_reached, &count, 10000));
  for (guint i = 0; i < ids->len; i++)
    g_assert_true (wait_for_record (desks.copy_b, FL_TYPE_CASE, g_ptr_array_index (ids, i), 10000));
  g_assert_true (fl_test_wait_until (is_settled, desks.a, 10000));
  run_for (500);
  g_test_message ("A synced %u times for %d local changes", a_syncs, N_BURST);
  g_assert_cmpuint (a_syncs, <=, 8);
  g_signal_handlers_disconnect_by_data (desks.a, &a_syncs);
  g_signal_handlers_disconnect_by_data (desks.b, &b_syncs);
  g_signal_handlers_disconnect_by_data (desks.b, states);
}

static void
test_hostile_messages_are_ignored (void)
{
  const char *not_state_changes[] = {
    "[]", "42", "{}", "{\"@type\": 7}", "{\"@type\": \"Response\", \"requestId\": \"r1\"}",
  };
  const char *odd_state_changes[] = {
    "{\"@type\": \"StateChange\"}",
    "{\"@type\": \"StateChange\", \"changed\": 3, \"pushState\": 9}",
    "{\"@type\": \"StateChange\", \"changed\": {\"org\": [1]}}",
    "{\"@type\": \"StateChange\", \"changed\": {\"org\": {\"Case\": 5, \"Nope\": null}}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (not_state_changes); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (not_state_changes[i], strlen (not_state_changes[i]));
      g_autofree char *push_state = NULL;
      GHashTable *changed = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_false (_fl_sync_live_parse_state_change (bytes, &push_state, &changed, &error));
      g_assert_no_error (error);
      g_assert_null (changed);
    }
  {
    const char *cut = "{\"@type\": ";
    g_autoptr(GBytes) bytes = g_bytes_new_static (cut, strlen (cut));
    g_autofree char *push_state = NULL;
    GHashTable *changed = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_false (_fl_sync_live_parse_state_change (bytes, &push_state, &changed, &error));
    g_assert_nonnull (error);
  }
  for (guint i = 0; i < G_N_ELEMENTS (odd_state_changes); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (odd_state_changes[i], strlen (odd_state_changes[i]));
      g_autofree char *push_state = NULL;
      g_autoptr(GHashTable) changed = NULL;

      g_assert_true (_fl_sync_live_parse_state_change (bytes, &push_state, &changed, NULL));
      g_assert_null (push_state);
      /* A state that is not a string counts as "unknown": worth a pull. */
      g_assert_null (g_hash_table_lookup (changed, "Case"));
    }
  {
    const char *good = "{\"@type\": \"StateChange\", \"changed\": {\"org\": {\"Case\": \"12\"}}, "
                       "\"pushState\": \"12\"}";
    g_autoptr(GBytes) bytes = g_bytes_new_static (good, strlen (good));
    g_autofree char *push_state = NULL;
    g_autoptr(GHashTable) changed = NULL;
    g_autofree char *enable = NULL;

    g_assert_true (_fl_sync_live_parse_state_change (bytes, &push_state, &changed, NULL));
    g_assert_cmpstr (push_state, ==, "12");
    g_assert_cmpstr (g_hash_table_lookup (changed, "Case"), ==, "12");
    enable = _fl_sync_live_push_enable_text (push_state);
    g_assert_cmpstr (enable, ==, "{\"@type\":\"WebSocketPushEnable\",\"dataTypes\":null,\"pushState\":\"12\"}");
  }
}

static gboolean
backed_off (gpointer data)
{
  return _fl_sync_live_get_attempt (FL_SYNC_ENGINE (data)->live) >= 4;
}

static void
test_network_loss_and_return (SyncFixture   *fixture,
                              gconstpointer  data)
{
  g_auto(Desks) desks = { 0 };
  g_autofree char *case_id = NULL;
  g_autoptr(GTimer) timer = NULL;

  desks_start (fixture, &desks, NULL);

  /* Offline at once, without waiting for the connection to time out. */
  _fl_sync_live_network_changed (desks.b->live, FALSE);
  g_assert_false (fl_sync_engine_get_live (desks.b));
  g_assert_cmpint (fl_sync_engine_get_state (desks.b), ==, FL_SYNC_STATE_OFFLINE);
  _fl_sync_live_network_changed (desks.b->live, TRUE);
  g_assert_true (sync_wait_live (desks.b, 5000));

  /* A server gone for a while: B's waits between attempts have grown (up
   * to 8 s by now), which the network's return must not sit out. */
  fl_test_server_stop (fixture->server);
  g_assert_true (fl_test_wait_until (backed_off, desks.b, 20000));
  _fl_sync_live_network_changed (desks.b->live, FALSE);
  fl_test_server_restart (fixture->server);

  /* No network, no attempts, although the server is there. */
  case_id = lead_creates_case (fixture, desks.customer, "Made while B had no network");
  run_for (1000);
  g_assert_false (fl_sync_engine_get_live (desks.b));
  g_assert_false (sync_copy_has (desks.copy_b, FL_TYPE_CASE, case_id));

  /* Back: connected again at once, and caught up. */
  timer = g_timer_new ();
  _fl_sync_live_network_changed (desks.b->live, TRUE);
  g_assert_true (fl_test_wait_until (is_live, desks.b, 5000));
  g_test_message ("Live again after %.0f ms", g_timer_elapsed (timer, NULL) * 1000);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 0.4);
  g_assert_true (wait_for_record (desks.copy_b, FL_TYPE_CASE, case_id, 5000));
}

static void
test_backoff_grows_to_its_cap (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4);
  double previous_mean = 0;

  g_assert_cmpuint (fl_sync_live_backoff_ceiling_ms (0), ==, FL_SYNC_LIVE_BACKOFF_BASE_MS);
  g_assert_cmpuint (fl_sync_live_backoff_ceiling_ms (1), ==, 2 * FL_SYNC_LIVE_BACKOFF_BASE_MS);
  g_assert_cmpuint (fl_sync_live_backoff_ceiling_ms (6), ==, 32000);
  g_assert_cmpuint (fl_sync_live_backoff_ceiling_ms (7), ==, FL_SYNC_LIVE_BACKOFF_CAP_MS);
  g_assert_cmpuint (fl_sync_live_backoff_ceiling_ms (1000), ==, FL_SYNC_LIVE_BACKOFF_CAP_MS);
  g_assert_cmpuint (fl_sync_live_backoff_ceiling_ms (G_MAXUINT), ==, FL_SYNC_LIVE_BACKOFF_CAP_MS);

  for (guint attempt = 0; attempt < 12; attempt++)
    {
      guint ceiling = fl_sync_live_backoff_ceiling_ms (attempt);
      guint max = 0;
      double sum = 0;

      for (guint i = 0; i < 400; i++)
        {
          guint delay = fl_sync_live_backoff_delay_ms (attempt, rand);

          g_assert_cmpuint (delay, <=, ceiling);
          g_assert_cmpuint (delay, <=, FL_SYNC_LIVE_BACKOFF_CAP_MS);
          max = MAX (max, delay);
          sum += delay;
        }
      /* Full jitter: spread over the whole range, the mean half the ceiling. */
      g_assert_cmpuint (max, >, ceiling * 9 / 10);
      g_assert_cmpfloat (sum / 400, >, ceiling * 0.4);
      g_assert_cmpfloat (sum / 400, <, ceiling * 0.6);
      if (ceiling < FL_SYNC_LIVE_BACKOFF_CAP_MS)
        g_assert_cmpfloat (sum / 400, >, previous_mean * 1.5);
      previous_mean = sum / 400;
    }

  /* The same seed, the same delays: a test can rely on them. */
  {
    g_autoptr(GRand) one = g_rand_new_with_seed (7);
    g_autoptr(GRand) two = g_rand_new_with_seed (7);

    for (guint attempt = 0; attempt < 20; attempt++)
      g_assert_cmpuint (fl_sync_live_backoff_delay_ms (attempt, one), ==,
                        fl_sync_live_backoff_delay_ms (attempt, two));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, SyncFixture, NULL, sync_fixture_setup, fn, sync_fixture_teardown)
  ADD ("/sync/live/change-reaches-the-other-desktop-without-a-sync",
       test_change_reaches_the_other_desktop_without_a_sync);
  ADD ("/sync/live/restarted-server-is-found-again", test_restarted_server_is_found_again);
  ADD ("/sync/live/server-killed-during-a-push-gets-each-change-once",
       test_server_killed_during_a_push_gets_each_change_once);
  ADD ("/sync/live/connection-cut-mid-answer-loses-and-doubles-nothing",
       test_connection_cut_mid_answer_loses_and_doubles_nothing);
  ADD ("/sync/live/silent-connection-is-given-up", test_silent_connection_is_given_up);
  ADD ("/sync/live/refused-token-stops-with-error", test_refused_token_stops_with_error);
  ADD ("/sync/live/live-before-sign-in-waits-for-it", test_live_before_sign_in_waits_for_it);
  ADD ("/sync/live/network-loss-goes-offline-and-return-reconnects-at-once", test_network_loss_and_return);
  ADD ("/sync/live/bursts-are-coalesced", test_bursts_are_coalesced);
  ADD ("/sync/live/reconnect-with-a-forgotten-state-resyncs", test_reconnect_with_a_forgotten_state_resyncs);
#undef ADD
  g_test_add_func ("/sync/live/backoff-grows-to-its-cap", test_backoff_grows_to_its_cap);
  g_test_add_func ("/sync/live/hostile-messages-are-ignored", test_hostile_messages_are_ignored);

  return g_test_run ();
}

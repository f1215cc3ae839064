/* test-case-watcher.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlCaseWatcher against the real frontline-server with real engines, one
 * profile per agent: a case assigned or escalated to me by someone else is
 * reported when my desktop pulls it, once; my own changes and my first sync
 * are not.
 */
#include "config.h"

#include "fl-case-watcher.h"
#include "fl-store-server.h"
#include "fl-test-util.h"
#include "sync-fixture.h"

typedef struct
{
  FlCaseEvent  event;
  char        *case_id;
  char        *subject;
} Seen;

typedef struct
{
  FlSyncEngine  *engine;
  FlCaseWatcher *watcher;
  guint          n_pulled;   /* the engine's "cases-pulled" so far */
  GArray        *seen;       /* of Seen */
} Desk;

static void
seen_clear (gpointer data)
{
  Seen *seen = data;

  g_free (seen->case_id);
  g_free (seen->subject);
}

static void
on_case_event (FlCaseWatcher *watcher,
               FlCaseEvent    event,
               const char    *case_id,
               const char    *subject,
               Desk          *desk)
{
  Seen seen = { event, g_strdup (case_id), g_strdup (subject) };

  g_array_append_val (desk->seen, seen);
}

static void
on_cases_pulled (FlSyncEngine *engine,
                 GPtrArray    *before,
                 GPtrArray    *after,
                 Desk         *desk)
{
  desk->n_pulled++;
}

static Desk *
desk_new (SyncFixture *fixture,
          const char  *name,
          const char  *login)
{
  Desk *desk = g_new0 (Desk, 1);

  desk->engine = sync_fixture_desktop (fixture, name, login);
  desk->watcher = fl_case_watcher_new (desk->engine);
  desk->seen = g_array_new (FALSE, TRUE, sizeof (Seen));
  g_array_set_clear_func (desk->seen, seen_clear);
  g_signal_connect (desk->watcher, "case-event", G_CALLBACK (on_case_event), desk);
  g_signal_connect (desk->engine, "cases-pulled", G_CALLBACK (on_cases_pulled), desk);
  return desk;
}

static void
desk_free (Desk *desk)
{
  g_signal_handlers_disconnect_by_data (desk->engine, desk);
  g_assert_finalize_object (desk->watcher);
  g_object_unref (desk->engine);
  g_array_unref (desk->seen);
  g_free (desk);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Desk, desk_free)

/* Syncs, then waits until the watcher has looked at every batch the sync
 * brought, so that "nothing reported" means it looked and found nothing. */
static void
desk_sync (Desk *desk)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sync_run_sync (desk->engine, NULL, &error));
  g_assert_no_error (error);
  FL_TEST_WAIT_FOR (fl_case_watcher_get_n_checked (desk->watcher) == desk->n_pulled);
}

static void
desk_update (Desk       *desk,
             const char *case_id,
             const char *patch)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sync_run_update (desk->engine, FL_TYPE_CASE, case_id, patch, &error));
  g_assert_no_error (error);
}

static char *
agent_id (Desk       *desk,
          const char *login)
{
  g_autoptr(FlStore) copy = sync_fixture_open_copy (desk->engine);
  g_autoptr(GError) error = NULL;
  g_autoptr(FlAgent) agent = fl_store_find_agent_by_login (copy, login, &error);

  g_assert_no_error (error);
  g_assert_nonnull (agent);
  return g_strdup (fl_entity_get_id (FL_ENTITY (agent)));
}

static char *
assign_patch (const char *assignee)
{
  return g_strdup_printf ("{\"assigneeId\": \"%s\"}", assignee);
}

static void
assert_seen (Desk        *desk,
             guint        n,
             FlCaseEvent  event,
             const char  *case_id,
             const char  *subject)
{
  Seen *seen;

  g_assert_cmpuint (desk->seen->len, ==, n);
  seen = &g_array_index (desk->seen, Seen, n - 1);
  g_assert_cmpint (seen->event, ==, event);
  g_assert_cmpstr (seen->case_id, ==, case_id);
  g_assert_cmpstr (seen->subject, ==, subject);
}

static void
test_a_case_assigned_by_someone_else_is_reported_once (SyncFixture   *fixture,
                                                       gconstpointer  data)
{
  g_autoptr(Desk) lead = desk_new (fixture, "lead", "lead");
  g_autoptr(Desk) agent = desk_new (fixture, "agent", "agent");
  g_autofree char *customer = sync_showcase_customer (fixture);
  g_autofree char *case_id = NULL;
  g_autofree char *me = NULL;
  g_autofree char *patch = NULL;

  desk_sync (lead);
  desk_sync (agent);
  me = agent_id (agent, "agent");

  case_id = sync_create_case (lead->engine, customer, "Printer jams on tray 2");
  desk_sync (lead);
  desk_sync (agent);
  /* A new unassigned case in the queue is nobody's news. */
  g_assert_cmpuint (agent->seen->len, ==, 0);

  patch = assign_patch (me);
  desk_update (lead, case_id, patch);
  desk_sync (lead);
  /* The lead's own change: the lead hears nothing of it. */
  g_assert_cmpuint (lead->seen->len, ==, 0);
  desk_sync (agent);
  assert_seen (agent, 1, FL_CASE_EVENT_ASSIGNED, case_id, "Printer jams on tray 2");

  /* Pulling again, or after an edit that leaves the assignee alone, says
   * nothing new. */
  desk_sync (agent);
  desk_update (lead, case_id, "{\"priority\": \"high\"}");
  desk_sync (lead);
  desk_sync (agent);
  g_assert_cmpuint (agent->seen->len, ==, 1);
}

static void
test_my_own_assignment_is_not_reported (SyncFixture   *fixture,
                                        gconstpointer  data)
{
  g_autoptr(Desk) lead = desk_new (fixture, "lead", "lead");
  g_autoptr(Desk) agent = desk_new (fixture, "agent", "agent");
  g_autofree char *customer = sync_showcase_customer (fixture);
  g_autofree char *case_id = NULL;
  g_autofree char *me = NULL;
  g_autofree char *patch = NULL;
  g_autoptr(FlStore) copy = NULL;
  g_autoptr(FlEntity) taken = NULL;
  g_autoptr(GError) error = NULL;

  desk_sync (lead);
  case_id = sync_create_case (lead->engine, customer, "Nobody has this one yet");
  desk_sync (lead);
  desk_sync (agent);
  me = agent_id (agent, "agent");

  /* The agent takes it: pushed, and pulled back from the server. */
  patch = assign_patch (me);
  desk_update (agent, case_id, patch);
  desk_sync (agent);
  desk_sync (agent);
  copy = sync_fixture_open_copy (agent->engine);
  taken = fl_store_get (copy, FL_TYPE_CASE, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fl_case_get_assignee_id (FL_CASE (taken)), ==, me);
  g_assert_cmpint (fl_sync_engine_get_pending (agent->engine), ==, 0);
  g_assert_cmpuint (agent->seen->len, ==, 0);
}

static void
test_the_first_sync_reports_nothing (SyncFixture   *fixture,
                                     gconstpointer  data)
{
  g_autoptr(Desk) lead = desk_new (fixture, "lead", "lead");
  g_autoptr(Desk) agent = NULL;
  g_autoptr(Desk) tier2 = NULL;
  g_autofree char *customer = sync_showcase_customer (fixture);
  g_autofree char *case_id = NULL;
  g_autofree char *me = NULL;
  g_autofree char *patch = NULL;

  desk_sync (lead);
  me = agent_id (lead, "agent");
  case_id = sync_create_case (lead->engine, customer, "Assigned before the agent ever synced");
  patch = assign_patch (me);
  desk_update (lead, case_id, patch);
  desk_update (lead, case_id, "{\"status\": \"escalated\", \"tier\": \"tier2\"}");
  desk_sync (lead);

  /* Cases assigned and escalated long ago: the copy is new, not the news. */
  agent = desk_new (fixture, "agent", "agent");
  tier2 = desk_new (fixture, "tier2", "tier2");
  desk_sync (agent);
  desk_sync (tier2);
  g_assert_cmpuint (agent->seen->len, ==, 0);
  g_assert_cmpuint (tier2->seen->len, ==, 0);
  /* … nor the next. */
  desk_sync (agent);
  desk_sync (tier2);
  g_assert_cmpuint (agent->seen->len, ==, 0);
  g_assert_cmpuint (tier2->seen->len, ==, 0);
}

static void
test_an_escalation_reaches_tier_2_and_the_assignee (SyncFixture   *fixture,
                                                    gconstpointer  data)
{
  g_autoptr(Desk) lead = desk_new (fixture, "lead", "lead");
  g_autoptr(Desk) agent = desk_new (fixture, "agent", "agent");
  g_autoptr(Desk) tier2 = desk_new (fixture, "tier2", "tier2");
  g_autoptr(Desk) other = desk_new (fixture, "other", "trainee");
  g_autofree char *customer = sync_showcase_customer (fixture);
  g_autofree char *mine = NULL;
  g_autofree char *held = NULL;
  g_autofree char *me = NULL;
  g_autofree char *patch = NULL;

  desk_sync (lead);
  desk_sync (agent);
  desk_sync (tier2);
  desk_sync (other);
  me = agent_id (agent, "agent");

  /* The agent escalates a case of their own to tier 2. */
  mine = sync_create_case (agent->engine, customer, "Firmware update bricks the dock");
  desk_sync (agent);
  desk_sync (tier2);
  desk_sync (other);
  desk_update (agent, mine, "{\"status\": \"escalated\", \"tier\": \"tier2\"}");
  desk_sync (agent);
  desk_sync (tier2);
  desk_sync (other);
  g_assert_cmpuint (agent->seen->len, ==, 0);
  assert_seen (tier2, 1, FL_CASE_EVENT_ESCALATED, mine, "Firmware update bricks the dock");
  /* A trainee, who does not hold it, is not told. */
  g_assert_cmpuint (other->seen->len, ==, 0);

  /* The lead escalates a case the agent holds: the agent is told, as an
   * escalation, not an assignment. */
  held = sync_create_case (lead->engine, customer, "Dock drops the display");
  patch = assign_patch (me);
  desk_update (lead, held, patch);
  desk_sync (lead);
  desk_sync (agent);
  assert_seen (agent, 1, FL_CASE_EVENT_ASSIGNED, held, "Dock drops the display");
  desk_update (lead, held, "{\"status\": \"escalated\", \"tier\": \"engineering\"}");
  desk_sync (lead);
  desk_sync (agent);
  desk_sync (tier2);
  assert_seen (agent, 2, FL_CASE_EVENT_ESCALATED, held, "Dock drops the display");
  /* Engineering is not tier 2's. */
  g_assert_cmpuint (tier2->seen->len, ==, 1);
}

static void
test_classify_reads_the_change (void)
{
  g_autoptr(FlCase) before = fl_case_new ();
  g_autoptr(FlCase) after = fl_case_new ();

  fl_case_set_assignee_id (before, "someone");
  fl_case_set_assignee_id (after, "me");
  g_assert_cmpint (fl_case_watcher_classify (before, after, "me", FL_AGENT_ROLE_AGENT), ==, FL_CASE_EVENT_ASSIGNED);
  g_assert_cmpint (fl_case_watcher_classify (NULL, after, "me", FL_AGENT_ROLE_AGENT), ==, FL_CASE_EVENT_ASSIGNED);
  g_assert_cmpint (fl_case_watcher_classify (after, after, "me", FL_AGENT_ROLE_AGENT), ==, FL_CASE_EVENT_NONE);
  g_assert_cmpint (fl_case_watcher_classify (before, after, "you", FL_AGENT_ROLE_AGENT), ==, FL_CASE_EVENT_NONE);
  g_assert_cmpint (fl_case_watcher_classify (before, after, NULL, FL_AGENT_ROLE_AGENT), ==, FL_CASE_EVENT_NONE);

  fl_case_set_status (after, FL_CASE_STATUS_ESCALATED);
  fl_case_set_tier (after, FL_CASE_TIER_TIER2);
  g_assert_cmpint (fl_case_watcher_classify (before, after, "me", FL_AGENT_ROLE_AGENT), ==, FL_CASE_EVENT_ESCALATED);
  g_assert_cmpint (fl_case_watcher_classify (before, after, "you", FL_AGENT_ROLE_TIER2), ==, FL_CASE_EVENT_ESCALATED);
  g_assert_cmpint (fl_case_watcher_classify (before, after, "you", FL_AGENT_ROLE_LEAD), ==, FL_CASE_EVENT_NONE);
  /* Escalated already: the assignee changing to me is an assignment. */
  fl_case_set_status (before, FL_CASE_STATUS_ESCALATED);
  fl_case_set_tier (before, FL_CASE_TIER_TIER2);
  g_assert_cmpint (fl_case_watcher_classify (before, after, "me", FL_AGENT_ROLE_TIER2), ==, FL_CASE_EVENT_ASSIGNED);
  g_assert_cmpint (fl_case_watcher_classify (before, after, "you", FL_AGENT_ROLE_TIER2), ==, FL_CASE_EVENT_NONE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/case-watcher/classify-reads-the-change", test_classify_reads_the_change);
#define ADD(path, fn) g_test_add (path, SyncFixture, NULL, sync_fixture_setup, fn, sync_fixture_teardown)
  ADD ("/case-watcher/a-case-assigned-by-someone-else-is-reported-once",
       test_a_case_assigned_by_someone_else_is_reported_once);
  ADD ("/case-watcher/my-own-assignment-is-not-reported", test_my_own_assignment_is_not_reported);
  ADD ("/case-watcher/the-first-sync-reports-nothing", test_the_first_sync_reports_nothing);
  ADD ("/case-watcher/an-escalation-reaches-tier-2-and-the-assignee",
       test_an_escalation_reaches_tier_2_and_the_assignee);
#undef ADD

  return g_test_run ();
}

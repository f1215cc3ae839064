/* test-case-actions.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlCaseActions against a real local copy through a real sync engine: each
 * action changes the case in the local copy (and queues it for the server),
 * adds a line saying so to the case's conversation, says so with "changed",
 * is offered only where it would change the case, and does nothing while no
 * case is open.
 */
#define G_LOG_DOMAIN "Frontline-Test"

#include "config.h"

#include <gtk/gtk.h>

#include "app-test-util.h"
#include "fl-case-actions.h"
#include "fl-store-query.h"
#include "fl-test-util.h"

typedef struct
{
  AppFixture     app;
  FlCaseActions *actions;
  char          *agent_name;
  guint          n_changed;
} Fixture;

static FlCase *
read_case (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  FlEntity *the_case = fl_store_get (fixture->app.store, FL_TYPE_CASE, fixture->app.case_id, &error);

  g_assert_no_error (error);
  return FL_CASE (the_case);
}

/* As the window does when the case view shows the case. */
static void
show_case (Fixture *fixture)
{
  g_autoptr(FlCase) the_case = read_case (fixture);

  fl_case_actions_set_case (fixture->actions, the_case);
}

static gboolean
enabled (Fixture    *fixture,
         const char *action)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->actions), action);
}

/* The conversation's lines of @kind that say @body, by the fixture's agent. */
static guint
count_lines (Fixture           *fixture,
             FlInteractionKind  kind,
             const char        *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlStoreQuery) query = fl_store_query_new (FL_TYPE_INTERACTION);
  g_autoptr(GPtrArray) ids = NULL;
  guint found = 0;

  g_assert_true (fl_store_query_where_text (query, "case_id", fixture->app.case_id, &error));
  ids = fl_store_query_run (fixture->app.store, query, 0, 10000, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(FlEntity) line = fl_store_get (fixture->app.store, FL_TYPE_INTERACTION,
                                               g_ptr_array_index (ids, i), &error);

      g_assert_no_error (error);
      if (fl_interaction_get_kind (FL_INTERACTION (line)) == kind
          && g_strcmp0 (fl_interaction_get_body (FL_INTERACTION (line)), body) == 0)
        {
          g_assert_cmpstr (fl_interaction_get_author_id (FL_INTERACTION (line)), ==, fixture->app.agent_id);
          g_assert_cmpstr (fl_interaction_get_author_name (FL_INTERACTION (line)), ==, fixture->agent_name);
          found++;
        }
    }
  return found;
}

static void
on_changed (FlCaseActions *actions,
            const char    *case_id,
            Fixture       *fixture)
{
  g_assert_cmpstr (case_id, ==, fixture->app.case_id);
  fixture->n_changed++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlEntity) agent = NULL;

  app_fixture_set_up (&fixture->app);
  agent = fl_store_get (fixture->app.store, FL_TYPE_AGENT, fixture->app.agent_id, &error);
  g_assert_no_error (error);
  fixture->agent_name = g_strdup (fl_agent_get_display_name (FL_AGENT (agent)));
  fixture->actions = fl_case_actions_new ();
  fl_case_actions_set_engine (fixture->actions, fixture->app.engine);
  fl_case_actions_set_agent (fixture->actions, fixture->app.agent_id, fixture->agent_name);
  show_case (fixture);
  g_signal_connect (fixture->actions, "changed", G_CALLBACK (on_changed), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->actions);
  g_free (fixture->agent_name);
  app_fixture_tear_down (&fixture->app);
}

/* Runs @action, shows the case again as the window does, and returns it as
 * the local copy has it afterwards. */
static FlCase *
run (Fixture    *fixture,
     const char *action,
     GVariant   *parameter)
{
  guint before = fixture->n_changed;

  g_assert_true (enabled (fixture, action));
  g_action_group_activate_action (G_ACTION_GROUP (fixture->actions), action, parameter);
  FL_TEST_WAIT_FOR (fixture->n_changed == before + 1);
  show_case (fixture);
  return read_case (fixture);
}

static void
test_escalate_sends_the_case_to_tier_2 (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(FlCase) the_case = run (fixture, "escalate", NULL);

  g_assert_cmpint (fl_case_get_status (the_case), ==, FL_CASE_STATUS_ESCALATED);
  g_assert_cmpint (fl_case_get_tier (the_case), ==, FL_CASE_TIER_TIER2);
  /* The change and its line in the conversation, both for the server. */
  g_assert_cmpint (fl_sync_engine_get_pending (fixture->app.engine), >=, 2);
  g_assert_cmpuint (count_lines (fixture, FL_INTERACTION_KIND_ESCALATION, "Escalated to tier 2"), ==, 1);
  /* At tier 2 already: escalating again would change nothing. */
  g_assert_false (enabled (fixture, "escalate"));
  g_assert_true (enabled (fixture, "resolve"));
}

static void
test_resolve_stamps_the_time (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(FlCase) the_case = run (fixture, "resolve", NULL);
  g_autoptr(FlCase) reopened = NULL;

  g_assert_cmpint (fl_case_get_status (the_case), ==, FL_CASE_STATUS_RESOLVED);
  g_assert_cmpint (fl_case_get_resolved_at (the_case), >, 0);
  g_assert_cmpuint (count_lines (fixture, FL_INTERACTION_KIND_STATUS, "Resolved"), ==, 1);
  g_assert_false (enabled (fixture, "resolve"));
  g_assert_false (enabled (fixture, "escalate"));

  /* Back to open: no longer resolved. */
  reopened = run (fixture, "set-status", g_variant_new_string ("open"));
  g_assert_cmpint (fl_case_get_status (reopened), ==, FL_CASE_STATUS_OPEN);
  g_assert_cmpint (fl_case_get_resolved_at (reopened), ==, 0);
  g_assert_cmpuint (count_lines (fixture, FL_INTERACTION_KIND_STATUS, "Status changed from Resolved to Open"), ==, 1);
  g_assert_true (enabled (fixture, "resolve"));
}

static void
test_status_is_the_cases_own (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(FlCase) the_case = read_case (fixture);
  g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (fixture->actions), "set-status");
  g_autoptr(GVariant) pending_state = NULL;
  g_autoptr(FlCase) pending = NULL;
  gint64 queued;

  /* The menu ticks the status the case has. */
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==,
                   fl_enum_to_nick (FL_TYPE_CASE_STATUS, fl_case_get_status (the_case)));

  /* Choosing it again changes nothing and says nothing. */
  queued = fl_sync_engine_get_pending (fixture->app.engine);
  g_action_group_activate_action (G_ACTION_GROUP (fixture->actions), "set-status",
                                  g_variant_new_string (g_variant_get_string (state, NULL)));
  g_assert_cmpint (fl_sync_engine_get_pending (fixture->app.engine), ==, queued);
  g_assert_cmpuint (fixture->n_changed, ==, 0);

  pending = run (fixture, "set-status", g_variant_new_string ("pending"));
  g_assert_cmpint (fl_case_get_status (pending), ==, FL_CASE_STATUS_PENDING);
  pending_state = g_action_group_get_action_state (G_ACTION_GROUP (fixture->actions), "set-status");
  g_assert_cmpstr (g_variant_get_string (pending_state, NULL), ==, "pending");
}

static void
test_assign_to_me_takes_an_unassigned_case (Fixture       *fixture,
                                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlEntity) unassigned = fl_store_get (fixture->app.store, FL_TYPE_CASE, fixture->app.case_id, &error);
  g_autoptr(FlCase) the_case = NULL;
  g_autofree char *line = NULL;

  g_assert_no_error (error);
  fl_case_set_assignee_id (FL_CASE (unassigned), NULL);
  g_assert_true (fl_store_put (fixture->app.store, unassigned, FL_STORE_PUT_DEFAULT, &error));
  g_assert_no_error (error);

  show_case (fixture);

  the_case = run (fixture, "assign-to-me", NULL);
  g_assert_cmpstr (fl_case_get_assignee_id (the_case), ==, fixture->app.agent_id);
  line = g_strdup_printf ("Assigned to %s", fixture->agent_name);
  g_assert_cmpuint (count_lines (fixture, FL_INTERACTION_KIND_STATUS, line), ==, 1);
  /* Mine now: nothing left to take. */
  g_assert_false (enabled (fixture, "assign-to-me"));
}

static void
test_nothing_to_do_without_a_case (Fixture       *fixture,
                                   gconstpointer  data)
{
  const char *names[] = { "assign-to-me", "set-status", "escalate", "resolve" };

  fl_case_actions_set_case (fixture->actions, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_false (enabled (fixture, names[i]));

  /* Without knowing who "me" is, a case cannot be taken. */
  show_case (fixture);
  fl_case_actions_set_agent (fixture->actions, NULL, NULL);
  g_assert_false (enabled (fixture, "assign-to-me"));
  g_assert_true (enabled (fixture, "escalate"));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/app/case-actions/escalate-sends-the-case-to-tier-2", test_escalate_sends_the_case_to_tier_2);
  ADD ("/app/case-actions/resolve-stamps-the-time", test_resolve_stamps_the_time);
  ADD ("/app/case-actions/assign-to-me-takes-an-unassigned-case", test_assign_to_me_takes_an_unassigned_case);
  ADD ("/app/case-actions/status-is-the-cases-own", test_status_is_the_cases_own);
  ADD ("/app/case-actions/nothing-to-do-without-a-case", test_nothing_to_do_without_a_case);
#undef ADD

  return g_test_run ();
}

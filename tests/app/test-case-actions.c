/* test-case-actions.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlCaseActions against a real local copy through a real sync engine: each
 * action changes the case in the local copy (and queues it for the server),
 * says so with "changed", and does nothing while no case is open.
 */
#define G_LOG_DOMAIN "Frontline-Test"

#include "config.h"

#include <gtk/gtk.h>

#include "app-fixture.h"
#include "fl-case-actions.h"
#include "fl-test-util.h"

typedef struct
{
  AppFixture     app;
  FlCaseActions *actions;
  guint          n_changed;
} Fixture;

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
  app_fixture_set_up (&fixture->app);
  fixture->actions = fl_case_actions_new ();
  fl_case_actions_set_engine (fixture->actions, fixture->app.engine);
  fl_case_actions_set_agent (fixture->actions, fixture->app.agent_id);
  fl_case_actions_set_case (fixture->actions, fixture->app.case_id);
  g_signal_connect (fixture->actions, "changed", G_CALLBACK (on_changed), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->actions);
  app_fixture_tear_down (&fixture->app);
}

/* Runs @action and returns the case as the local copy has it afterwards. */
static FlCase *
run (Fixture    *fixture,
     const char *action,
     GVariant   *parameter)
{
  g_autoptr(GError) error = NULL;
  guint before = fixture->n_changed;
  FlEntity *the_case;

  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->actions), action));
  g_action_group_activate_action (G_ACTION_GROUP (fixture->actions), action, parameter);
  FL_TEST_WAIT_FOR (fixture->n_changed == before + 1);
  the_case = fl_store_get (fixture->app.store, FL_TYPE_CASE, fixture->app.case_id, &error);
  g_assert_no_error (error);
  return FL_CASE (the_case);
}

static void
test_escalate_sends_the_case_to_tier_2 (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(FlCase) the_case = run (fixture, "escalate", NULL);

  g_assert_cmpint (fl_case_get_status (the_case), ==, FL_CASE_STATUS_ESCALATED);
  g_assert_cmpint (fl_case_get_tier (the_case), ==, FL_CASE_TIER_TIER2);
  g_assert_cmpint (fl_sync_engine_get_pending (fixture->app.engine), >=, 1);
}

static void
test_resolve_stamps_the_time (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(FlCase) the_case = run (fixture, "resolve", NULL);
  g_autoptr(FlCase) reopened = NULL;

  g_assert_cmpint (fl_case_get_status (the_case), ==, FL_CASE_STATUS_RESOLVED);
  g_assert_cmpint (fl_case_get_resolved_at (the_case), >, 0);

  /* Back to open: no longer resolved. */
  reopened = run (fixture, "set-status", g_variant_new_string ("open"));
  g_assert_cmpint (fl_case_get_status (reopened), ==, FL_CASE_STATUS_OPEN);
  g_assert_cmpint (fl_case_get_resolved_at (reopened), ==, 0);
}

static void
test_assign_to_me_takes_an_unassigned_case (Fixture       *fixture,
                                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlEntity) unassigned = fl_store_get (fixture->app.store, FL_TYPE_CASE, fixture->app.case_id, &error);
  g_autoptr(FlCase) the_case = NULL;

  g_assert_no_error (error);
  fl_case_set_assignee_id (FL_CASE (unassigned), NULL);
  g_assert_true (fl_store_put (fixture->app.store, unassigned, FL_STORE_PUT_DEFAULT, &error));
  g_assert_no_error (error);

  the_case = run (fixture, "assign-to-me", NULL);
  g_assert_cmpstr (fl_case_get_assignee_id (the_case), ==, fixture->app.agent_id);
}

static void
test_nothing_to_do_without_a_case (Fixture       *fixture,
                                   gconstpointer  data)
{
  const char *names[] = { "assign-to-me", "set-status", "escalate", "resolve" };

  fl_case_actions_set_case (fixture->actions, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->actions), names[i]));

  /* Without knowing who "me" is, a case cannot be taken. */
  fl_case_actions_set_case (fixture->actions, fixture->app.case_id);
  fl_case_actions_set_agent (fixture->actions, NULL);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->actions), "assign-to-me"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->actions), "escalate"));
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
  ADD ("/app/case-actions/nothing-to-do-without-a-case", test_nothing_to_do_without_a_case);
#undef ADD

  return g_test_run ();
}

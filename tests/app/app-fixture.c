/* app-fixture.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See app-fixture.h.
 */
#include "config.h"

#include "app-fixture.h"
#include "fl-demo-generator.h"
#include "fl-store-server.h"
#include "fl-test-util.h"

void
app_fixture_set_up (AppFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlDemoGenerator) generator = fl_demo_generator_new ();
  g_autoptr(FlAgent) agent = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("frontline-app-fixture-XXXXXX", &error);
  g_assert_no_error (error);
  /* The engine's own database file, filled before it opens it. */
  path = g_build_filename (fixture->dir, "frontline.db", NULL);
  fixture->store = fl_store_open (path, &error);
  g_assert_no_error (error);
  fl_demo_generator_set_n_customers (generator, 200);
  g_assert_true (fl_demo_generator_run (generator, fixture->store, &error));
  g_assert_no_error (error);
  fixture->case_id = g_strdup (fl_demo_generator_get_showcase_case_id (generator));
  fixture->customer_id = g_strdup (fl_demo_generator_get_showcase_customer_id (generator));
  agent = fl_store_find_agent_by_login (fixture->store, "agent", &error);
  g_assert_no_error (error);
  fixture->agent_id = g_strdup (fl_entity_get_id (FL_ENTITY (agent)));
  fixture->engine = fl_sync_engine_new (fixture->dir, &error);
  g_assert_no_error (error);
}

void
app_fixture_tear_down (AppFixture *fixture)
{
  g_clear_object (&fixture->engine);
  g_clear_object (&fixture->store);
  fl_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->case_id);
  g_free (fixture->customer_id);
  g_free (fixture->agent_id);
}

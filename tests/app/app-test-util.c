/* app-test-util.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fresh profile with the demo data per test, in a directory of its own,
 * and finding a widget in a window.
 */
#define G_LOG_DOMAIN "Frontline-Test"

#include "config.h"

#include <string.h>

#include "app-test-util.h"
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

gboolean
app_test_on_timeout (gpointer what)
{
  g_error ("Timed out waiting for %s", (const char *) what);
  return G_SOURCE_REMOVE;
}

GtkWidget *
app_test_find_widget (GtkWidget  *root,
                      GType       type,
                      const char *text)
{
  if (GTK_IS_POPOVER (root))
    return NULL;
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type)
      && (text == NULL || (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = app_test_find_widget (child, type, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
app_test_find_label_containing (GtkWidget  *root,
                                const char *text)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_label (GTK_LABEL (root)), text) != NULL)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = app_test_find_label_containing (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
on_pause_done (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
app_test_pause (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_pause_done, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

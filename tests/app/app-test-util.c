/* app-test-util.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fresh demo store file per test, in a directory of its own, and finding
 * a widget in a window.
 */
#define G_LOG_DOMAIN "Frontline-Test"

#include "config.h"

#include <string.h>

#include "app-test-util.h"
#include "fl-test-util.h"

void
app_test_store_set_up (AppTestStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlDemoGenerator) generator = fl_demo_generator_new ();

  store->dir = g_dir_make_tmp ("frontline-app-test-XXXXXX", &error);
  g_assert_no_error (error);
  store->path = g_build_filename (store->dir, "copy.db", NULL);
  store->store = fl_store_open (store->path, &error);
  g_assert_no_error (error);
  fl_demo_generator_set_seed (generator, 7);
  fl_demo_generator_set_n_customers (generator, 300);
  g_assert_true (fl_demo_generator_run (generator, store->store, &error));
  g_assert_no_error (error);
  store->showcase_customer_id = g_strdup (fl_demo_generator_get_showcase_customer_id (generator));
  store->showcase_case_id = g_strdup (fl_demo_generator_get_showcase_case_id (generator));
  store->pool = fl_store_pool_new (store->path, 2, &error);
  g_assert_no_error (error);
}

void
app_test_store_tear_down (AppTestStore *store)
{
  g_clear_object (&store->pool);
  g_clear_object (&store->store);
  fl_test_remove_tree (store->dir);
  g_clear_pointer (&store->dir, g_free);
  g_clear_pointer (&store->path, g_free);
  g_clear_pointer (&store->showcase_customer_id, g_free);
  g_clear_pointer (&store->showcase_case_id, g_free);
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

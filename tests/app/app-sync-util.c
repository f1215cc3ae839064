/* app-sync-util.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See app-sync-util.h.
 */
#include "config.h"

#include "app-sync-util.h"
#include "sync-fixture.h"

void
app_sync_now (FlSyncEngine *engine)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sync_run_sync (engine, NULL, &error));
  g_assert_no_error (error);
}

void
app_sync_update_case (FlSyncEngine *engine,
                      const char   *case_id,
                      const char   *patch_json)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sync_run_update (engine, FL_TYPE_CASE, case_id, patch_json, &error));
  g_assert_no_error (error);
}

GtkWidget *
app_find_button (GtkWidget  *widget,
                 const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = app_find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* fl-window-sync-events.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a sync brings that needs the agent: changes of theirs the server
 * refused, reviewed on the conflicts page (win.review-conflicts, also what the
 * sync indicator does while it shows conflicts), and cases someone else
 * assigned or escalated to them, told by a desktop notification that opens the
 * case (app.open-case). The notification is sent even when the window has the
 * focus: the agent may be on a call, looking at another case.
 */
#define G_LOG_DOMAIN "Frontline-App"

#include "config.h"

#include <glib/gi18n.h>

#include "fl-window-private.h"

static void
update_review_enabled (FlWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.review-conflicts",
                                 self->engine != NULL && fl_sync_engine_get_conflicts (self->engine) > 0);
}

static void
review_conflicts_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  FlWindow *self = FL_WINDOW (widget);

  if (self->engine == NULL)
    return;
  fl_conflicts_page_reload (self->conflicts_page);
  _fl_window_show_detail (self, "conflicts", _("Conflicts"));
}

static void
on_conflicts_back (FlWindow *self)
{
  _fl_window_show_detail (self, "none", "");
  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
}

static void
on_conflict_resolved (FlWindow             *self,
                      FlConflictResolution  resolution)
{
  /* Keeping mine queued the change again: send it now. */
  if (resolution == FL_CONFLICT_KEEP_MINE)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.sync-now", NULL);
}

static void
on_conflict_failed (FlWindow   *self,
                    const char *message)
{
  _fl_window_toast (self, message);
}

/* --- notifications ------------------------------------------------------------ */

GNotification *
_fl_window_case_notification (FlCaseEvent  event,
                              const char  *case_id,
                              const char  *subject)
{
  GNotification *notification;

  notification = g_notification_new (event == FL_CASE_EVENT_ESCALATED ? _("Case escalated")
                                                                      : _("Case assigned to you"));
  g_notification_set_body (notification, subject);
  g_notification_set_priority (notification, event == FL_CASE_EVENT_ESCALATED ? G_NOTIFICATION_PRIORITY_HIGH
                                                                              : G_NOTIFICATION_PRIORITY_NORMAL);
  g_notification_set_default_action_and_target (notification, "app.open-case", "s", case_id);
  g_notification_add_button_with_target (notification, _("Open Case"), "app.open-case", "s", case_id);
  return notification;
}

static void
on_case_event (FlWindow    *self,
               FlCaseEvent  event,
               const char  *case_id,
               const char  *subject)
{
  GApplication *application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;

  if (application == NULL)
    return;
  notification = _fl_window_case_notification (event, case_id, subject);
  /* One per case: a later event on it replaces the earlier. */
  id = g_strconcat ("case-", case_id, NULL);
  g_application_send_notification (application, id, notification);
}

/* --- hooks for fl-window.c -------------------------------------------------------- */

void
_fl_window_sync_events_class_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (FL_TYPE_CONFLICTS_PAGE);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, conflicts_page);
  gtk_widget_class_install_action (widget_class, "win.review-conflicts", NULL, review_conflicts_action);
}

void
_fl_window_sync_events_init (FlWindow *self)
{
  g_signal_connect_object (self->conflicts_page, "back", G_CALLBACK (on_conflicts_back), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conflicts_page, "resolved", G_CALLBACK (on_conflict_resolved), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conflicts_page, "failed", G_CALLBACK (on_conflict_failed), self,
                           G_CONNECT_SWAPPED);
  update_review_enabled (self);
}

void
_fl_window_sync_events_start (FlWindow *self)
{
  g_assert (self->engine != NULL);

  fl_conflicts_page_set_engine (self->conflicts_page, self->engine);
  g_signal_connect_swapped (self->engine, "notify::conflicts", G_CALLBACK (update_review_enabled), self);
  update_review_enabled (self);
  g_clear_object (&self->case_watcher);
  self->case_watcher = fl_case_watcher_new (self->engine);
  g_signal_connect_object (self->case_watcher, "case-event", G_CALLBACK (on_case_event), self, G_CONNECT_SWAPPED);
}

void
_fl_window_sync_events_dispose (FlWindow *self)
{
  g_clear_object (&self->case_watcher);
}

/* fl-sync-indicator.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Follows FlSyncEngine's properties. An agent must be able to tell at a glance
 * whether what they see is current and whether their notes have left the
 * building, so offline always says how many changes are still waiting. While
 * there are conflicts, clicking it opens their review.
 */
#define G_LOG_DOMAIN "Frontline-App"

#include "config.h"

#include <glib/gi18n.h>

#include "fl-sync-indicator.h"

struct _FlSyncIndicator
{
  AdwBin         parent_instance;

  FlSyncEngine  *engine;

  GtkButton     *button;
  GtkSpinner    *spinner;
  GtkImage      *icon;
  GtkLabel      *label;
};

G_DEFINE_FINAL_TYPE (FlSyncIndicator, fl_sync_indicator, ADW_TYPE_BIN)

/* xgettext cannot read G_GINT64_FORMAT inside a msgid, and nobody has two
 * billion changes waiting. */
static int
clamp_count (gint64 count)
{
  return (int) CLAMP (count, 0, G_MAXINT);
}

static void
update (FlSyncIndicator *self)
{
  g_autofree char *text = NULL;
  const char *icon = NULL;
  FlSyncState state;
  gint64 pending, conflicts;

  g_assert (FL_IS_SYNC_INDICATOR (self));

  if (self->engine == NULL)
    return;
  state = fl_sync_engine_get_state (self->engine);
  pending = fl_sync_engine_get_pending (self->engine);
  conflicts = fl_sync_engine_get_conflicts (self->engine);

  if (state == FL_SYNC_STATE_SYNCING)
    {
      guint64 total = fl_sync_engine_get_progress_total (self->engine);

      if (total > 0)
        /* Translators: the sync progress in the header bar */
        text = g_strdup_printf (_("Syncing… %u%%"),
                                (guint) (fl_sync_engine_get_progress_done (self->engine) * 100 / total));
      else
        text = g_strdup (_("Syncing…"));
    }
  else if (conflicts > 0)
    {
      text = g_strdup_printf (ngettext ("%d conflict to review", "%d conflicts to review", clamp_count (conflicts)),
                              clamp_count (conflicts));
      icon = "dialog-warning-symbolic";
    }
  else if (state == FL_SYNC_STATE_OFFLINE)
    {
      if (pending > 0)
        text = g_strdup_printf (ngettext ("Offline · %d change waiting", "Offline · %d changes waiting",
                                          clamp_count (pending)),
                                clamp_count (pending));
      else
        text = g_strdup (_("Offline"));
      icon = "network-offline-symbolic";
    }
  else if (state == FL_SYNC_STATE_ERROR)
    {
      text = g_strdup (_("Sync failed"));
      icon = "dialog-error-symbolic";
    }
  else if (pending > 0)
    {
      text = g_strdup_printf (ngettext ("%d change waiting", "%d changes waiting", clamp_count (pending)),
                              clamp_count (pending));
      icon = "document-send-symbolic";
    }
  else
    {
      text = g_strdup (_("Synced"));
      icon = "emblem-ok-symbolic";
    }

  /* With conflicts waiting, what the agent needs from the button is the
   * review, not another sync (which would not settle them). */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button),
                                  conflicts > 0 ? "win.review-conflicts" : "win.sync-now");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), conflicts > 0 ? _("Review conflicts") : _("Sync now"));
  gtk_label_set_label (self->label, text);
  gtk_spinner_set_spinning (self->spinner, state == FL_SYNC_STATE_SYNCING);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), state == FL_SYNC_STATE_SYNCING);
  gtk_widget_set_visible (GTK_WIDGET (self->icon), icon != NULL);
  if (icon != NULL)
    gtk_image_set_from_icon_name (self->icon, icon);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  conflicts > 0 ? _("Review conflicts") : _("Sync now"),
                                  -1);
}

static void
on_engine_notify (FlSyncIndicator *self)
{
  update (self);
}

static void
fl_sync_indicator_dispose (GObject *object)
{
  FlSyncIndicator *self = FL_SYNC_INDICATOR (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  /* As in FlCaseView: the bin's child is a template child. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_SYNC_INDICATOR);

  G_OBJECT_CLASS (fl_sync_indicator_parent_class)->dispose (object);
}

static void
fl_sync_indicator_class_init (FlSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_sync_indicator_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/frontlinedesk/Frontline/fl-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, FlSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, FlSyncIndicator, spinner);
  gtk_widget_class_bind_template_child (widget_class, FlSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, FlSyncIndicator, label);
}

static void
fl_sync_indicator_init (FlSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
fl_sync_indicator_set_engine (FlSyncIndicator *self,
                              FlSyncEngine    *engine)
{
  static const char * const watched[] = {
    "notify::state", "notify::pending", "notify::conflicts", "notify::progress-done", "notify::progress-total",
  };

  g_return_if_fail (FL_IS_SYNC_INDICATOR (self));
  g_return_if_fail (engine == NULL || FL_IS_SYNC_ENGINE (engine));

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (watched); i++)
      g_signal_connect_swapped (engine, watched[i], G_CALLBACK (on_engine_notify), self);
  update (self);
}

const char *
fl_sync_indicator_get_text (FlSyncIndicator *self)
{
  g_return_val_if_fail (FL_IS_SYNC_INDICATOR (self), NULL);
  return gtk_label_get_label (self->label);
}

/* fl-case-actions.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each action sends a small patch through fl_sync_engine_update_async(): the
 * local copy changes at once and the server gets it exactly once, now or when
 * the network is back. A line in the case's conversation then says what was
 * done, and "changed" tells the window to show the case again. Which actions
 * are enabled follows the case as last shown (fl_case_actions_set_case()).
 * The shortcuts run in the capture phase, so that they work while the agent is
 * typing a note, and so that Ctrl+Shift+R is never taken for Ctrl+R (sync).
 */
#define G_LOG_DOMAIN "Frontline-App"

#include "config.h"

#include <glib/gi18n.h>

#include "fl-case-actions.h"
#include "fl-labels.h"

struct _FlCaseActions
{
  GSimpleActionGroup  parent_instance;

  FlSyncEngine       *engine;
  FlCase             *the_case;   /* as last shown */
  char               *agent_id;
  char               *agent_name;
};

G_DEFINE_FINAL_TYPE (FlCaseActions, fl_case_actions, G_TYPE_SIMPLE_ACTION_GROUP)

enum {
  CHANGED,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One action on its way: the case's patch, then its line in the conversation. */
typedef struct
{
  FlCaseActions     *self;
  char              *case_id;
  char              *customer_id;
  FlInteractionKind  kind;
  char              *line;
} Change;

static void
change_free (Change *change)
{
  g_clear_object (&change->self);
  g_free (change->case_id);
  g_free (change->customer_id);
  g_free (change->line);
  g_free (change);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Change, change_free)

static void
change_failed (Change       *change,
               const GError *error)
{
  g_debug ("Cannot change case %s: %s", change->case_id, error->message);
  g_signal_emit (change->self, signals[FAILED], 0, change->case_id, error->message);
}

static void
on_line_added (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Change) change = user_data;
  g_autoptr(GError) error = NULL;

  /* The case itself has changed already: say so either way. */
  if (!fl_sync_engine_change_finish (FL_SYNC_ENGINE (source), result, &error))
    change_failed (change, error);
  g_signal_emit (change->self, signals[CHANGED], 0, change->case_id);
}

static void
on_updated (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Change) change = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlInteraction) line = NULL;
  FlCaseActions *self = change->self;

  if (!fl_sync_engine_change_finish (FL_SYNC_ENGINE (source), result, &error))
    {
      change_failed (change, error);
      return;
    }
  /* Whoever reads the case later sees what was done, by whom and when. */
  line = fl_interaction_new_in_case (change->case_id, change->customer_id, change->kind,
                                     self->agent_id, self->agent_name, change->line);
  fl_sync_engine_create_async (FL_SYNC_ENGINE (source), FL_ENTITY (line), NULL, on_line_added,
                               g_steal_pointer (&change));
}

/* Takes @patch; @line is what the conversation says about it. */
static void
update_case (FlCaseActions     *self,
             JsonObject        *patch,
             FlInteractionKind  kind,
             const char        *line)
{
  g_autoptr(JsonObject) owned = patch;
  Change *change;
  const char *case_id;

  if (self->engine == NULL || self->the_case == NULL)
    return;
  case_id = fl_entity_get_id (FL_ENTITY (self->the_case));
  change = g_new0 (Change, 1);
  change->self = g_object_ref (self);
  change->case_id = g_strdup (case_id);
  change->customer_id = g_strdup (fl_case_get_customer_id (self->the_case));
  change->kind = kind;
  change->line = g_strdup (line);
  fl_sync_engine_update_async (self->engine, FL_TYPE_CASE, case_id, owned, NULL, on_updated, change);
}

static JsonObject *
status_patch (FlCaseStatus status)
{
  JsonObject *patch = json_object_new ();

  json_object_set_string_member (patch, "status", fl_enum_to_nick (FL_TYPE_CASE_STATUS, status));
  if (status == FL_CASE_STATUS_RESOLVED)
    {
      g_autofree char *now = fl_timestamp_format (fl_timestamp_now ());

      json_object_set_string_member (patch, "resolvedAt", now);
    }
  else
    json_object_set_null_member (patch, "resolvedAt");
  return patch;
}

static void
assign_to_me (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  FlCaseActions *self = user_data;
  g_autofree char *line = NULL;
  JsonObject *patch;

  if (self->agent_id == NULL)
    return;
  patch = json_object_new ();
  json_object_set_string_member (patch, "assigneeId", self->agent_id);
  if (self->agent_name != NULL)
    /* Translators: a line in a case's conversation; %s is an agent's name */
    line = g_strdup_printf (_("Assigned to %s"), self->agent_name);
  update_case (self, patch, FL_INTERACTION_KIND_STATUS, line != NULL ? line : _("Assigned to the agent who took it"));
}

static void
set_status (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  FlCaseActions *self = user_data;
  g_autofree char *line = NULL;
  int status;

  if (!fl_enum_from_nick (FL_TYPE_CASE_STATUS, g_variant_get_string (parameter, NULL), &status))
    {
      g_warning ("No case status “%s”", g_variant_get_string (parameter, NULL));
      return;
    }
  /* Choosing the status the case has already is not a change. */
  if (self->the_case == NULL || (FlCaseStatus) status == fl_case_get_status (self->the_case))
    return;
  /* Translators: a line in a case's conversation: "Status changed from Open to Pending" */
  line = g_strdup_printf (_("Status changed from %s to %s"), fl_label_case_status (fl_case_get_status (self->the_case)),
                          fl_label_case_status (status));
  update_case (self, status_patch (status), FL_INTERACTION_KIND_STATUS, line);
}

static void
escalate (GSimpleAction *action,
          GVariant      *parameter,
          gpointer       user_data)
{
  FlCaseActions *self = user_data;
  JsonObject *patch = status_patch (FL_CASE_STATUS_ESCALATED);

  json_object_set_string_member (patch, "tier", fl_enum_to_nick (FL_TYPE_CASE_TIER, FL_CASE_TIER_TIER2));
  update_case (self, patch, FL_INTERACTION_KIND_ESCALATION, _("Escalated to tier 2"));
}

static void
resolve (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  update_case (user_data, status_patch (FL_CASE_STATUS_RESOLVED), FL_INTERACTION_KIND_STATUS, _("Resolved"));
}

/* set-status has the case's status as its state, so the menu shows it ticked. */
static const GActionEntry entries[] = {
  { "assign-to-me", assign_to_me },
  { "set-status", set_status, "s", "'open'" },
  { "escalate", escalate },
  { "resolve", resolve },
};

/* One table for the shortcuts; the menu in fl-window.ui shows the same keys. */
static const struct
{
  const char *trigger;
  const char *action;
  const char *target;   /* a string parameter, or NULL */
} shortcuts[] = {
  { "<Control>m", "assign-to-me", NULL },
  { "<Control>e", "escalate", NULL },
  { "<Control><Shift>r", "resolve", NULL },
  { "<Control><Shift>o", "set-status", "open" },
  { "<Control><Shift>p", "set-status", "pending" },
};

static gboolean
is_finished (FlCaseStatus status)
{
  return status == FL_CASE_STATUS_RESOLVED || status == FL_CASE_STATUS_CLOSED;
}

/* Only what would change the case is offered: a case already mine cannot be
 * taken again, a finished one not resolved again, one at tier 2 not escalated. */
static gboolean
action_applies (FlCaseActions *self,
                const char    *name)
{
  FlCaseStatus status;

  if (self->engine == NULL || self->the_case == NULL)
    return FALSE;
  status = fl_case_get_status (self->the_case);
  if (g_str_equal (name, "assign-to-me"))
    return self->agent_id != NULL && g_strcmp0 (fl_case_get_assignee_id (self->the_case), self->agent_id) != 0;
  if (g_str_equal (name, "escalate"))
    return fl_case_get_tier (self->the_case) != FL_CASE_TIER_TIER2 && !is_finished (status);
  if (g_str_equal (name, "resolve"))
    return !is_finished (status);
  return TRUE;
}

static void
update_enabled (FlCaseActions *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), entries[i].name);

      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), action_applies (self, entries[i].name));
    }
  if (self->the_case != NULL)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "set-status");
      const char *nick = fl_enum_to_nick (FL_TYPE_CASE_STATUS, fl_case_get_status (self->the_case));

      g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (nick));
    }
}

static void
fl_case_actions_dispose (GObject *object)
{
  FlCaseActions *self = FL_CASE_ACTIONS (object);

  g_clear_object (&self->engine);
  g_clear_object (&self->the_case);

  G_OBJECT_CLASS (fl_case_actions_parent_class)->dispose (object);
}

static void
fl_case_actions_finalize (GObject *object)
{
  FlCaseActions *self = FL_CASE_ACTIONS (object);

  g_clear_pointer (&self->agent_id, g_free);
  g_clear_pointer (&self->agent_name, g_free);

  G_OBJECT_CLASS (fl_case_actions_parent_class)->finalize (object);
}

static void
fl_case_actions_class_init (FlCaseActionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fl_case_actions_dispose;
  object_class->finalize = fl_case_actions_finalize;

  /* The case is changed in the local copy (the id is passed). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The change could not be made: the case's id and the reason. */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
fl_case_actions_init (FlCaseActions *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  update_enabled (self);
}

FlCaseActions *
fl_case_actions_new (void)
{
  return g_object_new (FL_TYPE_CASE_ACTIONS, NULL);
}

void
fl_case_actions_attach (FlCaseActions *self,
                        GtkWidget     *widget)
{
  GtkEventController *controller;

  g_return_if_fail (FL_IS_CASE_ACTIONS (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_widget_insert_action_group (widget, FL_CASE_ACTIONS_PREFIX, G_ACTION_GROUP (self));

  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    {
      g_autofree char *name = g_strdup_printf (FL_CASE_ACTIONS_PREFIX ".%s", shortcuts[i].action);
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_shortcut_trigger_parse_string (shortcuts[i].trigger),
                                                gtk_named_action_new (name));

      if (shortcuts[i].target != NULL)
        gtk_shortcut_set_arguments (shortcut, g_variant_new_string (shortcuts[i].target));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (widget, controller);
}

void
fl_case_actions_set_engine (FlCaseActions *self,
                            FlSyncEngine  *engine)
{
  g_return_if_fail (FL_IS_CASE_ACTIONS (self));
  g_set_object (&self->engine, engine);
  update_enabled (self);
}

void
fl_case_actions_set_agent (FlCaseActions *self,
                           const char    *agent_id,
                           const char    *agent_name)
{
  g_return_if_fail (FL_IS_CASE_ACTIONS (self));
  g_free (self->agent_id);
  self->agent_id = g_strdup (agent_id);
  g_free (self->agent_name);
  self->agent_name = g_strdup (agent_name);
  update_enabled (self);
}

void
fl_case_actions_set_case (FlCaseActions *self,
                          FlCase        *the_case)
{
  g_return_if_fail (FL_IS_CASE_ACTIONS (self));
  g_return_if_fail (the_case == NULL || FL_IS_CASE (the_case));
  g_set_object (&self->the_case, the_case);
  update_enabled (self);
}

/* fl-offer-panel.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The suggestions come from fl_store_suggest_offers() in a pool job. Pressing
 * Offered, Accepted or Declined creates an OfferOutcome and an "Offer"
 * interaction through the sync engine (local at once, then the server exactly
 * once) and shows the answer on the row straight away, without waiting for a
 * reload.
 */
#define G_LOG_DOMAIN "Frontline-App"

#include "config.h"

#include <glib/gi18n.h>

#include "fl-offer-panel.h"
#include "fl-wrapped-label.h"

/* A case rarely fits more; past this the panel would bury the conversation. */
#define MAX_SUGGESTIONS 5

struct _FlOfferPanel
{
  AdwBin         parent_instance;

  FlSyncEngine  *engine;
  GCancellable  *cancellable;
  char          *case_id;
  char          *customer_id;
  char          *agent_id;
  char          *agent_name;
  GListStore    *suggestions;
  gboolean       loading;

  GtkLabel      *empty_label;
  GtkListBox    *offer_list;
};

G_DEFINE_FINAL_TYPE (FlOfferPanel, fl_offer_panel, ADW_TYPE_BIN)

enum {
  OUTCOME_RECORDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_loading (FlOfferPanel *self,
             gboolean      loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* What one press records, carried through the two creates. */
typedef struct
{
  FlOfferPanel      *panel;
  FlOfferSuggestion *suggestion;
  FlOfferResult      result;
} Recording;

static void
recording_free (Recording *recording)
{
  g_clear_object (&recording->panel);
  g_clear_object (&recording->suggestion);
  g_free (recording);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Recording, recording_free)

static const char *
result_label (FlOfferResult result)
{
  switch (result)
    {
    case FL_OFFER_RESULT_OFFERED: return _("Offered");
    case FL_OFFER_RESULT_ACCEPTED: return _("Accepted");
    case FL_OFFER_RESULT_DECLINED: return _("Declined");
    default: g_return_val_if_reached (NULL);
    }
}

/* The line in the conversation: what happened to which offer. */
static char *
result_note (FlOfferResult  result,
             const char    *title)
{
  switch (result)
    {
    /* Translators: a note in the conversation; the offer's title */
    case FL_OFFER_RESULT_OFFERED: return g_strdup_printf (_("Offered: %s"), title);
    /* Translators: a note in the conversation; the offer's title */
    case FL_OFFER_RESULT_ACCEPTED: return g_strdup_printf (_("Accepted: %s"), title);
    /* Translators: a note in the conversation; the offer's title */
    case FL_OFFER_RESULT_DECLINED: return g_strdup_printf (_("Declined: %s"), title);
    default: g_return_val_if_reached (NULL);
    }
}

static gboolean
find_suggestion (FlOfferPanel      *self,
                 FlOfferSuggestion *suggestion,
                 guint             *position)
{
  return g_list_store_find (self->suggestions, suggestion, position);
}

/* Rebuilds the suggestion's row, which then shows its answer. */
static void
refresh_suggestion (FlOfferPanel      *self,
                    FlOfferSuggestion *suggestion)
{
  guint position;

  if (find_suggestion (self, suggestion, &position))
    g_list_store_splice (self->suggestions, position, 1, (gpointer *) &suggestion, 1);
}

static void
on_interaction_created (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(Recording) recording = user_data;
  g_autoptr(GError) error = NULL;

  if (!fl_sync_engine_change_finish (FL_SYNC_ENGINE (source), result, &error))
    g_warning ("Cannot add the offer to the conversation: %s", error->message);
  g_signal_emit (recording->panel, signals[OUTCOME_RECORDED], 0);
}

static void
on_outcome_created (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Recording) recording = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlInteraction) note = NULL;
  g_autofree char *body = NULL;
  FlOfferPanel *self = recording->panel;
  FlOffer *offer = fl_offer_suggestion_get_offer (recording->suggestion);

  if (!fl_sync_engine_change_finish (FL_SYNC_ENGINE (source), result, &error))
    {
      g_warning ("Cannot record the offer's outcome: %s", error->message);
      refresh_suggestion (self, recording->suggestion);
      return;
    }

  fl_offer_suggestion_set_result (recording->suggestion, recording->result);
  refresh_suggestion (self, recording->suggestion);

  body = result_note (recording->result, fl_offer_get_title (offer));
  note = fl_interaction_new_in_case (self->case_id, self->customer_id, FL_INTERACTION_KIND_OFFER,
                                     self->agent_id, self->agent_name, body);
  fl_sync_engine_create_async (self->engine, FL_ENTITY (note), NULL, on_interaction_created,
                               g_steal_pointer (&recording));
}

static void
on_result_clicked (GtkButton    *button,
                   FlOfferPanel *self)
{
  FlOfferSuggestion *suggestion = g_object_get_data (G_OBJECT (button), "suggestion");
  FlOfferResult result = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "result"));
  g_autoptr(FlOfferOutcome) outcome = NULL;
  Recording *recording;

  if (self->engine == NULL || self->case_id == NULL)
    return;

  outcome = fl_offer_outcome_new ();
  fl_offer_outcome_set_case_id (outcome, self->case_id);
  fl_offer_outcome_set_offer_id (outcome, fl_entity_get_id (FL_ENTITY (fl_offer_suggestion_get_offer (suggestion))));
  if (self->customer_id != NULL)
    fl_offer_outcome_set_customer_id (outcome, self->customer_id);
  if (self->agent_id != NULL)
    fl_offer_outcome_set_agent_id (outcome, self->agent_id);
  fl_offer_outcome_set_result (outcome, result);
  fl_offer_outcome_set_at (outcome, fl_timestamp_now ());

  /* One press, one outcome: the row's buttons wait for the outbox to take it. */
  gtk_widget_set_sensitive (gtk_widget_get_parent (GTK_WIDGET (button)), FALSE);

  recording = g_new0 (Recording, 1);
  recording->panel = g_object_ref (self);
  recording->suggestion = g_object_ref (suggestion);
  recording->result = result;
  fl_sync_engine_create_async (self->engine, FL_ENTITY (outcome), NULL, on_outcome_created, recording);
}

static GtkWidget *
wrapped_label (const char *text,
               const char *style)
{
  GtkWidget *label = fl_wrapped_label_new (text);

  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

static GtkWidget *
result_button (FlOfferPanel      *self,
               FlOfferSuggestion *suggestion,
               FlOfferResult      result)
{
  const char *title = fl_offer_get_title (fl_offer_suggestion_get_offer (suggestion));
  GtkWidget *button = gtk_button_new_with_label (result_label (result));
  /* Several offers show the same three buttons: the name says which offer. */
  g_autofree char *name = result_note (result, title);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data_full (G_OBJECT (button), "suggestion", g_object_ref (suggestion), g_object_unref);
  g_object_set_data (G_OBJECT (button), "result", GINT_TO_POINTER (result));
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_result_clicked), self, 0);
  return button;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  FlOfferPanel *self = user_data;
  FlOfferSuggestion *suggestion = item;
  FlOffer *offer = fl_offer_suggestion_get_offer (suggestion);
  gboolean suppressed = fl_offer_suggestion_get_suppressed (suggestion);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = wrapped_label (fl_offer_get_title (offer), "heading");
  GtkWidget *reason = wrapped_label (fl_offer_suggestion_get_reason (suggestion), NULL);
  FlOfferResult result;
  gboolean answered = FALSE;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), reason);
  if (fl_offer_get_pitch (offer) != NULL && !suppressed)
    gtk_box_append (GTK_BOX (box), wrapped_label (fl_offer_get_pitch (offer), "dim-label"));

  if (suppressed)
    {
      gtk_widget_add_css_class (title, "dim-label");
      gtk_widget_add_css_class (reason, "dim-label");
      gtk_box_append (GTK_BOX (box),
                      wrapped_label (fl_offer_suggestion_get_suppressed_reason (suggestion), "warning"));
    }

  if (fl_offer_suggestion_get_result (suggestion, &result))
    {
      g_autofree char *text = NULL;
      GtkWidget *label;

      answered = result != FL_OFFER_RESULT_OFFERED;
      text = answered
        /* Translators: what the customer said to an offer: Accepted or Declined */
        ? g_strdup_printf (_("Customer’s answer: %s"), result_label (result))
        : g_strdup (_("Offered — waiting for the customer’s answer"));
      label = wrapped_label (text, result == FL_OFFER_RESULT_ACCEPTED ? "success"
                                   : result == FL_OFFER_RESULT_DECLINED ? "error" : "accent");
      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (GTK_BOX (box), label);
    }

  if (!answered)
    {
      /* A flow box, so that the buttons go onto two lines rather than
       * widen the case on a narrow window or with large text. */
      GtkWidget *buttons = gtk_flow_box_new ();
      FlOfferResult results[] = { FL_OFFER_RESULT_OFFERED, FL_OFFER_RESULT_ACCEPTED, FL_OFFER_RESULT_DECLINED };

      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (buttons), GTK_SELECTION_NONE);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (buttons), G_N_ELEMENTS (results));
      gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (buttons), 6);
      gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (buttons), 6);
      gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (buttons), FALSE);
      gtk_widget_set_margin_top (buttons, 4);
      for (guint i = 0; i < G_N_ELEMENTS (results); i++)
        {
          GtkWidget *button;

          /* Once offered, only the customer's answer is left to record. */
          if (results[i] == FL_OFFER_RESULT_OFFERED && fl_offer_suggestion_get_result (suggestion, NULL))
            continue;
          button = result_button (self, suggestion, results[i]);
          gtk_flow_box_append (GTK_FLOW_BOX (buttons), button);
          /* The focus goes to the button, not to the box's cell around it. */
          gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
        }
      /* Held back: the agent sees the offer and why, but cannot make it. */
      gtk_widget_set_sensitive (buttons, !suppressed);
      gtk_box_append (GTK_BOX (box), buttons);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  fl_offer_get_title (offer), -1);
  return row;
}

static gpointer
suggest_job (FlStore       *store,
             gpointer       job_data,
             GCancellable  *cancellable,
             GError       **error)
{
  return fl_store_suggest_offers (store, job_data, MAX_SUGGESTIONS, error);
}

static void
on_suggestions_read (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(FlOfferPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);

  if (found == NULL)
    {
      /* Cancelled: a newer read is on its way and the panel still waits for it. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Cannot suggest offers for case %s: %s", self->case_id, error->message);
      set_loading (self, FALSE);
      return;
    }
  g_list_store_splice (self->suggestions, 0, g_list_model_get_n_items (G_LIST_MODEL (self->suggestions)),
                       found->pdata, found->len);
  gtk_widget_set_visible (GTK_WIDGET (self->offer_list), found->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), found->len == 0);
  set_loading (self, FALSE);
}

static void
fl_offer_panel_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FlOfferPanel *self = FL_OFFER_PANEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_offer_panel_dispose (GObject *object)
{
  FlOfferPanel *self = FL_OFFER_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->engine);
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_OFFER_PANEL);
  g_clear_object (&self->suggestions);

  G_OBJECT_CLASS (fl_offer_panel_parent_class)->dispose (object);
}

static void
fl_offer_panel_finalize (GObject *object)
{
  FlOfferPanel *self = FL_OFFER_PANEL (object);

  g_clear_pointer (&self->case_id, g_free);
  g_clear_pointer (&self->customer_id, g_free);
  g_clear_pointer (&self->agent_id, g_free);
  g_clear_pointer (&self->agent_name, g_free);

  G_OBJECT_CLASS (fl_offer_panel_parent_class)->finalize (object);
}

static void
fl_offer_panel_class_init (FlOfferPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_offer_panel_dispose;
  object_class->finalize = fl_offer_panel_finalize;
  object_class->get_property = fl_offer_panel_get_property;

  /* TRUE while the suggestions for the case are being read. */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* An outcome and its line in the conversation are in the local copy. */
  signals[OUTCOME_RECORDED] = g_signal_new ("outcome-recorded", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/frontlinedesk/Frontline/fl-offer-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, FlOfferPanel, empty_label);
  gtk_widget_class_bind_template_child (widget_class, FlOfferPanel, offer_list);
}

static void
fl_offer_panel_init (FlOfferPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->suggestions = g_list_store_new (FL_TYPE_OFFER_SUGGESTION);
  gtk_list_box_bind_model (self->offer_list, G_LIST_MODEL (self->suggestions), create_row, self, NULL);
}

GtkWidget *
fl_offer_panel_new (void)
{
  return g_object_new (FL_TYPE_OFFER_PANEL, NULL);
}

void
fl_offer_panel_set_engine (FlOfferPanel *self,
                           FlSyncEngine *engine)
{
  g_return_if_fail (FL_IS_OFFER_PANEL (self));
  g_set_object (&self->engine, engine);
}

void
fl_offer_panel_set_author (FlOfferPanel *self,
                           const char   *agent_id,
                           const char   *name)
{
  g_return_if_fail (FL_IS_OFFER_PANEL (self));

  g_free (self->agent_id);
  self->agent_id = g_strdup (agent_id);
  g_free (self->agent_name);
  self->agent_name = g_strdup (name);
}

void
fl_offer_panel_set_case (FlOfferPanel *self,
                         const char   *case_id,
                         const char   *customer_id)
{
  g_return_if_fail (FL_IS_OFFER_PANEL (self));

  g_free (self->case_id);
  self->case_id = g_strdup (case_id);
  g_free (self->customer_id);
  self->customer_id = g_strdup (customer_id);

  if (self->engine == NULL || case_id == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  fl_store_pool_read_async (fl_sync_engine_get_pool (self->engine), suggest_job, g_strdup (case_id),
                            g_free, (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                            on_suggestions_read, g_object_ref (self));
}

gboolean
fl_offer_panel_get_loading (FlOfferPanel *self)
{
  g_return_val_if_fail (FL_IS_OFFER_PANEL (self), FALSE);
  return self->loading;
}

GListModel *
fl_offer_panel_get_suggestions (FlOfferPanel *self)
{
  g_return_val_if_fail (FL_IS_OFFER_PANEL (self), NULL);
  return G_LIST_MODEL (self->suggestions);
}

/* fl-case-view.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything shown is read in one job on a pool thread (the case, its customer,
 * product and assignee, and the conversation), then put on screen at once, so
 * the view never shows half a case. A note goes through the sync engine's
 * outbox: it is in the local copy at once and reaches the server exactly once,
 * now or when the network is back.
 */
#define G_LOG_DOMAIN "Frontline-App"

#include "config.h"

#include <glib/gi18n.h>

#include "fl-case-view.h"
#include "fl-flaw-panel.h"
#include "fl-history-panel.h"
#include "fl-labels.h"
#include "fl-offer-panel.h"
#include "fl-store-query.h"
#include "fl-wrapped-label.h"

/* A conversation longer than this shows its newest part. */
#define MAX_INTERACTIONS 500

typedef struct
{
  FlCase     *the_case;
  FlCustomer *customer;
  FlProduct  *product;
  FlAgent    *assignee;
  GPtrArray  *interactions;   /* oldest first */
} Details;

struct _FlCaseView
{
  AdwBin         parent_instance;

  FlSyncEngine  *engine;
  GCancellable  *cancellable;
  char          *case_id;
  char          *customer_id;
  char          *agent_id;
  char          *agent_name;
  gboolean       follow_end;
  guint          follow_end_id;
  guint          scroll_id;
  GtkWidget     *sla_tag;       /* in tags_box, or NULL */
  gint64         sla_due_at;
  guint          sla_timer;
  gboolean       reading;     /* the case's details are being read */
  gboolean       loading;

  GtkScrolledWindow *scroller;
  GtkLabel      *subject_label;
  GtkFlowBox    *tags_box;
  GtkLabel      *customer_label;
  GtkLabel      *product_label;
  GtkLabel      *assignee_label;
  GtkLabel      *description_label;
  GtkListBox    *conversation_list;
  GtkTextView   *note_view;
  FlOfferPanel  *offer_panel;
  gboolean       follow;        /* scroll to the newest message when the details arrive */
  AdwLeaflet    *side_leaflet;
  FlHistoryPanel *history_panel;
  FlFlawPanel   *flaw_panel;
  AdwViewStackPage *flaws_page;
  AdwViewStack  *side_stack;
  GtkWidget     *flaw_hint_button;
  GtkLabel      *flaw_hint_label;
};

G_DEFINE_FINAL_TYPE (FlCaseView, fl_case_view, ADW_TYPE_BIN)

enum {
  NOTE_ADDED,
  CASE_SHOWN,
  CASE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Loading until the case and all three panels beside it have their content. */
static void
update_loading (FlCaseView *self)
{
  gboolean loading = self->reading
                     || fl_history_panel_get_loading (self->history_panel)
                     || fl_flaw_panel_get_busy (self->flaw_panel)
                     || fl_offer_panel_get_loading (self->offer_panel);

  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
details_free (gpointer data)
{
  Details *details = data;

  g_clear_object (&details->the_case);
  g_clear_object (&details->customer);
  g_clear_object (&details->product);
  g_clear_object (&details->assignee);
  g_clear_pointer (&details->interactions, g_ptr_array_unref);
  g_free (details);
}

static gpointer
get_optional (FlStore    *store,
              GType       type,
              const char *id)
{
  /* A reference the local copy does not hold (yet) shows as unknown. */
  return id != NULL ? fl_store_get (store, type, id, NULL) : NULL;
}

static gpointer
read_details_job (FlStore       *store,
                  gpointer       job_data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  const char *case_id = job_data;
  g_autoptr(FlStoreQuery) query = fl_store_query_new (FL_TYPE_INTERACTION);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(FlEntity) the_case = NULL;
  gint64 total = 0;
  Details *details;

  the_case = fl_store_get (store, FL_TYPE_CASE, case_id, error);
  if (the_case == NULL)
    return NULL;
  if (!fl_store_query_where_text (query, "case_id", case_id, error)
      || !fl_store_query_order_by (query, "at", FALSE, error))
    return NULL;
  ids = fl_store_query_run (store, query, 0, MAX_INTERACTIONS, &total, error);
  if (ids == NULL)
    return NULL;

  details = g_new0 (Details, 1);
  details->the_case = FL_CASE (g_steal_pointer (&the_case));
  details->customer = get_optional (store, FL_TYPE_CUSTOMER, fl_case_get_customer_id (details->the_case));
  details->product = get_optional (store, FL_TYPE_PRODUCT, fl_case_get_product_id (details->the_case));
  details->assignee = get_optional (store, FL_TYPE_AGENT, fl_case_get_assignee_id (details->the_case));
  details->interactions = g_ptr_array_new_with_free_func (g_object_unref);
  /* Read newest first so a long conversation keeps its end; shown oldest first. */
  for (guint i = ids->len; i > 0; i--)
    {
      FlEntity *interaction = fl_store_get (store, FL_TYPE_INTERACTION, g_ptr_array_index (ids, i - 1), NULL);

      if (interaction != NULL)
        g_ptr_array_add (details->interactions, interaction);
    }
  return details;
}

static GtkWidget *
add_tag (FlCaseView *self,
         const char *text,
         const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  /* The flow box spreads its children over the line; the pill keeps its size. */
  gtk_widget_set_halign (label, GTK_ALIGN_START);
  gtk_widget_add_css_class (label, "fl-tag");
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  gtk_flow_box_append (self->tags_box, label);
  return label;
}

/* The SLA countdown, redrawn every half minute while the case is shown. */
static void
update_sla_tag (FlCaseView *self)
{
  g_autofree char *text = NULL;
  gboolean pressing;

  if (self->sla_tag == NULL)
    return;
  text = fl_label_sla (self->sla_due_at, fl_timestamp_now (), &pressing);
  gtk_label_set_label (GTK_LABEL (self->sla_tag), text);
  if (pressing)
    gtk_widget_add_css_class (self->sla_tag, "fl-urgent");
  else
    gtk_widget_remove_css_class (self->sla_tag, "fl-urgent");
}

static gboolean
on_sla_tick (gpointer user_data)
{
  update_sla_tag (user_data);
  return G_SOURCE_CONTINUE;
}

static void
show_sla (FlCaseView *self,
          FlCase     *the_case)
{
  FlCaseStatus status = fl_case_get_status (the_case);

  self->sla_tag = NULL;
  g_clear_handle_id (&self->sla_timer, g_source_remove);
  /* A finished case owes nobody an answer. */
  self->sla_due_at = fl_case_get_sla_due_at (the_case);
  if (self->sla_due_at <= 0 || status == FL_CASE_STATUS_RESOLVED || status == FL_CASE_STATUS_CLOSED)
    return;
  self->sla_tag = add_tag (self, "", NULL);
  update_sla_tag (self);
  self->sla_timer = g_timeout_add_seconds (30, on_sla_tick, self);
}

static GtkWidget *
interaction_row (FlInteraction *interaction)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *header, *body;
  g_autofree char *when = fl_label_time (fl_interaction_get_at (interaction));
  g_autofree char *heading = NULL;
  const char *author = fl_interaction_get_author_name (interaction);

  if (author != NULL)
    /* Translators: above a message in a case: kind · author · time */
    heading = g_strdup_printf (_("%s · %s · %s"), fl_label_interaction_kind (fl_interaction_get_kind (interaction)),
                               author, when);
  else
    heading = g_strdup_printf (_("%s · %s"), fl_label_interaction_kind (fl_interaction_get_kind (interaction)), when);

  header = gtk_label_new (heading);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_label_set_wrap (GTK_LABEL (header), TRUE);
  gtk_widget_add_css_class (header, "caption-heading");
  gtk_widget_add_css_class (header, "dim-label");
  body = fl_wrapped_label_new (fl_interaction_get_body (interaction));
  gtk_label_set_selectable (GTK_LABEL (body), TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), body);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  if (fl_interaction_get_kind (interaction) == FL_INTERACTION_KIND_NOTE)
    gtk_widget_add_css_class (box, "fl-note");
  return box;
}

/* Newest last, so the end of the conversation is what the agent sees. The
 * rows' wrapped labels settle over a few layouts, so the view follows the end
 * for a moment after a case is shown rather than once. */
#define FOLLOW_END_MS 1500

static gboolean
scroll_to_end (gpointer user_data)
{
  FlCaseView *self = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  self->scroll_id = 0;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment)
                                        - gtk_adjustment_get_page_size (adjustment));
  return G_SOURCE_REMOVE;
}

/* "changed" comes in the middle of the viewport's allocation, where a new
 * value would move the scrollbar but not the rows: scroll just after. */
static void
on_scroll_range_changed (FlCaseView    *self,
                         GtkAdjustment *adjustment)
{
  if (self->follow_end && self->scroll_id == 0)
    self->scroll_id = g_idle_add (scroll_to_end, self);
}

static gboolean
stop_following_end (gpointer user_data)
{
  FlCaseView *self = user_data;

  self->follow_end_id = 0;
  self->follow_end = FALSE;
  return G_SOURCE_REMOVE;
}

static void
follow_end (FlCaseView *self)
{
  self->follow_end = TRUE;
  g_clear_handle_id (&self->follow_end_id, g_source_remove);
  self->follow_end_id = g_timeout_add (FOLLOW_END_MS, stop_following_end, self);
  on_scroll_range_changed (self, gtk_scrolled_window_get_vadjustment (self->scroller));
}

static void
show_details (FlCaseView *self,
              Details    *details)
{
  FlCase *the_case = details->the_case;
  GtkWidget *child;
  g_autofree char *product = NULL;

  g_assert (FL_IS_CASE_VIEW (self));

  if (g_strcmp0 (self->customer_id, fl_case_get_customer_id (the_case)) != 0)
    {
      g_free (self->customer_id);
      self->customer_id = g_strdup (fl_case_get_customer_id (the_case));
      fl_history_panel_set_customer (self->history_panel, self->customer_id);
    }

  gtk_label_set_label (self->subject_label, fl_case_get_subject (the_case));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tags_box))) != NULL)
    gtk_flow_box_remove (self->tags_box, child);
  add_tag (self, fl_label_case_status (fl_case_get_status (the_case)), "fl-status");
  add_tag (self, fl_label_case_priority (fl_case_get_priority (the_case)),
           fl_case_get_priority (the_case) >= FL_CASE_PRIORITY_HIGH ? "fl-urgent" : NULL);
  add_tag (self, fl_label_case_tier (fl_case_get_tier (the_case)), NULL);
  if (fl_case_get_complaint (the_case))
    add_tag (self, _("Complaint"), "fl-urgent");
  show_sla (self, the_case);

  if (details->customer != NULL)
    {
      const char *organisation = fl_customer_get_organisation (details->customer);
      g_autofree char *text = organisation != NULL
        ? g_strdup_printf ("%s (%s)", fl_customer_get_name (details->customer), organisation)
        : g_strdup (fl_customer_get_name (details->customer));

      gtk_label_set_label (self->customer_label, text);
    }
  else
    gtk_label_set_label (self->customer_label, _("Unknown customer"));

  if (details->product != NULL)
    product = g_strdup_printf ("%s %s", fl_product_get_name (details->product),
                               fl_case_get_product_version (the_case) != NULL
                               ? fl_case_get_product_version (the_case) : "");
  else
    product = g_strdup (_("No product given"));
  gtk_label_set_label (self->product_label, g_strstrip (product));
  gtk_label_set_label (self->assignee_label,
                       details->assignee != NULL ? fl_agent_get_display_name (details->assignee)
                                                 : _("Nobody yet"));
  gtk_label_set_label (self->description_label,
                       fl_case_get_description (the_case) != NULL ? fl_case_get_description (the_case) : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), fl_case_get_description (the_case) != NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->conversation_list))) != NULL)
    gtk_list_box_remove (self->conversation_list, child);
  for (guint i = 0; i < details->interactions->len; i++)
    gtk_list_box_append (self->conversation_list, interaction_row (g_ptr_array_index (details->interactions, i)));
  if (details->interactions->len == 0)
    {
      GtkWidget *empty = gtk_label_new (_("No messages yet"));

      gtk_widget_add_css_class (empty, "dim-label");
      gtk_widget_set_margin_top (empty, 12);
      gtk_widget_set_margin_bottom (empty, 12);
      gtk_list_box_append (self->conversation_list, empty);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->subject_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, fl_case_get_subject (the_case), -1);
  if (self->follow)
    {
      self->follow = FALSE;
      follow_end (self);
    }
  g_signal_emit (self, signals[CASE_SHOWN], 0, the_case);
}

static void
on_details_read (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FlCaseView) self = user_data;
  g_autoptr(GError) error = NULL;
  Details *details = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);

  if (details == NULL)
    {
      /* Cancelled: a newer read is on its way. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_label (self->subject_label, _("This case is not in the local copy"));
      g_debug ("Cannot read case %s: %s", self->case_id, error->message);
      self->reading = FALSE;
      update_loading (self);
      return;
    }
  if (g_strcmp0 (fl_entity_get_id (FL_ENTITY (details->the_case)), self->case_id) == 0)
    {
      show_details (self, details);
      self->reading = FALSE;
      update_loading (self);
    }
  details_free (details);
}

static void
read_details (FlCaseView *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->reading = TRUE;
  fl_store_pool_read_async (fl_sync_engine_get_pool (self->engine), read_details_job,
                            g_strdup (self->case_id), g_free, details_free, self->cancellable,
                            on_details_read, g_object_ref (self));
}

void
fl_case_view_reload (FlCaseView *self)
{
  g_return_if_fail (FL_IS_CASE_VIEW (self));

  if (self->engine == NULL || self->case_id == NULL)
    return;
  self->follow = TRUE;
  /* The offers and the flaws need only the case's id: they are read beside
   * the case rather than after it. */
  read_details (self);
  fl_flaw_panel_set_case (self->flaw_panel, self->case_id);
  fl_offer_panel_set_case (self->offer_panel, self->case_id, NULL);
  update_loading (self);
}

/**
 * fl_case_view_refresh:
 *
 * What someone else changed (a live pull): the header and the conversation
 * are read again, and nothing else moves — the panels keep their rows (an
 * agent may be pressing one of their buttons) and the conversation its
 * scroll position. A reload under way still finishes as a reload.
 */
void
fl_case_view_refresh (FlCaseView *self)
{
  g_return_if_fail (FL_IS_CASE_VIEW (self));

  if (self->engine == NULL || self->case_id == NULL)
    return;
  read_details (self);
}

static char *
note_text (FlCaseView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  GtkTextIter start, end;
  char *text;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return g_strstrip (text);
}

static void
on_note_created (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FlCaseView) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.add-note", TRUE);
  if (!fl_sync_engine_change_finish (FL_SYNC_ENGINE (source), result, &error))
    {
      g_warning ("Cannot save the note: %s", error->message);
      return;
    }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), "", -1);
  fl_case_view_reload (self);
  g_signal_emit (self, signals[NOTE_ADDED], 0);
}

static void
add_note_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FlCaseView *self = FL_CASE_VIEW (widget);
  g_autofree char *text = note_text (self);
  g_autoptr(FlInteraction) note = NULL;

  if (text[0] == '\0' || self->case_id == NULL || self->engine == NULL)
    return;
  note = fl_interaction_new_in_case (self->case_id, self->customer_id, FL_INTERACTION_KIND_NOTE,
                                     self->agent_id, self->agent_name, text);
  /* One click, one note: the button waits for the outbox to take it. */
  gtk_widget_action_set_enabled (widget, "case.add-note", FALSE);
  fl_sync_engine_create_async (self->engine, FL_ENTITY (note), NULL, on_note_created, g_object_ref (self));
}

/* An offer's outcome adds a line to the conversation: show it, and let the
 * window send it as it does a note. */
static void
on_offer_recorded (FlCaseView *self)
{
  fl_case_view_reload (self);
  g_signal_emit (self, signals[NOTE_ADDED], 0);
}

static void
on_history_case_activated (FlCaseView *self,
                           const char *case_id)
{
  if (g_strcmp0 (case_id, self->case_id) != 0)
    g_signal_emit (self, signals[CASE_ACTIVATED], 0, case_id);
}

static void
on_note_changed (FlCaseView    *self,
                 GtkTextBuffer *buffer)
{
  g_autofree char *text = note_text (self);

  fl_flaw_panel_set_draft (self->flaw_panel, text);
}

static void
on_insert_workaround (FlCaseView *self,
                      const char *workaround)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);

  /* At the cursor, so it can go in the middle of a reply already begun. */
  gtk_text_buffer_insert_at_cursor (buffer, workaround, -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->note_view));
}

static void
show_flaws_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FlCaseView *self = FL_CASE_VIEW (widget);

  adw_view_stack_set_visible_child_name (self->side_stack, "flaws");
  adw_leaflet_set_visible_child_name (self->side_leaflet, "side");
}

static void
toggle_side_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FlCaseView *self = FL_CASE_VIEW (widget);
  const char *shown = adw_leaflet_get_visible_child_name (self->side_leaflet);

  /* Side by side both are in view already. */
  if (adw_leaflet_get_folded (self->side_leaflet))
    adw_leaflet_set_visible_child_name (self->side_leaflet, g_strcmp0 (shown, "side") == 0 ? "case" : "side");
}

static void
fl_case_view_dispose (GObject *object)
{
  FlCaseView *self = FL_CASE_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->engine);
  g_clear_handle_id (&self->follow_end_id, g_source_remove);
  g_clear_handle_id (&self->scroll_id, g_source_remove);
  g_clear_handle_id (&self->sla_timer, g_source_remove);
  /* The bin's child is also a template child (side_leaflet): let the bin
   * unparent it first, or disposing the template leaves the bin pointing
   * at a widget that is gone. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_CASE_VIEW);

  G_OBJECT_CLASS (fl_case_view_parent_class)->dispose (object);
}

static void
fl_case_view_finalize (GObject *object)
{
  FlCaseView *self = FL_CASE_VIEW (object);

  g_clear_pointer (&self->case_id, g_free);
  g_clear_pointer (&self->customer_id, g_free);
  g_clear_pointer (&self->agent_id, g_free);
  g_clear_pointer (&self->agent_name, g_free);

  G_OBJECT_CLASS (fl_case_view_parent_class)->finalize (object);
}

static void
fl_case_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FlCaseView *self = FL_CASE_VIEW (object);

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
fl_case_view_class_init (FlCaseViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_case_view_dispose;
  object_class->finalize = fl_case_view_finalize;
  object_class->get_property = fl_case_view_get_property;

  /* TRUE from opening a case until it and its history, known flaws and
   * offers are all on screen (what "opening a case" costs the agent). */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[NOTE_ADDED] = g_signal_new ("note-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The case as it is now on screen (an FlCase): what acts on it follows it. */
  signals[CASE_SHOWN] = g_signal_new ("case-shown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, FL_TYPE_CASE);

  /* A case of the customer's history was chosen (its id): another case to open. */
  signals[CASE_ACTIVATED] = g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (FL_TYPE_OFFER_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/frontlinedesk/Frontline/fl-case-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, scroller);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, subject_label);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, tags_box);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, customer_label);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, product_label);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, assignee_label);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, description_label);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, conversation_list);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, note_view);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, offer_panel);
  gtk_widget_class_bind_template_callback (widget_class, on_offer_recorded);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, side_leaflet);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, history_panel);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, flaw_panel);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, flaws_page);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, side_stack);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, flaw_hint_button);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, flaw_hint_label);
  gtk_widget_class_bind_template_callback (widget_class, on_insert_workaround);
  gtk_widget_class_bind_template_callback (widget_class, on_history_case_activated);

  gtk_widget_class_install_action (widget_class, "case.add-note", NULL, add_note_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "case.add-note", NULL);
  gtk_widget_class_install_action (widget_class, "case.toggle-side", NULL, toggle_side_action);
  gtk_widget_class_install_action (widget_class, "case.show-flaws", NULL, show_flaws_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "case.toggle-side", NULL);
}

/* The tab says how many known flaws match, so they are seen from the history. */
static void
on_flaw_matches_changed (FlCaseView *self,
                         guint       position,
                         guint       removed,
                         guint       added,
                         GListModel *matches)
{
  guint n = g_list_model_get_n_items (matches);
  g_autoptr(FlFlawMatch) best = n > 0 ? g_list_model_get_item (matches, 0) : NULL;

  adw_view_stack_page_set_badge_number (self->flaws_page, n);
  /* On the Known flaws tab the flaws speak for themselves. */
  gtk_widget_set_visible (self->flaw_hint_button,
                          best != NULL && g_strcmp0 (adw_view_stack_get_visible_child_name (self->side_stack), "flaws") != 0);
  if (best != NULL)
    {
      FlFlaw *flaw = fl_flaw_match_get_flaw (best);
      g_autofree char *text = NULL;

      if (fl_flaw_get_workaround (flaw) != NULL)
        /* Translators: above a case's conversation; %s is a known flaw's title */
        text = g_strdup_printf (_("Known flaw: %s — a workaround is in Known flaws"), fl_flaw_get_title (flaw));
      else
        /* Translators: above a case's conversation; %s is a known flaw's title */
        text = g_strdup_printf (_("Known flaw: %s"), fl_flaw_get_title (flaw));
      gtk_label_set_label (self->flaw_hint_label, text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->flaw_hint_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
    }
}


static void
on_side_tab_changed (FlCaseView *self)
{
  GListModel *matches = fl_flaw_panel_get_matches (self->flaw_panel);

  on_flaw_matches_changed (self, 0, 0, 0, matches);
}

static void
fl_case_view_init (FlCaseView *self)
{
  g_type_ensure (FL_TYPE_HISTORY_PANEL);
  g_type_ensure (FL_TYPE_FLAW_PANEL);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller), "changed",
                           G_CALLBACK (on_scroll_range_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->note_view), "changed",
                           G_CALLBACK (on_note_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->history_panel, "notify::loading", G_CALLBACK (update_loading), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->flaw_panel, "notify::busy", G_CALLBACK (update_loading), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (fl_flaw_panel_get_matches (self->flaw_panel), "items-changed",
                           G_CALLBACK (on_flaw_matches_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->side_stack, "notify::visible-child-name",
                           G_CALLBACK (on_side_tab_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->offer_panel, "notify::loading", G_CALLBACK (update_loading), self,
                           G_CONNECT_SWAPPED);
}

void
fl_case_view_set_engine (FlCaseView   *self,
                         FlSyncEngine *engine)
{
  g_return_if_fail (FL_IS_CASE_VIEW (self));
  g_set_object (&self->engine, engine);
  fl_offer_panel_set_engine (self->offer_panel, engine);
  fl_history_panel_set_pool (self->history_panel, engine != NULL ? fl_sync_engine_get_pool (engine) : NULL);
  fl_flaw_panel_set_engine (self->flaw_panel, engine);
}

void
fl_case_view_set_author (FlCaseView *self,
                         const char *agent_id,
                         const char *name)
{
  g_return_if_fail (FL_IS_CASE_VIEW (self));

  g_free (self->agent_id);
  self->agent_id = g_strdup (agent_id);
  g_free (self->agent_name);
  self->agent_name = g_strdup (name);
  fl_offer_panel_set_author (self->offer_panel, agent_id, name);
}

void
fl_case_view_set_case (FlCaseView *self,
                       const char *case_id)
{
  g_return_if_fail (FL_IS_CASE_VIEW (self));

  if (g_strcmp0 (self->case_id, case_id) != 0)
    {
      g_free (self->case_id);
      self->case_id = g_strdup (case_id);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), "", -1);
      /* Folded, another case opens on its conversation, not on the panel
       * the last one was left showing. */
      adw_leaflet_set_visible_child_name (self->side_leaflet, "case");
    }
  fl_case_view_reload (self);
}

gboolean
fl_case_view_get_loading (FlCaseView *self)
{
  g_return_val_if_fail (FL_IS_CASE_VIEW (self), FALSE);
  return self->loading;
}

const char *
fl_case_view_get_case_id (FlCaseView *self)
{
  g_return_val_if_fail (FL_IS_CASE_VIEW (self), NULL);
  return self->case_id;
}

const char *
fl_case_view_get_customer_id (FlCaseView *self)
{
  g_return_val_if_fail (FL_IS_CASE_VIEW (self), NULL);
  return self->case_id != NULL ? self->customer_id : NULL;
}

void
fl_case_view_focus_note (FlCaseView *self)
{
  g_return_if_fail (FL_IS_CASE_VIEW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->note_view));
}

/* fl-history-panel.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pages come from fl_store_get_customer_history() on pool threads, keyset-paged
 * by the cursor each page returns, and each row's two lines are written there,
 * so the main thread only appends items. A change of customer or filter starts
 * a new generation: pages of an older one that land late are dropped.
 */
#define G_LOG_DOMAIN "Frontline-App"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fl-history-panel.h"
#include "fl-labels.h"
#include "fl-record-item.h"
#include "fl-record-row.h"
#include "fl-store-query.h"

/* Within this many pixels of the end, the next page is read. */
#define PREFETCH_MARGIN 600

typedef struct
{
  char            *customer_id;
  FlHistoryFilter  filter;
  char            *cursor;
} PageJob;

typedef struct
{
  GPtrArray *rows;          /* FlRecordItem, newest first */
  char      *next_cursor;   /* NULL: the beginning of the history was reached */
} Page;

struct _FlHistoryPanel
{
  AdwBin             parent_instance;

  FlStorePool       *pool;
  GCancellable      *cancellable;
  char              *customer_id;
  FlHistoryFilter    filter;
  char              *next_cursor;
  char              *summary;
  guint              generation;
  gboolean           loading;
  gboolean           complete;
  GListStore        *items;

  GtkLabel          *summary_label;
  GtkDropDown       *filter_dropdown;
  GtkScrolledWindow *scroller;
  GtkListView       *list_view;
  GtkStack          *state_stack;
};

G_DEFINE_FINAL_TYPE (FlHistoryPanel, fl_history_panel, ADW_TYPE_BIN)

enum {
  CASE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_LOADING,
  PROP_SUMMARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The drop-down's entries, in its order. */
static const FlHistoryFilter filters[] = {
  FL_HISTORY_ALL,
  FL_HISTORY_CASES,
  FL_HISTORY_INTERACTIONS,
  FL_HISTORY_PURCHASES,
  FL_HISTORY_OFFERS,
};

static void
page_job_free (gpointer data)
{
  PageJob *job = data;

  g_free (job->customer_id);
  g_free (job->cursor);
  g_free (job);
}

static void
page_free (gpointer data)
{
  Page *page = data;

  g_clear_pointer (&page->rows, g_ptr_array_unref);
  g_free (page->next_cursor);
  g_free (page);
}

static const char *
offer_result_label (FlOfferResult result)
{
  switch (result)
    {
    case FL_OFFER_RESULT_OFFERED: return C_("offer outcome", "Offered, no answer yet");
    case FL_OFFER_RESULT_ACCEPTED: return C_("offer outcome", "Accepted");
    case FL_OFFER_RESULT_DECLINED: return C_("offer outcome", "Declined");
    default: return "";
    }
}

/* A name read once per page: a history repeats the same few products and offers. */
static const char *
cached_name (FlStore    *store,
             GHashTable *names,
             GType       type,
             const char *id)
{
  const char *name;
  g_autoptr(FlEntity) entity = NULL;
  char *found = NULL;

  if (id == NULL)
    return NULL;
  if (g_hash_table_lookup_extended (names, id, NULL, (gpointer *) &name))
    return name;
  entity = fl_store_get (store, type, id, NULL);
  if (entity != NULL && FL_IS_PRODUCT (entity))
    found = g_strdup (fl_product_get_name (FL_PRODUCT (entity)));
  else if (entity != NULL && FL_IS_OFFER (entity))
    found = g_strdup (fl_offer_get_title (FL_OFFER (entity)));
  g_hash_table_insert (names, g_strdup (id), found);
  return found;
}

/* One line of a possibly long message: the list shows a glimpse, the case the rest. */
static char *
first_line (const char *text)
{
  const char *end;

  if (text == NULL)
    return g_strdup ("");
  end = strchr (text, '\n');
  return end != NULL ? g_strndup (text, end - text) : g_strdup (text);
}

static FlRecordItem *
describe (FlStore       *store,
          GHashTable    *names,
          FlHistoryItem *history_item)
{
  FlEntity *entity = fl_history_item_get_entity (history_item);
  g_autofree char *when = fl_label_time (fl_history_item_get_at (history_item));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  FlRecordItem *item = fl_record_item_new ();

  switch (fl_history_item_get_kind (history_item))
    {
    case FL_HISTORY_KIND_CASE:
      {
        FlCase *the_case = FL_CASE (entity);

        title = g_strdup (fl_case_get_subject (the_case));
        fl_record_item_set_case_id (item, fl_entity_get_id (entity));
        /* Translators: a past case in a customer's history: status · opened */
        subtitle = g_strdup_printf (_("Case · %s · opened %s"),
                                    fl_label_case_status (fl_case_get_status (the_case)), when);
        break;
      }
    case FL_HISTORY_KIND_INTERACTION:
      {
        FlInteraction *interaction = FL_INTERACTION (entity);
        const char *author = fl_interaction_get_author_name (interaction);

        title = first_line (fl_interaction_get_body (interaction));
        fl_record_item_set_case_id (item, fl_interaction_get_case_id (interaction));
        if (author != NULL)
          /* Translators: a call or note in a customer's history: kind · author · time */
          subtitle = g_strdup_printf (_("%s · %s · %s"),
                                      fl_label_interaction_kind (fl_interaction_get_kind (interaction)),
                                      author, when);
        else
          subtitle = g_strdup_printf (_("%s · %s"),
                                      fl_label_interaction_kind (fl_interaction_get_kind (interaction)), when);
        break;
      }
    case FL_HISTORY_KIND_PURCHASE:
      {
        FlOwnership *ownership = FL_OWNERSHIP (entity);
        const char *product = cached_name (store, names, FL_TYPE_PRODUCT, fl_ownership_get_product_id (ownership));
        const char *version = fl_ownership_get_version (ownership);

        if (version != NULL)
          /* Translators: a product the customer owns: name and version */
          title = g_strdup_printf (_("%s, version %s"), product != NULL ? product : _("Unknown product"),
                                   version);
        else
          title = g_strdup (product != NULL ? product : _("Unknown product"));
        /* Translators: when a product in a customer's history was bought */
        subtitle = g_strdup_printf (_("Product · bought %s"), when);
        break;
      }
    case FL_HISTORY_KIND_OFFER:
      {
        FlOfferOutcome *outcome = FL_OFFER_OUTCOME (entity);
        const char *offer = cached_name (store, names, FL_TYPE_OFFER, fl_offer_outcome_get_offer_id (outcome));

        title = g_strdup (offer != NULL ? offer : _("An offer no longer in the catalogue"));
        fl_record_item_set_case_id (item, fl_offer_outcome_get_case_id (outcome));
        /* Translators: an offer in a customer's history: outcome · time */
        subtitle = g_strdup_printf (_("Offer · %s · %s"),
                                    offer_result_label (fl_offer_outcome_get_result (outcome)), when);
        break;
      }
    default:
      g_assert_not_reached ();
    }
  fl_record_item_fill (item, fl_entity_get_id (entity), title, subtitle);
  return item;
}

static gpointer
read_page_job (FlStore       *store,
               gpointer       job_data,
               GCancellable  *cancellable,
               GError       **error)
{
  PageJob *job = job_data;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *next_cursor = NULL;
  Page *page;

  history = fl_store_get_customer_history (store, job->customer_id, job->filter, job->cursor,
                                           FL_HISTORY_PANEL_PAGE_SIZE, &next_cursor, error);
  if (history == NULL)
    return NULL;
  page = g_new0 (Page, 1);
  page->rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < history->len; i++)
    g_ptr_array_add (page->rows, describe (store, names, g_ptr_array_index (history, i)));
  page->next_cursor = g_steal_pointer (&next_cursor);
  return page;
}

/* The parts joined by " · ", each kept on one line: a narrow panel wraps the
 * summary between "3 products" and "4 known flaws hit", not inside either. */
static char *
join_unbroken (const char *first,
               ...)
{
  GString *out = g_string_new (NULL);
  va_list args;

  va_start (args, first);
  for (const char *part = first; part != NULL; part = va_arg (args, const char *))
    {
      if (out->len > 0)
        g_string_append (out, " · ");
      for (const char *c = part; *c != '\0'; c++)
        {
          if (*c == ' ')
            g_string_append (out, "\u00a0");
          else
            g_string_append_c (out, *c);
        }
    }
  va_end (args);
  return g_string_free (out, FALSE);
}

/* The summary's figures, counted on a pool thread over the customer's whole
 * record rather than the pages read so far. */
static gpointer
read_summary_job (FlStore       *store,
                  gpointer       job_data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  const char *customer_id = job_data;
  FlCaseFilter filter = FL_CASE_FILTER_INIT;
  g_autoptr(FlEntity) customer = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) ownerships = NULL;
  g_autoptr(FlStoreQuery) query = fl_store_query_new (FL_TYPE_OWNERSHIP);
  g_autoptr(GHashTable) flaws = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) since_date = NULL;
  gint64 since = G_MAXINT64;
  guint open_cases = 0;
  gint64 products = 0;
  g_autofree char *since_text = NULL;
  g_autofree char *open_text = NULL;
  g_autofree char *products_text = NULL;
  g_autofree char *flaws_text = NULL;

  customer = fl_store_get (store, FL_TYPE_CUSTOMER, customer_id, error);
  if (customer == NULL)
    return NULL;
  if (fl_entity_get_created_at (customer) > 0)
    since = fl_entity_get_created_at (customer);

  filter.customer_id = customer_id;
  cases = fl_store_query_cases (store, &filter, 0, G_MAXINT, error);
  if (cases == NULL)
    return NULL;
  for (guint i = 0; i < cases->len; i++)
    {
      FlCase *the_case = g_ptr_array_index (cases, i);
      const char * const *flaw_ids = fl_case_get_flaw_ids (the_case);

      if (FL_CASE_STATUSES_ACTIVE & FL_CASE_STATUS_MASK (fl_case_get_status (the_case)))
        open_cases++;
      if (fl_entity_get_created_at (FL_ENTITY (the_case)) > 0)
        since = MIN (since, fl_entity_get_created_at (FL_ENTITY (the_case)));
      for (guint j = 0; flaw_ids != NULL && flaw_ids[j] != NULL; j++)
        g_hash_table_add (flaws, (gpointer) flaw_ids[j]);
    }

  /* The oldest purchase is often older than our first record of the customer. */
  if (!fl_store_query_where_text (query, "customer_id", customer_id, error)
      || !fl_store_query_order_by (query, "purchased_at", TRUE, error))
    return NULL;
  ownerships = fl_store_query_run (store, query, 0, 1, &products, error);
  if (ownerships == NULL)
    return NULL;
  if (ownerships->len > 0)
    {
      g_autoptr(FlEntity) first = fl_store_get (store, FL_TYPE_OWNERSHIP, g_ptr_array_index (ownerships, 0), NULL);

      if (first != NULL && fl_ownership_get_purchased_at (FL_OWNERSHIP (first)) > 0)
        since = MIN (since, fl_ownership_get_purchased_at (FL_OWNERSHIP (first)));
    }

  if (since != G_MAXINT64)
    since_date = g_date_time_new_from_unix_utc (since / G_USEC_PER_SEC);
  if (since_date != NULL)
    /* Translators: the start of a customer's history summary; %d is a year */
    since_text = g_strdup_printf (_("Customer since %d"), g_date_time_get_year (since_date));
  else
    since_text = g_strdup (_("New customer"));
  open_text = g_strdup_printf (ngettext ("%u open case", "%u open cases", open_cases), open_cases);
  products_text = g_strdup_printf (ngettext ("%u product", "%u products", (gulong) products), (guint) products);
  flaws_text = g_strdup_printf (ngettext ("%u known flaw hit", "%u known flaws hit",
                                          g_hash_table_size (flaws)),
                                g_hash_table_size (flaws));
  return join_unbroken (since_text, open_text, products_text, flaws_text, NULL);
}

static void
set_loading (FlHistoryPanel *self,
             gboolean        loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
update_state (FlHistoryPanel *self)
{
  const char *page = "list";

  if (g_list_model_get_n_items (G_LIST_MODEL (self->items)) == 0)
    page = self->loading ? "loading" : "empty";
  gtk_stack_set_visible_child_name (self->state_stack, page);
}

typedef struct
{
  FlHistoryPanel *self;
  guint           generation;
} Pending;

static Pending *
pending_new (FlHistoryPanel *self)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = g_object_ref (self);
  pending->generation = self->generation;
  return pending;
}

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->self);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static void
on_page_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  FlHistoryPanel *self = pending->self;
  g_autoptr(GError) error = NULL;
  Page *page = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);

  if (pending->generation != self->generation)
    {
      g_clear_pointer (&page, page_free);
      return;
    }
  if (page == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Cannot read the history of %s: %s", self->customer_id, error->message);
      set_loading (self, FALSE);
      update_state (self);
      return;
    }
  g_list_store_splice (self->items, g_list_model_get_n_items (G_LIST_MODEL (self->items)), 0,
                       page->rows->pdata, page->rows->len);
  g_free (self->next_cursor);
  self->next_cursor = g_steal_pointer (&page->next_cursor);
  self->complete = self->next_cursor == NULL;
  page_free (page);
  /* Only now: whoever waits for "loading" to end finds the rows there. */
  set_loading (self, FALSE);
  update_state (self);
}

static void
on_summary_read (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  FlHistoryPanel *self = pending->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);

  if (pending->generation != self->generation)
    return;
  if (summary == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Cannot sum up customer %s: %s", self->customer_id, error->message);
      return;
    }
  g_free (self->summary);
  self->summary = g_steal_pointer (&summary);
  gtk_label_set_label (self->summary_label, self->summary);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}

void
fl_history_panel_load_more (FlHistoryPanel *self)
{
  PageJob *job;

  g_return_if_fail (FL_IS_HISTORY_PANEL (self));

  if (self->pool == NULL || self->customer_id == NULL || self->loading || self->complete)
    return;
  job = g_new0 (PageJob, 1);
  job->customer_id = g_strdup (self->customer_id);
  job->filter = self->filter;
  job->cursor = g_strdup (self->next_cursor);
  set_loading (self, TRUE);
  fl_store_pool_read_async (self->pool, read_page_job, job, page_job_free, page_free,
                            self->cancellable, on_page_read, pending_new (self));
}

static void
maybe_load_more (FlHistoryPanel *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  double left = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_value (adjustment)
                - gtk_adjustment_get_page_size (adjustment);

  /* Rows not laid out yet measure nothing: the adjustment's next "changed",
   * once they are, asks again. A short page that leaves the view unfilled
   * brings the next one that way too. */
  if (gtk_adjustment_get_upper (adjustment) <= 0 || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (left < PREFETCH_MARGIN)
    fl_history_panel_load_more (self);
}

/* Everything read so far goes: a new customer or filter starts from the newest. */
static void
restart (FlHistoryPanel *self)
{
  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->next_cursor, g_free);
  self->complete = FALSE;
  set_loading (self, FALSE);
  g_list_store_remove_all (self->items);
  update_state (self);
  if (self->pool == NULL || self->customer_id == NULL)
    return;
  fl_history_panel_load_more (self);
}

static void
on_filter_selected (FlHistoryPanel *self)
{
  guint selected = gtk_drop_down_get_selected (self->filter_dropdown);

  if (selected < G_N_ELEMENTS (filters))
    fl_history_panel_set_filter (self, filters[selected]);
}

static void
fl_history_panel_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FlHistoryPanel *self = FL_HISTORY_PANEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_history_panel_dispose (GObject *object)
{
  FlHistoryPanel *self = FL_HISTORY_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->pool);
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_HISTORY_PANEL);

  G_OBJECT_CLASS (fl_history_panel_parent_class)->dispose (object);
}

static void
fl_history_panel_finalize (GObject *object)
{
  FlHistoryPanel *self = FL_HISTORY_PANEL (object);

  g_clear_object (&self->items);
  g_clear_pointer (&self->customer_id, g_free);
  g_clear_pointer (&self->next_cursor, g_free);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (fl_history_panel_parent_class)->finalize (object);
}

/* A row of a case, or of something said or sold in one, opens that case. */
static void
on_row_activated (FlHistoryPanel *self,
                  guint           position)
{
  g_autoptr(FlRecordItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), position);

  if (item != NULL && fl_record_item_get_case_id (item) != NULL)
    g_signal_emit (self, signals[CASE_ACTIVATED], 0, fl_record_item_get_case_id (item));
}

static void
fl_history_panel_class_init (FlHistoryPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = fl_history_panel_get_property;
  object_class->dispose = fl_history_panel_dispose;
  object_class->finalize = fl_history_panel_finalize;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The agent chose a row that belongs to a case: the case's id. */
  signals[CASE_ACTIVATED] = g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/frontlinedesk/Frontline/fl-history-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, FlHistoryPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FlHistoryPanel, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FlHistoryPanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, FlHistoryPanel, list_view);
  gtk_widget_class_bind_template_child (widget_class, FlHistoryPanel, state_stack);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_set_css_name (widget_class, "flhistorypanel");
}

static void
fl_history_panel_init (FlHistoryPanel *self)
{
  GtkAdjustment *adjustment;
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autoptr(GtkListItemFactory) factory = fl_record_row_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_view_set_factory (self->list_view, factory);
  self->cancellable = g_cancellable_new ();
  self->filter = FL_HISTORY_ALL;
  self->items = g_list_store_new (FL_TYPE_RECORD_ITEM);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->items)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));

  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (maybe_load_more), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (maybe_load_more), self, G_CONNECT_SWAPPED);
  update_state (self);
}

void
fl_history_panel_set_pool (FlHistoryPanel *self,
                           FlStorePool    *pool)
{
  g_return_if_fail (FL_IS_HISTORY_PANEL (self));

  if (g_set_object (&self->pool, pool))
    fl_history_panel_set_customer (self, self->customer_id);
}

void
fl_history_panel_set_customer (FlHistoryPanel *self,
                               const char     *customer_id)
{
  g_autofree char *id = g_strdup (customer_id);

  g_return_if_fail (FL_IS_HISTORY_PANEL (self));

  g_free (self->customer_id);
  self->customer_id = g_steal_pointer (&id);
  g_clear_pointer (&self->summary, g_free);
  gtk_label_set_label (self->summary_label, "");
  restart (self);
  if (self->pool != NULL && self->customer_id != NULL)
    fl_store_pool_read_async (self->pool, read_summary_job, g_strdup (self->customer_id), g_free, g_free,
                              self->cancellable, on_summary_read, pending_new (self));
}

void
fl_history_panel_set_filter (FlHistoryPanel  *self,
                             FlHistoryFilter  filter)
{
  g_return_if_fail (FL_IS_HISTORY_PANEL (self));

  if (self->filter == filter)
    return;
  self->filter = filter;
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    if (filters[i] == filter)
      gtk_drop_down_set_selected (self->filter_dropdown, i);
  restart (self);
}

FlHistoryFilter
fl_history_panel_get_filter (FlHistoryPanel *self)
{
  g_return_val_if_fail (FL_IS_HISTORY_PANEL (self), FL_HISTORY_ALL);
  return self->filter;
}

GListModel *
fl_history_panel_get_items (FlHistoryPanel *self)
{
  g_return_val_if_fail (FL_IS_HISTORY_PANEL (self), NULL);
  return G_LIST_MODEL (self->items);
}

gboolean
fl_history_panel_get_loading (FlHistoryPanel *self)
{
  g_return_val_if_fail (FL_IS_HISTORY_PANEL (self), FALSE);
  return self->loading;
}

gboolean
fl_history_panel_get_complete (FlHistoryPanel *self)
{
  g_return_val_if_fail (FL_IS_HISTORY_PANEL (self), FALSE);
  return self->complete;
}

const char *
fl_history_panel_get_summary (FlHistoryPanel *self)
{
  g_return_val_if_fail (FL_IS_HISTORY_PANEL (self), NULL);
  return self->summary;
}

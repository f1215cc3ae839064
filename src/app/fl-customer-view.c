/* fl-customer-view.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The customer is read on a pool thread; their cases come from the same paged
 * model as the queues, filtered to them. A new case is made in the New Case
 * window, which this view hands the subject typed here.
 */
#define G_LOG_DOMAIN "Frontline-App"

#include "config.h"

#include <glib/gi18n.h>

#include "fl-customer-view.h"
#include "fl-record-item.h"
#include "fl-record-row.h"
#include "fl-record-list-model.h"

struct _FlCustomerView
{
  AdwBin              parent_instance;

  FlSyncEngine       *engine;
  FlRecordListModel  *cases;
  GCancellable       *cancellable;
  char               *customer_id;

  GtkLabel           *name_label;
  GtkLabel           *contact_label;
  GtkEntry           *subject_entry;
  GtkLabel           *cases_heading;
  GtkListView        *cases_view;
  GtkWidget          *cases_card;
};

G_DEFINE_FINAL_TYPE (FlCustomerView, fl_customer_view, ADW_TYPE_BIN)

enum {
  CASE_ACTIVATED,
  NEW_CASE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gpointer
read_customer_job (FlStore       *store,
                   gpointer       job_data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return fl_store_get (store, FL_TYPE_CUSTOMER, job_data, error);
}

static char *
join_list (const char * const *values)
{
  return values != NULL ? g_strjoinv (", ", (char **) values) : g_strdup ("");
}

static void
on_customer_read (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FlCustomerView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlCustomer) customer = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);
  g_autoptr(GString) contact = g_string_new (NULL);
  g_autofree char *phones = NULL;
  g_autofree char *emails = NULL;

  if (customer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_label (self->name_label, _("This customer is not in the local copy"));
      return;
    }
  if (g_strcmp0 (fl_entity_get_id (FL_ENTITY (customer)), self->customer_id) != 0)
    return;

  gtk_label_set_label (self->name_label, fl_customer_get_name (customer));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->name_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, fl_customer_get_name (customer), -1);
  phones = join_list (fl_customer_get_phones (customer));
  emails = join_list (fl_customer_get_emails (customer));
  if (fl_customer_get_organisation (customer) != NULL)
    g_string_append_printf (contact, "%s\n", fl_customer_get_organisation (customer));
  if (*phones != '\0')
    /* Translators: the customer's phone numbers */
    g_string_append_printf (contact, _("Phone: %s\n"), phones);
  if (*emails != '\0')
    g_string_append_printf (contact, _("E-mail: %s\n"), emails);
  if (fl_customer_get_plan (customer) != NULL)
    g_string_append_printf (contact, _("Plan: %s\n"), fl_customer_get_plan (customer));
  if (contact->len > 0)
    g_string_truncate (contact, contact->len - 1);
  gtk_label_set_label (self->contact_label, contact->str);
}

static void
update_heading (FlCustomerView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->cases));
  g_autofree char *text = g_strdup_printf (ngettext ("%u case", "%u cases", n), n);

  gtk_label_set_label (self->cases_heading, text);
  /* "0 cases" says it; an empty white card under it only looked broken. */
  gtk_widget_set_visible (self->cases_card, n > 0);
}

static void
on_case_activate (FlCustomerView *self,
                  guint           position)
{
  g_autoptr(FlRecordItem) item = g_list_model_get_item (G_LIST_MODEL (self->cases), position);

  if (item != NULL && fl_record_item_get_loaded (item))
    g_signal_emit (self, signals[CASE_ACTIVATED], 0, fl_record_item_get_id (item));
}

/* The quick subject hands over to the New Case window (through FlWindow), so
 * that a case made here also says which product it is about. */
static void
new_case_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FlCustomerView *self = FL_CUSTOMER_VIEW (widget);
  g_autofree char *subject = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->subject_entry))));

  if (self->customer_id == NULL)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->subject_entry), "");
  g_signal_emit (self, signals[NEW_CASE], 0, subject);
}

static void
on_subject_activate (FlCustomerView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "customer.new-case", NULL);
}

static void
fl_customer_view_dispose (GObject *object)
{
  FlCustomerView *self = FL_CUSTOMER_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->cases != NULL)
    g_signal_handlers_disconnect_by_data (self->cases, self);
  g_clear_object (&self->cases);
  g_clear_object (&self->engine);
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_CUSTOMER_VIEW);

  G_OBJECT_CLASS (fl_customer_view_parent_class)->dispose (object);
}

static void
fl_customer_view_finalize (GObject *object)
{
  FlCustomerView *self = FL_CUSTOMER_VIEW (object);

  g_clear_pointer (&self->customer_id, g_free);

  G_OBJECT_CLASS (fl_customer_view_parent_class)->finalize (object);
}

static void
fl_customer_view_class_init (FlCustomerViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_customer_view_dispose;
  object_class->finalize = fl_customer_view_finalize;

  signals[CASE_ACTIVATED] = g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The subject typed so far, perhaps empty. */
  signals[NEW_CASE] = g_signal_new ("new-case", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/frontlinedesk/Frontline/fl-customer-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FlCustomerView, name_label);
  gtk_widget_class_bind_template_child (widget_class, FlCustomerView, contact_label);
  gtk_widget_class_bind_template_child (widget_class, FlCustomerView, subject_entry);
  gtk_widget_class_bind_template_child (widget_class, FlCustomerView, cases_heading);
  gtk_widget_class_bind_template_child (widget_class, FlCustomerView, cases_view);
  gtk_widget_class_bind_template_child (widget_class, FlCustomerView, cases_card);
  gtk_widget_class_bind_template_callback (widget_class, on_case_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_subject_activate);

  gtk_widget_class_install_action (widget_class, "customer.new-case", NULL, new_case_action);
}

static void
fl_customer_view_init (FlCustomerView *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  factory = fl_record_row_factory_new ();
  gtk_list_view_set_factory (self->cases_view, factory);
}

void
fl_customer_view_set_engine (FlCustomerView *self,
                             FlSyncEngine   *engine)
{
  g_autoptr(GtkSelectionModel) selection = NULL;

  g_return_if_fail (FL_IS_CUSTOMER_VIEW (self));
  g_return_if_fail (FL_IS_SYNC_ENGINE (engine));

  g_set_object (&self->engine, engine);
  if (self->cases != NULL)
    g_signal_handlers_disconnect_by_data (self->cases, self);
  g_clear_object (&self->cases);
  self->cases = fl_record_list_model_new (fl_sync_engine_get_pool (engine));
  g_signal_connect_swapped (self->cases, "notify::n-items", G_CALLBACK (update_heading), self);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->cases))));
  gtk_list_view_set_model (self->cases_view, selection);
}

void
fl_customer_view_set_customer (FlCustomerView *self,
                               const char     *customer_id)
{
  g_return_if_fail (FL_IS_CUSTOMER_VIEW (self));
  g_return_if_fail (customer_id != NULL);
  g_return_if_fail (self->engine != NULL);

  g_free (self->customer_id);
  self->customer_id = g_strdup (customer_id);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_label_set_label (self->name_label, "");
  gtk_label_set_label (self->contact_label, "");
  fl_store_pool_read_async (fl_sync_engine_get_pool (self->engine), read_customer_job,
                            g_strdup (customer_id), g_free, g_object_unref, self->cancellable,
                            on_customer_read, g_object_ref (self));
  fl_record_list_model_set_query (self->cases, FL_RECORD_LIST_CASES, 0, NULL, customer_id);
}

const char *
fl_customer_view_get_customer_id (FlCustomerView *self)
{
  g_return_val_if_fail (FL_IS_CUSTOMER_VIEW (self), NULL);
  return self->customer_id;
}

void
fl_customer_view_focus_new_case (FlCustomerView *self)
{
  g_return_if_fail (FL_IS_CUSTOMER_VIEW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->subject_entry));
}

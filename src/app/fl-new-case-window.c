/* fl-new-case-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The customer picker is the lists' own customer search (FlRecordListModel:
 * phone, e-mail, name prefixes, then any word); when the local copy knows
 * nobody and the text is a phone number or an address, the server is asked,
 * which also copies that customer here. Products and ownerships are read on a
 * pool thread; the case goes through the engine's outbox, so it works offline.
 */
#define G_LOG_DOMAIN "Frontline-App"

#include "config.h"

#include <glib/gi18n.h>

#include "fl-labels.h"
#include "fl-new-case-window.h"
#include "fl-record-item.h"
#include "fl-record-row.h"
#include "fl-record-list-model.h"
#include "fl-search-text.h"
#include "fl-store-query.h"

struct _FlNewCaseWindow
{
  AdwWindow           parent_instance;

  FlSyncEngine       *engine;
  GCancellable       *cancellable;
  GCancellable       *products_cancellable;
  FlRecordListModel  *customers;
  GListStore         *products;        /* of FlRecordItem; the first says "choose" */
  GHashTable         *versions;        /* product id → the version the customer has */
  char               *customer_id;
  char               *asked_server;    /* the text the server was last asked about */
  gboolean            creating;

  GtkWidget          *create_button;
  GtkWidget          *customer_search;
  GtkWidget          *customer_chosen;
  GtkSearchEntry     *customer_entry;
  GtkLabel           *customer_status;
  GtkWidget          *customer_scroller;
  GtkListView        *customer_list;
  GtkLabel           *chosen_name;
  GtkLabel           *chosen_contact;
  GtkWidget          *change_customer_button;
  GtkDropDown        *product_dropdown;
  GtkLabel           *product_hint;
  GtkEntry           *subject_entry;
  GtkTextView        *description_view;
  GtkDropDown        *priority_dropdown;
  GtkLabel           *missing_label;
  GtkLabel           *error_label;
};

G_DEFINE_FINAL_TYPE (FlNewCaseWindow, fl_new_case_window, ADW_TYPE_WINDOW)

enum {
  CASE_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_valid (FlNewCaseWindow *self);

/* --- products: the customer's own first ------------------------------------------ */

typedef struct
{
  char       *name;       /* the customer's, NULL if there is no such customer */
  char       *contact;
  GPtrArray  *items;      /* of FlRecordItem */
  guint       n_owned;
  GHashTable *versions;
} Products;

static void
products_free (gpointer data)
{
  Products *products = data;

  g_free (products->name);
  g_free (products->contact);
  g_clear_pointer (&products->items, g_ptr_array_unref);
  g_clear_pointer (&products->versions, g_hash_table_unref);
  g_free (products);
}

static GPtrArray *
query_ids (FlStore     *store,
           GType        type,
           const char  *customer_id,
           const char  *order,
           gboolean     ascending,
           GError     **error)
{
  g_autoptr(FlStoreQuery) query = fl_store_query_new (type);

  if (customer_id != NULL && !fl_store_query_where_text (query, "customer_id", customer_id, error))
    return NULL;
  if (!fl_store_query_order_by (query, order, ascending, error))
    return NULL;
  return fl_store_query_run (store, query, 0, G_MAXUINT, NULL, error);
}

static FlRecordItem *
product_item (FlProduct  *product,
              const char *subtitle)
{
  FlRecordItem *item = fl_record_item_new ();

  fl_record_item_fill (item, fl_entity_get_id (FL_ENTITY (product)), fl_product_get_name (product), subtitle);
  return item;
}

/* The customer's products, most recently bought first, each once; then every
 * other product by name. */
static gpointer
products_job (FlStore       *store,
              gpointer       job_data,
              GCancellable  *cancellable,
              GError       **error)
{
  const char *customer_id = job_data;
  Products *products = g_new0 (Products, 1);
  g_autoptr(GPtrArray) owned = NULL;
  g_autoptr(GPtrArray) all = NULL;

  products->items = g_ptr_array_new_with_free_func (g_object_unref);
  products->versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (customer_id != NULL)
    {
      g_autoptr(FlEntity) customer = fl_store_get (store, FL_TYPE_CUSTOMER, customer_id, NULL);

      if (customer != NULL)
        {
          const char * const *phones = fl_customer_get_phones (FL_CUSTOMER (customer));
          const char * const *emails = fl_customer_get_emails (FL_CUSTOMER (customer));
          const char *phone = phones != NULL ? phones[0] : NULL;
          const char *email = emails != NULL ? emails[0] : NULL;

          products->name = g_strdup (fl_customer_get_name (FL_CUSTOMER (customer)));
          if (phone != NULL && email != NULL)
            products->contact = g_strdup_printf ("%s · %s", phone, email);
          else
            products->contact = g_strdup (phone != NULL ? phone : email);
        }
      owned = query_ids (store, FL_TYPE_OWNERSHIP, customer_id, "purchased_at", FALSE, error);
      if (owned == NULL)
        {
          products_free (products);
          return NULL;
        }
    }
  for (guint i = 0; owned != NULL && i < owned->len; i++)
    {
      g_autoptr(FlEntity) ownership = fl_store_get (store, FL_TYPE_OWNERSHIP, g_ptr_array_index (owned, i), NULL);
      const char *product_id = ownership != NULL ? fl_ownership_get_product_id (FL_OWNERSHIP (ownership)) : NULL;
      const char *version = ownership != NULL ? fl_ownership_get_version (FL_OWNERSHIP (ownership)) : NULL;
      g_autoptr(FlEntity) product = NULL;
      g_autofree char *subtitle = NULL;

      if (product_id == NULL || g_hash_table_contains (products->versions, product_id))
        continue;
      product = fl_store_get (store, FL_TYPE_PRODUCT, product_id, NULL);
      if (product == NULL)
        continue;
      subtitle = version != NULL
        /* Translators: a product the customer owns, in the New Case product list */
        ? g_strdup_printf (_("Theirs · version %s"), version)
        : g_strdup (_("Theirs"));
      g_hash_table_insert (products->versions, g_strdup (product_id), g_strdup (version));
      g_ptr_array_add (products->items, product_item (FL_PRODUCT (product), subtitle));
    }
  products->n_owned = products->items->len;

  all = query_ids (store, FL_TYPE_PRODUCT, NULL, "name", TRUE, error);
  if (all == NULL)
    {
      products_free (products);
      return NULL;
    }
  for (guint i = 0; i < all->len; i++)
    {
      g_autoptr(FlEntity) product = NULL;

      if (g_hash_table_contains (products->versions, g_ptr_array_index (all, i)))
        continue;
      product = fl_store_get (store, FL_TYPE_PRODUCT, g_ptr_array_index (all, i), NULL);
      if (product != NULL)
        g_ptr_array_add (products->items, product_item (FL_PRODUCT (product), fl_product_get_line (FL_PRODUCT (product))));
    }
  return products;
}

static void
on_products (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FlNewCaseWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  Products *products = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);

  if (products == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_widget_set_sensitive (GTK_WIDGET (self->product_dropdown), TRUE);
          gtk_label_set_label (self->error_label, _("The products cannot be read from this computer’s copy."));
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
          g_debug ("Cannot read the products: %s", error->message);
        }
      return;
    }
  if (self->customer_id != NULL)
    {
      gtk_label_set_label (self->chosen_name, products->name != NULL ? products->name
                                                                     : _("This customer is not in the local copy"));
      gtk_label_set_label (self->chosen_contact, products->contact != NULL ? products->contact : "");
    }
  g_list_store_splice (self->products, 1, g_list_model_get_n_items (G_LIST_MODEL (self->products)) - 1,
                       products->items->pdata, products->items->len);
  g_clear_pointer (&self->versions, g_hash_table_unref);
  self->versions = g_hash_table_ref (products->versions);
  gtk_widget_set_sensitive (GTK_WIDGET (self->product_dropdown), TRUE);
  /* Most calls are about what the customer bought last: offer it, visibly. */
  gtk_drop_down_set_selected (self->product_dropdown, products->n_owned > 0 ? 1 : 0);
  if (self->customer_id == NULL)
    gtk_label_set_label (self->product_hint, _("Choose the customer first: their own products then come first, with the version they have."));
  else if (products->n_owned == 0)
    gtk_label_set_label (self->product_hint, _("This customer has no product on record: choose the one the call is about."));
  else
    gtk_label_set_label (self->product_hint, _("Their own products come first, with the version they have. Check it is the one the call is about."));
  products_free (products);
  update_valid (self);
}

static void
read_products (FlNewCaseWindow *self)
{
  g_cancellable_cancel (self->products_cancellable);
  g_clear_object (&self->products_cancellable);
  self->products_cancellable = g_cancellable_new ();
  /* Not a list that is about to change under the pointer. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->product_dropdown), FALSE);
  fl_store_pool_read_async (fl_sync_engine_get_pool (self->engine), products_job, g_strdup (self->customer_id),
                            g_free, products_free, self->products_cancellable, on_products, g_object_ref (self));
}

/* --- the customer --------------------------------------------------------------- */

static void
show_chosen (FlNewCaseWindow *self,
             gboolean         chosen)
{
  gtk_widget_set_visible (self->customer_search, !chosen);
  gtk_widget_set_visible (self->customer_chosen, chosen);
}

static void
choose_customer (FlNewCaseWindow *self,
                 const char      *customer_id,
                 const char      *name,
                 const char      *contact)
{
  g_free (self->customer_id);
  self->customer_id = g_strdup (customer_id);
  gtk_label_set_label (self->chosen_name, name != NULL ? name : "");
  gtk_label_set_label (self->chosen_contact, contact != NULL ? contact : "");
  show_chosen (self, TRUE);
  read_products (self);
  update_valid (self);
  if (gtk_entry_get_text_length (self->subject_entry) == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->subject_entry));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->product_dropdown));
}

static void
on_change_customer (FlNewCaseWindow *self)
{
  g_clear_pointer (&self->customer_id, g_free);
  show_chosen (self, FALSE);
  read_products (self);
  update_valid (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->customer_entry));
}

static void
pick_row (FlNewCaseWindow *self,
          guint            position)
{
  g_autoptr(FlRecordItem) item = g_list_model_get_item (G_LIST_MODEL (self->customers), position);

  if (item != NULL && fl_record_item_get_loaded (item))
    choose_customer (self, fl_record_item_get_id (item), fl_record_item_get_title (item),
                     fl_record_item_get_subtitle (item));
}

static void
on_customer_activate (FlNewCaseWindow *self,
                      guint            position)
{
  pick_row (self, position);
}

/* Enter picks the only match; with several, the list takes the keyboard. */
static void
on_customer_entry_activate (FlNewCaseWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->customers));

  if (fl_record_list_model_get_loading (self->customers) || !gtk_widget_get_visible (self->customer_scroller))
    return;
  if (n == 1)
    pick_row (self, 0);
  else if (n > 1)
    gtk_widget_child_focus (GTK_WIDGET (self->customer_list), GTK_DIR_TAB_FORWARD);
}

static char *
search_text (FlNewCaseWindow *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->customer_entry))));
}

static void
set_status (FlNewCaseWindow *self,
            const char      *text)
{
  gtk_label_set_label (self->customer_status, text);
}

static void
on_server_lookup (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FlNewCaseWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = fl_sync_engine_lookup_customers_finish (FL_SYNC_ENGINE (source), result, &error);
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  text = search_text (self);
  if (g_strcmp0 (text, self->asked_server) != 0)
    return;   /* typed on meanwhile: that search says what it found */
  if (ids == NULL)
    {
      g_debug ("Server lookup of %s: %s", text, error->message);
      message = g_strdup_printf (_("No customer with “%s” on this computer, and the server cannot be reached to look further. Check the number or address, or try their name."), text);
    }
  else if (ids->len == 0)
    message = g_strdup_printf (_("No customer has “%s”, here or on the server. Check the number or address, or try their name."), text);
  else
    {
      /* The engine copied them here: the same search now finds them. */
      set_status (self, _("Found on the server…"));
      fl_record_list_model_reload (self->customers);
      return;
    }
  set_status (self, message);
}

static gboolean
looks_like_contact (const char *text)
{
  return fl_search_is_phone (text) || strchr (text, '@') != NULL;
}

static void
on_customers_changed (FlNewCaseWindow *self)
{
  g_autofree char *text = search_text (self);
  g_autofree char *message = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->customers));

  if (text[0] == '\0' || fl_record_list_model_get_loading (self->customers))
    return;
  gtk_widget_set_visible (self->customer_scroller, n > 0);
  if (n > 0)
    {
      message = g_strdup_printf (ngettext ("%u customer matches. Pick the caller.",
                                           "%u customers match. Pick the caller.", n), n);
      set_status (self, message);
      return;
    }
  if (looks_like_contact (text) && g_strcmp0 (text, self->asked_server) != 0)
    {
      g_free (self->asked_server);
      self->asked_server = g_strdup (text);
      message = g_strdup_printf (_("No customer with “%s” on this computer; asking the server…"), text);
      set_status (self, message);
      fl_sync_engine_lookup_customers_async (self->engine, text, self->cancellable, on_server_lookup,
                                             g_object_ref (self));
      return;
    }
  if (g_strcmp0 (text, self->asked_server) == 0)
    return;   /* on_server_lookup has said it, or is still asking */
  message = g_strdup_printf (_("No customer matches “%s”. Check the spelling, or try their phone number or e-mail address."), text);
  set_status (self, message);
}

static void
on_customer_search_changed (FlNewCaseWindow *self)
{
  g_autofree char *text = search_text (self);

  if (text[0] == '\0')
    {
      gtk_widget_set_visible (self->customer_scroller, FALSE);
      set_status (self, _("Type the caller’s phone number, e-mail address or name, then pick them from the list."));
      return;
    }
  set_status (self, _("Looking…"));
  fl_record_list_model_set_search_text (self->customers, text);
}

static void
on_stop_search (FlNewCaseWindow *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* --- the form ------------------------------------------------------------------- */

static const char *
chosen_product_id (FlNewCaseWindow *self)
{
  FlRecordItem *item = gtk_drop_down_get_selected_item (self->product_dropdown);
  const char *id = item != NULL ? fl_record_item_get_id (item) : NULL;

  return id != NULL && id[0] != '\0' ? id : NULL;
}

static char *
subject_text (FlNewCaseWindow *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->subject_entry))));
}

static void
update_valid (FlNewCaseWindow *self)
{
  g_autofree char *subject = subject_text (self);
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();

  if (self->customer_id == NULL)
    g_ptr_array_add (missing, _("customer"));
  if (chosen_product_id (self) == NULL)
    g_ptr_array_add (missing, _("product"));
  if (subject[0] == '\0')
    g_ptr_array_add (missing, _("subject"));
  g_ptr_array_add (missing, NULL);
  gtk_widget_set_sensitive (self->create_button, missing->len == 1 && !self->creating);
  if (missing->len > 1)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) missing->pdata);
      /* Translators: %s lists what is missing, e.g. "product, subject" */
      g_autofree char *text = g_strdup_printf (_("Still needed to create the case: %s."), list);

      gtk_label_set_label (self->missing_label, text);
    }
  else
    gtk_label_set_label (self->missing_label, _("Ready. Create adds the case to the team queue."));
}

static char *
description_text (FlNewCaseWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static void
on_case_created (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlNewCaseWindow *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  self->creating = FALSE;
  if (!fl_sync_engine_change_finish (FL_SYNC_ENGINE (source), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The case could not be saved on this computer. Try again; if it keeps failing, tell your team lead.\n(%s)"),
                                               error->message);

      gtk_label_set_label (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      update_valid (self);
      return;
    }
  g_signal_emit (self, signals[CASE_CREATED], 0, g_task_get_task_data (task));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_create_clicked (FlNewCaseWindow *self)
{
  g_autofree char *subject = subject_text (self);
  g_autofree char *description = description_text (self);
  g_autofree char *id = fl_id_new ();
  g_autoptr(FlCase) the_case = NULL;
  const char *product_id = chosen_product_id (self);
  GTask *task;

  if (!fl_new_case_window_get_valid (self) || self->creating)
    return;
  the_case = fl_case_new ();
  /* Chosen here so the window can open the case once the outbox has it. */
  fl_entity_set_id (FL_ENTITY (the_case), id);
  fl_case_set_customer_id (the_case, self->customer_id);
  fl_case_set_product_id (the_case, product_id);
  if (self->versions != NULL)
    fl_case_set_product_version (the_case, g_hash_table_lookup (self->versions, product_id));
  fl_case_set_subject (the_case, subject);
  if (description[0] != '\0')
    fl_case_set_description (the_case, description);
  /* A new case waits in the team queue, unassigned, for whoever takes it;
   * the server records who created it. */
  fl_case_set_status (the_case, FL_CASE_STATUS_NEW);
  fl_case_set_tier (the_case, FL_CASE_TIER_TIER1);
  fl_case_set_priority (the_case, (FlCasePriority) gtk_drop_down_get_selected (self->priority_dropdown));

  self->creating = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update_valid (self);
  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_task_data (task, g_steal_pointer (&id), g_free);
  fl_sync_engine_create_async (self->engine, FL_ENTITY (the_case), NULL, on_case_created, task);
}

/* --- the class ------------------------------------------------------------------ */

static void
fl_new_case_window_dispose (GObject *object)
{
  FlNewCaseWindow *self = FL_NEW_CASE_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->products_cancellable);
  g_clear_object (&self->products_cancellable);
  if (self->customers != NULL)
    g_signal_handlers_disconnect_by_data (self->customers, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_NEW_CASE_WINDOW);
  g_clear_object (&self->customers);
  g_clear_object (&self->products);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->versions, g_hash_table_unref);

  G_OBJECT_CLASS (fl_new_case_window_parent_class)->dispose (object);
}

static void
fl_new_case_window_finalize (GObject *object)
{
  FlNewCaseWindow *self = FL_NEW_CASE_WINDOW (object);

  g_clear_pointer (&self->customer_id, g_free);
  g_clear_pointer (&self->asked_server, g_free);

  G_OBJECT_CLASS (fl_new_case_window_parent_class)->finalize (object);
}

static void
fl_new_case_window_class_init (FlNewCaseWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_new_case_window_dispose;
  object_class->finalize = fl_new_case_window_finalize;

  signals[CASE_CREATED] = g_signal_new ("case-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/frontlinedesk/Frontline/fl-new-case-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FlNewCaseWindow, create_button);
  gtk_widget_class_bind_template_child (widget_class, FlNewCaseWindow, customer_search);
  gtk_widget_class_bind_template_child (widget_class, FlNewCaseWindow, customer_chosen);
  gtk_widget_class_bind_template_child (widget_class, FlNewCaseWindow, customer_entry);
  gtk_widget_class_bind_template_child (widget_class, FlNewCaseWindow, customer_status);
  gtk_widget_class_bind_template_child (widget_class, FlNewCaseWindow, customer_scroller);
  gtk_widget_class_bind_template_child (widget_class, FlNewCaseWindow, customer_list);
  gtk_widget_class_bind_template_child (widget_class, FlNewCaseWindow, chosen_name);
  gtk_widget_class_bind_template_child (widget_class, FlNewCaseWindow, chosen_contact);
  gtk_widget_class_bind_template_child (widget_class, FlNewCaseWindow, change_customer_button);
  gtk_widget_class_bind_template_child (widget_class, FlNewCaseWindow, product_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FlNewCaseWindow, product_hint);
  gtk_widget_class_bind_template_child (widget_class, FlNewCaseWindow, subject_entry);
  gtk_widget_class_bind_template_child (widget_class, FlNewCaseWindow, description_view);
  gtk_widget_class_bind_template_child (widget_class, FlNewCaseWindow, priority_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FlNewCaseWindow, missing_label);
  gtk_widget_class_bind_template_child (widget_class, FlNewCaseWindow, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_customer_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_customer_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_customer_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_change_customer);
  gtk_widget_class_bind_template_callback (widget_class, on_create_clicked);
  gtk_widget_class_bind_template_callback (widget_class, update_valid);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fl_new_case_window_init (FlNewCaseWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkStringList) priorities = gtk_string_list_new (NULL);
  g_autoptr(FlRecordItem) choose = fl_record_item_new ();
  g_autoptr(GtkExpression) title = gtk_property_expression_new (FL_TYPE_RECORD_ITEM, NULL, "title");

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  factory = fl_record_row_factory_new ();
  gtk_list_view_set_factory (self->customer_list, factory);

  /* The first row stands for "none yet", so nothing is chosen by accident. */
  self->products = g_list_store_new (FL_TYPE_RECORD_ITEM);
  fl_record_item_fill (choose, "", _("Choose a product"), _("Required"));
  g_list_store_append (self->products, choose);
  gtk_drop_down_set_factory (self->product_dropdown, factory);
  gtk_drop_down_set_expression (self->product_dropdown, title);
  gtk_drop_down_set_model (self->product_dropdown, G_LIST_MODEL (self->products));

  for (int p = FL_CASE_PRIORITY_LOW; p <= FL_CASE_PRIORITY_URGENT; p++)
    gtk_string_list_append (priorities, fl_label_case_priority (p));
  gtk_drop_down_set_model (self->priority_dropdown, G_LIST_MODEL (priorities));
  gtk_drop_down_set_selected (self->priority_dropdown, FL_CASE_PRIORITY_NORMAL);
  update_valid (self);
}

FlNewCaseWindow *
fl_new_case_window_new (GtkWindow    *parent,
                        FlSyncEngine *engine)
{
  FlNewCaseWindow *self;
  g_autoptr(GtkSelectionModel) selection = NULL;
  int width, height;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FL_IS_SYNC_ENGINE (engine), NULL);

  self = g_object_new (FL_TYPE_NEW_CASE_WINDOW, "transient-for", parent, NULL);
  self->engine = g_object_ref (engine);
  self->customers = fl_record_list_model_new (fl_sync_engine_get_pool (engine));
  fl_record_list_model_set_query (self->customers, FL_RECORD_LIST_CUSTOMERS, 0, NULL, NULL);
  g_signal_connect_swapped (self->customers, "notify::n-items", G_CALLBACK (on_customers_changed), self);
  g_signal_connect_swapped (self->customers, "notify::loading", G_CALLBACK (on_customers_changed), self);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->customers))));
  gtk_list_view_set_model (self->customer_list, selection);
  read_products (self);

  /* Never wider or taller than the window it belongs to: on a 360 pixel
   * screen it covers it instead of spilling over. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (parent != NULL && gtk_widget_get_width (GTK_WIDGET (parent)) > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), MIN (width, gtk_widget_get_width (GTK_WIDGET (parent))),
                                 MIN (height, gtk_widget_get_height (GTK_WIDGET (parent))));
  return self;
}

void
fl_new_case_window_set_customer (FlNewCaseWindow *self,
                                 const char      *customer_id)
{
  g_return_if_fail (FL_IS_NEW_CASE_WINDOW (self));
  g_return_if_fail (customer_id != NULL);

  /* The name and contact arrive with the products. */
  choose_customer (self, customer_id, NULL, NULL);
}

void
fl_new_case_window_set_subject (FlNewCaseWindow *self,
                                const char      *subject)
{
  g_return_if_fail (FL_IS_NEW_CASE_WINDOW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->subject_entry), subject != NULL ? subject : "");
  if (self->customer_id != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->subject_entry));
}

gboolean
fl_new_case_window_get_valid (FlNewCaseWindow *self)
{
  g_autofree char *subject = NULL;

  g_return_val_if_fail (FL_IS_NEW_CASE_WINDOW (self), FALSE);

  subject = subject_text (self);
  return self->customer_id != NULL && chosen_product_id (self) != NULL && subject[0] != '\0';
}

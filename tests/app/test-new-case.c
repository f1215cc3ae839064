/* test-new-case.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlNewCaseWindow against the demo data: a local copy opened by a real sync
 * engine with no server (the case waits in the outbox), and a desktop signed
 * in to the real frontline-server with a 90-day copy, whose picker asks the
 * server for a caller the copy does not have and whose case arrives there
 * once, with its product, after a push.
 */
#define G_LOG_DOMAIN "Frontline-Test"

#include "config.h"

#include <gtk/gtk.h>

#include "app-test-util.h"
#include "fl-app-resources.h"
#include "fl-new-case-window.h"
#include "fl-record-item.h"
#include "fl-store-query.h"
#include "fl-test-util.h"
#include "sync-fixture.h"

#define WAIT_FOR FL_TEST_WAIT_FOR

typedef struct
{
  AppFixture       app;
  FlNewCaseWindow *window;
  char            *created_id;
  guint            n_created;
} Fixture;

static void
on_case_created (FlNewCaseWindow *window,
                 const char      *case_id,
                 Fixture         *fixture)
{
  g_free (fixture->created_id);
  fixture->created_id = g_strdup (case_id);
  fixture->n_created++;
}

static FlNewCaseWindow *
open_window (Fixture      *fixture,
             FlSyncEngine *engine)
{
  FlNewCaseWindow *window = fl_new_case_window_new (NULL, engine);

  g_signal_connect (window, "case-created", G_CALLBACK (on_case_created), fixture);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  app_fixture_set_up (&fixture->app);
  fixture->window = open_window (fixture, fixture->app.engine);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  /* Let the pool's answers to a closed window land before the engine goes. */
  WAIT_FOR (fixture->window == NULL);
  for (int i = 0; i < 50 && g_main_context_iteration (NULL, FALSE); i++)
    ;
  g_free (fixture->created_id);
  app_fixture_tear_down (&fixture->app);
}

static gpointer
child (FlNewCaseWindow *window,
       const char      *id)
{
  gpointer widget = gtk_widget_get_template_child (GTK_WIDGET (window), FL_TYPE_NEW_CASE_WINDOW, id);

  g_assert_nonnull (widget);
  return widget;
}

/* As a pointer does: "activate" would wait for the button to be seen pressed. */
static void
click (FlNewCaseWindow *window,
       const char      *button)
{
  g_signal_emit_by_name (child (window, button), "clicked");
}

static GListModel *
customers (FlNewCaseWindow *window)
{
  return G_LIST_MODEL (gtk_list_view_get_model (child (window, "customer_list")));
}

/* The row of @customer_id among the picker's matches, or -1. */
static int
match_position (FlNewCaseWindow *window,
                const char      *customer_id)
{
  GListModel *model = customers (window);

  if (!gtk_widget_get_visible (child (window, "customer_scroller")))
    return -1;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FlRecordItem) item = g_list_model_get_item (model, i);

      if (fl_record_item_get_loaded (item) && g_strcmp0 (fl_record_item_get_id (item), customer_id) == 0)
        return (int) i;
    }
  return -1;
}

static const char *
status_text (FlNewCaseWindow *window)
{
  return gtk_label_get_label (child (window, "customer_status"));
}

/* Types @text in the picker and waits until @customer_id is among the matches. */
static guint
find_customer (FlNewCaseWindow *window,
               const char      *text,
               const char      *customer_id)
{
  gtk_editable_set_text (child (window, "customer_entry"), text);
  WAIT_FOR (match_position (window, customer_id) >= 0);
  return (guint) match_position (window, customer_id);
}

/* A fresh search for the showcase customer. */
static void
finds_showcase (Fixture    *fixture,
                const char *text)
{
  gtk_editable_set_text (child (fixture->window, "customer_entry"), "");
  find_customer (fixture->window, text, fixture->app.customer_id);
}

static void
pick_customer (FlNewCaseWindow *window,
               const char      *text,
               const char      *customer_id)
{
  guint position = find_customer (window, text, customer_id);

  g_signal_emit_by_name (child (window, "customer_list"), "activate", position);
  g_assert_true (gtk_widget_get_visible (child (window, "customer_chosen")));
  g_assert_false (gtk_widget_get_visible (child (window, "customer_search")));
}

static FlCustomer *
showcase_customer (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  FlEntity *customer = fl_store_get (fixture->app.store, FL_TYPE_CUSTOMER, fixture->app.customer_id, &error);

  g_assert_no_error (error);
  return FL_CUSTOMER (customer);
}

static GListModel *
products (FlNewCaseWindow *window)
{
  return gtk_drop_down_get_model (child (window, "product_dropdown"));
}

/* The ids of the products @customer_id owns, most recently bought first, once each. */
static GPtrArray *
owned_products (FlStore    *store,
                const char *customer_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlStoreQuery) query = fl_store_query_new (FL_TYPE_OWNERSHIP);
  g_autoptr(GPtrArray) ids = NULL;
  GPtrArray *owned = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (fl_store_query_where_text (query, "customer_id", customer_id, &error));
  g_assert_true (fl_store_query_order_by (query, "purchased_at", FALSE, &error));
  ids = fl_store_query_run (store, query, 0, G_MAXUINT, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(FlEntity) ownership = fl_store_get (store, FL_TYPE_OWNERSHIP, g_ptr_array_index (ids, i), &error);
      const char *product_id;

      g_assert_no_error (error);
      product_id = fl_ownership_get_product_id (FL_OWNERSHIP (ownership));
      if (!g_ptr_array_find_with_equal_func (owned, product_id, g_str_equal, NULL))
        g_ptr_array_add (owned, g_strdup (product_id));
    }
  return owned;
}

/* The product list is there for the customer chosen (or for nobody yet). */
static gboolean
products_ready (FlNewCaseWindow *window)
{
  return gtk_widget_get_sensitive (child (window, "product_dropdown"))
         && g_list_model_get_n_items (products (window)) > 1;
}

static const char *
product_id_at (FlNewCaseWindow *window,
               guint            position)
{
  g_autoptr(FlRecordItem) item = g_list_model_get_item (products (window), position);

  return fl_record_item_get_id (item);
}

/* --- the picker ----------------------------------------------------------------- */

static void
test_picker_finds_the_customer_by_phone (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autoptr(FlCustomer) customer = showcase_customer (fixture);
  const char *phone = fl_customer_get_phones (customer)[0];
  g_autoptr(GString) digits = g_string_new (NULL);

  finds_showcase (fixture, phone);
  /* As a caller ID gives it: digits only, however the record writes it. */
  for (const char *p = phone; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  finds_showcase (fixture, digits->str);
  g_assert_nonnull (strstr (status_text (fixture->window), "match"));
}

static void
test_picker_finds_the_customer_by_email (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autoptr(FlCustomer) customer = showcase_customer (fixture);
  const char *email = fl_customer_get_emails (customer)[0];
  g_autofree char *start = g_strndup (email, strcspn (email, "@"));

  finds_showcase (fixture, email);
  /* The start of the address, as an agent types it. */
  finds_showcase (fixture, start);
}

static void
test_picker_finds_the_customer_by_part_of_the_name (Fixture       *fixture,
                                                    gconstpointer  data)
{
  g_autoptr(FlCustomer) customer = showcase_customer (fixture);
  g_auto(GStrv) words = g_strsplit (fl_customer_get_name (customer), " ", -1);
  guint n = g_strv_length (words);
  g_autofree char *surname_start = g_utf8_substring (words[n - 1], 0, 4);
  g_autofree char *both = g_strdup_printf ("%s %s", words[0], surname_start);

  g_assert_cmpuint (n, >=, 2);
  finds_showcase (fixture, surname_start);
  finds_showcase (fixture, both);
}

static void
test_picker_says_when_nobody_matches (Fixture       *fixture,
                                      gconstpointer  data)
{
  /* A number nobody has: the picker asks the server, which this desktop
   * is not signed in to, and says so in words. */
  gtk_editable_set_text (child (fixture->window, "customer_entry"), "+1 555 0000 999");
  WAIT_FOR (strstr (status_text (fixture->window), "server cannot be reached") != NULL);
  g_assert_false (gtk_widget_get_visible (child (fixture->window, "customer_scroller")));

  gtk_editable_set_text (child (fixture->window, "customer_entry"), "Zzyzxqwv");
  WAIT_FOR (strstr (status_text (fixture->window), "No customer matches “Zzyzxqwv”") != NULL);
  g_assert_false (fl_new_case_window_get_valid (fixture->window));
}

/* --- the product list ----------------------------------------------------------- */

static void
test_products_put_the_customers_own_first (Fixture       *fixture,
                                           gconstpointer  data)
{
  g_autoptr(FlCustomer) customer = showcase_customer (fixture);
  g_autoptr(GPtrArray) owned = owned_products (fixture->app.store, fixture->app.customer_id);
  gint64 n_products = fl_store_count (fixture->app.store, FL_TYPE_PRODUCT, NULL);

  g_assert_cmpuint (owned->len, >, 0);
  pick_customer (fixture->window, fl_customer_get_phones (customer)[0], fixture->app.customer_id);
  /* "Choose a product", then every product once. */
  WAIT_FOR (g_list_model_get_n_items (products (fixture->window)) == (guint) n_products + 1
            && g_strcmp0 (product_id_at (fixture->window, 1), g_ptr_array_index (owned, 0)) == 0);
  g_assert_cmpstr (product_id_at (fixture->window, 0), ==, "");
  for (guint i = 0; i < owned->len; i++)
    {
      g_autoptr(FlRecordItem) item = g_list_model_get_item (products (fixture->window), i + 1);

      g_assert_cmpstr (fl_record_item_get_id (item), ==, g_ptr_array_index (owned, i));
      g_assert_true (g_str_has_prefix (fl_record_item_get_subtitle (item), "Theirs"));
    }
  for (guint i = owned->len + 1; i < g_list_model_get_n_items (products (fixture->window)); i++)
    g_assert_false (g_ptr_array_find_with_equal_func (owned, product_id_at (fixture->window, i), g_str_equal, NULL));
  /* What they bought last is offered, visibly. */
  g_assert_cmpuint (gtk_drop_down_get_selected (child (fixture->window, "product_dropdown")), ==, 1);
  g_assert_cmpstr (gtk_label_get_label (child (fixture->window, "chosen_name")), ==, fl_customer_get_name (customer));

  /* Changing the customer forgets their products. */
  click (fixture->window, "change_customer_button");
  WAIT_FOR (products_ready (fixture->window));
  g_assert_cmpuint (g_list_model_get_n_items (products (fixture->window)), ==, (guint) n_products + 1);
  for (guint i = 1; i <= owned->len; i++)
    {
      g_autoptr(FlRecordItem) item = g_list_model_get_item (products (fixture->window), i);

      g_assert_false (g_str_has_prefix (fl_record_item_get_subtitle (item), "Theirs"));
    }
  g_assert_cmpuint (gtk_drop_down_get_selected (child (fixture->window, "product_dropdown")), ==, 0);
  g_assert_false (fl_new_case_window_get_valid (fixture->window));
}

/* --- creating ------------------------------------------------------------------- */

static gboolean
create_sensitive (FlNewCaseWindow *window)
{
  return gtk_widget_get_sensitive (child (window, "create_button"));
}

static void
test_create_is_off_until_the_case_is_valid (Fixture       *fixture,
                                            gconstpointer  data)
{
  g_autoptr(FlCustomer) customer = showcase_customer (fixture);
  GtkDropDown *product = child (fixture->window, "product_dropdown");
  GtkLabel *missing = child (fixture->window, "missing_label");

  g_assert_false (create_sensitive (fixture->window));
  g_assert_nonnull (strstr (gtk_label_get_label (missing), "case: customer, product, subject."));

  /* A subject alone is not a case. */
  gtk_editable_set_text (child (fixture->window, "subject_entry"), "Screen flickers");
  g_assert_false (create_sensitive (fixture->window));

  pick_customer (fixture->window, fl_customer_get_emails (customer)[0], fixture->app.customer_id);
  WAIT_FOR (products_ready (fixture->window));
  g_assert_cmpuint (gtk_drop_down_get_selected (product), ==, 1);
  g_assert_true (create_sensitive (fixture->window));
  g_assert_true (fl_new_case_window_get_valid (fixture->window));
  g_assert_nonnull (strstr (gtk_label_get_label (missing), "Ready"));

  /* No product. */
  gtk_drop_down_set_selected (product, 0);
  g_assert_false (create_sensitive (fixture->window));
  g_assert_nonnull (strstr (gtk_label_get_label (missing), ": product."));
  gtk_drop_down_set_selected (product, 2);
  g_assert_true (create_sensitive (fixture->window));

  /* A subject of spaces is no subject. */
  gtk_editable_set_text (child (fixture->window, "subject_entry"), "   ");
  g_assert_false (create_sensitive (fixture->window));
  g_assert_nonnull (strstr (gtk_label_get_label (missing), ": subject."));

  /* Nor is a case without its customer. */
  gtk_editable_set_text (child (fixture->window, "subject_entry"), "Screen flickers");
  click (fixture->window, "change_customer_button");
  g_assert_false (create_sensitive (fixture->window));
  g_assert_nonnull (strstr (gtk_label_get_label (missing), ": customer."));
}

static gint64
count_cases (FlStore    *store,
             const char *customer_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlStoreQuery) query = fl_store_query_new (FL_TYPE_CASE);
  g_autoptr(GPtrArray) ids = NULL;
  gint64 total = -1;

  g_assert_true (fl_store_query_where_text (query, "customer_id", customer_id, &error));
  ids = fl_store_query_run (store, query, 0, 1, &total, &error);
  g_assert_no_error (error);
  return total;
}

/* Fills in the form for @customer_id (found by @text) with the product at
 * @product_position, and presses Create. Returns the chosen product's id. */
static char *
fill_in_and_create (Fixture         *fixture,
                    FlNewCaseWindow *window,
                    const char      *text,
                    const char      *customer_id,
                    guint            product_position,
                    const char      *subject)
{
  GtkDropDown *product = child (window, "product_dropdown");
  GtkTextBuffer *description = gtk_text_view_get_buffer (child (window, "description_view"));
  char *product_id;

  pick_customer (window, text, customer_id);
  WAIT_FOR (products_ready (window));
  gtk_drop_down_set_selected (product, product_position);
  product_id = g_strdup (product_id_at (window, product_position));
  gtk_editable_set_text (child (window, "subject_entry"), subject);
  gtk_text_buffer_set_text (description, "It started after the update.\nRestarting does not help.", -1);
  gtk_drop_down_set_selected (child (window, "priority_dropdown"), FL_CASE_PRIORITY_HIGH);
  g_assert_true (create_sensitive (window));
  click (window, "create_button");
  /* One press makes one case, however impatient the agent is. */
  g_assert_false (create_sensitive (window));
  click (window, "create_button");
  WAIT_FOR (fixture->n_created > 0);
  return product_id;
}

static void
test_create_queues_one_case (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(FlCustomer) customer = showcase_customer (fixture);
  g_autoptr(GPtrArray) owned = owned_products (fixture->app.store, fixture->app.customer_id);
  g_autoptr(GError) error = NULL;
  g_autoptr(FlEntity) created = NULL;
  g_autoptr(FlEntity) ownership_product = NULL;
  g_autofree char *product_id = NULL;
  gint64 before = count_cases (fixture->app.store, fixture->app.customer_id);
  gint64 pending = fl_sync_engine_get_pending (fixture->app.engine);
  FlCase *the_case;

  product_id = fill_in_and_create (fixture, fixture->window, fl_customer_get_name (customer),
                                   fixture->app.customer_id, 1, "Second monitor stays black");
  g_assert_cmpuint (fixture->n_created, ==, 1);
  WAIT_FOR (fixture->window == NULL);   /* it closes itself */

  g_assert_cmpint (count_cases (fixture->app.store, fixture->app.customer_id), ==, before + 1);
  created = fl_store_get (fixture->app.store, FL_TYPE_CASE, fixture->created_id, &error);
  g_assert_no_error (error);
  the_case = FL_CASE (created);
  g_assert_cmpstr (fl_case_get_customer_id (the_case), ==, fixture->app.customer_id);
  g_assert_cmpstr (fl_case_get_product_id (the_case), ==, g_ptr_array_index (owned, 0));
  g_assert_cmpstr (fl_case_get_product_id (the_case), ==, product_id);
  g_assert_nonnull (fl_case_get_product_version (the_case));
  g_assert_cmpstr (fl_case_get_subject (the_case), ==, "Second monitor stays black");
  g_assert_cmpstr (fl_case_get_description (the_case), ==, "It started after the update.\nRestarting does not help.");
  g_assert_cmpint (fl_case_get_priority (the_case), ==, FL_CASE_PRIORITY_HIGH);
  g_assert_cmpint (fl_case_get_status (the_case), ==, FL_CASE_STATUS_NEW);
  g_assert_cmpint (fl_case_get_tier (the_case), ==, FL_CASE_TIER_TIER1);
  g_assert_null (fl_case_get_assignee_id (the_case));
  g_assert_cmpint (fl_entity_get_created_at (created), >, 0);
  /* Offline: exactly one change waits for the server. */
  g_assert_cmpint (fl_sync_engine_get_pending (fixture->app.engine), ==, pending + 1);
}

static void
test_escape_cancels (Fixture       *fixture,
                     gconstpointer  data)
{
  gint64 pending = fl_sync_engine_get_pending (fixture->app.engine);

  gtk_editable_set_text (child (fixture->window, "subject_entry"), "Never mind");
  /* Escape in the picker, where the window opens with the focus. */
  g_signal_emit_by_name (child (fixture->window, "customer_entry"), "stop-search");
  WAIT_FOR (fixture->window == NULL);
  g_assert_cmpuint (fixture->n_created, ==, 0);
  g_assert_cmpint (fl_sync_engine_get_pending (fixture->app.engine), ==, pending);
}

/* On a 360 pixel wide console, the form is no wider. */
static void
test_fits_a_narrow_window (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *parent = gtk_window_new ();
  FlNewCaseWindow *window;
  int width = 0, height = 0;

  gtk_window_set_default_size (GTK_WINDOW (parent), 360, 720);
  gtk_window_present (GTK_WINDOW (parent));
  WAIT_FOR (gtk_widget_get_width (parent) > 0);
  window = fl_new_case_window_new (GTK_WINDOW (parent), fixture->app.engine);
  /* With the customer chosen: the hidden picker's wrapped words must not
   * widen it either. */
  fl_new_case_window_set_customer (window, fixture->app.customer_id);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (window)) > 0 && products_ready (window));
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, <=, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &width, NULL, NULL, NULL);
  g_assert_cmpint (width, <=, 360);
  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (parent));
}

/* --- with the real server ----------------------------------------------------------- */

typedef struct
{
  SyncFixture  sync;
  Fixture      ui;
  FlSyncEngine *desktop;
  FlStore      *copy;
} ServerFixture;

static void
server_set_up (ServerFixture *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  sync_fixture_setup (&fixture->sync, NULL);
  fixture->desktop = sync_fixture_desktop (&fixture->sync, "desk", "agent");
  fl_sync_engine_set_scope_days (fixture->desktop, 90);
  g_assert_true (sync_run_sync (fixture->desktop, NULL, &error));
  g_assert_no_error (error);
  fixture->copy = sync_fixture_open_copy (fixture->desktop);
  fixture->ui.window = open_window (&fixture->ui, fixture->desktop);
  g_object_add_weak_pointer (G_OBJECT (fixture->ui.window), (gpointer *) &fixture->ui.window);
}

static void
server_tear_down (ServerFixture *fixture,
                  gconstpointer  data)
{
  if (fixture->ui.window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->ui.window));
  WAIT_FOR (fixture->ui.window == NULL);
  for (int i = 0; i < 50 && g_main_context_iteration (NULL, FALSE); i++)
    ;
  g_free (fixture->ui.created_id);
  g_clear_object (&fixture->copy);
  g_clear_object (&fixture->desktop);
  sync_fixture_teardown (&fixture->sync, NULL);
}

/* A customer on the server with a phone number the 90-day copy does not have. */
static char *
customer_outside_the_copy (ServerFixture  *fixture,
                           char          **phone)
{
  g_autoptr(JsonObject) page = fl_test_server_call_okf (fixture->sync.server, fixture->sync.lead, "Customer/query",
                                                        "{\"limit\": 1000}");
  JsonArray *ids = json_object_get_array_member (page, "ids");

  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      const char *id = json_array_get_string_element (ids, i);
      g_autoptr(FlEntity) local = fl_store_get (fixture->copy, FL_TYPE_CUSTOMER, id, NULL);
      g_autoptr(JsonObject) record = NULL;
      JsonArray *phones;

      if (local != NULL)
        continue;
      record = fl_test_server_get_record (fixture->sync.server, fixture->sync.lead, "Customer", id);
      phones = json_object_has_member (record, "phones") && !json_object_get_null_member (record, "phones")
        ? json_object_get_array_member (record, "phones") : NULL;
      if (phones != NULL && json_array_get_length (phones) > 0)
        {
          *phone = g_strdup (json_array_get_string_element (phones, 0));
          return g_strdup (id);
        }
    }
  g_assert_not_reached ();
}

static void
test_server_finds_a_caller_the_copy_lacks_and_gets_the_case_once (ServerFixture *fixture,
                                                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *customer_id = customer_outside_the_copy (fixture, &phone);
  g_autofree char *product_id = NULL;
  g_autoptr(JsonObject) found = NULL;
  g_autoptr(JsonObject) got = NULL;
  g_autoptr(JsonNode) ids_node = NULL;
  g_autofree char *ids_text = NULL;
  JsonArray *list;
  guint n_same = 0;

  /* Nobody here has the number: the picker asks the server, which copies
   * the customer into the local copy, and the same search then finds them. */
  product_id = fill_in_and_create (&fixture->ui, fixture->ui.window, phone, customer_id, 1,
                                   "Cannot sign in to the companion app");
  g_assert_true (sync_copy_has (fixture->copy, FL_TYPE_CUSTOMER, customer_id));
  g_assert_cmpuint (fixture->ui.n_created, ==, 1);

  g_assert_true (sync_run_push (fixture->desktop, &error));
  g_assert_no_error (error);
  g_assert_true (sync_run_push (fixture->desktop, &error));   /* again: nothing twice */
  g_assert_no_error (error);
  found = fl_test_server_call_okf (fixture->sync.server, fixture->sync.lead, "Case/query",
                                   "{\"filter\": {\"customerId\": \"%s\"}, \"limit\": 1000}", customer_id);
  ids_node = json_node_init_array (json_node_alloc (), json_object_get_array_member (found, "ids"));
  ids_text = json_to_string (ids_node, FALSE);
  got = fl_test_server_call_okf (fixture->sync.server, fixture->sync.lead, "Case/get",
                                 "{\"ids\": %s, \"properties\": [\"subject\", \"productId\", \"priority\", \"status\"]}",
                                 ids_text);
  list = json_object_get_array_member (got, "list");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *record = json_array_get_object_element (list, i);

      if (g_strcmp0 (json_object_get_string_member (record, "subject"), "Cannot sign in to the companion app") != 0)
        continue;
      n_same++;
      g_assert_cmpstr (json_object_get_string_member (record, "id"), ==, fixture->ui.created_id);
      g_assert_cmpstr (json_object_get_string_member (record, "productId"), ==, product_id);
      g_assert_cmpstr (json_object_get_string_member (record, "priority"), ==, "high");
      g_assert_cmpstr (json_object_get_string_member (record, "status"), ==, "new");
    }
  g_assert_cmpuint (n_same, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  /* Naming the resource links in its object file, whose constructor registers it. */
  g_assert_nonnull (fl_app_get_resource ());

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/app/new-case/picker-finds-the-customer-by-phone", test_picker_finds_the_customer_by_phone);
  ADD ("/app/new-case/picker-finds-the-customer-by-email", test_picker_finds_the_customer_by_email);
  ADD ("/app/new-case/picker-finds-the-customer-by-part-of-the-name",
       test_picker_finds_the_customer_by_part_of_the_name);
  ADD ("/app/new-case/picker-says-when-nobody-matches", test_picker_says_when_nobody_matches);
  ADD ("/app/new-case/products-put-the-customers-own-first", test_products_put_the_customers_own_first);
  ADD ("/app/new-case/create-is-off-until-the-case-is-valid", test_create_is_off_until_the_case_is_valid);
  ADD ("/app/new-case/create-queues-one-case", test_create_queues_one_case);
  ADD ("/app/new-case/escape-cancels", test_escape_cancels);
  ADD ("/app/new-case/fits-a-narrow-window", test_fits_a_narrow_window);
#undef ADD
  g_test_add ("/app/new-case/server/finds-a-caller-the-copy-lacks-and-gets-the-case-once", ServerFixture, NULL,
              server_set_up, test_server_finds_a_caller_the_copy_lacks_and_gets_the_case_once,
              server_tear_down);

  return g_test_run ();
}

/* test-history.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A customer's timeline (order, paging, filters) and the case queue.
 */
#include "config.h"

#include "store-fixture.h"

typedef struct
{
  StoreFixture  base;
  FlCustomer   *customer;
  FlCustomer   *other;
  guint         n_events;
} HistoryFixture;

/* 40 cases with 12 interactions each, 5 purchases and 6 offer outcomes, with many
 * events sharing a timestamp (ties must page correctly too), plus another
 * customer whose events must never show up. */
static void
history_fixture_setup (HistoryFixture *fixture,
                       gconstpointer   data)
{
  FlStore *store;
  g_autoptr(FlProduct) product = NULL;
  g_autoptr(FlOffer) offer = NULL;
  g_autoptr(GError) error = NULL;

  store_fixture_setup (&fixture->base, data);
  store = fixture->base.store;
  fixture->customer = make_customer (store, "Long History", NULL, "+1 555 0100");
  fixture->other = make_customer (store, "Someone Else", NULL, NULL);
  product = make_product (store, "Aurora 27", "Monitors", "2.4");

  offer = fl_offer_new ();
  fl_offer_set_product_id (offer, fl_entity_get_id (FL_ENTITY (product)));
  fl_offer_set_title (offer, "Extended warranty");
  g_assert_true (fl_store_put (store, FL_ENTITY (offer), 0, &error));

  g_assert_true (fl_store_begin (store, &error));
  for (guint c = 0; c < 40; c++)
    {
      g_autoptr(FlCase) the_case = make_case (store, fixture->customer, product, "2.1",
                                              "Case", test_time (c * 10));
      g_autoptr(FlCase) noise = make_case (store, fixture->other, product, "2.1",
                                           "Noise", test_time (c * 10));

      fixture->n_events++;
      for (guint i = 0; i < 12; i++)
        {
          /* Pairs of interactions share a time. */
          g_autoptr(FlInteraction) interaction =
            make_interaction (store, the_case, FL_INTERACTION_KIND_NOTE, "note",
                              test_time (c * 10 + (i / 2) * 0.5));
          g_autoptr(FlInteraction) more =
            make_interaction (store, noise, FL_INTERACTION_KIND_CALL, "noise", test_time (c));

          fixture->n_events++;
        }

      if (c % 7 == 0)
        {
          g_autoptr(FlOfferOutcome) outcome = fl_offer_outcome_new ();

          fl_offer_outcome_set_case_id (outcome, fl_entity_get_id (FL_ENTITY (the_case)));
          fl_offer_outcome_set_offer_id (outcome, fl_entity_get_id (FL_ENTITY (offer)));
          fl_offer_outcome_set_result (outcome, FL_OFFER_RESULT_ACCEPTED);
          fl_offer_outcome_set_at (outcome, test_time (c * 10 + 1));
          g_assert_true (fl_store_put (store, FL_ENTITY (outcome), 0, &error));
          fixture->n_events++;
        }
    }

  for (guint p = 0; p < 5; p++)
    {
      g_autoptr(FlOwnership) ownership = fl_ownership_new ();

      fl_ownership_set_customer_id (ownership, fl_entity_get_id (FL_ENTITY (fixture->customer)));
      fl_ownership_set_product_id (ownership, fl_entity_get_id (FL_ENTITY (product)));
      fl_ownership_set_purchased_at (ownership, test_time (p * 80));
      g_assert_true (fl_store_put (store, FL_ENTITY (ownership), 0, &error));
      fixture->n_events++;
    }
  g_assert_true (fl_store_commit (store, &error));
  g_assert_no_error (error);
}

static void
history_fixture_teardown (HistoryFixture *fixture,
                          gconstpointer   data)
{
  g_clear_object (&fixture->customer);
  g_clear_object (&fixture->other);
  store_fixture_teardown (&fixture->base, data);
}

/* Reads the whole history page by page and checks order, uniqueness and owner. */
static guint
read_all_pages (HistoryFixture  *fixture,
                FlHistoryFilter  filter,
                guint            page_size,
                guint           *n_pages)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;
  gint64 previous_at = G_MAXINT64;
  const char *customer_id = fl_entity_get_id (FL_ENTITY (fixture->customer));

  *n_pages = 0;
  do
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *next = NULL;
      g_autoptr(GPtrArray) page = fl_store_get_customer_history (fixture->base.store, customer_id,
                                                                 filter, cursor, page_size,
                                                                 &next, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (page->len, <=, page_size);
      if (next != NULL)
        g_assert_cmpuint (page->len, ==, page_size);
      (*n_pages)++;

      for (guint i = 0; i < page->len; i++)
        {
          FlHistoryItem *item = g_ptr_array_index (page, i);
          FlEntity *entity = fl_history_item_get_entity (item);
          const char *owner = NULL;

          g_assert_cmpint (fl_history_item_get_at (item), <=, previous_at);
          previous_at = fl_history_item_get_at (item);
          g_assert_true (g_hash_table_add (seen, g_strdup (fl_entity_get_id (entity))));

          switch (fl_history_item_get_kind (item))
            {
            case FL_HISTORY_KIND_CASE:
              g_assert_true (filter & FL_HISTORY_CASES);
              owner = fl_case_get_customer_id (FL_CASE (entity));
              break;
            case FL_HISTORY_KIND_INTERACTION:
              g_assert_true (filter & FL_HISTORY_INTERACTIONS);
              owner = fl_interaction_get_customer_id (FL_INTERACTION (entity));
              break;
            case FL_HISTORY_KIND_PURCHASE:
              g_assert_true (filter & FL_HISTORY_PURCHASES);
              owner = fl_ownership_get_customer_id (FL_OWNERSHIP (entity));
              break;
            case FL_HISTORY_KIND_OFFER:
              g_assert_true (filter & FL_HISTORY_OFFERS);
              owner = fl_offer_outcome_get_customer_id (FL_OFFER_OUTCOME (entity));
              break;
            default:
              g_assert_not_reached ();
            }
          g_assert_cmpstr (owner, ==, customer_id);
        }

      g_free (cursor);
      cursor = g_steal_pointer (&next);
    }
  while (cursor != NULL);

  return g_hash_table_size (seen);
}

static void
test_history_pages_newest_first_without_gaps (HistoryFixture *fixture,
                                              gconstpointer   data)
{
  guint n_pages;

  g_assert_cmpuint (read_all_pages (fixture, FL_HISTORY_ALL, 7, &n_pages), ==, fixture->n_events);
  g_assert_cmpuint (n_pages, ==, (fixture->n_events + 6) / 7);

  g_assert_cmpuint (read_all_pages (fixture, FL_HISTORY_ALL, 500, &n_pages), ==,
                    fixture->n_events);
  g_assert_cmpuint (n_pages, ==, 2);  /* 532 events: one full page, then the rest */
}

static void
test_history_filters_by_kind (HistoryFixture *fixture,
                              gconstpointer   data)
{
  guint n_pages;

  g_assert_cmpuint (read_all_pages (fixture, FL_HISTORY_CASES, 10, &n_pages), ==, 40);
  g_assert_cmpuint (read_all_pages (fixture, FL_HISTORY_INTERACTIONS, 50, &n_pages), ==, 480);
  g_assert_cmpuint (read_all_pages (fixture, FL_HISTORY_PURCHASES, 2, &n_pages), ==, 5);
  g_assert_cmpuint (n_pages, ==, 3);
  g_assert_cmpuint (read_all_pages (fixture, FL_HISTORY_OFFERS, 10, &n_pages), ==, 6);
  g_assert_cmpuint (read_all_pages (fixture, FL_HISTORY_CASES | FL_HISTORY_PURCHASES, 9,
                                    &n_pages), ==, 45);
}

static void
test_history_first_item_is_newest (HistoryFixture *fixture,
                                   gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = fl_store_get_customer_history (fixture->base.store,
                                                             fl_entity_get_id (FL_ENTITY (fixture->customer)),
                                                             FL_HISTORY_ALL, NULL, 1, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 1);
  /* The last case starts at day 390; its last note pair is at 392.5. */
  g_assert_cmpint (fl_history_item_get_at (g_ptr_array_index (page, 0)), ==, test_time (392.5));
}

static void
test_history_rejects_a_bad_cursor (HistoryFixture *fixture,
                                   gconstpointer   data)
{
  const char *bad[] = { "", "nonsense", "12/", "12/not-a-uuid", "/00000000-0000-0000-0000-000000000000" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) page =
        fl_store_get_customer_history (fixture->base.store,
                                       fl_entity_get_id (FL_ENTITY (fixture->customer)),
                                       FL_HISTORY_ALL, bad[i], 10, NULL, &error);

      g_assert_null (page);
      g_assert_error (error, FL_STORE_ERROR, FL_STORE_ERROR_FAILED);
    }
}

static void
test_queue_filters_and_orders_by_urgency (StoreFixture  *fixture,
                                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlAgent) agent = make_agent (fixture->store, "kim", FL_AGENT_ROLE_AGENT);
  g_autoptr(FlCustomer) customer = make_customer (fixture->store, "Queue Person", NULL, NULL);
  g_autoptr(GPtrArray) queue = NULL;
  FlCaseFilter filter = FL_CASE_FILTER_INIT;
  struct { const char *subject; FlCaseStatus status; FlCasePriority priority; double sla;
           gboolean mine; FlCaseTier tier; } rows[] = {
    { "normal-late-sla", FL_CASE_STATUS_OPEN, FL_CASE_PRIORITY_NORMAL, 5, TRUE, FL_CASE_TIER_TIER1 },
    { "urgent", FL_CASE_STATUS_NEW, FL_CASE_PRIORITY_URGENT, 9, FALSE, FL_CASE_TIER_TIER1 },
    { "normal-early-sla", FL_CASE_STATUS_PENDING, FL_CASE_PRIORITY_NORMAL, 1, TRUE, FL_CASE_TIER_TIER1 },
    { "normal-no-sla", FL_CASE_STATUS_OPEN, FL_CASE_PRIORITY_NORMAL, 0, FALSE, FL_CASE_TIER_TIER1 },
    { "escalated-high", FL_CASE_STATUS_ESCALATED, FL_CASE_PRIORITY_HIGH, 3, FALSE, FL_CASE_TIER_TIER2 },
    { "closed-urgent", FL_CASE_STATUS_CLOSED, FL_CASE_PRIORITY_URGENT, 1, TRUE, FL_CASE_TIER_TIER1 },
  };
  GString *order = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(FlCase) the_case = make_case (fixture->store, customer, NULL, NULL,
                                              rows[i].subject, test_time (i));

      fl_case_set_status (the_case, rows[i].status);
      fl_case_set_priority (the_case, rows[i].priority);
      fl_case_set_tier (the_case, rows[i].tier);
      fl_case_set_sla_due_at (the_case, rows[i].sla > 0 ? test_time (rows[i].sla) : 0);
      if (rows[i].mine)
        fl_case_set_assignee_id (the_case, fl_entity_get_id (FL_ENTITY (agent)));
      g_assert_true (fl_store_put (fixture->store, FL_ENTITY (the_case), 0, &error));
    }

  filter.statuses = FL_CASE_STATUSES_ACTIVE;
  queue = fl_store_query_cases (fixture->store, &filter, 0, 100, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < queue->len; i++)
    g_string_append_printf (order, "%s ", fl_case_get_subject (g_ptr_array_index (queue, i)));
  g_assert_cmpstr (order->str, ==,
                   "urgent escalated-high normal-early-sla normal-late-sla normal-no-sla ");
  g_string_free (order, TRUE);
  g_clear_pointer (&queue, g_ptr_array_unref);

  filter.assignee_id = fl_entity_get_id (FL_ENTITY (agent));
  queue = fl_store_query_cases (fixture->store, &filter, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queue->len, ==, 2);
  g_clear_pointer (&queue, g_ptr_array_unref);

  filter.assignee_id = "";
  queue = fl_store_query_cases (fixture->store, &filter, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queue->len, ==, 3);
  g_clear_pointer (&queue, g_ptr_array_unref);

  filter.assignee_id = NULL;
  filter.tier = FL_CASE_TIER_TIER2;
  queue = fl_store_query_cases (fixture->store, &filter, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queue->len, ==, 1);
  g_assert_cmpstr (fl_case_get_subject (g_ptr_array_index (queue, 0)), ==, "escalated-high");
  g_clear_pointer (&queue, g_ptr_array_unref);

  /* Paging: offset and limit. */
  queue = fl_store_query_cases (fixture->store, NULL, 1, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queue->len, ==, 2);
  g_assert_cmpstr (fl_case_get_subject (g_ptr_array_index (queue, 0)), ==, "urgent");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, HistoryFixture, NULL, history_fixture_setup, fn, history_fixture_teardown)
  ADD ("/store/history/pages-newest-first-without-gaps-or-repeats", test_history_pages_newest_first_without_gaps);
  ADD ("/store/history/filters-by-kind", test_history_filters_by_kind);
  ADD ("/store/history/first-item-is-the-newest", test_history_first_item_is_newest);
  ADD ("/store/history/rejects-a-bad-cursor", test_history_rejects_a_bad_cursor);
#undef ADD
  g_test_add ("/store/queue/filters-and-orders-by-urgency", StoreFixture, NULL,
              store_fixture_setup, test_queue_filters_and_orders_by_urgency, store_fixture_teardown);

  return g_test_run ();
}

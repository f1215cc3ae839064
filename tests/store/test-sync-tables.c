/* test-sync-tables.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desktop's own tables (migration 5): sync state, the outbox and conflicts,
 * and the sweep a full resync ends with.
 */
#include "config.h"

#include "fl-store-sync.h"
#include "store-fixture.h"

static void
test_state_is_key_value_and_survives_reopening (StoreFixture  *fixture,
                                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *value = NULL;

  missing = fl_store_sync_get (fixture->store, "state:Case", &error);
  g_assert_no_error (error);
  g_assert_null (missing);

  g_assert_true (fl_store_sync_set (fixture->store, "state:Case", "41", &error));
  g_assert_true (fl_store_sync_set (fixture->store, "state:Case", "42", &error));
  g_assert_no_error (error);
  store_fixture_reopen (fixture);
  value = fl_store_sync_get (fixture->store, "state:Case", &error);
  g_assert_cmpstr (value, ==, "42");

  g_assert_true (fl_store_sync_set (fixture->store, "state:Case", NULL, &error));
  g_clear_pointer (&value, g_free);
  value = fl_store_sync_get (fixture->store, "state:Case", &error);
  g_assert_no_error (error);
  g_assert_null (value);
}

static void
test_outbox_keeps_order_and_never_reuses_mutation_ids (StoreFixture  *fixture,
                                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *id = fl_id_new ();
  gint64 first, second, third;
  FlOutboxEntry *entry;

  first = fl_store_outbox_append (fixture->store, "Case", FL_OUTBOX_CREATE, id, "{\"subject\": \"a\"}", 0, &error);
  g_assert_no_error (error);
  second = fl_store_outbox_append (fixture->store, "Case", FL_OUTBOX_UPDATE, id, "{\"subject\": \"b\"}", 7, &error);
  g_assert_cmpint (first, <, second);
  g_assert_cmpint (fl_store_outbox_count (fixture->store, &error), ==, 2);
  g_assert_cmpint (fl_store_outbox_count_record (fixture->store, id, &error), ==, 2);

  entries = fl_store_outbox_list (fixture->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpint (entry->op, ==, FL_OUTBOX_CREATE);
  g_assert_cmpstr (entry->record_id, ==, id);
  g_assert_cmpint (entry->mutation_id, ==, 1);
  entry = g_ptr_array_index (entries, 1);
  g_assert_cmpint (entry->op, ==, FL_OUTBOX_UPDATE);
  g_assert_cmpint (entry->base_modseq, ==, 7);
  g_assert_cmpint (entry->mutation_id, ==, 2);
  g_assert_cmpuint (entry->attempts, ==, 0);
  g_assert_true (fl_store_outbox_mark_attempt (fixture->store, second, &error));

  /* Emptying the outbox does not bring the ids back: the server remembers them. */
  g_assert_true (fl_store_outbox_remove (fixture->store, first, &error));
  g_assert_true (fl_store_outbox_remove (fixture->store, second, &error));
  g_assert_cmpint (fl_store_outbox_count (fixture->store, &error), ==, 0);
  store_fixture_reopen (fixture);
  third = fl_store_outbox_append (fixture->store, "Case", FL_OUTBOX_DESTROY, id, NULL, 7, &error);
  g_assert_no_error (error);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = fl_store_outbox_list (fixture->store, 1, &error);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpint (entry->seq, ==, third);
  g_assert_cmpint (entry->mutation_id, ==, 3);
  g_assert_null (entry->payload);
}

static void
test_outbox_row_goes_with_its_transaction (StoreFixture  *fixture,
                                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = fl_id_new ();

  g_assert_true (fl_store_begin (fixture->store, &error));
  g_assert_cmpint (fl_store_outbox_append (fixture->store, "Case", FL_OUTBOX_CREATE, id, "{}", 0, &error), >, 0);
  fl_store_rollback (fixture->store);
  g_assert_cmpint (fl_store_outbox_count (fixture->store, &error), ==, 0);
  g_assert_no_error (error);
}

static void
test_conflicts_keep_both_versions (StoreFixture  *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autofree char *id = fl_id_new ();
  FlConflict *conflict;
  gint64 seq;

  seq = fl_store_conflict_add (fixture->store, "Case", id, "update", "changedOnServer",
                               "{\"subject\": \"mine\"}", "{\"subject\": \"theirs\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (fl_store_conflict_count (fixture->store, &error), ==, 1);
  conflicts = fl_store_conflict_list (fixture->store, &error);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (conflict->record_id, ==, id);
  g_assert_cmpstr (conflict->reason, ==, "changedOnServer");
  g_assert_cmpstr (conflict->local, ==, "{\"subject\": \"mine\"}");
  g_assert_cmpstr (conflict->server, ==, "{\"subject\": \"theirs\"}");
  g_assert_true (fl_store_conflict_remove (fixture->store, seq, &error));
  g_assert_cmpint (fl_store_conflict_count (fixture->store, &error), ==, 0);
}

static void
test_sweep_removes_unseen_records_but_not_pending_ones (StoreFixture  *fixture,
                                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlCustomer) seen = make_customer (fixture->store, "Ana Lima", "ana@example.org", "+55 11 4000 1000");
  g_autoptr(FlCustomer) gone = make_customer (fixture->store, "Bo Ek", "bo@example.org", "+46 8 123 456");
  g_autoptr(FlCustomer) pending = make_customer (fixture->store, "Cy Park", "cy@example.org", "+82 2 555 0101");
  g_autoptr(GPtrArray) found = NULL;
  guint n_swept = 0;

  g_assert_true (fl_store_sync_mark_seen (fixture->store, "Customer", fl_entity_get_id (FL_ENTITY (seen)), &error));
  g_assert_cmpint (fl_store_outbox_append (fixture->store, "Customer", FL_OUTBOX_CREATE,
                                           fl_entity_get_id (FL_ENTITY (pending)), "{}", 0, &error), >, 0);
  g_assert_true (fl_store_sync_sweep_unseen (fixture->store, FL_TYPE_CUSTOMER, &n_swept, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_swept, ==, 1);
  g_assert_cmpint (fl_store_count (fixture->store, FL_TYPE_CUSTOMER, &error), ==, 2);

  /* Gone from the lookup keys too. */
  found = fl_store_find_customers_by_phone (fixture->store, "+46 8 123 456", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);

  /* The notes are cleared: a second sweep with nothing seen takes the rest. */
  g_assert_true (fl_store_sync_sweep_unseen (fixture->store, FL_TYPE_CUSTOMER, &n_swept, &error));
  g_assert_cmpuint (n_swept, ==, 1);
  g_assert_cmpint (fl_store_count (fixture->store, FL_TYPE_CUSTOMER, &error), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, StoreFixture, NULL, store_fixture_setup, fn, store_fixture_teardown)
  ADD ("/store/sync/state-is-key-value-and-survives-reopening", test_state_is_key_value_and_survives_reopening);
  ADD ("/store/sync/outbox-keeps-order-and-never-reuses-mutation-ids",
       test_outbox_keeps_order_and_never_reuses_mutation_ids);
  ADD ("/store/sync/outbox-row-goes-with-its-transaction", test_outbox_row_goes_with_its_transaction);
  ADD ("/store/sync/conflicts-keep-both-versions", test_conflicts_keep_both_versions);
  ADD ("/store/sync/sweep-removes-unseen-records-but-not-pending-ones",
       test_sweep_removes_unseen_records_but_not_pending_ones);
#undef ADD

  return g_test_run ();
}

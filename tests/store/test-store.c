/* test-store.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening, migrating, writing and reading back the store.
 */
#include "config.h"

#include <sqlite3.h>
#include <glib/gstdio.h>

#include "fl-store-private.h"
#include "fl-store-server.h"
#include "store-fixture.h"

static gint64 count_rows (FlStore    *store,
                          const char *sql);

static void
test_open_creates_latest_schema (StoreFixture  *fixture,
                                 gconstpointer  data)
{
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (fl_store_get_schema_version (fixture->store), ==,
                   fl_store_get_latest_schema_version ());
  g_assert_cmpint (fl_store_get_latest_schema_version (), >=, 2);
  g_assert_cmpint (fl_store_count (fixture->store, FL_TYPE_CUSTOMER, NULL), ==, 0);
  g_assert_cmpint (fl_store_get_modseq (fixture->store), ==, 0);
}

static void
test_open_migrates_previous_version (StoreFixture  *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "old.db", NULL);
  g_autoptr(FlStore) old = NULL;
  g_autoptr(FlStore) upgraded = NULL;
  g_autoptr(FlCustomer) customer = NULL;
  g_autoptr(FlProduct) product = NULL;
  g_autoptr(FlCase) the_case = NULL;
  g_autoptr(GPtrArray) found = NULL;
  int latest = fl_store_get_latest_schema_version ();

  /* A database as the previous release left it, with data in it. */
  old = _fl_store_open_at_version (path, latest - 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fl_store_get_schema_version (old), ==, latest - 1);
  customer = make_customer (old, "Ingrid Halvorsen", "ingrid@example.org", "+47 22 33 44 55");
  product = make_product (old, "Aurora 27", "Monitors", "2.4");
  the_case = make_case (old, customer, product, "2.1", "Screen flickers after sleep", test_time (1));
  g_clear_object (&old);

  upgraded = fl_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fl_store_get_schema_version (upgraded), ==, latest);

  /* What was written before the upgrade is searchable after it. */
  found = fl_store_search_customers (upgraded, "ingrid", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = fl_store_search_cases (upgraded, "flickers", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (fl_entity_get_id (g_ptr_array_index (found, 0)), ==,
                   fl_entity_get_id (FL_ENTITY (the_case)));
}

/* Migration 9 moved the idempotency ledger into a table of its own: what a
 * desktop's calls got before the upgrade is answered the same after it, and
 * a call recorded then is still refused a second time. */
static void
test_open_migrates_the_mutation_ledger (StoreFixture  *fixture,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "ledger.db", NULL);
  g_autofree char *desktop_a = fl_id_new ();
  g_autofree char *desktop_b = fl_id_new ();
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *other = NULL;
  g_autoptr(FlStore) old = NULL;
  g_autoptr(FlStore) upgraded = NULL;

  old = _fl_store_open_at_version (path, 8, &error);
  g_assert_no_error (error);
  g_assert_true (fl_store_record_mutation (old, desktop_a, 1, "Case", "{\"created\":{\"k\":{}}}", &error));
  g_assert_true (fl_store_record_mutation (old, desktop_a, 2, "Interaction", "{\"created\":null}", &error));
  g_assert_true (fl_store_record_mutation (old, desktop_b, 1, "Case", "{\"updated\":{}}", &error));
  g_assert_no_error (error);
  g_clear_object (&old);

  upgraded = fl_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fl_store_get_schema_version (upgraded), >=, 9);

  first = fl_store_find_mutation (upgraded, desktop_a, 1, &error);
  second = fl_store_find_mutation (upgraded, desktop_a, 2, &error);
  other = fl_store_find_mutation (upgraded, desktop_b, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, "{\"created\":{\"k\":{}}}");
  g_assert_cmpstr (second, ==, "{\"created\":null}");
  g_assert_cmpstr (other, ==, "{\"updated\":{}}");
  g_assert_null (fl_store_find_mutation (upgraded, desktop_b, 2, &error));
  g_assert_no_error (error);

  g_assert_false (fl_store_record_mutation (upgraded, desktop_a, 2, "Interaction", "{}", &error));
  g_assert_error (error, FL_STORE_ERROR, FL_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_true (fl_store_record_mutation (upgraded, desktop_b, 2, "Case", "{}", &error));
  g_assert_no_error (error);

  /* Old entries still age out. */
  g_assert_true (fl_store_purge_mutations (upgraded, fl_timestamp_now () + 1000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (upgraded, "SELECT count(*) FROM mutations"), ==, 0);
}

static void
set_user_version (const char *path,
                  const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_open_refuses_newer_schema (StoreFixture  *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlStore) store = NULL;

  g_clear_object (&fixture->store);
  set_user_version (fixture->path, "PRAGMA user_version = 99");

  store = fl_store_open (fixture->path, &error);
  g_assert_error (error, FL_STORE_ERROR, FL_STORE_ERROR_TOO_NEW);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, "newer"));
}

static void
test_open_refuses_foreign_database (StoreFixture  *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "other.db", NULL);
  g_autofree char *garbage = g_build_filename (fixture->dir, "garbage.db", NULL);
  g_autoptr(FlStore) store = NULL;

  set_user_version (path, "CREATE TABLE photos (x); PRAGMA user_version = 1");
  store = fl_store_open (path, &error);
  g_assert_error (error, FL_STORE_ERROR, FL_STORE_ERROR_OPEN);
  g_assert_null (store);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (garbage, "this is not a database, not at all. "
                                      "it is long enough to have a header though....", -1, NULL));
  store = fl_store_open (garbage, &error);
  g_assert_error (error, FL_STORE_ERROR, FL_STORE_ERROR_OPEN);
  g_assert_null (store);
}

/* One record of each type, every field filled, all referring to each other. */
static GPtrArray *
make_one_of_everything (FlStore *store)
{
  GPtrArray *all = g_ptr_array_new_with_free_func (g_object_unref);
  FlAgent *agent = make_agent (store, "mira", FL_AGENT_ROLE_TIER2);
  FlProduct *product = make_product (store, "Aurora 27", "Monitors", "2.4");
  FlCustomer *customer = make_customer (store, "Zoë Ñúñez-Smith", "zoe@example.com", "+1 555 010 1234");
  const char *versions[] = { "2.0", "2.1", NULL };
  FlFlaw *flaw = make_flaw (store, product, "Flicker at 144 Hz", "Flickers after wake",
                            versions, FL_FLAW_STATUS_FIXED);
  FlOwnership *ownership = fl_ownership_new ();
  FlOffer *offer = fl_offer_new ();
  FlCase *the_case = fl_case_new ();
  FlInteraction *interaction = NULL;
  FlOfferOutcome *outcome = fl_offer_outcome_new ();
  const char *flaw_ids[] = { fl_entity_get_id (FL_ENTITY (flaw)), NULL };
  const char *keywords[] = { "second monitor", "dual", NULL };
  g_autoptr(GError) error = NULL;

  fl_customer_set_organisation (customer, "Ñúñez & Co");
  fl_customer_set_plan (customer, "Care+");
  fl_customer_set_notes (customer, "Prefers e-mail. 😀");
  fl_store_put (store, FL_ENTITY (customer), FL_STORE_PUT_ASSIGN_MODSEQ, &error);
  g_assert_no_error (error);

  fl_flaw_set_workaround (flaw, "Use 120 Hz");
  fl_flaw_set_repro_steps (flaw, "1. Sleep\n2. Wake");
  fl_flaw_set_fixed_in (flaw, "2.4");
  fl_flaw_set_severity (flaw, FL_FLAW_SEVERITY_HIGH);
  fl_flaw_set_first_seen_at (flaw, test_time (-30));
  fl_store_put (store, FL_ENTITY (flaw), FL_STORE_PUT_ASSIGN_MODSEQ, &error);
  g_assert_no_error (error);

  fl_ownership_set_customer_id (ownership, fl_entity_get_id (FL_ENTITY (customer)));
  fl_ownership_set_product_id (ownership, fl_entity_get_id (FL_ENTITY (product)));
  fl_ownership_set_serial (ownership, "AU27-000123");
  fl_ownership_set_version (ownership, "2.1");
  fl_ownership_set_purchased_at (ownership, test_time (-400.5));

  fl_offer_set_product_id (offer, fl_entity_get_id (FL_ENTITY (product)));
  fl_offer_set_title (offer, "Second Aurora");
  fl_offer_set_pitch (offer, "Two screens, one desk");
  fl_offer_set_reason (offer, "Customer asked about a second monitor");
  fl_offer_set_owned_line (offer, "Monitors");
  fl_offer_set_case_keywords (offer, keywords);
  fl_offer_set_flaw_ids (offer, flaw_ids);
  fl_offer_set_active (offer, FALSE);

  fl_case_set_customer_id (the_case, fl_entity_get_id (FL_ENTITY (customer)));
  fl_case_set_product_id (the_case, fl_entity_get_id (FL_ENTITY (product)));
  fl_case_set_product_version (the_case, "2.1");
  fl_case_set_subject (the_case, "Flicker after sleep");
  fl_case_set_description (the_case, "Every morning");
  fl_case_set_status (the_case, FL_CASE_STATUS_ESCALATED);
  fl_case_set_priority (the_case, FL_CASE_PRIORITY_URGENT);
  fl_case_set_tier (the_case, FL_CASE_TIER_ENGINEERING);
  fl_case_set_assignee_id (the_case, fl_entity_get_id (FL_ENTITY (agent)));
  fl_case_set_creator_id (the_case, fl_entity_get_id (FL_ENTITY (agent)));
  fl_case_set_sla_due_at (the_case, test_time (2.25));
  fl_case_set_flaw_ids (the_case, flaw_ids);
  fl_case_set_complaint (the_case, TRUE);
  fl_case_set_resolved_at (the_case, test_time (3));

  for (guint i = 0; i < 3; i++)
    {
      FlEntity *entity = i == 0 ? FL_ENTITY (ownership) : i == 1 ? FL_ENTITY (offer)
                                                                   : FL_ENTITY (the_case);
      fl_store_put (store, entity, FL_STORE_PUT_ASSIGN_MODSEQ, &error);
      g_assert_no_error (error);
    }

  interaction = make_interaction (store, the_case, FL_INTERACTION_KIND_CALL, "Called \"twice\"\n",
                                  test_time (1));
  fl_interaction_set_author_id (interaction, fl_entity_get_id (FL_ENTITY (agent)));
  fl_interaction_set_author_name (interaction, "Sam");
  fl_store_put (store, FL_ENTITY (interaction), FL_STORE_PUT_ASSIGN_MODSEQ, &error);
  g_assert_no_error (error);

  fl_offer_outcome_set_case_id (outcome, fl_entity_get_id (FL_ENTITY (the_case)));
  fl_offer_outcome_set_offer_id (outcome, fl_entity_get_id (FL_ENTITY (offer)));
  fl_offer_outcome_set_result (outcome, FL_OFFER_RESULT_DECLINED);
  fl_offer_outcome_set_agent_id (outcome, fl_entity_get_id (FL_ENTITY (agent)));
  fl_offer_outcome_set_at (outcome, test_time (1.5));
  fl_store_put (store, FL_ENTITY (outcome), FL_STORE_PUT_ASSIGN_MODSEQ, &error);
  g_assert_no_error (error);

  g_ptr_array_add (all, agent);
  g_ptr_array_add (all, product);
  g_ptr_array_add (all, customer);
  g_ptr_array_add (all, flaw);
  g_ptr_array_add (all, ownership);
  g_ptr_array_add (all, offer);
  g_ptr_array_add (all, the_case);
  g_ptr_array_add (all, interaction);
  g_ptr_array_add (all, outcome);
  return all;
}

static void
assert_all_stored (FlStore   *store,
                   GPtrArray *all)
{
  for (guint i = 0; i < all->len; i++)
    {
      FlEntity *expected = g_ptr_array_index (all, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(FlEntity) stored = fl_store_get (store, G_OBJECT_TYPE (expected),
                                                 fl_entity_get_id (expected), &error);
      g_autofree char *want = fl_json_encode_string (expected);
      g_autofree char *got = NULL;

      g_assert_no_error (error);
      got = fl_json_encode_string (stored);
      g_assert_cmpstr (got, ==, want);
      g_assert_true (fl_entity_equal (stored, expected));
    }
}

static void
test_put_every_type_round_trips (StoreFixture  *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GPtrArray) all = make_one_of_everything (fixture->store);
  guint n_types;

  fl_model_get_types (&n_types);
  g_assert_cmpuint (all->len, ==, n_types);
  assert_all_stored (fixture->store, all);

  /* The store fills the interaction's and outcome's customer from their case. */
  g_assert_cmpstr (fl_interaction_get_customer_id (g_ptr_array_index (all, 7)), ==,
                   fl_entity_get_id (g_ptr_array_index (all, 2)));
  g_assert_cmpstr (fl_offer_outcome_get_customer_id (g_ptr_array_index (all, 8)), ==,
                   fl_entity_get_id (g_ptr_array_index (all, 2)));
}

static void
test_reopen_keeps_everything (StoreFixture  *fixture,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) all = make_one_of_everything (fixture->store);
  gint64 modseq = fl_store_get_modseq (fixture->store);

  store_fixture_reopen (fixture);

  assert_all_stored (fixture->store, all);
  g_assert_cmpint (fl_store_get_modseq (fixture->store), ==, modseq);
  g_assert_cmpint (fl_store_count_cases_for_flaw (fixture->store,
                                                  fl_entity_get_id (g_ptr_array_index (all, 3)),
                                                  NULL), ==, 1);
}

static void
test_put_assigns_modseq_and_logs_changes (StoreFixture  *fixture,
                                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlCustomer) customer = make_customer (fixture->store, "Ada", NULL, NULL);
  gint64 first = fl_entity_get_modseq (FL_ENTITY (customer));
  sqlite3 *db = _fl_store_get_db (fixture->store);
  sqlite3_stmt *stmt = NULL;
  GString *ops = g_string_new (NULL);

  g_assert_cmpint (first, ==, 1);
  fl_customer_set_plan (customer, "Basic");
  fl_store_put (fixture->store, FL_ENTITY (customer), FL_STORE_PUT_ASSIGN_MODSEQ, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fl_entity_get_modseq (FL_ENTITY (customer)), ==, 2);

  fl_store_destroy (fixture->store, FL_TYPE_CUSTOMER, fl_entity_get_id (FL_ENTITY (customer)),
                    FL_STORE_PUT_ASSIGN_MODSEQ, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fl_store_get_modseq (fixture->store), ==, 3);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT modseq, op FROM changelog ORDER BY modseq",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (ops, "%lld:%s ", sqlite3_column_int64 (stmt, 0),
                            sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  g_assert_cmpstr (ops->str, ==, "1:created 2:updated 3:destroyed ");
  g_string_free (ops, TRUE);

  fl_store_destroy (fixture->store, FL_TYPE_CUSTOMER, fl_entity_get_id (FL_ENTITY (customer)),
                    FL_STORE_PUT_ASSIGN_MODSEQ, &error);
  g_assert_error (error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (fl_store_get_modseq (fixture->store), ==, 3);
}

static void
test_destroyed_customer_is_no_longer_found (StoreFixture  *fixture,
                                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlCustomer) customer = make_customer (fixture->store, "Gone Away", "gone@example.com",
                                                  "+1 555 010 7777");
  g_autoptr(GPtrArray) before = fl_store_lookup_customers (fixture->store, "5550107777", 5, &error);
  g_autoptr(GPtrArray) after = NULL;

  g_assert_cmpuint (before->len, ==, 1);
  g_assert_true (fl_store_destroy (fixture->store, FL_TYPE_CUSTOMER,
                                   fl_entity_get_id (FL_ENTITY (customer)), 0, &error));
  after = fl_store_lookup_customers (fixture->store, "5550107777", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM customer_keys"), ==, 0);
}

static void
test_put_refuses_invalid_record (StoreFixture  *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlCase) the_case = fl_case_new ();

  /* No subject, no customer. */
  g_assert_false (fl_store_put (fixture->store, FL_ENTITY (the_case), 0, &error));
  g_assert_error (error, FL_CORE_ERROR, FL_CORE_ERROR_MISSING);
  g_assert_cmpint (fl_store_count (fixture->store, FL_TYPE_CASE, NULL), ==, 0);
}

static void
test_dangling_reference_rolls_back_everything (StoreFixture  *fixture,
                                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlCustomer) customer = fl_customer_new ();
  g_autoptr(FlCase) the_case = fl_case_new ();
  g_autofree char *missing = g_uuid_string_random ();

  g_assert_true (fl_store_begin (fixture->store, &error));
  fl_customer_set_name (customer, "Bo");
  g_assert_true (fl_store_put (fixture->store, FL_ENTITY (customer), 0, &error));
  fl_case_set_customer_id (the_case, missing);
  fl_case_set_subject (the_case, "Refers to a customer who does not exist");
  /* References are checked at commit, so records may arrive in any order. */
  g_assert_true (fl_store_put (fixture->store, FL_ENTITY (the_case), 0, &error));
  g_assert_false (fl_store_commit (fixture->store, &error));
  g_assert_error (error, FL_STORE_ERROR, FL_STORE_ERROR_CONSTRAINT);

  g_assert_cmpint (fl_store_count (fixture->store, FL_TYPE_CUSTOMER, NULL), ==, 0);
  g_assert_cmpint (fl_store_count (fixture->store, FL_TYPE_CASE, NULL), ==, 0);

  /* The store is usable afterwards. */
  g_clear_error (&error);
  g_assert_true (fl_store_put (fixture->store, FL_ENTITY (customer), 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fl_store_count (fixture->store, FL_TYPE_CUSTOMER, NULL), ==, 1);
}

static gboolean
write_two_then_fail (FlStore  *store,
                     gpointer  user_data,
                     GError  **error)
{
  g_autoptr(FlCustomer) a = fl_customer_new ();
  g_autoptr(FlCustomer) b = fl_customer_new ();

  fl_customer_set_name (a, "First");
  fl_customer_set_name (b, "Second");
  if (!fl_store_put (store, FL_ENTITY (a), 0, error)
      || !fl_store_put (store, FL_ENTITY (b), 0, error))
    return FALSE;

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "changed my mind");
  return FALSE;
}

static void
test_write_is_all_or_nothing (StoreFixture  *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (fl_store_write (fixture->store, write_two_then_fail, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (fl_store_count (fixture->store, FL_TYPE_CUSTOMER, NULL), ==, 0);
}

static void
test_get_missing_record (StoreFixture  *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(FlEntity) entity = fl_store_get (fixture->store, FL_TYPE_FLAW, id, &error);

  g_assert_null (entity);
  g_assert_error (error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND);
}

static void
test_duplicate_login_is_a_constraint_error (StoreFixture  *fixture,
                                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlAgent) first = make_agent (fixture->store, "lee", FL_AGENT_ROLE_AGENT);
  g_autoptr(FlAgent) second = fl_agent_new ();

  fl_agent_set_login (second, "lee");
  fl_agent_set_display_name (second, "Another Lee");
  g_assert_false (fl_store_put (fixture->store, FL_ENTITY (second), 0, &error));
  g_assert_error (error, FL_STORE_ERROR, FL_STORE_ERROR_CONSTRAINT);
  g_assert_cmpint (fl_store_count (fixture->store, FL_TYPE_AGENT, NULL), ==, 1);
}

static gint64
count_rows (FlStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (_fl_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static const char *
journal_mode (FlStore *store)
{
  static char mode[16];
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_fl_store_get_db (store), "PRAGMA journal_mode", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_strlcpy (mode, (const char *) sqlite3_column_text (stmt, 0), sizeof mode);
  sqlite3_finalize (stmt);
  return mode;
}

/* Into an empty store the load leaves WAL (see fl-store-bulk.c); with a record
 * already there (@empty FALSE: an agent is written first), it stays in WAL. */
static void
load_two_customers_in_bulk (FlStore  *store,
                            gboolean  empty)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlCustomer) a = fl_customer_new ();
  g_autoptr(FlCustomer) b = fl_customer_new ();
  g_autoptr(FlAgent) agent = empty ? NULL : make_agent (store, "before", FL_AGENT_ROLE_AGENT);
  const char *phones[] = { "+1 555 010 4321", NULL };

  g_assert_true (fl_store_begin_bulk_load (store, &error));
  g_assert_cmpstr (journal_mode (store), ==, empty ? "memory" : "wal");
  fl_customer_set_name (a, "Bulk Loaded Person");
  fl_customer_set_phones (a, phones);
  fl_entity_set_updated_at (FL_ENTITY (a), test_time (-10));
  fl_customer_set_name (b, "Second Bulk Person");
  g_assert_true (fl_store_begin (store, &error));
  g_assert_true (fl_store_put (store, FL_ENTITY (a), FL_STORE_PUT_ASSIGN_MODSEQ, &error));
  g_assert_true (fl_store_put (store, FL_ENTITY (b), FL_STORE_PUT_ASSIGN_MODSEQ, &error));
  g_assert_true (fl_store_commit (store, &error));
  g_assert_no_error (error);

  /* Bulk records keep their own times and are not logged one by one. */
  g_assert_cmpint (fl_entity_get_updated_at (FL_ENTITY (a)), ==, test_time (-10));
  g_assert_cmpint (fl_entity_get_modseq (FL_ENTITY (b)), ==, empty ? 2 : 3);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM changelog"), ==, empty ? 0 : 1);
  /* Reads still work meanwhile, the queue included (its index is set aside). */
  {
    FlCaseFilter filter = FL_CASE_FILTER_INIT;
    g_autoptr(GPtrArray) queue = NULL;

    filter.statuses = FL_CASE_STATUSES_ACTIVE;
    queue = fl_store_query_cases (store, &filter, 0, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (queue->len, ==, 0);
  }

  /* The secondary indexes are set aside meanwhile. */
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM sqlite_schema WHERE type = 'index'"
                                      " AND name = 'interactions_by_customer'"), ==, 0);
  /* So are the full-text insert triggers. */
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
                                      " AND name LIKE '%_fts_ai'"), ==, 0);
}

static void
assert_bulk_customers_findable (FlStore *store,
                                gint64   horizon)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) by_phone = fl_store_lookup_customers (store, "5550104321", 5, &error);
  g_autoptr(GPtrArray) by_name = NULL;
  g_autoptr(GPtrArray) by_text = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (by_phone->len, ==, 1);
  by_name = fl_store_lookup_customers (store, "bulk", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_name->len, ==, 2);
  by_text = fl_store_search_customers (store, "second", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_text->len, ==, 1);
  g_assert_cmpint (count_rows (store, "SELECT value FROM meta WHERE key = 'changelog_horizon'"),
                   ==, horizon);
  /* Back to a normal store: WAL, and open to other connections. */
  g_assert_cmpstr (journal_mode (store), ==, "wal");
  {
    g_autoptr(FlStore) other = fl_store_open (fl_store_get_path (store), &error);

    g_assert_no_error (error);
    g_assert_cmpint (fl_store_count (other, FL_TYPE_CUSTOMER, &error), ==, 2);
    g_assert_no_error (error);
  }
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM meta WHERE key = 'bulk_load'"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
                                      " AND name LIKE '%_fts_ai'"), ==, 4);
}

static void
test_bulk_load_rebuilds_indexes_at_the_end (StoreFixture  *fixture,
                                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  load_two_customers_in_bulk (fixture->store, TRUE);
  g_assert_true (fl_store_end_bulk_load (fixture->store, &error));
  g_assert_no_error (error);
  assert_bulk_customers_findable (fixture->store, 2);

  /* After the load, writes are logged again. */
  {
    g_autoptr(FlCustomer) c = make_customer (fixture->store, "After", NULL, NULL);
    g_autoptr(GPtrArray) by_text = NULL;

      g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM changelog"), ==, 1);
    /* …and indexed for full-text search as they are written. */
    by_text = fl_store_search_customers (fixture->store, "after", 5, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (by_text->len, ==, 1);
  }
}

static void
test_interrupted_bulk_load_is_finished_on_open (StoreFixture  *fixture,
                                                gconstpointer  data)
{
  /* The process "dies" after committing rows but before ending the load. */
  load_two_customers_in_bulk (fixture->store, FALSE);
  store_fixture_reopen (fixture);
  assert_bulk_customers_findable (fixture->store, 3);
}

static void
test_interrupted_load_without_journal_is_refused (StoreFixture  *fixture,
                                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlStore) reopened = NULL;

  /* Without a journal on disk, a file the process left mid-load may be
   * damaged anywhere: it must not open as if the load had finished. */
  load_two_customers_in_bulk (fixture->store, TRUE);
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  reopened = fl_store_open (fixture->path, &error);
  g_assert_error (error, FL_STORE_ERROR, FL_STORE_ERROR_OPEN);
  g_assert_null (reopened);
  g_assert_nonnull (strstr (error->message, "interrupted"));
}

static void
test_bulk_load_in_memory (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlStore) store = fl_store_open (":memory:", &error);
  g_autoptr(FlCustomer) customer = fl_customer_new ();
  g_autoptr(GPtrArray) found = NULL;

  /* No file, no log to leave: the load runs as it always did. */
  g_assert_no_error (error);
  g_assert_true (fl_store_begin_bulk_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (journal_mode (store), ==, "memory");
  fl_customer_set_name (customer, "Memory Only");
  g_assert_true (fl_store_put (store, FL_ENTITY (customer), FL_STORE_PUT_ASSIGN_MODSEQ, &error));
  g_assert_true (fl_store_end_bulk_load (store, &error));
  g_assert_no_error (error);
  found = fl_store_lookup_customers (store, "memory", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
}

static void
test_secondary_index_list_matches_the_schema (StoreFixture  *fixture,
                                              gconstpointer  data)
{
  guint n_indexes;
  const char * const *indexes = _fl_store_get_secondary_indexes (&n_indexes);
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GPtrArray) in_schema = g_ptr_array_new_with_free_func (g_free);

  /* Every index the migrations create (but the change log's, which a bulk load
   * does not touch) is in the list, with the same definition. */
  g_assert_cmpint (sqlite3_prepare_v2 (_fl_store_get_db (fixture->store),
                                       "SELECT sql FROM sqlite_schema WHERE type = 'index'"
                                       " AND sql IS NOT NULL AND name != 'changelog_by_type'"
                                       " ORDER BY name", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (in_schema, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  g_assert_cmpuint (in_schema->len, ==, n_indexes);
  for (guint i = 0; i < n_indexes; i++)
    {
      g_autofree char *expected = g_strdup_printf ("CREATE INDEX %s", indexes[i]);
      gboolean found = FALSE;

      for (guint j = 0; j < in_schema->len; j++)
        found |= g_strcmp0 (g_ptr_array_index (in_schema, j), expected) == 0;
      g_test_message ("%s", expected);
      g_assert_true (found);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, StoreFixture, NULL, store_fixture_setup, fn, store_fixture_teardown)
  ADD ("/store/open/creates-the-latest-schema", test_open_creates_latest_schema);
  ADD ("/store/open/migrates-the-previous-version-keeping-data", test_open_migrates_previous_version);
  ADD ("/store/open/migrates-the-mutation-ledger", test_open_migrates_the_mutation_ledger);
  ADD ("/store/open/refuses-a-newer-schema", test_open_refuses_newer_schema);
  ADD ("/store/open/refuses-other-files", test_open_refuses_foreign_database);
  ADD ("/store/put/every-type-round-trips", test_put_every_type_round_trips);
  ADD ("/store/put/reopened-store-keeps-everything", test_reopen_keeps_everything);
  ADD ("/store/put/assigns-modseq-and-logs-changes", test_put_assigns_modseq_and_logs_changes);
  ADD ("/store/put/refuses-an-invalid-record", test_put_refuses_invalid_record);
  ADD ("/store/destroy/customer-is-no-longer-found", test_destroyed_customer_is_no_longer_found);
  ADD ("/store/put/dangling-reference-rolls-back-the-write", test_dangling_reference_rolls_back_everything);
  ADD ("/store/put/duplicate-login-is-refused", test_duplicate_login_is_a_constraint_error);
  ADD ("/store/write/is-all-or-nothing", test_write_is_all_or_nothing);
  ADD ("/store/get/missing-record-is-not-found", test_get_missing_record);
  ADD ("/store/bulk-load/rebuilds-indexes-at-the-end", test_bulk_load_rebuilds_indexes_at_the_end);
  ADD ("/store/bulk-load/interrupted-load-is-finished-on-open", test_interrupted_bulk_load_is_finished_on_open);
  ADD ("/store/bulk-load/interrupted-load-without-journal-is-refused",
       test_interrupted_load_without_journal_is_refused);
  ADD ("/store/bulk-load/secondary-index-list-matches-the-schema", test_secondary_index_list_matches_the_schema);
  g_test_add_func ("/store/bulk-load/in-memory-store", test_bulk_load_in_memory);
#undef ADD

  return g_test_run ();
}

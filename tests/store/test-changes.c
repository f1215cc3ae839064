/* test-changes.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the sync protocol reads from the store: the change log as X/changes,
 * type states, the purge horizon; savepoints for group commit; list queries;
 * reference checks; the server's own tables; online backup.
 */
#include "config.h"

#include <string.h>

#include "fl-store-query.h"
#include "fl-store-server.h"
#include "store-fixture.h"

static gboolean
contains (GPtrArray  *ids,
          const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_str_equal (g_ptr_array_index (ids, i), id))
      return TRUE;
  return FALSE;
}

static void
test_changes_report_each_id_once (StoreFixture  *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlCustomer) kept = make_customer (fixture->store, "Ana Lima", "ana@example.org", "+55 11 4000 1000");
  g_autoptr(FlCustomer) edited = NULL;
  g_autoptr(FlCustomer) gone = NULL;
  g_autoptr(FlCustomer) brief = NULL;
  g_auto(FlStoreChanges) changes = { 0 };
  gint64 since = fl_store_get_modseq (fixture->store);

  edited = make_customer (fixture->store, "Bo Ek", "bo@example.org", "+46 8 123 456");
  gone = make_customer (fixture->store, "Cy Park", "cy@example.org", "+82 2 555 0101");

  /* Seen by the client at @since: kept (untouched), none of the others. */
  fl_customer_set_plan (edited, "gold");
  g_assert_true (fl_store_put (fixture->store, FL_ENTITY (edited), FL_STORE_PUT_ASSIGN_MODSEQ, &error));
  g_assert_no_error (error);
  fl_customer_set_plan (kept, "silver");
  g_assert_true (fl_store_put (fixture->store, FL_ENTITY (kept), FL_STORE_PUT_ASSIGN_MODSEQ, &error));
  g_assert_true (fl_store_destroy (fixture->store, FL_TYPE_CUSTOMER, fl_entity_get_id (FL_ENTITY (gone)),
                                   FL_STORE_PUT_ASSIGN_MODSEQ, &error));
  brief = make_customer (fixture->store, "Di Roe", "di@example.org", "+1 415 555 0199");
  g_assert_true (fl_store_destroy (fixture->store, FL_TYPE_CUSTOMER, fl_entity_get_id (FL_ENTITY (brief)),
                                   FL_STORE_PUT_ASSIGN_MODSEQ, &error));

  g_assert_true (fl_store_get_changes (fixture->store, FL_TYPE_CUSTOMER, since, 0, &changes, &error));
  g_assert_no_error (error);
  /* Created after @since (and edited since): created, once. */
  g_assert_cmpuint (changes.created->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (changes.created, 0), ==, fl_entity_get_id (FL_ENTITY (edited)));
  g_assert_cmpuint (changes.updated->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (changes.updated, 0), ==, fl_entity_get_id (FL_ENTITY (kept)));
  /* Created and destroyed since: the client never saw it, and is not told.
   * The one it never saw created but that is gone: not reported either. */
  g_assert_cmpuint (changes.destroyed->len, ==, 0);
  g_assert_false (changes.has_more);
  g_assert_cmpint (changes.new_modseq, ==, fl_store_get_modseq (fixture->store));
  g_assert_cmpint (fl_store_get_type_modseq (fixture->store, FL_TYPE_CUSTOMER, NULL), ==,
                   fl_store_get_modseq (fixture->store));
  fl_store_changes_clear (&changes);

  /* A client that saw "gone" hears of its destruction: the tombstone. */
  g_assert_true (fl_store_get_changes (fixture->store, FL_TYPE_CUSTOMER, since + 2, 0, &changes, &error));
  g_assert_true (contains (changes.destroyed, fl_entity_get_id (FL_ENTITY (gone))));
  g_assert_false (contains (changes.created, fl_entity_get_id (FL_ENTITY (gone))));
}

static void
test_changes_page (StoreFixture  *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(FlProduct) product = make_product (fixture->store, "Aurora 27", "Monitors", "2.4");
  gint64 since = fl_store_get_modseq (fixture->store);
  guint pages = 0;
  gboolean more = TRUE;

  for (guint i = 0; i < 25; i++)
    {
      g_autofree char *name = g_strdup_printf ("Customer %u", i);
      g_autoptr(FlCustomer) customer = make_customer (fixture->store, name, NULL, NULL);

      g_hash_table_add (seen, g_strdup (fl_entity_get_id (FL_ENTITY (customer))));
    }

  while (more)
    {
      g_auto(FlStoreChanges) changes = { 0 };

      g_assert_true (fl_store_get_changes (fixture->store, FL_TYPE_CUSTOMER, since, 10, &changes, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (changes.created->len, <=, 10);
      for (guint i = 0; i < changes.created->len; i++)
        g_assert_true (g_hash_table_remove (seen, g_ptr_array_index (changes.created, i)));
      g_assert_cmpint (changes.new_modseq, >, since);
      since = changes.new_modseq;
      more = changes.has_more;
      pages++;
    }

  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 0);
  /* Other types' changes are not this type's. */
  g_assert_cmpint (fl_store_get_type_modseq (fixture->store, FL_TYPE_PRODUCT, NULL), ==,
                   fl_entity_get_modseq (FL_ENTITY (product)));
}

static void
test_changes_refused_past_the_horizon (StoreFixture  *fixture,
                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(FlStoreChanges) changes = { 0 };
  g_autoptr(FlCustomer) old = make_customer (fixture->store, "Old Timer", NULL, NULL);
  g_autoptr(FlCustomer) recent = NULL;
  gint64 after_old = fl_store_get_modseq (fixture->store);
  guint n_purged = 0;

  /* Everything logged before now is past the window. */
  g_usleep (2000);
  g_assert_true (fl_store_purge_changelog (fixture->store, g_get_real_time (), &n_purged, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_purged, ==, 1);
  g_assert_cmpint (fl_store_get_changelog_horizon (fixture->store, NULL), ==, after_old);

  recent = make_customer (fixture->store, "New Comer", NULL, NULL);
  g_assert_false (fl_store_get_changes (fixture->store, FL_TYPE_CUSTOMER, 0, 0, &changes, &error));
  g_assert_error (error, FL_STORE_ERROR, FL_STORE_ERROR_CANNOT_CALCULATE_CHANGES);
  g_clear_error (&error);

  /* From the horizon on, the log is whole. */
  g_assert_true (fl_store_get_changes (fixture->store, FL_TYPE_CUSTOMER, after_old, 0, &changes, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes.created->len, ==, 1);
  fl_store_changes_clear (&changes);

  /* A state from the future belongs to another database. */
  g_assert_false (fl_store_get_changes (fixture->store, FL_TYPE_CUSTOMER, 1000000, 0, &changes, &error));
  g_assert_error (error, FL_STORE_ERROR, FL_STORE_ERROR_CANNOT_CALCULATE_CHANGES);
}

static void
test_savepoint_rollback_restores_modseq (StoreFixture  *fixture,
                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlCustomer) kept = fl_customer_new ();
  g_autoptr(FlCustomer) dropped = fl_customer_new ();
  g_autofree char *kept_id = fl_id_new ();
  g_autofree char *dropped_id = fl_id_new ();
  gint64 before = fl_store_get_modseq (fixture->store);

  fl_entity_set_id (FL_ENTITY (kept), kept_id);
  fl_customer_set_name (kept, "Kept Record");
  fl_entity_set_id (FL_ENTITY (dropped), dropped_id);
  fl_customer_set_name (dropped, "Dropped Record");

  g_assert_true (fl_store_begin (fixture->store, &error));
  g_assert_true (fl_store_savepoint (fixture->store, &error));
  g_assert_true (fl_store_put (fixture->store, FL_ENTITY (dropped), FL_STORE_PUT_ASSIGN_MODSEQ, &error));
  fl_store_rollback_to_savepoint (fixture->store);
  g_assert_true (fl_store_savepoint (fixture->store, &error));
  g_assert_true (fl_store_put (fixture->store, FL_ENTITY (kept), FL_STORE_PUT_ASSIGN_MODSEQ, &error));
  g_assert_true (fl_store_release_savepoint (fixture->store, &error));
  g_assert_true (fl_store_commit (fixture->store, &error));
  g_assert_no_error (error);

  /* The rolled-back write left no gap in the modseqs and no trace. */
  g_assert_cmpint (fl_entity_get_modseq (FL_ENTITY (kept)), ==, before + 1);
  g_assert_cmpint (fl_store_get_modseq (fixture->store), ==, before + 1);
  g_assert_null (fl_store_get (fixture->store, FL_TYPE_CUSTOMER, dropped_id, NULL));
  g_assert_nonnull (fl_store_get (fixture->store, FL_TYPE_CUSTOMER, kept_id, NULL));
}

static void
test_query (StoreFixture  *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlCustomer) customer = make_customer (fixture->store, "Eva Berg", NULL, NULL);
  g_autoptr(FlProduct) product = make_product (fixture->store, "Aurora 27", "Monitors", "2.4");
  g_autoptr(FlStoreQuery) query = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  const char *open_states[] = { "open", "pending", NULL };
  gint64 total = 0;

  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(FlCase) the_case = make_case (fixture->store, customer, product, "2.1", "Flicker",
                                              test_time (i));

      fl_case_set_status (the_case, i % 3 == 0 ? FL_CASE_STATUS_OPEN
                          : i % 3 == 1 ? FL_CASE_STATUS_PENDING : FL_CASE_STATUS_CLOSED);
      g_assert_true (fl_store_put (fixture->store, FL_ENTITY (the_case), FL_STORE_PUT_ASSIGN_MODSEQ, &error));
    }

  query = fl_store_query_new (FL_TYPE_CASE);
  g_assert_true (fl_store_query_where_text (query, "customerId", fl_entity_get_id (FL_ENTITY (customer)), &error));
  g_assert_true (fl_store_query_where_any_text (query, "status", open_states, &error));
  g_assert_true (fl_store_query_order_by (query, "createdAt", FALSE, &error));
  ids = fl_store_query_run (fixture->store, query, 1, 2, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpint (total, ==, 4);
  g_assert_cmpuint (ids->len, ==, 2);

  /* Unassigned only: NULL matches "not set". */
  g_clear_pointer (&query, fl_store_query_free);
  g_clear_pointer (&ids, g_ptr_array_unref);
  query = fl_store_query_new (FL_TYPE_CASE);
  g_assert_true (fl_store_query_where_text (query, "assignee_id", NULL, &error));
  ids = fl_store_query_run (fixture->store, query, 0, 100, &total, &error);
  g_assert_cmpint (total, ==, 6);

  /* Only real, comparable fields; the name never reaches SQL. */
  g_assert_false (fl_store_query_where_text (query, "status; DROP TABLE cases", "x", &error));
  g_assert_error (error, FL_STORE_ERROR, FL_STORE_ERROR_INVALID_QUERY);
  g_clear_error (&error);
  g_assert_false (fl_store_query_order_by (query, "flawIds", TRUE, &error));
  g_assert_error (error, FL_STORE_ERROR, FL_STORE_ERROR_INVALID_QUERY);
}

static void
test_references (StoreFixture  *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlCustomer) customer = make_customer (fixture->store, "Fay Moss", NULL, NULL);
  g_autoptr(FlProduct) product = make_product (fixture->store, "Aurora 27", "Monitors", "2.4");
  g_autoptr(FlCase) the_case = make_case (fixture->store, customer, product, "2.1", "Dead pixel", test_time (1));
  g_autoptr(FlCase) orphan = FL_CASE (fl_entity_copy (FL_ENTITY (the_case)));
  g_autofree char *missing = fl_id_new ();
  g_autofree char *orphan_id = fl_id_new ();
  const char *flaws[] = { missing, NULL };

  g_assert_true (fl_store_check_references (fixture->store, FL_ENTITY (the_case), &error));
  g_assert_no_error (error);

  fl_entity_set_id (FL_ENTITY (orphan), orphan_id);
  fl_case_set_customer_id (orphan, missing);
  g_assert_false (fl_store_check_references (fixture->store, FL_ENTITY (orphan), &error));
  g_assert_error (error, FL_STORE_ERROR, FL_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "Case.customerId"));
  g_clear_error (&error);

  fl_case_set_customer_id (orphan, fl_entity_get_id (FL_ENTITY (customer)));
  fl_entity_set_list (FL_ENTITY (orphan), FL_CASE_FIELD_FLAW_IDS, flaws);
  g_assert_false (fl_store_check_references (fixture->store, FL_ENTITY (orphan), &error));
  g_assert_nonnull (strstr (error->message, "flawIds"));
  g_clear_error (&error);

  /* The customer has a case: it cannot go. The case has nothing hanging on it. */
  g_assert_false (fl_store_check_unreferenced (fixture->store, FL_TYPE_CUSTOMER,
                                               fl_entity_get_id (FL_ENTITY (customer)), &error));
  g_assert_error (error, FL_STORE_ERROR, FL_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_true (fl_store_check_unreferenced (fixture->store, FL_TYPE_CASE,
                                              fl_entity_get_id (FL_ENTITY (the_case)), &error));
  g_assert_no_error (error);
}

static void
test_server_tables (StoreFixture  *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlAgent) agent = make_agent (fixture->store, "sam", FL_AGENT_ROLE_AGENT);
  g_autoptr(FlAgent) found = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(JsonNode) audit = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *session_agent = NULL;
  g_autofree char *response = NULL;
  const char *agent_id = fl_entity_get_id (FL_ENTITY (agent));
  guint8 token_hash[FL_TOKEN_HASH_SIZE];
  g_autofree char *client = fl_id_new ();
  gint64 now = g_get_real_time ();

  found = fl_store_find_agent_by_login (fixture->store, "sam", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fl_entity_get_id (FL_ENTITY (found)), ==, agent_id);
  g_assert_null (fl_store_find_agent_by_login (fixture->store, "nobody", &error));
  g_assert_error (error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_null (fl_store_get_password_hash (fixture->store, agent_id, &error));
  g_assert_no_error (error);
  g_assert_true (fl_store_set_password_hash (fixture->store, agent_id, "$argon2id$one", &error));
  g_assert_true (fl_store_set_password_hash (fixture->store, agent_id, "$argon2id$two", &error));
  hash = fl_store_get_password_hash (fixture->store, agent_id, &error);
  g_assert_cmpstr (hash, ==, "$argon2id$two");

  memset (token_hash, 7, sizeof token_hash);
  g_assert_true (fl_store_add_session (fixture->store, token_hash, agent_id, now + G_TIME_SPAN_HOUR,
                                       "127.0.0.1", &error));
  session_agent = fl_store_lookup_session (fixture->store, token_hash, now, NULL, &error);
  g_assert_cmpstr (session_agent, ==, agent_id);
  /* Expired is the same as absent. */
  g_assert_null (fl_store_lookup_session (fixture->store, token_hash, now + 2 * G_TIME_SPAN_HOUR, NULL, &error));
  g_assert_no_error (error);
  sessions = fl_store_list_sessions (fixture->store, now, &error);
  g_assert_cmpuint (sessions->len, ==, 1);
  g_assert_true (fl_store_remove_agent_sessions (fixture->store, agent_id, &error));
  g_clear_pointer (&sessions, g_ptr_array_unref);
  sessions = fl_store_list_sessions (fixture->store, now, &error);
  g_assert_cmpuint (sessions->len, ==, 0);

  g_assert_null (fl_store_find_mutation (fixture->store, client, 1, &error));
  g_assert_no_error (error);
  g_assert_true (fl_store_record_mutation (fixture->store, client, 1, "Case", "{\"created\":{}}", &error));
  response = fl_store_find_mutation (fixture->store, client, 1, &error);
  g_assert_cmpstr (response, ==, "{\"created\":{}}");
  /* A mutation is applied once: recording it again is refused. */
  g_assert_false (fl_store_record_mutation (fixture->store, client, 1, "Case", "{}", &error));
  g_assert_error (error, FL_STORE_ERROR, FL_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_assert_true (fl_store_append_audit (fixture->store, agent_id, "Case/set create", "Case", client, 5,
                                        NULL, &error));
  g_assert_true (fl_store_append_audit (fixture->store, NULL, "user add", "Agent", agent_id, 0, NULL, &error));
  audit = fl_store_read_audit (fixture->store, 0, NULL, agent_id, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (audit)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (audit), 0),
                                                  "action"), ==, "Case/set create");
}

static void
test_backup (StoreFixture  *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *copy_path = g_build_filename (fixture->dir, "copy.db", NULL);
  g_autoptr(FlCustomer) customer = make_customer (fixture->store, "Gil Hart", NULL, NULL);
  g_autoptr(FlStore) copy = NULL;

  g_assert_true (fl_store_backup (fixture->store, copy_path, &error));
  g_assert_no_error (error);
  copy = fl_store_open (copy_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fl_store_count (copy, FL_TYPE_CUSTOMER, NULL), ==, 1);
  g_assert_cmpint (fl_store_get_modseq (copy), ==, fl_store_get_modseq (fixture->store));

  /* Never over an existing file. */
  g_assert_false (fl_store_backup (fixture->store, copy_path, &error));
  g_assert_error (error, FL_STORE_ERROR, FL_STORE_ERROR_OPEN);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, func, store_fixture_teardown)

  ADD ("/store/changes/each-id-once", test_changes_report_each_id_once);
  ADD ("/store/changes/page", test_changes_page);
  ADD ("/store/changes/horizon", test_changes_refused_past_the_horizon);
  ADD ("/store/changes/savepoint-rollback", test_savepoint_rollback_restores_modseq);
  ADD ("/store/query", test_query);
  ADD ("/store/references", test_references);
  ADD ("/store/server-tables", test_server_tables);
  ADD ("/store/backup", test_backup);

  return g_test_run ();
}

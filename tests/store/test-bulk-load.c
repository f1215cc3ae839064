/* test-bulk-load.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A store filled by a bulk load (the demo generator's, into an empty file: no
 * WAL meanwhile, indexes and lookup keys built at the end, the keys on a thread
 * of their own) must be the store that writing the same records one by one
 * makes: the same lookup keys, links, search results, flaw matches and
 * history, every full-text index consistent with its records, and a normal
 * WAL database afterwards.
 */
#include "config.h"

#include <sqlite3.h>

#include "fl-demo-generator.h"
#include "fl-store-private.h"
#include "fl-test-util.h"

typedef struct
{
  char            *dir;
  FlStore         *bulk;      /* loaded by the generator */
  FlStore         *one_by_one; /* the same records, put one at a time */
  FlDemoGenerator *generator;
} Fixture;

/* Every record of @from, put into @into in one ordinary transaction (the
 * references are checked at its commit, so the order of types is free). */
static void
copy_record_by_record (FlStore *from,
                       FlStore *into)
{
  g_autoptr(GError) error = NULL;
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);

  g_assert_true (fl_store_begin (into, &error));
  for (guint i = 0; i < n_types; i++)
    {
      FlEntityClass *klass = g_type_class_ref (types[i]);
      g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s ORDER BY rowid",
                                              _fl_store_columns (from, types[i]),
                                              klass->table_name);
      g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (_fl_store_get_db (from), sql, -1, &stmt, NULL), ==,
                       SQLITE_OK);
      g_assert_true (_fl_store_collect (from, types[i], stmt, records, &error));
      g_assert_no_error (error);
      sqlite3_finalize (stmt);

      for (guint r = 0; r < records->len; r++)
        {
          fl_store_put (into, g_ptr_array_index (records, r), 0, &error);
          g_assert_no_error (error);
        }
      g_type_class_unref (klass);
    }
  g_assert_true (fl_store_commit (into, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bulk_path = NULL;
  g_autofree char *copy_path = NULL;

  fixture->dir = g_dir_make_tmp ("frontline-bulk-XXXXXX", &error);
  g_assert_no_error (error);
  bulk_path = g_build_filename (fixture->dir, "bulk.db", NULL);
  copy_path = g_build_filename (fixture->dir, "one-by-one.db", NULL);

  fixture->bulk = fl_store_open (bulk_path, &error);
  g_assert_no_error (error);
  fixture->generator = fl_demo_generator_new ();
  fl_demo_generator_set_n_customers (fixture->generator, 400);
  g_assert_true (fl_demo_generator_run (fixture->generator, fixture->bulk, &error));
  g_assert_no_error (error);

  fixture->one_by_one = fl_store_open (copy_path, &error);
  g_assert_no_error (error);
  copy_record_by_record (fixture->bulk, fixture->one_by_one);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->generator);
  g_assert_finalize_object (fixture->bulk);
  g_assert_finalize_object (fixture->one_by_one);
  fl_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* The rows of @sql, one line each, columns separated by tabs. */
static char *
rows_of (FlStore    *store,
         const char *sql)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (_fl_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        g_string_append_printf (out, "%s%s", c > 0 ? "\t" : "",
                                (const char *) sqlite3_column_text (stmt, c));
      g_string_append_c (out, '\n');
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

static void
assert_same_rows (Fixture    *fixture,
                  const char *sql,
                  gsize       at_least_lines)
{
  g_autofree char *bulk = rows_of (fixture->bulk, sql);
  g_autofree char *one_by_one = rows_of (fixture->one_by_one, sql);
  gsize lines = 0;

  for (const char *p = bulk; *p; p++)
    lines += *p == '\n';
  g_test_message ("%s: %" G_GSIZE_FORMAT " rows", sql, lines);
  g_assert_cmpuint (lines, >=, at_least_lines);
  g_assert_cmpstr (bulk, ==, one_by_one);
}

/* The ids of a result, in order; each element is a record, or a flaw match or
 * history item that holds one. */
static char *
ids_of (GPtrArray *found)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < found->len; i++)
    {
      gpointer item = g_ptr_array_index (found, i);
      FlEntity *entity = FL_IS_FLAW_MATCH (item)
                         ? FL_ENTITY (fl_flaw_match_get_flaw (item))
                         : FL_IS_HISTORY_ITEM (item) ? fl_history_item_get_entity (item)
                         : FL_ENTITY (item);

      g_string_append_printf (out, "%s ", fl_entity_get_id (entity));
    }
  return g_string_free (out, FALSE);
}

typedef GPtrArray *(*SearchFunc) (FlStore *store, const char *text, guint limit, GError **error);

static void
assert_same_results (Fixture    *fixture,
                     SearchFunc  search,
                     const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bulk = search (fixture->bulk, text, 20, &error);
  g_autoptr(GPtrArray) one_by_one = NULL;
  g_autofree char *bulk_ids = NULL;
  g_autofree char *one_by_one_ids = NULL;

  g_assert_no_error (error);
  one_by_one = search (fixture->one_by_one, text, 20, &error);
  g_assert_no_error (error);
  bulk_ids = ids_of (bulk);
  one_by_one_ids = ids_of (one_by_one);
  g_assert_cmpstr (bulk_ids, ==, one_by_one_ids);
}

static void
test_same_keys_links_and_schema (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *mode = rows_of (fixture->bulk, "PRAGMA journal_mode");

  /* Every customer's lookup keys, by customer id (pks may differ). */
  assert_same_rows (fixture,
                    "SELECT c.id, k.key FROM customer_keys k JOIN customers c ON c.pk = k.customer_pk"
                    " ORDER BY 1, 2", 400 * 5);
  /* …and read through the index by customer too. */
  assert_same_rows (fixture,
                    "SELECT c.id, k.key FROM customers c JOIN customer_keys k"
                    " INDEXED BY customer_keys_by_customer ON k.customer_pk = c.pk ORDER BY 1, 2",
                    400 * 5);
  assert_same_rows (fixture, "SELECT case_id, flaw_id FROM case_flaws ORDER BY 1, 2", 10);
  assert_same_rows (fixture, "SELECT f.id, w.title, w.symptoms FROM flaw_words w"
                             " JOIN flaws f ON f.pk = w.rowid ORDER BY 1", 10);
  assert_same_rows (fixture, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name",
                    40);
  assert_same_rows (fixture, "PRAGMA integrity_check", 1);
  g_assert_cmpstr (mode, ==, "wal\n");
  g_assert_cmpint (fl_store_count (fixture->bulk, FL_TYPE_CUSTOMER, NULL), ==, 400);

  /* Each full-text index agrees with its records. */
  {
    static const char * const checks[] = {
      "INSERT INTO customer_fts (customer_fts) VALUES ('integrity-check')",
      "INSERT INTO case_fts (case_fts) VALUES ('integrity-check')",
      "INSERT INTO interaction_fts (interaction_fts) VALUES ('integrity-check')",
      "INSERT INTO flaw_fts (flaw_fts) VALUES ('integrity-check')",
    };

    for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
      g_assert_cmpint (sqlite3_exec (_fl_store_get_db (fixture->bulk), checks[i], NULL, NULL, NULL),
                       ==, SQLITE_OK);
  }
}

static void
test_same_answers (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  const char *showcase = fl_demo_generator_get_showcase_customer_id (fixture->generator);
  static const char * const words[] = {
    "monitor", "flicker*", "driver", "refund", "warranty", "\"does not\"", "cable OR dock",
  };

  /* Look every tenth customer up by phone, e-mail, name and full text. */
  customers = fl_store_search_customers (fixture->bulk, "com", 400, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (customers->len, >, 20);
  for (guint i = 0; i < customers->len; i += 10)
    {
      FlCustomer *customer = g_ptr_array_index (customers, i);
      const char * const *phones = fl_customer_get_phones (customer);
      const char * const *emails = fl_customer_get_emails (customer);
      g_autofree char *name_start = g_strndup (fl_customer_get_name (customer), 6);

      if (phones[0] != NULL)
        assert_same_results (fixture, fl_store_lookup_customers, phones[0]);
      if (emails[0] != NULL)
        assert_same_results (fixture, fl_store_lookup_customers, emails[0]);
      assert_same_results (fixture, fl_store_lookup_customers, fl_customer_get_name (customer));
      assert_same_results (fixture, fl_store_lookup_customers, name_start);
      assert_same_results (fixture, fl_store_search_customers, fl_customer_get_name (customer));
    }

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      assert_same_results (fixture, fl_store_search_cases, words[i]);
      assert_same_results (fixture, fl_store_search_flaws, words[i]);
      assert_same_results (fixture, fl_store_search_customers, words[i]);
    }

  /* The flaws matched to the showcase customer's cases, and their history. */
  {
    g_autoptr(GPtrArray) bulk = fl_store_get_customer_history (fixture->bulk, showcase,
                                                               FL_HISTORY_ALL, NULL, 200,
                                                               NULL, &error);
    g_autoptr(GPtrArray) one_by_one = NULL;
    g_autofree char *bulk_ids = NULL;
    g_autofree char *one_by_one_ids = NULL;
    guint n_cases = 0;

    g_assert_no_error (error);
    one_by_one = fl_store_get_customer_history (fixture->one_by_one, showcase, FL_HISTORY_ALL,
                                                NULL, 200, NULL, &error);
    g_assert_no_error (error);
    bulk_ids = ids_of (bulk);
    one_by_one_ids = ids_of (one_by_one);
    g_assert_cmpuint (bulk->len, ==, 200);
    g_assert_cmpstr (bulk_ids, ==, one_by_one_ids);

    for (guint i = 0; i < bulk->len; i++)
      {
        FlEntity *entity = fl_history_item_get_entity (g_ptr_array_index (bulk, i));
        g_autoptr(GPtrArray) a = NULL;
        g_autoptr(GPtrArray) b = NULL;
        g_autofree char *a_ids = NULL;
        g_autofree char *b_ids = NULL;

        if (!FL_IS_CASE (entity))
          continue;
        n_cases++;
        a = fl_store_match_flaws_for_case (fixture->bulk, fl_entity_get_id (entity), 10, &error);
        g_assert_no_error (error);
        b = fl_store_match_flaws_for_case (fixture->one_by_one, fl_entity_get_id (entity), 10,
                                           &error);
        g_assert_no_error (error);
        a_ids = ids_of (a);
        b_ids = ids_of (b);
        g_assert_cmpstr (a_ids, ==, b_ids);
      }
    g_assert_cmpuint (n_cases, >, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/store/bulk-load/same-keys-links-and-schema-as-one-by-one", test_same_keys_links_and_schema);
  ADD ("/store/bulk-load/same-answers-as-one-by-one", test_same_answers);
#undef ADD

  return g_test_run ();
}

/* test-demo-generator.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo data set: reproducible from its seed, sized by its customer count, with
 * the demo logins, a showcase customer the tools can find, and agents who sign
 * with their alias. Real stores in a temporary folder.
 */
#include "config.h"

#include "fl-test-util.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fl-demo-generator.h"

typedef struct
{
  char *dir;
} Fixture;

#define SHOWCASE_FLAW "Flickers at 144 Hz over DisplayPort after waking from sleep"

/* The frontline-demo-data executable, from the command line. */
static const char *demo_data_path;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("frontline-demo-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  fl_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static FlStore *
generate (Fixture          *fixture,
          const char       *name,
          guint64           seed,
          guint             n_customers,
          FlDemoGenerator **out_generator)
{
  g_autoptr(FlDemoGenerator) generator = fl_demo_generator_new ();
  g_autoptr(FlStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

  store = fl_store_open (path, &error);
  g_assert_no_error (error);

  fl_demo_generator_set_seed (generator, seed);
  fl_demo_generator_set_n_customers (generator, n_customers);
  g_assert_true (fl_demo_generator_run (generator, store, &error));
  g_assert_no_error (error);
  g_assert_nonnull (fl_demo_generator_get_showcase_customer_id (generator));
  g_assert_nonnull (fl_demo_generator_get_showcase_case_id (generator));

  if (out_generator != NULL)
    *out_generator = g_steal_pointer (&generator);
  return g_steal_pointer (&store);
}

/* The store has no call that lists a table, so the ids come straight from the
 * file; the records themselves are read through the store. */
static GPtrArray *
list_records (FlStore *store,
              GType    type)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_open_v2 (fl_store_get_path (store), &db, SQLITE_OPEN_READONLY, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);

  sql = g_strdup_printf ("SELECT id FROM %s ORDER BY id",
                         fl_entity_class_get_table_name (g_type_class_peek (type)));
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GError) error = NULL;
      FlEntity *entity = fl_store_get (store, type, (const char *) sqlite3_column_text (stmt, 0),
                                       &error);

      g_assert_no_error (error);
      g_ptr_array_add (records, entity);
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_steal_pointer (&records);
}

/* A SHA-256 over the JSON of every record of every type, every field included:
 * a bulk load keeps the generator's own times, so nothing depends on the clock. */
static char *
checksum_records (FlStore *store)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);

  for (guint t = 0; t < n_types; t++)
    {
      g_autoptr(GPtrArray) records = list_records (store, types[t]);

      for (guint i = 0; i < records->len; i++)
        {
          g_autoptr(JsonNode) node = fl_json_encode (g_ptr_array_index (records, i));
          g_autofree char *text = NULL;

          text = json_to_string (node, FALSE);
          g_checksum_update (checksum, (const guchar *) text, -1);
          g_checksum_update (checksum, (const guchar *) "\n", 1);
        }
    }

  return g_strdup (g_checksum_get_string (checksum));
}

static gint64
count (FlStore *store,
       GType    type)
{
  g_autoptr(GError) error = NULL;
  gint64 n = fl_store_count (store, type, &error);

  g_assert_no_error (error);
  return n;
}

static void
test_same_seed_same_records (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(FlDemoGenerator) first = NULL;
  g_autoptr(FlDemoGenerator) second = NULL;
  g_autoptr(FlStore) a = generate (fixture, "a.db", 7, 200, &first);
  g_autoptr(FlStore) b = generate (fixture, "b.db", 7, 200, &second);
  g_autofree char *sum_a = checksum_records (a);
  g_autofree char *sum_b = checksum_records (b);

  g_assert_cmpstr (sum_a, ==, sum_b);
  g_assert_cmpstr (fl_demo_generator_get_showcase_customer_id (first), ==,
                   fl_demo_generator_get_showcase_customer_id (second));
  g_assert_cmpstr (fl_demo_generator_get_showcase_case_id (first), ==,
                   fl_demo_generator_get_showcase_case_id (second));
  g_assert_cmpuint (fl_demo_generator_get_rows_written (first), ==,
                    fl_demo_generator_get_rows_written (second));
}

static void
test_different_seed_different_records (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(FlDemoGenerator) first = NULL;
  g_autoptr(FlDemoGenerator) second = NULL;
  g_autoptr(FlStore) a = generate (fixture, "a.db", 7, 200, &first);
  g_autoptr(FlStore) b = generate (fixture, "b.db", 8, 200, &second);
  g_autofree char *sum_a = checksum_records (a);
  g_autofree char *sum_b = checksum_records (b);

  g_assert_cmpstr (sum_a, !=, sum_b);
  g_assert_cmpstr (fl_demo_generator_get_showcase_customer_id (first), !=,
                   fl_demo_generator_get_showcase_customer_id (second));
}

static void
test_counts_scale_with_customers (Fixture       *fixture,
                                  gconstpointer  data)
{
  const guint sizes[] = { 100, 1000 };
  gint64 previous[5] = { 0 };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autofree char *name = g_strdup_printf ("%u.db", sizes[s]);
      g_autoptr(FlDemoGenerator) generator = NULL;
      g_autoptr(FlStore) store = generate (fixture, name, 1, sizes[s], &generator);
      double n = sizes[s] - 1;  /* without the showcase customer */
      gint64 ownerships = count (store, FL_TYPE_OWNERSHIP) - 10;
      gint64 cases = count (store, FL_TYPE_CASE) - 150;
      gint64 interactions = count (store, FL_TYPE_INTERACTION) - 5000;
      gint64 outcomes = count (store, FL_TYPE_OFFER_OUTCOME);
      gint64 total = 0;
      guint n_types;
      const GType *types = fl_model_get_types (&n_types);

      g_assert_cmpint (count (store, FL_TYPE_CUSTOMER), ==, sizes[s]);
      g_assert_cmpint (count (store, FL_TYPE_AGENT), ==, 25);
      g_assert_cmpint (count (store, FL_TYPE_PRODUCT), ==, 60);
      g_assert_cmpint (count (store, FL_TYPE_OFFER), ==, 25);
      g_assert_cmpint (count (store, FL_TYPE_FLAW), ==, MAX (40, sizes[s] / 20));

      g_assert_cmpfloat (ownerships, >, 1.2 * n);
      g_assert_cmpfloat (ownerships, <, 1.9 * n);
      g_assert_cmpfloat (cases, >, 0.7 * n);
      g_assert_cmpfloat (cases, <, 1.4 * n);
      g_assert_cmpfloat (interactions, >, 2.0 * cases);
      g_assert_cmpfloat (interactions, <, 4.5 * cases);
      g_assert_cmpfloat (outcomes, <, 0.3 * n + 30);

      g_assert_cmpint (ownerships, >, previous[0]);
      g_assert_cmpint (cases, >, previous[1]);
      g_assert_cmpint (interactions, >, previous[2]);
      previous[0] = ownerships;
      previous[1] = cases;
      previous[2] = interactions;

      for (guint t = 0; t < n_types; t++)
        total += count (store, types[t]);
      g_assert_cmpuint (fl_demo_generator_get_rows_written (generator), ==, (guint64) total);
    }
}

static void
test_demo_logins_have_their_roles (Fixture       *fixture,
                                   gconstpointer  data)
{
  static const struct
  {
    const char  *login;
    FlAgentRole  role;
  } logins[] = {
    { "lead", FL_AGENT_ROLE_LEAD },
    { "tier2", FL_AGENT_ROLE_TIER2 },
    { "agent", FL_AGENT_ROLE_AGENT },
    { "rotation", FL_AGENT_ROLE_ROTATION },
    { "trainee", FL_AGENT_ROLE_TRAINEE },
  };
  static const char * const rank_words[] = { "lead", "tier", "manager", "supervisor" };
  g_autoptr(FlStore) store = generate (fixture, "agents.db", 1, 50, NULL);
  g_autoptr(GPtrArray) agents = list_records (store, FL_TYPE_AGENT);
  guint roles_seen = 0;

  g_assert_cmpuint (agents->len, >=, 25);

  for (guint l = 0; l < G_N_ELEMENTS (logins); l++)
    {
      FlAgent *found = NULL;

      for (guint i = 0; i < agents->len; i++)
        if (g_strcmp0 (fl_agent_get_login (g_ptr_array_index (agents, i)), logins[l].login) == 0)
          found = g_ptr_array_index (agents, i);

      g_assert_nonnull (found);
      g_assert_cmpint (fl_agent_get_role (found), ==, logins[l].role);
      g_assert_false (fl_agent_get_disabled (found));
    }

  for (guint i = 0; i < agents->len; i++)
    {
      FlAgent *agent = g_ptr_array_index (agents, i);
      g_autofree char *alias = g_utf8_strdown (fl_agent_get_alias (agent), -1);

      g_assert_cmpstr (alias, !=, "");
      g_assert_cmpstr (fl_agent_get_alias (agent), !=, fl_agent_get_display_name (agent));
      g_assert_nonnull (strchr (fl_agent_get_display_name (agent), ' '));
      for (guint w = 0; w < G_N_ELEMENTS (rank_words); w++)
        g_assert_null (strstr (alias, rank_words[w]));
      roles_seen |= 1u << fl_agent_get_role (agent);
    }

  /* Every role, beyond the five demo logins. */
  g_assert_cmpuint (roles_seen, ==, (1u << (FL_AGENT_ROLE_TRAINEE + 1)) - 1);
}

/* Pages through a customer's history of @filter, checking each item's kind. */
static guint
count_history (FlStore         *store,
               const char      *customer_id,
               FlHistoryFilter  filter,
               FlHistoryKind    kind)
{
  g_autofree char *cursor = NULL;
  guint n = 0;
  guint pages = 0;

  do
    {
      g_autoptr(GPtrArray) page = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *next = NULL;

      page = fl_store_get_customer_history (store, customer_id, filter, cursor, 200, &next, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < page->len; i++)
        g_assert_cmpint (fl_history_item_get_kind (g_ptr_array_index (page, i)), ==, kind);
      n += page->len;
      g_free (cursor);
      cursor = g_steal_pointer (&next);
      g_assert_cmpuint (++pages, <=, 100);
    }
  while (cursor != NULL);

  return n;
}

static void
test_showcase_customer_has_5000_interactions (Fixture       *fixture,
                                              gconstpointer  data)
{
  g_autoptr(FlDemoGenerator) generator = NULL;
  g_autoptr(FlStore) store = generate (fixture, "showcase.db", 1, 300, &generator);
  const char *customer_id = fl_demo_generator_get_showcase_customer_id (generator);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  guint interactions = 0;
  guint pages = 0;

  found = fl_store_find_customers_by_phone (store, FL_DEMO_SHOWCASE_PHONE, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (fl_entity_get_id (g_ptr_array_index (found, 0)), ==, customer_id);

  do
    {
      g_autoptr(GPtrArray) page = NULL;
      g_autofree char *next = NULL;

      page = fl_store_get_customer_history (store, customer_id, FL_HISTORY_INTERACTIONS, cursor,
                                            200, &next, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < page->len; i++)
        {
          FlHistoryItem *item = g_ptr_array_index (page, i);
          FlEntity *entity = fl_history_item_get_entity (item);

          g_assert_cmpint (fl_history_item_get_kind (item), ==, FL_HISTORY_KIND_INTERACTION);
          g_assert_cmpstr (fl_interaction_get_customer_id (FL_INTERACTION (entity)), ==,
                           customer_id);
        }
      interactions += page->len;
      pages++;
      g_free (cursor);
      cursor = g_steal_pointer (&next);
      g_assert_cmpuint (pages, <=, 100);
    }
  while (cursor != NULL);

  g_assert_cmpuint (interactions, ==, 5000);

  /* Years of history: 150 cases, several products, offers made. */
  g_assert_cmpuint (count_history (store, customer_id, FL_HISTORY_CASES, FL_HISTORY_KIND_CASE),
                    ==, 150);
  g_assert_cmpuint (count_history (store, customer_id, FL_HISTORY_PURCHASES,
                                   FL_HISTORY_KIND_PURCHASE), >=, 5);
  g_assert_cmpuint (count_history (store, customer_id, FL_HISTORY_OFFERS, FL_HISTORY_KIND_OFFER),
                    >=, 1);
}

static void
test_showcase_case_matches_a_known_flaw (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autoptr(FlDemoGenerator) generator = NULL;
  g_autoptr(FlStore) store = generate (fixture, "case.db", 1, 300, &generator);
  const char *case_id = fl_demo_generator_get_showcase_case_id (generator);
  g_autoptr(GError) error = NULL;
  g_autoptr(FlEntity) found = fl_store_get (store, FL_TYPE_CASE, case_id, &error);
  g_autoptr(GPtrArray) matches = NULL;
  gboolean expected_flaw = FALSE;

  g_assert_no_error (error);
  g_assert_cmpint (fl_case_get_status (FL_CASE (found)), ==, FL_CASE_STATUS_OPEN);
  g_assert_cmpstr (fl_case_get_customer_id (FL_CASE (found)), ==,
                   fl_demo_generator_get_showcase_customer_id (generator));

  matches = fl_store_match_flaws_for_case (store, case_id, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (matches->len, >=, 1);

  for (guint i = 0; i < matches->len; i++)
    {
      FlFlaw *flaw = fl_flaw_match_get_flaw (g_ptr_array_index (matches, i));

      expected_flaw |= g_strcmp0 (fl_flaw_get_title (flaw), SHOWCASE_FLAW) == 0;
    }
  g_assert_true (expected_flaw);
}

static void
test_authors_sign_with_their_alias (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(FlStore) store = generate (fixture, "authors.db", 3, 200, NULL);
  g_autoptr(GPtrArray) agents = list_records (store, FL_TYPE_AGENT);
  g_autoptr(GPtrArray) interactions = list_records (store, FL_TYPE_INTERACTION);
  g_autoptr(GHashTable) aliases = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < agents->len; i++)
    {
      FlAgent *agent = g_ptr_array_index (agents, i);

      g_hash_table_insert (aliases, (gpointer) fl_entity_get_id (FL_ENTITY (agent)),
                           (gpointer) fl_agent_get_alias (agent));
    }

  g_assert_cmpuint (interactions->len, >, 5000);
  for (guint i = 0; i < interactions->len; i++)
    {
      FlInteraction *interaction = g_ptr_array_index (interactions, i);
      const char *alias = g_hash_table_lookup (aliases, fl_interaction_get_author_id (interaction));

      g_assert_nonnull (alias);
      g_assert_cmpstr (fl_interaction_get_author_name (interaction), ==, alias);
      g_assert_nonnull (fl_interaction_get_customer_id (interaction));
    }
}

static void
test_open_cases_are_due_around_the_reference_time (Fixture       *fixture,
                                                   gconstpointer  data)
{
  g_autoptr(FlStore) store = generate (fixture, "sla.db", 1, 1000, NULL);
  g_autoptr(GPtrArray) cases = list_records (store, FL_TYPE_CASE);
  const gint64 now = FL_DEMO_DEFAULT_REFERENCE_TIME;
  guint open = 0;
  guint overdue = 0;

  for (guint i = 0; i < cases->len; i++)
    {
      FlCase *the_case = g_ptr_array_index (cases, i);
      FlCaseStatus status = fl_case_get_status (the_case);
      gint64 created_at = fl_entity_get_created_at (FL_ENTITY (the_case));

      g_assert_cmpint (created_at, <=, now);
      if (status == FL_CASE_STATUS_RESOLVED || status == FL_CASE_STATUS_CLOSED)
        {
          g_assert_cmpint (fl_case_get_resolved_at (the_case), >=, created_at);
          g_assert_cmpint (fl_case_get_resolved_at (the_case), <=, now);
          continue;
        }

      open++;
      g_assert_cmpint (fl_case_get_resolved_at (the_case), ==, 0);
      g_assert_cmpint (fl_case_get_sla_due_at (the_case), >=, now - 2 * FL_USEC_PER_DAY);
      g_assert_cmpint (fl_case_get_sla_due_at (the_case), <=, now + 6 * FL_USEC_PER_DAY);
      if (fl_case_get_sla_due_at (the_case) < now)
        overdue++;
    }

  g_assert_cmpuint (open, >, 10);
  g_assert_cmpuint (overdue, >, 0);
  g_assert_cmpuint (overdue, <, open);
}

/* frontline-demo-data ------------------------------------------------------- */

static gboolean
run_tool (const char  *db,
          const char  *extra,
          char       **out,
          char       **err)
{
  const char *argv[] = { demo_data_path, "--db", db, "--customers", "50", "--quiet", extra, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL);
}

static void
test_tool_tours_a_new_database (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "tool.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (demo_data_path == NULL)
    {
      g_test_skip ("the path of frontline-demo-data was not given");
      return;
    }

  g_assert_true (run_tool (db, "--tour", &out, &err));
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "Helena Márquez"));
  g_assert_nonnull (strstr (out, SHOWCASE_FLAW));
  g_assert_nonnull (strstr (out, "second monitor"));
}

static void
test_tool_refuses_a_database_with_customers (Fixture       *fixture,
                                             gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "tool.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (demo_data_path == NULL)
    {
      g_test_skip ("the path of frontline-demo-data was not given");
      return;
    }

  g_assert_true (run_tool (db, NULL, NULL, NULL));
  g_assert_false (run_tool (db, NULL, &out, &err));
  g_assert_nonnull (strstr (err, "already holds 50 customers"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (argc > 1)
    demo_data_path = argv[1];

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/demo/generator/same-seed-same-records", test_same_seed_same_records);
  ADD ("/demo/generator/different-seed-different-records", test_different_seed_different_records);
  ADD ("/demo/generator/counts-scale-with-customers", test_counts_scale_with_customers);
  ADD ("/demo/generator/demo-logins-have-their-roles", test_demo_logins_have_their_roles);
  ADD ("/demo/generator/showcase-customer-has-5000-interactions",
       test_showcase_customer_has_5000_interactions);
  ADD ("/demo/generator/showcase-case-matches-a-known-flaw",
       test_showcase_case_matches_a_known_flaw);
  ADD ("/demo/generator/authors-sign-with-their-alias", test_authors_sign_with_their_alias);
  ADD ("/demo/generator/open-cases-are-due-around-the-reference-time",
       test_open_cases_are_due_around_the_reference_time);
  ADD ("/demo/tool/tours-a-new-database", test_tool_tours_a_new_database);
  ADD ("/demo/tool/refuses-a-database-with-customers", test_tool_refuses_a_database_with_customers);
#undef ADD

  return g_test_run ();
}

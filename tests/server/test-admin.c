/* test-admin.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The admin subcommands, run as an administrator runs them: the real
 * frontline-server executable against a real database file in a temporary
 * folder, passwords on its standard input; the database is read back with the
 * store afterwards.
 */
#include "config.h"

#include "fl-test-util.h"

#include <string.h>

#include <gio/gio.h>

#include "fl-password.h"
#include "fl-store-query.h"
#include "fl-store-server.h"

#define PASSWORD "correct horse battery\n"
#define OTHER_PASSWORD "staple-and-glue\n"

typedef struct
{
  char *dir;
  char *db_path;
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

/* frontline-server, from the test's environment (tests/server/meson.build). */
static const char *server_path;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("frontline-admin-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "frontline.db", NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  fl_test_remove_tree (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

#define assert_contains(haystack, needle) \
  assert_contains_impl (__FILE__, __LINE__, G_STRFUNC, (haystack), (needle))

static void
assert_contains_impl (const char *file,
                      int         line,
                      const char *func,
                      const char *haystack,
                      const char *needle)
{
  g_autofree char *message = NULL;

  if (haystack != NULL && strstr (haystack, needle) != NULL)
    return;
  message = g_strdup_printf ("expected “%s” in:\n%s", needle, haystack);
  g_assertion_message (G_LOG_DOMAIN, file, line, func, message);
}

/* Runs frontline-server --db @db_path with the arguments that follow, in the
 * fixture's folder (so file names in messages are as given), with @input on
 * its standard input. */
static void
run_on_db (Fixture    *fixture,
           const char *db_path,
           const char *input,
           Run        *run,
           ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  run_clear (run);
  g_ptr_array_add (argv, (char *) server_path);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db_path);
  va_start (args, run);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, fixture->dir);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

#define run_admin(fixture, input, run, ...) \
  run_on_db ((fixture), (fixture)->db_path, (input), (run), __VA_ARGS__, NULL)

static void
assert_success (Run *run)
{
  if (run->status != 0)
    g_test_message ("stdout:\n%s\nstderr:\n%s", run->out, run->err);
  g_assert_cmpint (run->status, ==, 0);
}

/* The run failed with @status, and standard error says @message. */
static void
assert_failure (Run        *run,
                int         status,
                const char *message)
{
  g_assert_cmpint (run->status, ==, status);
  assert_contains (run->err, message);
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static FlStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  FlStore *store = fl_store_open (path, &error);

  g_assert_no_error (error);
  return store;
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
assert_count (const char *db_path,
              GType       type,
              gint64      expected)
{
  g_autoptr(FlStore) store = open_store (db_path);

  g_assert_cmpint (count (store, type), ==, expected);
}

static FlAgent *
find_agent (FlStore    *store,
            const char *login)
{
  g_autoptr(GError) error = NULL;
  FlAgent *agent = fl_store_find_agent_by_login (store, login, &error);

  g_assert_no_error (error);
  return agent;
}

static char *
password_hash (FlStore  *store,
               FlAgent  *agent)
{
  g_autoptr(GError) error = NULL;
  char *hash = fl_store_get_password_hash (store, fl_entity_get_id (FL_ENTITY (agent)), &error);

  g_assert_no_error (error);
  return hash;
}

/* The audit log's actions for one record, oldest first, joined by commas. */
static char *
audit_actions (FlStore    *store,
               const char *record_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) entries = fl_store_read_audit (store, 0, record_id, NULL, 100, &error);
  g_autoptr(GString) actions = g_string_new (NULL);
  JsonArray *array;

  g_assert_no_error (error);
  array = json_node_get_array (entries);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);

      if (i > 0)
        g_string_append (actions, ",");
      g_string_append (actions, json_object_get_string_member (entry, "action"));
    }
  return g_string_free (g_steal_pointer (&actions), FALSE);
}

static void
add_user (Fixture    *fixture,
          const char *login,
          const char *role,
          const char *name)
{
  g_auto(Run) run = { 0 };

  run_admin (fixture, PASSWORD, &run, "user", "add", login, "--role", role, "--name", name);
  assert_success (&run);
}

static void
test_user_add_stores_agent_with_password (Fixture       *fixture,
                                          gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_auto(FlStoreChanges) changes = { 0 };
  g_autoptr(FlStore) store = NULL;
  g_autoptr(FlAgent) agent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *actions = NULL;
  const char *id;

  run_admin (fixture, PASSWORD, &run, "user", "add", "ingrid", "--role", "tier2",
             "--name", "Ingrid Halvorsen", "--alias", "Inga", "--team", "Monitors");
  assert_success (&run);
  assert_contains (run.out, "ingrid");

  store = open_store (fixture->db_path);
  agent = find_agent (store, "ingrid");
  id = fl_entity_get_id (FL_ENTITY (agent));
  g_assert_true (fl_is_valid_id (id));
  g_assert_cmpstr (fl_agent_get_display_name (agent), ==, "Ingrid Halvorsen");
  g_assert_cmpstr (fl_agent_get_alias (agent), ==, "Inga");
  g_assert_cmpstr (fl_agent_get_team (agent), ==, "Monitors");
  g_assert_cmpint (fl_agent_get_role (agent), ==, FL_AGENT_ROLE_TIER2);
  g_assert_false (fl_agent_get_disabled (agent));
  g_assert_cmpint (fl_entity_get_created_at (FL_ENTITY (agent)), >, 0);

  /* The stored hash is of the password given on standard input, line ending
   * left out. */
  hash = password_hash (store, agent);
  g_assert_nonnull (hash);
  g_assert_true (fl_password_verify (hash, "correct horse battery"));
  g_assert_false (fl_password_verify (hash, "correct horse battery\n"));
  g_assert_false (fl_password_verify (hash, "wrong password"));

  /* Logged for sync, and audited. */
  g_assert_cmpint (fl_entity_get_modseq (FL_ENTITY (agent)), >, 0);
  fl_store_get_changes (store, FL_TYPE_AGENT, 0, 10, &changes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes.created->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (changes.created, 0), ==, id);
  actions = audit_actions (store, id);
  g_assert_cmpstr (actions, ==, "user add");
}

static void
test_user_add_without_alias_leaves_it_unset (Fixture       *fixture,
                                             gconstpointer  data)
{
  g_autoptr(FlStore) store = NULL;
  g_autoptr(FlAgent) agent = NULL;

  add_user (fixture, "lena", "lead", "Lena Berg");

  store = open_store (fixture->db_path);
  agent = find_agent (store, "lena");
  g_assert_cmpint (fl_agent_get_role (agent), ==, FL_AGENT_ROLE_LEAD);
  g_assert_null (fl_agent_get_alias (agent));
  g_assert_null (fl_agent_get_team (agent));
}

static void
test_user_add_refuses_duplicate_login (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autoptr(FlStore) store = NULL;
  g_autoptr(FlAgent) agent = NULL;

  add_user (fixture, "ingrid", "agent", "Ingrid Halvorsen");
  run_admin (fixture, OTHER_PASSWORD, &run, "user", "add", "ingrid", "--role", "lead",
             "--name", "Someone Else");

  assert_failure (&run, 1, "frontline-server: There is already an agent “ingrid”");

  store = open_store (fixture->db_path);
  g_assert_cmpint (count (store, FL_TYPE_AGENT), ==, 1);
  agent = find_agent (store, "ingrid");
  g_assert_cmpstr (fl_agent_get_display_name (agent), ==, "Ingrid Halvorsen");
}

static void
test_user_add_refuses_short_password (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_auto(Run) run = { 0 };

  run_admin (fixture, "short\n", &run, "user", "add", "ingrid", "--role", "agent",
             "--name", "Ingrid Halvorsen");

  assert_failure (&run, 1, "8 to 1024 characters");

  /* Not an agent who cannot sign in: no agent at all. */
  assert_count (fixture->db_path, FL_TYPE_AGENT, 0);
}

static void
test_user_add_refuses_unknown_role (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_auto(Run) run = { 0 };

  run_admin (fixture, PASSWORD, &run, "user", "add", "ingrid", "--role", "boss",
             "--name", "Ingrid Halvorsen");

  assert_failure (&run, 2, "frontline-server: “boss” is not a role");
  assert_contains (run.err, "agent, tier2, lead, rotation, trainee");

  assert_count (fixture->db_path, FL_TYPE_AGENT, 0);
}

static void
test_user_add_needs_role_and_name (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_auto(Run) run = { 0 };

  run_admin (fixture, PASSWORD, &run, "user", "add", "ingrid", "--role", "agent");

  assert_failure (&run, 2, "--name");
}

static void
add_session (FlStore    *store,
             FlAgent    *agent,
             guint8      token_hash[FL_TOKEN_HASH_SIZE])
{
  g_autoptr(GError) error = NULL;

  memset (token_hash, 0x5a, FL_TOKEN_HASH_SIZE);
  fl_store_add_session (store, token_hash, fl_entity_get_id (FL_ENTITY (agent)),
                        fl_timestamp_now () + FL_USEC_PER_DAY, "127.0.0.1", &error);
  g_assert_no_error (error);
}

static gboolean
session_is_live (FlStore      *store,
                 const guint8 *token_hash)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *agent_id = fl_store_lookup_session (store, token_hash, fl_timestamp_now (),
                                                       NULL, &error);

  g_assert_no_error (error);
  return agent_id != NULL;
}

static void
test_user_passwd_changes_hash_and_ends_sessions (Fixture       *fixture,
                                                 gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autoptr(FlStore) store = NULL;
  g_autoptr(FlAgent) agent = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *actions = NULL;
  guint8 token_hash[FL_TOKEN_HASH_SIZE];

  add_user (fixture, "ingrid", "agent", "Ingrid Halvorsen");
  store = open_store (fixture->db_path);
  agent = find_agent (store, "ingrid");
  add_session (store, agent, token_hash);
  g_assert_true (session_is_live (store, token_hash));

  run_admin (fixture, OTHER_PASSWORD, &run, "user", "passwd", "ingrid");
  assert_success (&run);

  hash = password_hash (store, agent);
  g_assert_true (fl_password_verify (hash, "staple-and-glue"));
  g_assert_false (fl_password_verify (hash, "correct horse battery"));
  g_assert_false (session_is_live (store, token_hash));
  actions = audit_actions (store, fl_entity_get_id (FL_ENTITY (agent)));
  g_assert_cmpstr (actions, ==, "user add,user passwd");
}

static void
test_user_passwd_of_unknown_login_fails (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_auto(Run) run = { 0 };

  run_admin (fixture, OTHER_PASSWORD, &run, "user", "passwd", "nobody");

  assert_failure (&run, 1, "frontline-server: There is no agent “nobody”");
}

static void
test_user_disable_and_enable (Fixture       *fixture,
                              gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autoptr(FlStore) store = NULL;
  g_autoptr(FlAgent) before = NULL;
  g_autoptr(FlAgent) disabled = NULL;
  g_autoptr(FlAgent) enabled = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *actions = NULL;
  guint8 token_hash[FL_TOKEN_HASH_SIZE];

  add_user (fixture, "ingrid", "agent", "Ingrid Halvorsen");
  store = open_store (fixture->db_path);
  before = find_agent (store, "ingrid");
  add_session (store, before, token_hash);

  run_admin (fixture, NULL, &run, "user", "disable", "ingrid");
  assert_success (&run);
  disabled = find_agent (store, "ingrid");
  g_assert_true (fl_agent_get_disabled (disabled));
  g_assert_cmpint (fl_entity_get_modseq (FL_ENTITY (disabled)), >,
                   fl_entity_get_modseq (FL_ENTITY (before)));
  g_assert_false (session_is_live (store, token_hash));
  run_clear (&run);

  run_admin (fixture, NULL, &run, "user", "enable", "ingrid");
  assert_success (&run);
  enabled = find_agent (store, "ingrid");
  g_assert_false (fl_agent_get_disabled (enabled));
  g_assert_cmpint (fl_entity_get_modseq (FL_ENTITY (enabled)), >,
                   fl_entity_get_modseq (FL_ENTITY (disabled)));

  /* The password survives both. */
  hash = password_hash (store, enabled);
  g_assert_true (fl_password_verify (hash, "correct horse battery"));
  actions = audit_actions (store, fl_entity_get_id (FL_ENTITY (enabled)));
  g_assert_cmpstr (actions, ==, "user add,user disable,user enable");
}

static void
test_user_list_as_table_and_json (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *agents;
  JsonObject *first;

  add_user (fixture, "tomas", "trainee", "Tomás Ñúñez");
  run_admin (fixture, PASSWORD, &run, "user", "add", "astrid", "--role", "lead", "--name",
             "Astrid Lund", "--alias", "Ace", "--team", "Audio");
  assert_success (&run);
  run_admin (fixture, NULL, &run, "user", "disable", "tomas");
  assert_success (&run);
  run_clear (&run);

  run_admin (fixture, NULL, &run, "user", "list");
  assert_success (&run);
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);  /* header, two agents, "" */
  g_assert_true (g_str_has_prefix (lines[0], "LOGIN"));
  assert_contains (lines[0], "DISABLED");
  /* By login, one agent per line, every column. */
  g_assert_true (g_str_has_prefix (lines[1], "astrid "));
  assert_contains (lines[1], "Astrid Lund");
  assert_contains (lines[1], "Ace");
  assert_contains (lines[1], "lead");
  assert_contains (lines[1], "Audio");
  g_assert_true (g_str_has_suffix (lines[1], "no"));
  g_assert_true (g_str_has_prefix (lines[2], "tomas "));
  assert_contains (lines[2], "Tomás Ñúñez");
  g_assert_true (g_str_has_suffix (lines[2], "yes"));
  /* Columns line up in characters, whatever the bytes. */
  g_assert_cmpint (g_utf8_pointer_to_offset (lines[1], strstr (lines[1], "lead")), ==,
                   g_utf8_pointer_to_offset (lines[2], strstr (lines[2], "trainee")));
  run_clear (&run);

  run_admin (fixture, NULL, &run, "user", "list", "--json");
  assert_success (&run);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  agents = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (agents), ==, 2);
  first = json_array_get_object_element (agents, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "login"), ==, "astrid");
  g_assert_cmpstr (json_object_get_string_member (first, "role"), ==, "lead");
  g_assert_cmpstr (json_object_get_string_member (first, "alias"), ==, "Ace");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (agents, 1),
                                                 "disabled"));
  g_assert_null (strstr (run.out, "argon2"));
}

static FlCustomer *
find_customer_by_name (FlStore    *store,
                       const char *name)
{
  g_autoptr(FlStoreQuery) query = fl_store_query_new (FL_TYPE_CUSTOMER);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  FlEntity *customer;

  fl_store_query_where_text (query, "name", name, &error);
  g_assert_no_error (error);
  ids = fl_store_query_run (store, query, 0, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  customer = fl_store_get (store, FL_TYPE_CUSTOMER, g_ptr_array_index (ids, 0), &error);
  g_assert_no_error (error);
  return FL_CUSTOMER (customer);
}

static void
test_import_csv_with_quoting (Fixture       *fixture,
                              gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autoptr(FlStore) store = NULL;
  g_autoptr(FlCustomer) anna = NULL;
  g_autoptr(FlCustomer) carl = NULL;
  g_autoptr(FlCustomer) bo = NULL;
  g_autofree char *path = NULL;
  const char * const *emails;

  /* CRLF line ends, as spreadsheets write them; quoted fields with a comma, a
   * doubled quote and a line break; list fields split on ";". */
  path = write_file (fixture, "customers.csv",
                     "name,organisation,emails,phones,plan,notes\r\n"
                     "\"Smith, Anna\",\"ACME \"\"West\"\"\",anna@example.org; anna@acme.example,"
                     "+1 555 0100,Care+,\"line one\r\nline two, with a comma\"\r\n"
                     "Carl Berg,,carl@example.org,,,\r\n"
                     "Bo Ek,\"Ek, Ek & Son\",,\"+46 8 123 45; +46 70 111 22\",,"
                     "\"\"\"Quoted\"\"\"\r\n");

  run_admin (fixture, NULL, &run, "import", "customers.csv");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "Imported 3 customers.\n");

  store = open_store (fixture->db_path);
  g_assert_cmpint (count (store, FL_TYPE_CUSTOMER), ==, 3);

  anna = find_customer_by_name (store, "Smith, Anna");
  g_assert_cmpstr (fl_customer_get_organisation (anna), ==, "ACME \"West\"");
  emails = fl_customer_get_emails (anna);
  g_assert_cmpuint (g_strv_length ((GStrv) emails), ==, 2);
  g_assert_cmpstr (emails[1], ==, "anna@acme.example");
  g_assert_cmpstr (fl_customer_get_plan (anna), ==, "Care+");
  g_assert_cmpstr (fl_customer_get_notes (anna), ==, "line one\r\nline two, with a comma");
  g_assert_cmpint (fl_entity_get_modseq (FL_ENTITY (anna)), >, 0);
  g_assert_cmpint (fl_entity_get_created_at (FL_ENTITY (anna)), >, 0);

  carl = find_customer_by_name (store, "Carl Berg");
  g_assert_null (fl_customer_get_organisation (carl));
  g_assert_cmpuint (g_strv_length ((GStrv) fl_customer_get_phones (carl)), ==, 0);

  bo = find_customer_by_name (store, "Bo Ek");
  g_assert_cmpstr (fl_customer_get_organisation (bo), ==, "Ek, Ek & Son");
  g_assert_cmpstr (fl_customer_get_phones (bo)[1], ==, "+46 70 111 22");
  g_assert_cmpstr (fl_customer_get_notes (bo), ==, "\"Quoted\"");
}

static void
test_import_json (Fixture       *fixture,
                  gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autoptr(FlStore) store = NULL;
  g_autoptr(FlEntity) aurora = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  path = write_file (fixture, "catalogue.json",
                     "[\n"
                     "  {\"id\": \"01900000-0000-7000-8000-000000000001\", \"sku\": \"AUR-27\",\n"
                     "   \"name\": \"Aurora 27\", \"line\": \"Monitors\", \"version\": \"2.4\",\n"
                     "   \"priceCents\": 19900, \"createdAt\": \"2024-05-01T10:00:00Z\"},\n"
                     "  {\"sku\": \"AUR-32\", \"name\": \"Aurora 32\", \"line\": \"Monitors\"}\n"
                     "]\n");

  /* The name says nothing of the type, so --type does. */
  run_admin (fixture, NULL, &run, "import", "catalogue.json", "--type", "products");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "Imported 2 products.\n");

  store = open_store (fixture->db_path);
  g_assert_cmpint (count (store, FL_TYPE_PRODUCT), ==, 2);
  aurora = fl_store_get (store, FL_TYPE_PRODUCT, "01900000-0000-7000-8000-000000000001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fl_product_get_name (FL_PRODUCT (aurora)), ==, "Aurora 27");
  g_assert_cmpint (fl_product_get_price_cents (FL_PRODUCT (aurora)), ==, 19900);
  /* A creation time in the file is kept: history moved from elsewhere. */
  g_assert_cmpint (fl_entity_get_created_at (aurora), ==,
                   G_GINT64_CONSTANT (1714557600) * G_USEC_PER_SEC);
}

static void
test_import_without_type_or_format_is_a_usage_error (Fixture       *fixture,
                                                     gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autofree char *path = write_file (fixture, "catalogue.json", "[]");
  g_autofree char *other = write_file (fixture, "customers.txt", "name\nAnna\n");

  run_admin (fixture, NULL, &run, "import", "catalogue.json");
  assert_failure (&run, 2, "--type");
  run_clear (&run);

  run_admin (fixture, NULL, &run, "import", "customers.txt");
  assert_failure (&run, 2, "--format");
}

static void
test_import_reports_every_bad_row_and_imports_nothing (Fixture       *fixture,
                                                       gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autoptr(FlStore) store = NULL;
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;
  gint64 modseq;

  good = write_file (fixture, "customers.csv", "name,emails\nAnna Smith,anna@example.org\n");
  run_admin (fixture, NULL, &run, "import", "customers.csv");
  assert_success (&run);
  run_clear (&run);
  store = open_store (fixture->db_path);
  modseq = fl_store_get_modseq (store);

  bad = write_file (fixture, "more-customers.csv",
                    "name,emails,phones,notes\n"
                    "Good One,good@example.org,,\n"
                    "Bad Email,bob@,,\n"
                    "Good Two,two@example.org,+1 555 0100,\"Two lines,\nof notes\"\n"
                    "Good Three,three@example.org,,\n"
                    "Bad Phone,four@example.org,call me maybe,\n");
  run_admin (fixture, NULL, &run, "import", "more-customers.csv");

  assert_failure (&run, 1,
                  "more-customers.csv:3: Customer.emails: “bob@” is not an e-mail address");
  /* Line 7, not 6: the quoted notes above span two lines. */
  assert_contains (run.err, "more-customers.csv:7: Customer.phones: “call me maybe”");
  assert_contains (run.err, "frontline-server: more-customers.csv: 2 records with problems; "
                   "nothing was imported");
  g_assert_null (strstr (run.err, ":2:"));
  g_assert_null (strstr (run.err, ":4:"));

  g_assert_cmpint (count (store, FL_TYPE_CUSTOMER), ==, 1);
  g_assert_cmpint (fl_store_get_modseq (store), ==, modseq);
}

static void
test_import_reports_unreadable_csv (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autofree char *path = NULL;

  path = write_file (fixture, "customers.csv",
                     "name,emails\nAnna,anna@example.org\n\"Open quote,x@example.org\n");
  run_admin (fixture, NULL, &run, "import", "customers.csv");

  assert_failure (&run, 1, "customers.csv: line 3: a quoted field is not closed");
  assert_count (fixture->db_path, FL_TYPE_CUSTOMER, 0);
}

static void
test_import_reports_ownership_of_missing_customer (Fixture       *fixture,
                                                   gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autofree char *products = NULL;
  g_autofree char *customers = NULL;
  g_autofree char *ownerships = NULL;

  products = write_file (fixture, "products.csv",
                         "id,sku,name,line\n"
                         "01900000-0000-7000-8000-000000000001,AUR-27,Aurora 27,Monitors\n");
  customers = write_file (fixture, "customers.csv",
                          "id,name\n01900000-0000-7000-8000-0000000000c1,Anna Smith\n");
  run_admin (fixture, NULL, &run, "import", "products.csv");
  assert_success (&run);
  run_admin (fixture, NULL, &run, "import", "customers.csv");
  assert_success (&run);
  run_clear (&run);

  /* One good ownership, one of a customer nobody has heard of. */
  ownerships = write_file (fixture, "ownerships.json",
                           "[\n"
                           "  {\"customerId\": \"01900000-0000-7000-8000-0000000000c1\",\n"
                           "   \"productId\": \"01900000-0000-7000-8000-000000000001\"},\n"
                           "  {\"customerId\": \"01900000-0000-7000-8000-0000000000c9\",\n"
                           "   \"productId\": \"01900000-0000-7000-8000-000000000001\"}\n"
                           "]\n");
  run_admin (fixture, NULL, &run, "import", "ownerships.json");

  assert_failure (&run, 1, "ownerships.json:4: Ownership.customerId: there is no Customer "
                  "01900000-0000-7000-8000-0000000000c9");
  g_assert_null (strstr (run.err, "ownerships.json:2:"));
  assert_count (fixture->db_path, FL_TYPE_OWNERSHIP, 0);
}

/* Products, customers and their ownerships, in CSV and JSON. */
static void
import_sample (Fixture    *fixture,
               const char *db_path)
{
  g_auto(Run) run = { 0 };
  g_autofree char *products = NULL;
  g_autofree char *customers = NULL;
  g_autofree char *ownerships = NULL;

  products = write_file (fixture, "products.json",
                         "[{\"id\": \"01900000-0000-7000-8000-000000000001\", \"sku\": \"AUR-27\","
                         " \"name\": \"Aurora 27\", \"line\": \"Monitors\"},"
                         " {\"id\": \"01900000-0000-7000-8000-000000000002\", \"sku\": \"BRZ-1\","
                         " \"name\": \"Breeze\", \"line\": \"Audio\", \"priceCents\": 4900}]");
  customers = write_file (fixture, "customers.csv",
                          "id,name,emails,notes\n"
                          "01900000-0000-7000-8000-0000000000c1,Anna Smith,anna@example.org,"
                          "\"Prefers e-mail, not calls\"\n"
                          "01900000-0000-7000-8000-0000000000c2,Carl Berg,carl@example.org,\n"
                          ",Bo Ek,,\n");
  ownerships = write_file (fixture, "ownerships.csv",
                           "customerId,productId,serial,purchasedAt\n"
                           "01900000-0000-7000-8000-0000000000c1,"
                           "01900000-0000-7000-8000-000000000001,SN-1,2024-05-01T10:00:00Z\n"
                           "01900000-0000-7000-8000-0000000000c1,"
                           "01900000-0000-7000-8000-000000000002,,\n"
                           "01900000-0000-7000-8000-0000000000c2,"
                           "01900000-0000-7000-8000-000000000002,SN-3,\n");

  run_on_db (fixture, db_path, NULL, &run, "import", "products.json", NULL);
  assert_success (&run);
  run_on_db (fixture, db_path, NULL, &run, "import", "customers.csv", NULL);
  assert_success (&run);
  run_on_db (fixture, db_path, NULL, &run, "import", "ownerships.csv", NULL);
  assert_success (&run);
}

static void
assert_same_counts (FlStore *a,
                    FlStore *b)
{
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);

  for (guint i = 0; i < n_types; i++)
    g_assert_cmpint (count (a, types[i]), ==, count (b, types[i]));
}

static void
test_export_round_trip (Fixture       *fixture,
                        gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autoptr(FlStore) original = NULL;
  g_autoptr(FlStore) copy = NULL;
  g_autoptr(FlEntity) anna = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fresh_path = g_build_filename (fixture->dir, "fresh.db", NULL);

  import_sample (fixture, fixture->db_path);
  run_admin (fixture, NULL, &run, "export", "everything.json");
  assert_success (&run);
  assert_contains (run.out, "Exported 8 records to everything.json");
  run_clear (&run);

  /* Export's shape is import's too: all three types in one go, in order. */
  run_on_db (fixture, fresh_path, NULL, &run, "import", "everything.json", NULL);
  assert_success (&run);
  g_assert_cmpstr (run.out, ==,
                   "Imported 2 products.\nImported 3 customers.\nImported 3 ownerships.\n");

  original = open_store (fixture->db_path);
  copy = open_store (fresh_path);
  g_assert_cmpint (count (original, FL_TYPE_CUSTOMER), ==, 3);
  g_assert_cmpint (count (original, FL_TYPE_OWNERSHIP), ==, 3);
  assert_same_counts (original, copy);

  anna = fl_store_get (copy, FL_TYPE_CUSTOMER, "01900000-0000-7000-8000-0000000000c1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fl_customer_get_notes (FL_CUSTOMER (anna)), ==, "Prefers e-mail, not calls");
}

static void
test_export_to_stdout_without_passwords (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *root;
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);
  guint i = 0;

  import_sample (fixture, fixture->db_path);
  add_user (fixture, "ingrid", "agent", "Ingrid Halvorsen");
  run_admin (fixture, NULL, &run, "export");
  assert_success (&run);

  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));

  /* Every type, in the model's order. */
  members = json_object_get_members (root);
  g_assert_cmpuint (g_list_length (members), ==, n_types);
  for (GList *l = members; l != NULL; l = l->next, i++)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (types[i]);

      g_assert_cmpstr (l->data, ==, fl_entity_class_get_type_name (FL_ENTITY_CLASS (klass)));
    }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "Agent")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "Customer")), ==, 3);

  /* No password hash, under any name. */
  g_assert_null (strstr (run.out, "argon2"));
  g_assert_null (strstr (run.out, "assword"));
}

static void
test_backup_is_an_openable_copy_and_never_overwrites (Fixture       *fixture,
                                                      gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autoptr(FlStore) original = NULL;
  g_autoptr(FlStore) backup = NULL;
  g_autoptr(FlAgent) agent = NULL;
  g_autofree char *backup_path = g_build_filename (fixture->dir, "backup.db", NULL);
  g_autofree char *hash = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_length, after_length;

  import_sample (fixture, fixture->db_path);
  add_user (fixture, "ingrid", "agent", "Ingrid Halvorsen");

  run_admin (fixture, NULL, &run, "backup", "backup.db");
  assert_success (&run);
  g_assert_cmpstr (run.out, ==, "backup.db\n");
  run_clear (&run);

  original = open_store (fixture->db_path);
  backup = open_store (backup_path);
  g_assert_cmpint (count (backup, FL_TYPE_CUSTOMER), ==, 3);
  assert_same_counts (original, backup);
  /* A backup is the whole database: accounts can sign in after a restore. */
  agent = find_agent (backup, "ingrid");
  hash = password_hash (backup, agent);
  g_assert_true (fl_password_verify (hash, "correct horse battery"));
  g_clear_object (&backup);

  g_file_get_contents (backup_path, &before, &before_length, NULL);
  run_admin (fixture, NULL, &run, "backup", "backup.db");
  assert_failure (&run, 1, "already exists");
  g_file_get_contents (backup_path, &after, &after_length, NULL);
  g_assert_cmpmem (before, before_length, after, after_length);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);

  server_path = g_getenv ("FRONTLINE_SERVER");
  g_assert_nonnull (server_path);
  fl_password_init (&error);
  g_assert_no_error (error);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/server/admin/user-add/stores-agent-with-password-hash",
       test_user_add_stores_agent_with_password);
  ADD ("/server/admin/user-add/without-alias-leaves-it-unset",
       test_user_add_without_alias_leaves_it_unset);
  ADD ("/server/admin/user-add/refuses-duplicate-login", test_user_add_refuses_duplicate_login);
  ADD ("/server/admin/user-add/refuses-short-password", test_user_add_refuses_short_password);
  ADD ("/server/admin/user-add/refuses-unknown-role", test_user_add_refuses_unknown_role);
  ADD ("/server/admin/user-add/needs-role-and-name", test_user_add_needs_role_and_name);
  ADD ("/server/admin/user-passwd/changes-hash-and-ends-sessions",
       test_user_passwd_changes_hash_and_ends_sessions);
  ADD ("/server/admin/user-passwd/of-unknown-login-fails", test_user_passwd_of_unknown_login_fails);
  ADD ("/server/admin/user-disable/and-enable", test_user_disable_and_enable);
  ADD ("/server/admin/user-list/as-table-and-json", test_user_list_as_table_and_json);
  ADD ("/server/admin/import/csv-with-quoting", test_import_csv_with_quoting);
  ADD ("/server/admin/import/json", test_import_json);
  ADD ("/server/admin/import/without-type-or-format-is-a-usage-error",
       test_import_without_type_or_format_is_a_usage_error);
  ADD ("/server/admin/import/reports-every-bad-row-and-imports-nothing",
       test_import_reports_every_bad_row_and_imports_nothing);
  ADD ("/server/admin/import/reports-unreadable-csv", test_import_reports_unreadable_csv);
  ADD ("/server/admin/import/reports-ownership-of-missing-customer",
       test_import_reports_ownership_of_missing_customer);
  ADD ("/server/admin/export/round-trip", test_export_round_trip);
  ADD ("/server/admin/export/to-stdout-without-passwords", test_export_to_stdout_without_passwords);
  ADD ("/server/admin/backup/openable-copy-that-never-overwrites",
       test_backup_is_an_openable_copy_and_never_overwrites);
#undef ADD

  return g_test_run ();
}

/* frontlinectl.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * frontlinectl: the desktop's sync engine on the command line, for admins,
 * scripts and phone systems. Reads come from the profile's local copy; changes
 * go through its outbox and are pushed at once. Exit status: 0 done, 1 failed,
 * 2 wrong usage, 3 signed out (the server's token expired or was revoked),
 * 4 no console running (lookup).
 */
#define G_LOG_DOMAIN "Frontline-Cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "fl-sync-engine.h"

#define EXIT_USAGE      2
#define EXIT_SIGNED_OUT 3
#define EXIT_NO_CONSOLE 4

/* Where GApplication exports the console's actions. */
#define CONSOLE_OBJECT_PATH "/io/github/frontlinedesk/Frontline"

typedef struct
{
  char          *profile;
  gboolean       profile_given;  /* --profile: a "sign in again" must name it too */
  gboolean       json;
  FlSyncEngine  *engine;
  GAsyncResult  *result;
} Cli;

static const char usage[] =
  "Usage: frontlinectl [--profile DIR] [--json] COMMAND …\n"
  "\n"
  "  login URL LOGIN            sign in (password from a prompt, or a line on standard input)\n"
  "  sync [--scope-days DAYS] [--paged]\n"
  "                             push local changes, then fetch what changed; a first sync\n"
  "                             copies cases active or changed in the last DAYS (90; 0: all),\n"
  "                             as the server's snapshot file, or page by page with --paged\n"
  "  status                     online, pending changes, conflicts, last sync\n"
  "  search customers|cases|flaws TEXT\n"
  "  history CUSTOMER-ID        a customer's cases, notes, purchases and offers (fetched\n"
  "                             from the server if the local copy does not have them)\n"
  "  case new --customer ID|PHONE|EMAIL --subject TEXT [--description TEXT]\n"
  "  conflicts                  changes the server refused, with both versions\n"
  "  resolve NUMBER mine|theirs keep our change (sent again) or the server's version\n"
  "  lookup PHONE|EMAIL         open that caller in the running console (screen pop)\n"
  "  logout                     forget the token (local changes stay queued)\n"
  "\n"
  "The token is kept in the Secret Service; where there is none (a headless\n"
  "machine), login says so once and keeps it in a file only you can read.\n"
  "\n"
  "Exit status:\n"
  "  0  done (a new case the server could not take yet is kept and sent later)\n"
  "  1  failed\n"
  "  2  wrong usage\n"
  "  3  the session expired or was revoked: sign in again with login\n"
  "  4  lookup: no console is running\n";

static int
usage_error (const char *message)
{
  if (message != NULL)
    g_printerr ("frontlinectl: %s\n", message);
  g_printerr ("%s", usage);
  return EXIT_USAGE;
}

static int
fail (const char   *doing,
      const GError *error)
{
  g_printerr ("frontlinectl: %s: %s\n", doing, error->message);
  return EXIT_FAILURE;
}

/* The server no longer takes the token: say how to sign in again, with the
 * same profile (named when --profile chose it), so that its queued changes go
 * up after. */
static int
signed_out (Cli *cli)
{
  const char *url = fl_sync_engine_get_server_url (cli->engine);
  const char *login = fl_sync_engine_get_login (cli->engine);
  g_autoptr(GString) command = g_string_new ("frontlinectl ");

  if (cli->profile_given)
    {
      g_autofree char *quoted = g_shell_quote (cli->profile);

      g_string_append_printf (command, "--profile %s ", quoted);
    }
  g_string_append_printf (command, "login %s %s", url != NULL ? url : "URL", login != NULL ? login : "LOGIN");
  g_printerr ("Your session has expired; sign in again with: %s\n", command->str);
  return EXIT_SIGNED_OUT;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Cli *cli = user_data;

  cli->result = g_object_ref (result);
}

static GAsyncResult *
wait_result (Cli *cli)
{
  g_clear_object (&cli->result);
  while (cli->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return cli->result;
}

static void
print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  g_print ("%s\n", text);
}

/* Where the profile is when --profile is not given: the one the last login
 * without --profile made, noted in $XDG_DATA_HOME/frontline/current. */
static char *
current_profile_note (void)
{
  return g_build_filename (g_get_user_data_dir (), "frontline", "current", NULL);
}

static char *
default_profile (void)
{
  g_autofree char *note = current_profile_note ();
  char *path = NULL;

  if (!g_file_get_contents (note, &path, NULL, NULL))
    return NULL;
  return g_strstrip (path);
}

static gboolean
open_engine (Cli      *cli,
             GError  **error)
{
  if (cli->profile == NULL)
    cli->profile = default_profile ();
  if (cli->profile == NULL)
    {
      g_set_error_literal (error, FL_SYNC_ERROR, FL_SYNC_ERROR_NOT_SIGNED_IN,
                           "No profile yet: run “frontlinectl login URL LOGIN” first");
      return FALSE;
    }
  cli->engine = fl_sync_engine_new (cli->profile, error);
  return cli->engine != NULL;
}

/* --- login --------------------------------------------------------------- */

static char *
read_password (void)
{
  g_autofree char *line = NULL;
  size_t size = 0;
  ssize_t length;
  struct termios saved, quiet;
  gboolean terminal = isatty (STDIN_FILENO);

  if (terminal)
    {
      g_printerr ("Password: ");
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  length = getline (&line, &size, stdin);
  if (terminal)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      g_printerr ("\n");
    }
  if (length <= 0)
    return NULL;
  while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r'))
    line[--length] = '\0';
  return g_steal_pointer (&line);
}

static int
cmd_login (Cli   *cli,
           int    argc,
           char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  gboolean noted = cli->profile == NULL;

  if (argc != 3)
    return usage_error ("login takes a server address and a login");
  if (cli->profile == NULL)
    cli->profile = fl_sync_engine_default_profile_dir (argv[1], argv[2]);
  if (!open_engine (cli, &error))
    return fail ("Cannot open the profile", error);

  password = read_password ();
  if (password == NULL)
    return usage_error ("no password given");
  fl_sync_engine_login_async (cli->engine, argv[1], argv[2], password, NULL, store_result, cli);
  memset (password, 0, strlen (password));
  if (!fl_sync_engine_login_finish (cli->engine, wait_result (cli), &error))
    return fail ("Cannot sign in", error);
  /* Said here, where the token is written, and nowhere else: once. */
  if (fl_credential_store_get_fallback_reason (fl_sync_engine_get_credentials (cli->engine)) != NULL)
    {
      FlCredentialStore *credentials = fl_sync_engine_get_credentials (cli->engine);
      g_autofree char *path = fl_credential_store_get_file_path (credentials);

      g_printerr ("frontlinectl: no Secret Service here (%s); the token is kept in %s, readable only by you\n",
                  fl_credential_store_get_fallback_reason (credentials), path);
    }

  if (noted)
    {
      g_autofree char *note = current_profile_note ();
      g_autofree char *folder = g_path_get_dirname (note);

      if (g_mkdir_with_parents (folder, 0700) != 0
          || !g_file_set_contents (note, cli->profile, -1, &error))
        return fail ("Cannot note the profile", error);
    }
  if (cli->json)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) node = NULL;

      json_object_set_string_member (object, "profile", cli->profile);
      json_object_set_string_member (object, "server", argv[1]);
      json_object_set_string_member (object, "login", argv[2]);
      node = json_node_init_object (json_node_alloc (), object);
      print_json (node);
    }
  else
    g_print ("Signed in as %s; profile %s\n", argv[2], cli->profile);
  return EXIT_SUCCESS;
}

/* --- sync and status --------------------------------------------------------- */

static void
show_progress (GObject    *object,
               GParamSpec *pspec,
               gpointer    user_data)
{
  FlSyncEngine *engine = FL_SYNC_ENGINE (object);
  guint64 total = fl_sync_engine_get_progress_total (engine);

  if (total > 0)
    g_printerr ("\rSyncing: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " records (%u%%)",
                fl_sync_engine_get_progress_done (engine), total,
                (guint) (fl_sync_engine_get_progress_done (engine) * 100 / total));
}

static JsonNode *
status_json (FlSyncEngine *engine)
{
  g_autoptr(JsonObject) object = json_object_new ();
  GEnumClass *states = g_type_class_ref (FL_TYPE_SYNC_STATE);
  gint64 last = fl_sync_engine_get_last_sync (engine);

  json_object_set_string_member (object, "state",
                                 g_enum_get_value (states, fl_sync_engine_get_state (engine))->value_nick);
  json_object_set_boolean_member (object, "online", fl_sync_engine_get_state (engine) == FL_SYNC_STATE_ONLINE);
  json_object_set_int_member (object, "pending", fl_sync_engine_get_pending (engine));
  json_object_set_int_member (object, "conflicts", fl_sync_engine_get_conflicts (engine));
  if (last > 0)
    {
      g_autofree char *text = fl_timestamp_format (last);

      json_object_set_string_member (object, "lastSync", text);
    }
  else
    json_object_set_null_member (object, "lastSync");
  g_type_class_unref (states);
  return json_node_init_object (json_node_alloc (), object);
}

static void
print_status (Cli *cli)
{
  g_autoptr(JsonNode) node = status_json (cli->engine);
  JsonObject *object = json_node_get_object (node);

  if (cli->json)
    {
      print_json (node);
      return;
    }
  g_print ("State:      %s\n", json_object_get_string_member (object, "state"));
  g_print ("Pending:    %" G_GINT64_FORMAT "\n", json_object_get_int_member (object, "pending"));
  g_print ("Conflicts:  %" G_GINT64_FORMAT "\n", json_object_get_int_member (object, "conflicts"));
  g_print ("Last sync:  %s\n", json_object_get_string_member_with_default (object, "lastSync", "never"));
}

static int
cmd_sync (Cli   *cli,
          int    argc,
          char **argv)
{
  g_autoptr(GError) error = NULL;
  gboolean terminal = isatty (STDERR_FILENO);
  gboolean ok;

  guint64 scope_days = FL_SYNC_DEFAULT_SCOPE_DAYS;
  gboolean paged = FALSE;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--scope-days") && i + 1 < argc)
        {
          if (!g_ascii_string_to_unsigned (argv[++i], 10, 0, 36500, &scope_days, NULL))
            return usage_error ("--scope-days takes a number of days (0: copy everything)");
        }
      /* As from a server without snapshots: for a slow link to a far server
       * where a resumable page-by-page copy beats one large file, and for the
       * tests of the paged sync. */
      else if (g_str_equal (argv[i], "--paged"))
        paged = TRUE;
      else
        return usage_error ("sync takes only --scope-days DAYS and --paged");
    }
  if (!open_engine (cli, &error))
    return fail ("Cannot open the profile", error);
  fl_sync_engine_set_scope_days (cli->engine, (guint) scope_days);
  fl_sync_engine_set_use_snapshot (cli->engine, !paged);
  if (terminal)
    g_signal_connect (cli->engine, "notify::progress-done", G_CALLBACK (show_progress), NULL);
  fl_sync_engine_sync_async (cli->engine, NULL, store_result, cli);
  ok = fl_sync_engine_sync_finish (cli->engine, wait_result (cli), &error);
  if (terminal && fl_sync_engine_get_progress_total (cli->engine) > 0)
    g_printerr ("\n");
  if (g_error_matches (error, FL_SYNC_ERROR, FL_SYNC_ERROR_SIGNED_OUT))
    return signed_out (cli);
  if (!ok)
    return fail ("Sync failed", error);
  print_status (cli);
  return EXIT_SUCCESS;
}

static int
cmd_status (Cli   *cli,
            int    argc,
            char **argv)
{
  g_autoptr(GError) error = NULL;

  if (argc != 1)
    return usage_error ("status takes no arguments");
  if (!open_engine (cli, &error))
    return fail ("Cannot open the profile", error);
  /* Offline is an answer here, not a failure; signed out needs the person. */
  fl_sync_engine_check_async (cli->engine, NULL, store_result, cli);
  if (!fl_sync_engine_check_finish (cli->engine, wait_result (cli), &error))
    g_debug ("Server check: %s", error->message);
  print_status (cli);
  if (g_error_matches (error, FL_SYNC_ERROR, FL_SYNC_ERROR_SIGNED_OUT))
    return signed_out (cli);
  return EXIT_SUCCESS;
}

/* --- local reads ---------------------------------------------------------------- */

typedef enum
{
  READ_SEARCH_CUSTOMERS,
  READ_SEARCH_CASES,
  READ_SEARCH_FLAWS,
  READ_HISTORY,
  READ_RESOLVE_CUSTOMER,
} ReadKind;

typedef struct
{
  ReadKind  kind;
  char     *text;
} Read;

static void
read_free (gpointer data)
{
  Read *read = data;

  g_free (read->text);
  g_free (read);
}

static gpointer
read_job (FlStore       *store,
          gpointer       job_data,
          GCancellable  *cancellable,
          GError       **error)
{
  Read *read = job_data;

  switch (read->kind)
    {
    case READ_SEARCH_CUSTOMERS:
      return fl_store_search_customers (store, read->text, 50, error);
    case READ_SEARCH_CASES:
      return fl_store_search_cases (store, read->text, 50, error);
    case READ_SEARCH_FLAWS:
      return fl_store_search_flaws (store, read->text, 50, error);
    case READ_HISTORY:
      {
        g_autofree char *next = NULL;
        g_autoptr(FlEntity) customer = fl_store_get (store, FL_TYPE_CUSTOMER, read->text, error);

        if (customer == NULL)
          return NULL;
        return fl_store_get_customer_history (store, read->text, FL_HISTORY_ALL, NULL, 100, &next, error);
      }
    case READ_RESOLVE_CUSTOMER:
      if (fl_is_valid_id (read->text))
        {
          FlEntity *customer = fl_store_get (store, FL_TYPE_CUSTOMER, read->text, error);
          GPtrArray *found;

          if (customer == NULL)
            return NULL;
          found = g_ptr_array_new_with_free_func (g_object_unref);
          g_ptr_array_add (found, customer);
          return found;
        }
      if (strchr (read->text, '@') != NULL)
        return fl_store_find_customers_by_email (store, read->text, 10, error);
      return fl_store_find_customers_by_phone (store, read->text, 10, error);
    default:
      g_assert_not_reached ();
    }
}

static GPtrArray *
run_read (Cli         *cli,
          ReadKind     kind,
          const char  *text,
          GError     **error)
{
  Read *read = g_new0 (Read, 1);

  read->kind = kind;
  read->text = g_strdup (text);
  fl_store_pool_read_async (fl_sync_engine_get_pool (cli->engine), read_job, read, read_free,
                            (GDestroyNotify) g_ptr_array_unref, NULL, store_result, cli);
  return fl_store_pool_finish (fl_sync_engine_get_pool (cli->engine), wait_result (cli), error);
}

/* One line a record for people: its id and what names it. */
static void
print_entity_line (FlEntity   *entity,
                   const char *prefix)
{
  const char *label = NULL;

  if (FL_IS_CUSTOMER (entity))
    label = fl_customer_get_name (FL_CUSTOMER (entity));
  else if (FL_IS_CASE (entity))
    label = fl_case_get_subject (FL_CASE (entity));
  else if (FL_IS_FLAW (entity))
    label = fl_flaw_get_title (FL_FLAW (entity));
  else if (FL_IS_INTERACTION (entity))
    label = fl_interaction_get_body (FL_INTERACTION (entity));
  g_print ("%s%s  %s  %s\n", prefix, fl_entity_get_id (entity), fl_entity_get_type_name (entity),
           label != NULL ? label : "");
}

static int
cmd_search (Cli   *cli,
            int    argc,
            char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  ReadKind kind;

  if (argc != 3)
    return usage_error ("search takes a kind (customers, cases, flaws) and a text");
  if (g_str_equal (argv[1], "customers"))
    kind = READ_SEARCH_CUSTOMERS;
  else if (g_str_equal (argv[1], "cases"))
    kind = READ_SEARCH_CASES;
  else if (g_str_equal (argv[1], "flaws"))
    kind = READ_SEARCH_FLAWS;
  else
    return usage_error ("search customers, cases or flaws");
  if (!open_engine (cli, &error))
    return fail ("Cannot open the profile", error);

  found = run_read (cli, kind, argv[2], &error);
  if (found == NULL)
    return fail ("Search failed", error);
  if (cli->json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) node = NULL;

      for (guint i = 0; i < found->len; i++)
        json_array_add_element (array, fl_json_encode (g_ptr_array_index (found, i)));
      node = json_node_init_array (json_node_alloc (), array);
      print_json (node);
    }
  else
    for (guint i = 0; i < found->len; i++)
      print_entity_line (g_ptr_array_index (found, i), "");
  return EXIT_SUCCESS;
}

/* Customers outside the first sync's scope are fetched, with their whole
 * history, the first time someone asks for them. */
static gboolean
ensure_customer_is_local (Cli         *cli,
                          const char  *customer_id,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) found = run_read (cli, READ_RESOLVE_CUSTOMER, customer_id, &local_error);

  if (found != NULL)
    return TRUE;
  if (!g_error_matches (local_error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  fl_sync_engine_fetch_customer_async (cli->engine, customer_id, NULL, store_result, cli);
  return fl_sync_engine_fetch_customer_finish (cli->engine, wait_result (cli), error);
}

/* A phone number or address the local copy does not know may still be a
 * customer on the server: ask it, and fetch what it finds. */
static GPtrArray *
resolve_customer (Cli         *cli,
                  const char  *key,
                  GError     **error)
{
  g_autoptr(GPtrArray) customers = run_read (cli, READ_RESOLVE_CUSTOMER, key, error);
  g_autoptr(GPtrArray) fetched = NULL;
  g_autoptr(GError) lookup_error = NULL;

  if (customers == NULL || customers->len > 0 || fl_is_valid_id (key))
    return g_steal_pointer (&customers);
  fl_sync_engine_lookup_customers_async (cli->engine, key, NULL, store_result, cli);
  fetched = fl_sync_engine_lookup_customers_finish (cli->engine, wait_result (cli), &lookup_error);
  if (fetched == NULL)
    {
      /* Offline: the local answer (none) stands. */
      g_debug ("Looking up %s on the server: %s", key, lookup_error->message);
      return g_steal_pointer (&customers);
    }
  if (fetched->len == 0)
    return g_steal_pointer (&customers);
  g_clear_pointer (&customers, g_ptr_array_unref);
  return run_read (cli, READ_RESOLVE_CUSTOMER, key, error);
}

static int
cmd_history (Cli   *cli,
             int    argc,
             char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;

  if (argc != 2)
    return usage_error ("history takes a customer id");
  if (!fl_is_valid_id (argv[1]))
    return usage_error ("a customer id is a UUID (find one with “search customers”)");
  if (!open_engine (cli, &error))
    return fail ("Cannot open the profile", error);
  if (!ensure_customer_is_local (cli, argv[1], &error))
    return fail ("Cannot fetch the customer", error);

  items = run_read (cli, READ_HISTORY, argv[1], &error);
  if (items == NULL)
    return fail ("Cannot read the history", error);
  if (cli->json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) node = NULL;

      for (guint i = 0; i < items->len; i++)
        {
          FlHistoryItem *item = g_ptr_array_index (items, i);
          JsonObject *object = json_object_new ();
          g_autofree char *at = fl_timestamp_format (fl_history_item_get_at (item));

          json_object_set_string_member (object, "at", at);
          json_object_set_string_member (object, "type",
                                         fl_entity_get_type_name (fl_history_item_get_entity (item)));
          json_object_set_member (object, "record", fl_json_encode (fl_history_item_get_entity (item)));
          json_array_add_object_element (array, object);
        }
      node = json_node_init_array (json_node_alloc (), array);
      print_json (node);
    }
  else
    for (guint i = 0; i < items->len; i++)
      {
        FlHistoryItem *item = g_ptr_array_index (items, i);
        g_autofree char *at = fl_timestamp_format (fl_history_item_get_at (item));
        g_autofree char *prefix = g_strconcat (at, "  ", NULL);

        print_entity_line (fl_history_item_get_entity (item), prefix);
      }
  return EXIT_SUCCESS;
}

/* --- case new ---------------------------------------------------------------- */

static int
cmd_case (Cli   *cli,
          int    argc,
          char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(FlCase) the_case = NULL;
  const char *customer = NULL;
  const char *subject = NULL;
  const char *description = NULL;
  gboolean pushed;

  if (argc < 2 || !g_str_equal (argv[1], "new"))
    return usage_error ("case new --customer … --subject …");
  for (int i = 2; i < argc; i++)
    {
      const char **slot = g_str_equal (argv[i], "--customer") ? &customer
                          : g_str_equal (argv[i], "--subject") ? &subject
                          : g_str_equal (argv[i], "--description") ? &description : NULL;

      if (slot == NULL || i + 1 >= argc)
        return usage_error (slot == NULL ? "case new: unknown option" : "case new: an option needs a value");
      *slot = argv[++i];
    }
  if (customer == NULL || subject == NULL)
    return usage_error ("case new needs --customer and --subject");
  if (!open_engine (cli, &error))
    return fail ("Cannot open the profile", error);

  customers = resolve_customer (cli, customer, &error);
  if (customers == NULL)
    return fail ("Cannot find the customer", error);
  if (customers->len != 1)
    {
      g_printerr ("frontlinectl: %s customer matches “%s”%s\n", customers->len == 0 ? "No" : "More than one",
                  customer, customers->len == 0 ? " in the local copy (run “frontlinectl sync”?)" : ":");
      for (guint i = 0; i < customers->len; i++)
        print_entity_line (g_ptr_array_index (customers, i), "  ");
      return EXIT_FAILURE;
    }

  the_case = fl_case_new ();
  fl_case_set_customer_id (the_case, fl_entity_get_id (g_ptr_array_index (customers, 0)));
  fl_case_set_subject (the_case, subject);
  if (description != NULL)
    fl_case_set_description (the_case, description);
  fl_sync_engine_create_async (cli->engine, FL_ENTITY (the_case), NULL, store_result, cli);
  if (!fl_sync_engine_change_finish (cli->engine, wait_result (cli), &error))
    return fail ("Cannot create the case", error);

  /* Offline, the case waits in the outbox for the next sync: still a success. */
  fl_sync_engine_push_async (cli->engine, NULL, store_result, cli);
  pushed = fl_sync_engine_push_finish (cli->engine, wait_result (cli), &error);
  if (g_error_matches (error, FL_SYNC_ERROR, FL_SYNC_ERROR_SIGNED_OUT))
    {
      g_printerr ("frontlinectl: the case is saved locally and will be sent after you sign in again\n");
      signed_out (cli);
    }
  else if (!pushed)
    g_printerr ("frontlinectl: the case is saved locally and will be sent later: %s\n", error->message);

  if (cli->json)
    {
      g_autoptr(JsonNode) node = fl_json_encode (FL_ENTITY (the_case));

      json_object_set_boolean_member (json_node_get_object (node), "pushed", pushed);
      print_json (node);
    }
  else
    g_print ("%s\n", fl_entity_get_id (FL_ENTITY (the_case)));
  return EXIT_SUCCESS;
}

/* --- conflicts ------------------------------------------------------------------- */

/* A version as JSON; text the engine kept is always JSON, but a null is safer
 * than a crash if it ever is not. */
static void
add_version (JsonBuilder *builder,
             const char  *text)
{
  JsonNode *node = text != NULL ? json_from_string (text, NULL) : NULL;

  if (node != NULL)
    json_builder_add_value (builder, node);
  else
    json_builder_add_null_value (builder);
}

static JsonNode *
conflict_to_json (FlConflict *conflict)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "number");
  json_builder_add_int_value (builder, conflict->seq);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, conflict->type_name);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, conflict->record_id);
  json_builder_set_member_name (builder, "change");
  json_builder_add_string_value (builder, conflict->op);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, conflict->reason);
  json_builder_set_member_name (builder, "at");
  json_builder_add_int_value (builder, conflict->at);
  json_builder_set_member_name (builder, "mine");
  add_version (builder, conflict->local);
  json_builder_set_member_name (builder, "theirs");
  add_version (builder, conflict->server);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static int
cmd_conflicts (Cli   *cli,
               int    argc,
               char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;

  if (argc != 1)
    return usage_error ("conflicts takes no arguments");
  if (!open_engine (cli, &error))
    return fail ("Cannot open the profile", error);
  fl_sync_engine_list_conflicts_async (cli->engine, NULL, store_result, cli);
  conflicts = fl_sync_engine_list_conflicts_finish (cli->engine, wait_result (cli), &error);
  if (conflicts == NULL)
    return fail ("Cannot read the conflicts", error);

  if (cli->json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < conflicts->len; i++)
        json_array_add_element (array, conflict_to_json (g_ptr_array_index (conflicts, i)));
      json_node_set_array (node, array);
      print_json (node);
      return EXIT_SUCCESS;
    }
  if (conflicts->len == 0)
    g_print ("No conflicts.\n");
  for (guint i = 0; i < conflicts->len; i++)
    {
      FlConflict *conflict = g_ptr_array_index (conflicts, i);

      g_print ("%" G_GINT64_FORMAT "\t%s %s %s (%s)\n  mine:   %s\n  theirs: %s\n",
               conflict->seq, conflict->op, conflict->type_name, conflict->record_id, conflict->reason,
               conflict->local != NULL ? conflict->local : "(nothing)",
               conflict->server != NULL ? conflict->server : "(deleted on the server)");
    }
  return EXIT_SUCCESS;
}

static int
cmd_resolve (Cli   *cli,
             int    argc,
             char **argv)
{
  g_autoptr(GError) error = NULL;
  FlConflictResolution resolution;
  guint64 seq;

  if (argc != 3)
    return usage_error ("resolve takes a conflict number and mine or theirs");
  if (!g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXINT64, &seq, NULL))
    return usage_error ("a conflict number is what “frontlinectl conflicts” lists");
  if (g_str_equal (argv[2], "mine"))
    resolution = FL_CONFLICT_KEEP_MINE;
  else if (g_str_equal (argv[2], "theirs"))
    resolution = FL_CONFLICT_TAKE_THEIRS;
  else
    return usage_error ("say mine (send our change again) or theirs (keep the server's version)");

  if (!open_engine (cli, &error))
    return fail ("Cannot open the profile", error);
  fl_sync_engine_resolve_conflict_async (cli->engine, (gint64) seq, resolution, NULL, store_result, cli);
  if (!fl_sync_engine_resolve_conflict_finish (cli->engine, wait_result (cli), &error))
    return fail ("Cannot resolve the conflict", error);

  /* Ours goes up now when the server is there; otherwise with the next sync. */
  if (resolution == FL_CONFLICT_KEEP_MINE)
    {
      fl_sync_engine_push_async (cli->engine, NULL, store_result, cli);
      if (!fl_sync_engine_push_finish (cli->engine, wait_result (cli), &error))
        g_printerr ("frontlinectl: kept, and will be sent with the next sync: %s\n", error->message);
    }
  print_status (cli);
  return EXIT_SUCCESS;
}

/* --- logout ------------------------------------------------------------------- */

static int
cmd_logout (Cli   *cli,
            int    argc,
            char **argv)
{
  g_autoptr(GError) error = NULL;

  if (argc != 1)
    return usage_error ("logout takes no arguments");
  if (!open_engine (cli, &error))
    return fail ("Cannot open the profile", error);
  fl_sync_engine_logout_async (cli->engine, NULL, store_result, cli);
  if (!fl_sync_engine_logout_finish (cli->engine, wait_result (cli), &error))
    return fail ("Cannot sign out", error);
  g_print ("Signed out; profile %s keeps its local copy and any queued changes\n", cli->profile);
  return EXIT_SUCCESS;
}

/* --- lookup: a screen pop in the running console ----------------------------- */

static int
cmd_lookup (Cli   *cli,
            int    argc,
            char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  GVariantBuilder parameter;

  if (argc != 2)
    return usage_error ("lookup takes a phone number or an e-mail address");
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    {
      g_printerr ("frontlinectl: no desktop session to find the console in: %s\n", error->message);
      return EXIT_NO_CONSOLE;
    }
  g_variant_builder_init (&parameter, G_VARIANT_TYPE ("av"));
  g_variant_builder_add (&parameter, "v", g_variant_new_string (argv[1]));
  /* No auto-start: a screen pop is for an agent at their desk, not a reason
   * to open a console nobody is looking at. */
  reply = g_dbus_connection_call_sync (bus, APP_ID, CONSOLE_OBJECT_PATH, "org.gtk.Actions", "Activate",
                                       g_variant_new ("(sava{sv})", "lookup-caller", &parameter, NULL),
                                       NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, 10000, NULL, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN)
          || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER))
        {
          g_printerr ("frontlinectl: no Frontline console is running in this session; start “frontline” first\n");
          return EXIT_NO_CONSOLE;
        }
      return fail ("The console did not take the lookup", error);
    }
  return EXIT_SUCCESS;
}

int
main (int    argc,
      char **argv)
{
  Cli cli = { 0 };
  int first = 1;
  int status;

  while (first < argc && argv[first][0] == '-')
    {
      if (g_str_equal (argv[first], "--json"))
        cli.json = TRUE;
      else if (g_str_equal (argv[first], "--profile") && first + 1 < argc)
        {
          cli.profile = g_strdup (argv[++first]);
          cli.profile_given = TRUE;
        }
      else if (g_str_equal (argv[first], "--help") || g_str_equal (argv[first], "-h"))
        {
          g_print ("%s", usage);
          return EXIT_SUCCESS;
        }
      else
        return usage_error ("unknown option");
      first++;
    }
  if (first >= argc)
    return usage_error (NULL);

  {
    const char *command = argv[first];
    int sub_argc = argc - first;
    char **sub_argv = argv + first;

    if (g_str_equal (command, "login"))
      status = cmd_login (&cli, sub_argc, sub_argv);
    else if (g_str_equal (command, "sync"))
      status = cmd_sync (&cli, sub_argc, sub_argv);
    else if (g_str_equal (command, "status"))
      status = cmd_status (&cli, sub_argc, sub_argv);
    else if (g_str_equal (command, "search"))
      status = cmd_search (&cli, sub_argc, sub_argv);
    else if (g_str_equal (command, "history"))
      status = cmd_history (&cli, sub_argc, sub_argv);
    else if (g_str_equal (command, "case"))
      status = cmd_case (&cli, sub_argc, sub_argv);
    else if (g_str_equal (command, "conflicts"))
      status = cmd_conflicts (&cli, sub_argc, sub_argv);
    else if (g_str_equal (command, "resolve"))
      status = cmd_resolve (&cli, sub_argc, sub_argv);
    else if (g_str_equal (command, "logout"))
      status = cmd_logout (&cli, sub_argc, sub_argv);
    else if (g_str_equal (command, "lookup"))
      status = cmd_lookup (&cli, sub_argc, sub_argv);
    else
      status = usage_error ("unknown command");
  }

  g_clear_object (&cli.result);
  g_clear_object (&cli.engine);
  g_free (cli.profile);
  return status;
}

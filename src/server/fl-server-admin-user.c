/* fl-server-admin-user.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * frontline-server user add|passwd|disable|enable|list: the agents' accounts.
 * Every change is a logged write (ASSIGN_MODSEQ), so consoles see it at their
 * next sync, and leaves a line in the audit log.
 */
#define G_LOG_DOMAIN "Frontline-Server"

#include "config.h"

#include <string.h>

#include "fl-password.h"
#include "fl-server-admin-private.h"
#include "fl-store-query.h"
#include "fl-store-server.h"

/* Agents are few; a page is only there so that the list stays correct if
 * they are not. */
#define LIST_PAGE_SIZE 500

/* The roles come from the enum, so that a new role needs no change here. */
static char *
list_roles (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (FL_TYPE_AGENT_ROLE);
  GString *roles = g_string_new (NULL);

  for (guint i = 0; i < klass->n_values; i++)
    {
      if (i > 0)
        g_string_append (roles, ", ");
      g_string_append (roles, klass->values[i].value_nick);
    }
  return g_string_free (roles, FALSE);
}

static gboolean
parse_role (const char   *nick,
            FlAgentRole  *role,
            GError      **error)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (FL_TYPE_AGENT_ROLE);
  GEnumValue *value = g_enum_get_value_by_nick (klass, nick);

  if (value == NULL)
    {
      g_autofree char *roles = list_roles ();

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "“%s” is not a role; a role is one of: %s", nick, roles);
      return FALSE;
    }
  *role = value->value;
  return TRUE;
}

/* Reads a new password from standard input and hashes it (slowly, on purpose). */
static char *
read_password_hash (const char  *login,
                    GError     **error)
{
  g_autofree char *prompt = g_strdup_printf ("New password for %s: ", login);
  g_autofree char *password = fl_password_read (prompt, error);
  char *hash;

  if (password == NULL)
    return NULL;
  hash = fl_password_hash (password, error);
  memset (password, 0, strlen (password));
  return hash;
}

static gboolean
user_add (const char  *db_path,
          int          argc,
          char       **argv,
          GError     **error)
{
  g_autofree char *role_nick = NULL;
  g_autofree char *name = NULL;
  g_autofree char *alias = NULL;
  g_autofree char *team = NULL;
  g_autofree char *roles = list_roles ();
  g_autofree char *role_help = g_strdup_printf ("One of: %s", roles);
  const GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_nick, role_help, "ROLE" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "The agent's real name, seen by colleagues",
      "NAME" },
    { "alias", 0, 0, G_OPTION_ARG_STRING, &alias, "The name customers see", "ALIAS" },
    { "team", 0, 0, G_OPTION_ARG_STRING, &team, "The agent's team", "TEAM" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("LOGIN");
  g_autoptr(FlAgent) agent = NULL;
  g_autoptr(FlAgent) existing = NULL;
  g_autoptr(FlStore) store = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *hash = NULL;
  FlAgentRole role;
  const char *id;

  g_option_context_set_summary (context, "Adds an agent; the password is read from standard "
                                "input.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_fl_admin_parse_args (context, "user add LOGIN --role ROLE --name NAME [--alias ALIAS] "
                             "[--team TEAM]", &argc, &argv, 1, 1, error))
    return FALSE;
  if (role_nick == NULL || name == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           "user add needs --role and --name");
      return FALSE;
    }
  if (!parse_role (role_nick, &role, error))
    return FALSE;

  /* fl_agent_new() gives the agent a new id and stamps it created now. An
   * agent without an alias keeps none: the server shows a neutral one. */
  agent = fl_agent_new ();
  fl_agent_set_login (agent, argv[1]);
  fl_agent_set_display_name (agent, name);
  fl_agent_set_alias (agent, alias);
  fl_agent_set_team (agent, team);
  fl_agent_set_role (agent, role);
  if (!fl_entity_validate (FL_ENTITY (agent), &local_error))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, local_error->message);
      return FALSE;
    }
  id = fl_entity_get_id (FL_ENTITY (agent));

  store = _fl_admin_open_store (db_path, error);
  if (store == NULL)
    return FALSE;

  /* Before the password is asked for, so nobody types one for nothing. */
  existing = fl_store_find_agent_by_login (store, argv[1], &local_error);
  if (existing != NULL)
    {
      g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_CONSTRAINT,
                   "There is already an agent “%s”", argv[1]);
      return FALSE;
    }
  if (!g_error_matches (local_error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  hash = read_password_hash (argv[1], error);
  if (hash == NULL)
    return FALSE;

  /* The agent and its password land together: an agent that exists without a
   * password could not sign in, and nothing would say why. */
  if (!fl_store_begin (store, error))
    return FALSE;
  g_clear_error (&local_error);
  if (!fl_store_put (store, FL_ENTITY (agent), FL_STORE_PUT_ASSIGN_MODSEQ, &local_error))
    {
      fl_store_rollback (store);
      /* Another admin added the same login since the check above. */
      if (g_error_matches (local_error, FL_STORE_ERROR, FL_STORE_ERROR_CONSTRAINT))
        g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_CONSTRAINT,
                     "There is already an agent “%s”", argv[1]);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!fl_store_set_password_hash (store, id, hash, error)
      || !fl_store_append_audit (store, NULL, "user add", "Agent", id,
                                 fl_entity_get_modseq (FL_ENTITY (agent)), NULL, error))
    {
      fl_store_rollback (store);
      return FALSE;
    }
  if (!fl_store_commit (store, error))
    return FALSE;

  g_print ("Added %s “%s” (%s).\n", role_nick, argv[1], name);
  return TRUE;
}

static gboolean
user_passwd (const char  *db_path,
             int          argc,
             char       **argv,
             GError     **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("LOGIN");
  g_autoptr(FlStore) store = NULL;
  g_autoptr(FlAgent) agent = NULL;
  g_autofree char *hash = NULL;
  const char *id;

  g_option_context_set_summary (context, "Sets an agent's password, read from standard input, "
                                "and ends the agent's sessions.");
  store = _fl_admin_parse_and_open (context, "user passwd LOGIN", db_path, &argc, &argv, 1, 1,
                                    error);
  if (store == NULL)
    return FALSE;
  agent = fl_store_find_agent_by_login (store, argv[1], error);
  if (agent == NULL)
    return FALSE;
  id = fl_entity_get_id (FL_ENTITY (agent));

  hash = read_password_hash (argv[1], error);
  if (hash == NULL)
    return FALSE;

  /* Whoever signed in with the old password (perhaps the reason for the
   * change) is signed out in the same step. */
  if (!fl_store_begin (store, error))
    return FALSE;
  if (!fl_store_set_password_hash (store, id, hash, error)
      || !fl_store_remove_agent_sessions (store, id, error)
      || !fl_store_append_audit (store, NULL, "user passwd", "Agent", id, 0, NULL, error))
    {
      fl_store_rollback (store);
      return FALSE;
    }
  if (!fl_store_commit (store, error))
    return FALSE;

  g_print ("Changed the password of “%s”; their sessions have ended.\n", argv[1]);
  return TRUE;
}

static gboolean
set_disabled (const char  *db_path,
              int          argc,
              char       **argv,
              gboolean     disabled,
              GError     **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("LOGIN");
  g_autoptr(FlStore) store = NULL;
  g_autoptr(FlAgent) agent = NULL;
  const char *action = disabled ? "user disable" : "user enable";
  const char *id;

  g_option_context_set_summary (context, disabled
                                ? "Stops an agent from signing in and ends their sessions."
                                : "Lets a disabled agent sign in again.");
  store = _fl_admin_parse_and_open (context, disabled ? "user disable LOGIN" : "user enable LOGIN",
                                    db_path, &argc, &argv, 1, 1, error);
  if (store == NULL)
    return FALSE;

  /* Read inside the write, so a change made meanwhile by the server is not
   * overwritten with what was read before it. */
  if (!fl_store_begin (store, error))
    return FALSE;
  agent = fl_store_find_agent_by_login (store, argv[1], error);
  if (agent == NULL)
    {
      fl_store_rollback (store);
      return FALSE;
    }
  id = fl_entity_get_id (FL_ENTITY (agent));

  if (fl_agent_get_disabled (agent) == disabled)
    {
      fl_store_rollback (store);
      g_print ("“%s” is already %s.\n", argv[1], disabled ? "disabled" : "enabled");
      return TRUE;
    }

  fl_agent_set_disabled (agent, disabled);
  if (!fl_store_put (store, FL_ENTITY (agent), FL_STORE_PUT_ASSIGN_MODSEQ, error)
      || (disabled && !fl_store_remove_agent_sessions (store, id, error))
      || !fl_store_append_audit (store, NULL, action, "Agent", id,
                                 fl_entity_get_modseq (FL_ENTITY (agent)), NULL, error))
    {
      fl_store_rollback (store);
      return FALSE;
    }
  if (!fl_store_commit (store, error))
    return FALSE;

  g_print (disabled ? "Disabled “%s”; their sessions have ended.\n" : "Enabled “%s”.\n",
           argv[1]);
  return TRUE;
}

static gboolean
user_disable (const char  *db_path,
              int          argc,
              char       **argv,
              GError     **error)
{
  return set_disabled (db_path, argc, argv, TRUE, error);
}

static gboolean
user_enable (const char  *db_path,
             int          argc,
             char       **argv,
             GError     **error)
{
  return set_disabled (db_path, argc, argv, FALSE, error);
}

/* Every agent, by login. */
static GPtrArray *
read_agents (FlStore  *store,
             GError  **error)
{
  g_autoptr(FlStoreQuery) query = fl_store_query_new (FL_TYPE_AGENT);
  g_autoptr(GPtrArray) agents = g_ptr_array_new_with_free_func (g_object_unref);
  guint position = 0;

  if (!fl_store_query_order_by (query, "login", TRUE, error))
    return NULL;

  for (;;)
    {
      g_autoptr(GPtrArray) ids = fl_store_query_run (store, query, position, LIST_PAGE_SIZE,
                                                     NULL, error);

      if (ids == NULL)
        return NULL;
      for (guint i = 0; i < ids->len; i++)
        {
          FlEntity *agent = fl_store_get (store, FL_TYPE_AGENT, g_ptr_array_index (ids, i), error);

          if (agent == NULL)
            return NULL;
          g_ptr_array_add (agents, agent);
        }
      if (ids->len < LIST_PAGE_SIZE)
        break;
      position += ids->len;
    }
  return g_steal_pointer (&agents);
}

enum { COLUMN_LOGIN, COLUMN_NAME, COLUMN_ALIAS, COLUMN_ROLE, COLUMN_TEAM, COLUMN_DISABLED,
       N_COLUMNS };

static void
agent_cells (FlAgent     *agent,
             const char **cells)
{
  const char *alias = fl_agent_get_alias (agent);
  const char *team = fl_agent_get_team (agent);

  cells[COLUMN_LOGIN] = fl_agent_get_login (agent);
  cells[COLUMN_NAME] = fl_agent_get_display_name (agent);
  cells[COLUMN_ALIAS] = alias != NULL ? alias : "-";
  cells[COLUMN_ROLE] = fl_enum_to_nick (FL_TYPE_AGENT_ROLE, fl_agent_get_role (agent));
  cells[COLUMN_TEAM] = team != NULL ? team : "-";
  cells[COLUMN_DISABLED] = fl_agent_get_disabled (agent) ? "yes" : "no";
}

static void
print_cells (const char **cells,
             const glong *widths)
{
  GString *line = g_string_new (NULL);

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_string_append (line, cells[i]);
      if (i + 1 < N_COLUMNS)
        for (glong pad = g_utf8_strlen (cells[i], -1); pad < widths[i] + 2; pad++)
          g_string_append_c (line, ' ');
    }
  g_print ("%s\n", line->str);
  g_string_free (line, TRUE);
}

static void
print_table (GPtrArray *agents)
{
  const char *header[N_COLUMNS] = { "LOGIN", "NAME", "ALIAS", "ROLE", "TEAM", "DISABLED" };
  glong widths[N_COLUMNS];

  /* Widths in characters, not bytes: names are not all ASCII. */
  for (guint c = 0; c < N_COLUMNS; c++)
    widths[c] = g_utf8_strlen (header[c], -1);
  for (guint i = 0; i < agents->len; i++)
    {
      const char *cells[N_COLUMNS];

      agent_cells (g_ptr_array_index (agents, i), cells);
      for (guint c = 0; c < N_COLUMNS; c++)
        widths[c] = MAX (widths[c], g_utf8_strlen (cells[c], -1));
    }

  print_cells (header, widths);
  for (guint i = 0; i < agents->len; i++)
    {
      const char *cells[N_COLUMNS];

      agent_cells (g_ptr_array_index (agents, i), cells);
      print_cells (cells, widths);
    }
}

/* One JSON list, one agent (in the codec's form) per line: a whole document
 * for a program, and still a line per agent for grep. */
static void
print_json (GPtrArray *agents)
{
  g_print ("[");
  for (guint i = 0; i < agents->len; i++)
    {
      g_autofree char *text = fl_json_encode_string (g_ptr_array_index (agents, i));

      g_print ("%s%s", i > 0 ? ",\n" : "\n", text);
    }
  g_print (agents->len > 0 ? "\n]\n" : "]\n");
}

static gboolean
user_list (const char  *db_path,
           int          argc,
           char       **argv,
           GError     **error)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print a JSON list, one agent a line", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(FlStore) store = NULL;
  g_autoptr(GPtrArray) agents = NULL;

  g_option_context_set_summary (context, "Lists the agents, by login.");
  g_option_context_add_main_entries (context, entries, NULL);
  store = _fl_admin_parse_and_open (context, "user list [--json]", db_path, &argc, &argv, 0, 0,
                                    error);
  if (store == NULL)
    return FALSE;
  agents = read_agents (store, error);
  if (agents == NULL)
    return FALSE;

  if (json)
    print_json (agents);
  else
    print_table (agents);
  return TRUE;
}

static const FlAdminCommandEntry user_commands[] = {
  { "add", user_add },
  { "passwd", user_passwd },
  { "disable", user_disable },
  { "enable", user_enable },
  { "list", user_list },
};

gboolean
_fl_admin_user (const char  *db_path,
                int          argc,
                char       **argv,
                GError     **error)
{
  const FlAdminCommandEntry *command = NULL;

  if (argc < 2)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           "user needs one of: add, passwd, disable, enable, list");
      return FALSE;
    }

  command = _fl_admin_find_command (user_commands, G_N_ELEMENTS (user_commands), argv[1]);
  if (command == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   "“user %s” is not a command; user takes add, passwd, disable, enable, list",
                   argv[1]);
      return FALSE;
    }
  return command->run (db_path, argc - 1, argv + 1, error);
}

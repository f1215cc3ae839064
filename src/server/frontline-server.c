/* frontline-server.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * frontline-server [serve] --db PATH [--listen ADDR:PORT] [--tls-cert FILE --tls-key FILE]
 * frontline-server --demo [--db PATH] [--listen ADDR:PORT]
 * frontline-server --db PATH user|import|export|backup …
 */
#define G_LOG_DOMAIN "Frontline-Server"

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include <glib-unix.h>

#include "fl-password.h"
#include "fl-server-admin.h"
#include "fl-server.h"
#include "fl-server-main.h"

static void
options_clear (FlServerMainOptions *options)
{
  g_clear_pointer (&options->db_path, g_free);
  g_clear_pointer (&options->listen, g_free);
  g_clear_pointer (&options->tls_cert, g_free);
  g_clear_pointer (&options->tls_key, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FlServerMainOptions, options_clear)

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(FlServerMainOptions) options = { .snapshot_max_age = -1, .snapshot_ready_scope = FL_SERVER_DEFAULT_SCOPE_DAYS };
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &options.db_path,
      "The database file (created and migrated on first start)", "PATH" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &options.listen,
      "Address and port to listen on (default " FL_SERVER_DEFAULT_LISTEN "; port 0: any free port)",
      "ADDR:PORT" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_cert, "TLS certificate (PEM)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_key, "TLS private key (PEM)", "FILE" },
    { "max-body", 0, 0, G_OPTION_ARG_INT64, &options.max_body,
      "Largest request body accepted, in bytes (default 8 MiB)", "BYTES" },
    { "token-hours", 0, 0, G_OPTION_ARG_INT, &options.token_hours,
      "How long a sign-in lasts (default 12)", "HOURS" },
    /* For tests of expiry, which cannot wait an hour. */
    { "token-seconds", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &options.token_seconds,
      "How long a sign-in lasts, in seconds (overrides --token-hours)", "SECONDS" },
    { "retention-days", 0, 0, G_OPTION_ARG_INT, &options.retention_days,
      "How long changes and tombstones are kept for X/changes (default 30)", "DAYS" },
    /* For tests: a window of seconds, so that a purge can be seen without waiting days. */
    { "retention-seconds", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &options.retention_seconds,
      "How long changes are kept, in seconds (overrides --retention-days)", "SECONDS" },
    { "snapshot-max-age", 0, 0, G_OPTION_ARG_INT, &options.snapshot_max_age,
      "How long a desktop's first-sync snapshot is handed out again before a new one is "
      "built (default 3600; 0: build one for every request)", "SECONDS" },
    { "snapshot-ready-scope", 0, 0, G_OPTION_ARG_INT, &options.snapshot_ready_scope,
      "The first-sync scope whose snapshot is kept built ahead, so a new desktop never waits "
      "for one (default 90 days, the desktops' default; -1: none)", "DAYS" },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &options.demo,
      "Serve generated demo data; logins lead, tier2, agent, rotation, trainee, "
      "password frontline-demo", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("[serve | user | import | export | backup] …");
  g_option_context_set_summary (context,
                                "The Frontline server: the system of record that every "
                                "Frontline console syncs with.");
  g_option_context_set_description (context,
                                    "Admin commands (run them with --db, while serving too):\n"
                                    "  user add LOGIN --role ROLE --name NAME [--alias ALIAS]"
                                    " [--team TEAM]\n"
                                    "  user passwd LOGIN | user disable LOGIN | user enable LOGIN\n"
                                    "  user list [--json]\n"
                                    "  import FILE [--type customers|products|ownerships]"
                                    " [--format csv|json]\n"
                                    "  export [FILE]\n"
                                    "  backup FILE\n");
  g_option_context_add_main_entries (context, entries, NULL);
  /* Options after the subcommand belong to it. */
  g_option_context_set_strict_posix (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("frontline-server: %s\n", error->message);
      return 2;
    }

  if (!fl_password_init (&error))
    {
      g_printerr ("frontline-server: %s\n", error->message);
      return 1;
    }

  if (argc > 1 && fl_server_admin_is_command (argv[1]))
    {
      if (options.db_path == NULL)
        {
          g_printerr ("frontline-server: %s needs --db PATH\n", argv[1]);
          return 2;
        }
      return fl_server_admin_main (options.db_path, argc - 1, argv + 1);
    }

  if (argc > 1 && g_strcmp0 (argv[1], "serve") != 0)
    {
      g_printerr ("frontline-server: unknown command “%s” (see --help)\n", argv[1]);
      return 2;
    }

  return fl_server_main_serve (&options);
}

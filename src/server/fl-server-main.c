/* fl-server-main.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Frontline-Server"

#include "config.h"

#include <stdio.h>

#include <glib-unix.h>
#include <glib/gstdio.h>

#include "fl-demo-generator.h"
#include "fl-password.h"
#include "fl-server.h"
#include "fl-server-main.h"
#include "fl-store-server.h"

#define DEMO_PASSWORD "frontline-demo"
/* Changes older than this are purged once a day; clients that synced before
 * then resync in full. */
#define DEFAULT_RETENTION_DAYS 30

static const char * const demo_logins[] = { "lead", "tier2", "agent", "rotation", "trainee" };

/* Fills a new demo database with the generated organisation; an existing one
 * (made earlier, or by frontline-demo-data) is reused as it is. Either way the
 * role logins get the demo password if they have none. */
static gboolean
seed_demo (const char  *db_path,
           GError     **error)
{
  g_autoptr(FlStore) store = NULL;
  gint64 agents;

  store = fl_store_open (db_path, error);
  if (store == NULL)
    return FALSE;
  agents = fl_store_count (store, FL_TYPE_AGENT, error);
  if (agents < 0)
    return FALSE;
  if (agents > 0)
    g_printerr ("Reusing the demo data in %s\n", db_path);
  else
    {
      g_autoptr(FlDemoGenerator) generator = fl_demo_generator_new ();

      g_printerr ("Generating demo data in %s…\n", db_path);
      /* Dated today, so SLAs and "last week" mean something. */
      fl_demo_generator_set_reference_time (generator, g_get_real_time ());
      if (!fl_demo_generator_run (generator, store, error))
        return FALSE;
    }

  if (!fl_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (demo_logins); i++)
    {
      g_autoptr(FlAgent) agent = fl_store_find_agent_by_login (store, demo_logins[i], error);
      g_autofree char *existing = NULL;
      g_autofree char *hash = NULL;

      if (agent == NULL)
        goto failed;
      existing = fl_store_get_password_hash (store, fl_entity_get_id (FL_ENTITY (agent)), error);
      if (existing != NULL)
        continue;
      if (error != NULL && *error != NULL)
        goto failed;
      hash = fl_password_hash (DEMO_PASSWORD, error);
      if (hash == NULL
          || !fl_store_set_password_hash (store, fl_entity_get_id (FL_ENTITY (agent)), hash, error))
        goto failed;
    }
  return fl_store_commit (store, error);

failed:
  fl_store_rollback (store);
  return FALSE;
}

typedef struct
{
  GMainLoop *loop;
  FlServer  *server;
  gboolean   stopping;
} Running;

static void
shutdown_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Running *running = user_data;

  fl_server_shutdown_finish (FL_SERVER (source), result, NULL);
  g_main_loop_quit (running->loop);
}

static gboolean
on_signal (gpointer user_data)
{
  Running *running = user_data;

  if (running->stopping)
    return G_SOURCE_CONTINUE;
  running->stopping = TRUE;
  g_printerr ("Shutting down: finishing the requests in progress…\n");
  fl_server_shutdown_async (running->server, 10000, shutdown_done, running);
  return G_SOURCE_CONTINUE;
}

/* SIGUSR1: how well group commit groups, for an admin or a benchmark reading
 * the log. */
static gboolean
on_stats_signal (gpointer user_data)
{
  Running *running = user_data;
  guint64 n_groups, n_jobs;

  fl_server_get_commit_stats (running->server, &n_groups, &n_jobs);
  g_printerr ("Commit queue: %" G_GUINT64_FORMAT " groups, %" G_GUINT64_FORMAT " jobs, %.2f jobs per group\n",
              n_groups, n_jobs, n_groups > 0 ? (double) n_jobs / n_groups : 0.0);
  return G_SOURCE_CONTINUE;
}

int
fl_server_main_serve (FlServerMainOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *temp_dir = NULL;
  g_autofree char *db_path = NULL;
  Running running = { 0 };

  if (options->demo)
    {
      if (options->db_path != NULL)
        db_path = g_strdup (options->db_path);
      else
        {
          temp_dir = g_dir_make_tmp ("frontline-demo-XXXXXX", &error);
          if (temp_dir == NULL)
            goto failed;
          db_path = g_build_filename (temp_dir, "frontline.db", NULL);
        }
      if (!seed_demo (db_path, &error))
        goto failed;
    }
  else if (options->db_path != NULL)
    db_path = g_strdup (options->db_path);
  else
    {
      g_printerr ("frontline-server: give --db PATH (or --demo)\n");
      return 2;
    }

  server = fl_server_new (db_path, &error);
  if (server == NULL)
    goto failed;
  if (options->max_body > 0)
    fl_server_set_max_body_size (server, options->max_body);
  if (options->token_seconds > 0)
    fl_server_set_token_lifetime (server, options->token_seconds * G_TIME_SPAN_SECOND);
  else if (options->token_hours > 0)
    fl_server_set_token_lifetime (server, options->token_hours * G_TIME_SPAN_HOUR);
  if (options->retention_seconds > 0)
    fl_server_set_retention (server, options->retention_seconds * G_TIME_SPAN_SECOND);
  else
    fl_server_set_retention (server, (options->retention_days > 0 ? options->retention_days
                                      : DEFAULT_RETENTION_DAYS) * G_TIME_SPAN_DAY);
  if (options->snapshot_max_age >= 0)
    fl_server_set_snapshot_max_age (server, options->snapshot_max_age * G_TIME_SPAN_SECOND);
  if (options->snapshot_ready_scope >= 0)
    fl_server_keep_snapshot_ready (server, (guint) options->snapshot_ready_scope);
  if ((options->tls_cert != NULL) != (options->tls_key != NULL))
    {
      g_printerr ("frontline-server: --tls-cert and --tls-key go together\n");
      return 2;
    }
  if (options->tls_cert != NULL && !fl_server_set_tls_files (server, options->tls_cert, options->tls_key, &error))
    goto failed;
  if (!fl_server_listen (server, options->listen != NULL ? options->listen : FL_SERVER_DEFAULT_LISTEN, &error))
    goto failed;

  /* On stdout, alone on its line: scripts and tests read the URL from here. */
  g_print ("Frontline server listening on %s\n", fl_server_get_url (server));
  if (options->demo)
    g_print ("Demo sign-ins: lead, tier2, agent, rotation, trainee; password " DEMO_PASSWORD "\n");
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  running.loop = loop;
  running.server = server;
  g_unix_signal_add (SIGTERM, on_signal, &running);
  g_unix_signal_add (SIGINT, on_signal, &running);
  g_unix_signal_add (SIGUSR1, on_stats_signal, &running);
  g_main_loop_run (loop);

  g_printerr ("Stopped.\n");
  return 0;

failed:
  g_printerr ("frontline-server: %s\n", error->message);
  return 1;
}

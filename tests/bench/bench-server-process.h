/* bench-server-process.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define BENCH_DEMO_PASSWORD "frontline-demo"
#define BENCH_JMAP_USING "[\"urn:ietf:params:jmap:core\", \"https://frontlinedesk.github.io/jmap/support\"]"

/* Generates the dataset into @db_path unless the file holds one, and gives the
 * demo logins their password (the generator makes agents, not credentials). */
gboolean    bench_prepare_dataset (const char   *db_path,
                                   gint64        n_customers,
                                   gint64        seed,
                                   GError      **error);

typedef struct
{
  GSubprocess *process;
  char        *log_path;  /* its standard error: one line per request */
  char        *url;
  SoupSession *session;   /* for the one-at-a-time calls */
  char        *token;
  guint        n_stats;   /* "Commit queue:" lines seen in the log so far */
} BenchServer;

/* Runs @binary on @db_path on a free loopback port. */
gboolean    bench_server_start    (BenchServer  *server,
                                   const char   *binary,
                                   const char   *db_path,
                                   GError      **error);
void        bench_server_stop     (BenchServer  *server);
JsonNode   *bench_server_post     (BenchServer  *server,
                                   const char   *path,
                                   const char   *body,
                                   GError      **error);
gboolean    bench_server_login    (BenchServer  *server,
                                   const char   *login,
                                   GError      **error);
/* One method call; its arguments object, or NULL after an error response. */
JsonObject *bench_server_call     (BenchServer  *server,
                                   const char   *method,
                                   const char   *args_json,
                                   GError      **error);

G_END_DECLS

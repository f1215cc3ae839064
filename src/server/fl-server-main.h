/* fl-server-main.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `frontline-server serve` and `--demo`: open (or seed) the database, listen,
 * log, and shut down cleanly on SIGTERM or SIGINT.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char     *db_path;
  char     *listen;
  char     *tls_cert;
  char     *tls_key;
  gint64    max_body;
  int       token_hours;
  int       token_seconds;
  int       retention_days;
  int       retention_seconds;  /* hidden, for tests; wins over retention_days */
  int       snapshot_max_age;   /* seconds; -1: the default */
  int       snapshot_ready_scope; /* days; -1: no snapshot kept ready */
  gboolean  demo;
} FlServerMainOptions;

int fl_server_main_serve (FlServerMainOptions *options);

G_END_DECLS

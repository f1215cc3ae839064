/* fl-server-admin.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The admin subcommands of frontline-server, run against the database file
 * (while the server serves it, too: SQLite's locking and WAL make that safe):
 *   user add LOGIN --role ROLE --name NAME [--alias ALIAS] [--team TEAM]
 *                                                      (password on stdin)
 *   user passwd LOGIN | user disable LOGIN | user enable LOGIN | user list [--json]
 *   import FILE        customers, products, ownerships; CSV or JSON
 *   export [FILE]      everything, as JSON
 *   backup FILE        an online, consistent copy
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean fl_server_admin_is_command (const char  *name);
/* @argv starts at the subcommand's name. Returns the exit status. */
int      fl_server_admin_main       (const char  *db_path,
                                     int          argc,
                                     char       **argv);

G_END_DECLS

/* fl-server-admin-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the admin subcommands share. A subcommand reports a usage error (wrong
 * arguments, a value that is not allowed) in G_OPTION_ERROR, which exits with
 * 2; any other error exits with 1.
 */
#pragma once

#include "fl-store.h"

G_BEGIN_DECLS

typedef gboolean (*FlAdminCommand) (const char  *db_path,
                                    int          argc,
                                    char       **argv,
                                    GError     **error);

typedef struct
{
  const char     *name;
  FlAdminCommand  run;
} FlAdminCommandEntry;

/* The entry named @name, or NULL. */
const FlAdminCommandEntry *_fl_admin_find_command (const FlAdminCommandEntry *entries,
                                                   guint                      n_entries,
                                                   const char                *name);

/* Parses @context's options out of @argv, then checks that from @min to @max
 * arguments are left after the subcommand's name; @usage is the error's text
 * when they are not. */
gboolean _fl_admin_parse_args  (GOptionContext   *context,
                                const char       *usage,
                                int              *argc,
                                char           ***argv,
                                int               min_args,
                                int               max_args,
                                GError          **error);
FlStore *_fl_admin_open_store  (const char       *db_path,
                                GError          **error);
/* Both of the above, for a subcommand with nothing to check in between. */
FlStore *_fl_admin_parse_and_open (GOptionContext   *context,
                                   const char       *usage,
                                   const char       *db_path,
                                   int              *argc,
                                   char           ***argv,
                                   int               min_args,
                                   int               max_args,
                                   GError          **error);

gboolean _fl_admin_user        (const char       *db_path,
                                int               argc,
                                char            **argv,
                                GError          **error);

G_END_DECLS

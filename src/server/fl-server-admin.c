/* fl-server-admin.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Frontline-Server"

#include "config.h"

#include <stdio.h>

#include "fl-server-admin.h"

static const char * const commands[] = { "user", "import", "export", "backup", NULL };

gboolean
fl_server_admin_is_command (const char *name)
{
  return name != NULL && g_strv_contains (commands, name);
}

int
fl_server_admin_main (const char  *db_path,
                      int          argc,
                      char       **argv)
{
  g_printerr ("frontline-server: “%s” is not written yet\n", argv[0]);
  return 2;
}

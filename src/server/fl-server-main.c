/* fl-server-main.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Frontline-Server"

#include "config.h"

#include "fl-server-main.h"

int
fl_server_main_serve (FlServerMainOptions *options)
{
  g_printerr ("frontline-server: serving is not written yet\n");
  return 2;
}

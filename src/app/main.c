/* main.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * frontline: the console. Sets up translations and runs FlApplication.
 */
#define G_LOG_DOMAIN "Frontline-App"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "fl-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(FlApplication) application = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Frontline"));
  application = fl_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}

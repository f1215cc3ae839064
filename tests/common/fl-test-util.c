/* fl-test-util.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small helpers shared by the test suites of every layer.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "fl-test-util.h"

/* Removes a test's temporary folder and everything in it. */
void
fl_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        fl_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* The timeout of FL_TEST_WAIT_FOR(): the condition never came true. */
gboolean
fl_test_wait_timed_out (gpointer what)
{
  g_error ("Timed out waiting for %s", (const char *) what);
  return G_SOURCE_REMOVE;
}

/* fl-test-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small helpers shared by the test suites of every layer.
 */
#pragma once

#include <glib.h>

void fl_test_remove_tree (const char *path);

/* Runs the main context until @condition holds; a test that waits 20 s fails. */
gboolean fl_test_wait_timed_out (gpointer what);

#define FL_TEST_WAIT_FOR(condition) G_STMT_START { \
    guint fl_test_timeout_ = g_timeout_add_seconds (20, fl_test_wait_timed_out, (gpointer) #condition); \
    while (!(condition)) \
      g_main_context_iteration (NULL, TRUE); \
    g_source_remove (fl_test_timeout_); \
  } G_STMT_END

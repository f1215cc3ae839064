/* fl-test-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small helpers shared by the test suites of every layer.
 */
#pragma once

#include <glib.h>

void fl_test_remove_tree (const char *path);

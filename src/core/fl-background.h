/* fl-background.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Work that may wait: a desktop's sync parses and writes thousands of records
 * while the agent types and looks things up. It runs here, on one thread of
 * lower scheduling priority, so that on a busy machine the console's own reads
 * and its main loop get the processor first.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* As g_task_run_in_thread(), on the background thread. Tasks run one at a
 * time, in the order they were given. */
void fl_background_run_in_thread (GTask           *task,
                                  GTaskThreadFunc  func);

/* Lowers the calling thread to the background thread's priority, for a
 * thread of its own that ends with its work (a lowered thread cannot be
 * raised again). */
void fl_background_lower_current_thread (void);

G_END_DECLS

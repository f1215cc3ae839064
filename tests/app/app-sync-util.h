/* app-sync-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the console's tests against the real server share: syncing and
 * changing a case through a desktop's engine (asserted), and finding a button
 * by its label.
 */
#pragma once

#include <gtk/gtk.h>

#include "fl-sync-engine.h"

G_BEGIN_DECLS

void       app_sync_now         (FlSyncEngine *engine);
void       app_sync_update_case (FlSyncEngine *engine,
                                 const char   *case_id,
                                 const char   *patch_json);
/* The first button under @widget whose label is @label, or NULL. */
GtkWidget *app_find_button      (GtkWidget    *widget,
                                 const char   *label);

G_END_DECLS

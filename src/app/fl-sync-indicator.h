/* fl-sync-indicator.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The header bar's word on the local copy: synced, syncing (with progress),
 * offline with the changes waiting, or conflicts. Clicking it syncs now.
 */
#pragma once

#include <adwaita.h>

#include "fl-sync-engine.h"

G_BEGIN_DECLS

#define FL_TYPE_SYNC_INDICATOR (fl_sync_indicator_get_type ())
G_DECLARE_FINAL_TYPE (FlSyncIndicator, fl_sync_indicator, FL, SYNC_INDICATOR, AdwBin)

void        fl_sync_indicator_set_engine (FlSyncIndicator *self,
                                          FlSyncEngine    *engine);
/* What the label says now (for tests and the accessible description). */
const char *fl_sync_indicator_get_text   (FlSyncIndicator *self);

G_END_DECLS

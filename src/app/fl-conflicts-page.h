/* fl-conflicts-page.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The conflicts to review: each change the server refused, my version and the
 * server's field by field, and Keep mine / Take theirs. A page of the window's
 * detail stack, so it has the whole width at 360 px and the usual way back.
 */
#pragma once

#include <adwaita.h>

#include "fl-sync-engine.h"

G_BEGIN_DECLS

#define FL_TYPE_CONFLICTS_PAGE (fl_conflicts_page_get_type ())
G_DECLARE_FINAL_TYPE (FlConflictsPage, fl_conflicts_page, FL, CONFLICTS_PAGE, AdwBin)

/* Signals: "resolved" (FlConflictResolution): a conflict was settled (the
 * window sends what "keep mine" queued); "failed" (const char *message): for a
 * toast; "back": the agent is done here. */
void       fl_conflicts_page_set_engine  (FlConflictsPage *self,
                                          FlSyncEngine    *engine);
/* Reads the conflicts again (it does so too when their number changes). */
void       fl_conflicts_page_reload      (FlConflictsPage *self);
/* Still reading, or settling one. */
gboolean   fl_conflicts_page_get_busy    (FlConflictsPage *self);
guint      fl_conflicts_page_get_n_shown (FlConflictsPage *self);

G_END_DECLS

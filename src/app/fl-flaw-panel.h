/* fl-flaw-panel.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The known flaws that match a case, best first, matched again as the agent
 * types a note, with their symptoms, workaround and fix, a button that links one
 * to the case and one that puts its workaround into the reply.
 */
#pragma once

#include <adwaita.h>

#include "fl-sync-engine.h"

G_BEGIN_DECLS

/* How long typing must pause before the flaws are matched again. */
#define FL_FLAW_PANEL_DEBOUNCE_MS 300
#define FL_FLAW_PANEL_MAX_MATCHES 5

#define FL_TYPE_FLAW_PANEL (fl_flaw_panel_get_type ())
G_DECLARE_FINAL_TYPE (FlFlawPanel, fl_flaw_panel, FL, FLAW_PANEL, AdwBin)

/* Links go through the engine's outbox; without one the panel only reads. */
void        fl_flaw_panel_set_engine    (FlFlawPanel  *self,
                                         FlSyncEngine *engine);
void        fl_flaw_panel_set_pool      (FlFlawPanel  *self,
                                         FlStorePool  *pool);
void        fl_flaw_panel_set_case      (FlFlawPanel  *self,
                                         const char   *case_id);
/* The note being typed: matched with the case's own words once typing pauses. */
void        fl_flaw_panel_set_draft     (FlFlawPanel  *self,
                                         const char   *draft);
/* FlFlawMatch, best first. */
GListModel *fl_flaw_panel_get_matches   (FlFlawPanel  *self);
/* TRUE while typing has not paused yet or a match is on its way. */
gboolean    fl_flaw_panel_get_busy      (FlFlawPanel  *self);
/* The draft the matches on show were made with (NULL: the case's words alone). */
const char *fl_flaw_panel_get_matched_draft (FlFlawPanel *self);
/* Reads the case and matches again (after a sync brought changes). */
void        fl_flaw_panel_reload        (FlFlawPanel  *self);

G_END_DECLS

/* fl-case-view.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One case as an agent reads it: who, what product and version, how urgent,
 * and the conversation so far, newest last, with a box to add a note.
 */
#pragma once

#include <adwaita.h>

#include "fl-sync-engine.h"

G_BEGIN_DECLS

#define FL_TYPE_CASE_VIEW (fl_case_view_get_type ())
G_DECLARE_FINAL_TYPE (FlCaseView, fl_case_view, FL, CASE_VIEW, AdwBin)

void        fl_case_view_set_engine  (FlCaseView   *self,
                                      FlSyncEngine *engine);
/* Who writes the notes: the signed-in agent (either may be NULL until known). */
void        fl_case_view_set_author  (FlCaseView   *self,
                                      const char   *agent_id,
                                      const char   *name);
void        fl_case_view_set_case    (FlCaseView   *self,
                                      const char   *case_id);
const char *fl_case_view_get_case_id (FlCaseView   *self);
gboolean    fl_case_view_get_loading (FlCaseView   *self);
/* Puts the focus in the note composer (a new case: the agent types next). */
void        fl_case_view_focus_note  (FlCaseView   *self);
/* Reads the case again (after a sync brought changes). */
void        fl_case_view_reload      (FlCaseView   *self);
void        fl_case_view_refresh     (FlCaseView   *self);

G_END_DECLS

/* fl-case-actions.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What an agent does to the open case — assign to me, change status, escalate,
 * resolve — as one action group, so a menu item and a keyboard shortcut are the
 * same action. Each is an update through the sync engine.
 */
#pragma once

#include <adwaita.h>

#include "fl-sync-engine.h"

G_BEGIN_DECLS

/* The prefix the group is inserted under: "case-actions.escalate". */
#define FL_CASE_ACTIONS_PREFIX "case-actions"

#define FL_TYPE_CASE_ACTIONS (fl_case_actions_get_type ())
G_DECLARE_FINAL_TYPE (FlCaseActions, fl_case_actions, FL, CASE_ACTIONS, GSimpleActionGroup)

FlCaseActions *fl_case_actions_new        (void);
/* Inserts the group on @widget and adds the keyboard shortcuts there. */
void           fl_case_actions_attach     (FlCaseActions *self,
                                           GtkWidget     *widget);
void           fl_case_actions_set_engine (FlCaseActions *self,
                                           FlSyncEngine  *engine);
/* Who "me" is, and the name the conversation shows for what I do. */
void           fl_case_actions_set_agent  (FlCaseActions *self,
                                           const char    *agent_id,
                                           const char    *agent_name);
/* The case the actions apply to, as it is shown; NULL disables them. Set it
 * again when the case changes, so that only actions that change it are on. */
void           fl_case_actions_set_case   (FlCaseActions *self,
                                           FlCase        *the_case);

G_END_DECLS

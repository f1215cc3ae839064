/* fl-case-watcher.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlCaseWatcher tells when a pull brought someone else's decision about the
 * signed-in agent's work: a case assigned to them, or escalated to them or to
 * their tier. No GTK: the console turns its "case-event" into a notification.
 */
#pragma once

#include "fl-sync-engine.h"

G_BEGIN_DECLS

typedef enum
{
  FL_CASE_EVENT_NONE,
  FL_CASE_EVENT_ASSIGNED,    /* someone else made me the case's assignee */
  FL_CASE_EVENT_ESCALATED,   /* escalated to me, or to tier 2 when I am tier 2 */
} FlCaseEvent;

#define FL_TYPE_CASE_EVENT (fl_case_event_get_type ())
GType fl_case_event_get_type (void);

#define FL_TYPE_CASE_WATCHER (fl_case_watcher_get_type ())
G_DECLARE_FINAL_TYPE (FlCaseWatcher, fl_case_watcher, FL, CASE_WATCHER, GObject)

/* Watches @engine's "cases-pulled". Signal "case-event" (FlCaseEvent event,
 * const char *case_id, const char *subject), at most once per change of a
 * case, never during the profile's first sync. */
FlCaseWatcher *fl_case_watcher_new      (FlSyncEngine *engine);

/* How many of the engine's "cases-pulled" have been looked at, events sent:
 * for a test or a tool to know when the watcher has caught up. */
guint          fl_case_watcher_get_n_checked (FlCaseWatcher *self);

/* What the change from @before (NULL: the copy did not have the case) to
 * @after means to agent @agent_id of @role. */
FlCaseEvent    fl_case_watcher_classify (FlCase       *before,
                                         FlCase       *after,
                                         const char   *agent_id,
                                         FlAgentRole   role);

G_END_DECLS

/* fl-labels.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The words an agent reads for the data model's enums ("Escalated", "Tier 2"),
 * translated, and short dates. Safe from any thread.
 */
#pragma once

#include "frontline-core.h"

G_BEGIN_DECLS

const char *fl_label_case_status      (FlCaseStatus      status);
const char *fl_label_case_priority    (FlCasePriority    priority);
const char *fl_label_case_tier        (FlCaseTier        tier);
const char *fl_label_interaction_kind (FlInteractionKind kind);
const char *fl_label_flaw_status      (FlFlawStatus      status);
/* "23 Nov 2026, 14:05" in local time, or "" for 0. */
char       *fl_label_time             (gint64            timestamp);
/* A case's SLA as its countdown at @now: "SLA: 2 h 05 min left" or
 * "SLA breached 35 min ago"; NULL when the case has no SLA. @pressing, if
 * given, says whether it is breached or has less than an hour left. */
char       *fl_label_sla              (gint64            due_at,
                                       gint64            now,
                                       gboolean         *pressing);

G_END_DECLS

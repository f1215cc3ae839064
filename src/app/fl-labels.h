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

G_END_DECLS

/* fl-flaw-match.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A known flaw found for a case: the flaw, how well it matched, and how many
 * cases are already linked to it.
 */
#pragma once

#include "frontline-core.h"

G_BEGIN_DECLS

#define FL_TYPE_FLAW_MATCH (fl_flaw_match_get_type ())
G_DECLARE_FINAL_TYPE (FlFlawMatch, fl_flaw_match, FL, FLAW_MATCH, GObject)

FlFlawMatch *fl_flaw_match_new                   (FlFlaw      *flaw,
                                                  double       score,
                                                  gint64       linked_case_count);
FlFlaw      *fl_flaw_match_get_flaw              (FlFlawMatch *self);
double       fl_flaw_match_get_score             (FlFlawMatch *self);
gint64       fl_flaw_match_get_linked_case_count (FlFlawMatch *self);

G_END_DECLS

/* fl-enums.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The closed vocabularies of the data model. Each enum is registered as a GEnum
 * (by glib-mkenums) and its value nicks are what travels in JSON and in SQLite,
 * so renaming a nick is a protocol and schema change.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum /*< prefix=FL_CASE_STATUS >*/
{
  FL_CASE_STATUS_NEW,
  FL_CASE_STATUS_OPEN,
  FL_CASE_STATUS_PENDING,
  FL_CASE_STATUS_ESCALATED,
  FL_CASE_STATUS_RESOLVED,
  FL_CASE_STATUS_CLOSED,
} FlCaseStatus;

typedef enum /*< prefix=FL_CASE_PRIORITY >*/
{
  FL_CASE_PRIORITY_LOW,
  FL_CASE_PRIORITY_NORMAL,
  FL_CASE_PRIORITY_HIGH,
  FL_CASE_PRIORITY_URGENT,
} FlCasePriority;

typedef enum /*< prefix=FL_CASE_TIER >*/
{
  FL_CASE_TIER_TIER1,        /*< nick=tier1 >*/
  FL_CASE_TIER_TIER2,        /*< nick=tier2 >*/
  FL_CASE_TIER_ENGINEERING,
} FlCaseTier;

typedef enum /*< prefix=FL_INTERACTION_KIND >*/
{
  FL_INTERACTION_KIND_CALL,
  FL_INTERACTION_KIND_EMAIL,
  FL_INTERACTION_KIND_NOTE,
  FL_INTERACTION_KIND_STATUS,
  FL_INTERACTION_KIND_ESCALATION,
  FL_INTERACTION_KIND_OFFER,
} FlInteractionKind;

typedef enum /*< prefix=FL_FLAW_STATUS >*/
{
  FL_FLAW_STATUS_INVESTIGATING,
  FL_FLAW_STATUS_WORKAROUND,
  FL_FLAW_STATUS_FIXED,
  FL_FLAW_STATUS_RETIRED,
} FlFlawStatus;

typedef enum /*< prefix=FL_FLAW_SEVERITY >*/
{
  FL_FLAW_SEVERITY_LOW,
  FL_FLAW_SEVERITY_MEDIUM,
  FL_FLAW_SEVERITY_HIGH,
  FL_FLAW_SEVERITY_CRITICAL,
} FlFlawSeverity;

typedef enum /*< prefix=FL_OFFER_RESULT >*/
{
  FL_OFFER_RESULT_OFFERED,
  FL_OFFER_RESULT_ACCEPTED,
  FL_OFFER_RESULT_DECLINED,
} FlOfferResult;

typedef enum /*< prefix=FL_AGENT_ROLE >*/
{
  FL_AGENT_ROLE_AGENT,
  FL_AGENT_ROLE_TIER2,
  FL_AGENT_ROLE_LEAD,
  FL_AGENT_ROLE_ROTATION,
  FL_AGENT_ROLE_TRAINEE,
} FlAgentRole;

const char *fl_enum_to_nick   (GType       enum_type,
                               int         value);
gboolean    fl_enum_from_nick (GType       enum_type,
                               const char *nick,
                               int        *value);

G_END_DECLS

/* fl-offer-outcome.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlOfferOutcome: What became of an offer made during a case.
 * Typed accessors over the field table in fl-offer-outcome.c; see fl-entity.h.
 */
#pragma once

#include "fl-entity.h"
#include "fl-enums.h"

G_BEGIN_DECLS

#define FL_TYPE_OFFER_OUTCOME (fl_offer_outcome_get_type ())
G_DECLARE_FINAL_TYPE (FlOfferOutcome, fl_offer_outcome, FL, OFFER_OUTCOME, FlEntity)

typedef enum
{
  FL_OFFER_OUTCOME_FIELD_CASE_ID = FL_ENTITY_N_BASE_FIELDS,
  FL_OFFER_OUTCOME_FIELD_OFFER_ID,
  FL_OFFER_OUTCOME_FIELD_CUSTOMER_ID,
  FL_OFFER_OUTCOME_FIELD_RESULT,
  FL_OFFER_OUTCOME_FIELD_AGENT_ID,
  FL_OFFER_OUTCOME_FIELD_AT,
  FL_OFFER_OUTCOME_N_FIELDS
} FlOfferOutcomeField;

FlOfferOutcome *fl_offer_outcome_new             (void);
const char     *fl_offer_outcome_get_case_id     (FlOfferOutcome *self);
void            fl_offer_outcome_set_case_id     (FlOfferOutcome *self, const char *value);
const char     *fl_offer_outcome_get_offer_id    (FlOfferOutcome *self);
void            fl_offer_outcome_set_offer_id    (FlOfferOutcome *self, const char *value);
const char     *fl_offer_outcome_get_customer_id (FlOfferOutcome *self);
void            fl_offer_outcome_set_customer_id (FlOfferOutcome *self, const char *value);
FlOfferResult   fl_offer_outcome_get_result      (FlOfferOutcome *self);
void            fl_offer_outcome_set_result      (FlOfferOutcome *self, FlOfferResult value);
const char     *fl_offer_outcome_get_agent_id    (FlOfferOutcome *self);
void            fl_offer_outcome_set_agent_id    (FlOfferOutcome *self, const char *value);
gint64          fl_offer_outcome_get_at          (FlOfferOutcome *self);
void            fl_offer_outcome_set_at          (FlOfferOutcome *self, gint64 value);

G_END_DECLS

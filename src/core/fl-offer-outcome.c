/* fl-offer-outcome.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlOfferOutcome: What became of an offer made during a case.
 */
#define G_LOG_DOMAIN "Frontline-Core"

#include "config.h"

#include "fl-enum-types.h"
#include "fl-offer-outcome.h"

struct _FlOfferOutcome
{
  FlEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (FlOfferOutcome, fl_offer_outcome, FL_TYPE_ENTITY)

/* Indexed by FlOfferOutcomeField minus FL_ENTITY_N_BASE_FIELDS. */
static const FlFieldInfo offer_outcome_fields[] = {
  { "case_id", FL_FIELD_ID, FL_FIELD_REQUIRED | FL_FIELD_IMMUTABLE },
  { "offer_id", FL_FIELD_ID, FL_FIELD_REQUIRED | FL_FIELD_IMMUTABLE },
  /* Copied from the case by the store */
  { "customer_id", FL_FIELD_ID, FL_FIELD_NONE },
  { "result", FL_FIELD_ENUM, FL_FIELD_NONE, 0, fl_offer_result_get_type, 0 },
  { "agent_id", FL_FIELD_ID, FL_FIELD_NONE },
  { "at", FL_FIELD_TIMESTAMP, FL_FIELD_REQUIRED },
};

G_STATIC_ASSERT (G_N_ELEMENTS (offer_outcome_fields) == FL_OFFER_OUTCOME_N_FIELDS - FL_ENTITY_N_BASE_FIELDS);

static void
fl_offer_outcome_class_init (FlOfferOutcomeClass *klass)
{
  fl_entity_class_install_fields (FL_ENTITY_CLASS (klass), "OfferOutcome", "offer_outcomes",
                                  offer_outcome_fields, G_N_ELEMENTS (offer_outcome_fields));
}

static void
fl_offer_outcome_init (FlOfferOutcome *self)
{
}

FlOfferOutcome *
fl_offer_outcome_new (void)
{
  return g_object_new (FL_TYPE_OFFER_OUTCOME, NULL);
}

const char *
fl_offer_outcome_get_case_id (FlOfferOutcome *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_OFFER_OUTCOME_FIELD_CASE_ID);
}

void
fl_offer_outcome_set_case_id (FlOfferOutcome      *self,
                             const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_OFFER_OUTCOME_FIELD_CASE_ID, value);
}

const char *
fl_offer_outcome_get_offer_id (FlOfferOutcome *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_OFFER_OUTCOME_FIELD_OFFER_ID);
}

void
fl_offer_outcome_set_offer_id (FlOfferOutcome      *self,
                              const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_OFFER_OUTCOME_FIELD_OFFER_ID, value);
}

const char *
fl_offer_outcome_get_customer_id (FlOfferOutcome *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_OFFER_OUTCOME_FIELD_CUSTOMER_ID);
}

void
fl_offer_outcome_set_customer_id (FlOfferOutcome      *self,
                                 const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_OFFER_OUTCOME_FIELD_CUSTOMER_ID, value);
}

FlOfferResult
fl_offer_outcome_get_result (FlOfferOutcome *self)
{
  return (FlOfferResult) fl_entity_get_int (FL_ENTITY (self), FL_OFFER_OUTCOME_FIELD_RESULT);
}

void
fl_offer_outcome_set_result (FlOfferOutcome *self,
                            FlOfferResult value)
{
  fl_entity_set_int (FL_ENTITY (self), FL_OFFER_OUTCOME_FIELD_RESULT, value);
}

const char *
fl_offer_outcome_get_agent_id (FlOfferOutcome *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_OFFER_OUTCOME_FIELD_AGENT_ID);
}

void
fl_offer_outcome_set_agent_id (FlOfferOutcome      *self,
                              const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_OFFER_OUTCOME_FIELD_AGENT_ID, value);
}

gint64
fl_offer_outcome_get_at (FlOfferOutcome *self)
{
  return fl_entity_get_int (FL_ENTITY (self), FL_OFFER_OUTCOME_FIELD_AT);
}

void
fl_offer_outcome_set_at (FlOfferOutcome *self,
                        gint64 value)
{
  fl_entity_set_int (FL_ENTITY (self), FL_OFFER_OUTCOME_FIELD_AT, value);
}

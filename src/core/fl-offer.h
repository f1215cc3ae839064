/* fl-offer.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlOffer: An upsell rule: when the customer owns something and/or the case is about something, suggest a product, with a pitch and the reason.
 * Typed accessors over the field table in fl-offer.c; see fl-entity.h.
 */
#pragma once

#include "fl-entity.h"
#include "fl-enums.h"

G_BEGIN_DECLS

#define FL_TYPE_OFFER (fl_offer_get_type ())
G_DECLARE_FINAL_TYPE (FlOffer, fl_offer, FL, OFFER, FlEntity)

typedef enum
{
  FL_OFFER_FIELD_PRODUCT_ID = FL_ENTITY_N_BASE_FIELDS,
  FL_OFFER_FIELD_TITLE,
  FL_OFFER_FIELD_PITCH,
  FL_OFFER_FIELD_REASON,
  FL_OFFER_FIELD_OWNED_PRODUCT_IDS,
  FL_OFFER_FIELD_OWNED_LINE,
  FL_OFFER_FIELD_CASE_KEYWORDS,
  FL_OFFER_FIELD_FLAW_IDS,
  FL_OFFER_FIELD_ACTIVE,
  FL_OFFER_N_FIELDS
} FlOfferField;

FlOffer             *fl_offer_new                   (void);
const char          *fl_offer_get_product_id        (FlOffer *self);
void                 fl_offer_set_product_id        (FlOffer *self, const char *value);
const char          *fl_offer_get_title             (FlOffer *self);
void                 fl_offer_set_title             (FlOffer *self, const char *value);
const char          *fl_offer_get_pitch             (FlOffer *self);
void                 fl_offer_set_pitch             (FlOffer *self, const char *value);
const char          *fl_offer_get_reason            (FlOffer *self);
void                 fl_offer_set_reason            (FlOffer *self, const char *value);
const char * const  *fl_offer_get_owned_product_ids (FlOffer *self);
void                 fl_offer_set_owned_product_ids (FlOffer *self, const char * const *value);
const char          *fl_offer_get_owned_line        (FlOffer *self);
void                 fl_offer_set_owned_line        (FlOffer *self, const char *value);
const char * const  *fl_offer_get_case_keywords     (FlOffer *self);
void                 fl_offer_set_case_keywords     (FlOffer *self, const char * const *value);
const char * const  *fl_offer_get_flaw_ids          (FlOffer *self);
void                 fl_offer_set_flaw_ids          (FlOffer *self, const char * const *value);
gboolean             fl_offer_get_active            (FlOffer *self);
void                 fl_offer_set_active            (FlOffer *self, gboolean value);

G_END_DECLS

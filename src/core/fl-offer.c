/* fl-offer.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlOffer: An upsell rule: when the customer owns something and/or the case is about something, suggest a product, with a pitch and the reason.
 */
#define G_LOG_DOMAIN "Frontline-Core"

#include "config.h"

#include "fl-enum-types.h"
#include "fl-offer.h"

struct _FlOffer
{
  FlEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (FlOffer, fl_offer, FL_TYPE_ENTITY)

/* Indexed by FlOfferField minus FL_ENTITY_N_BASE_FIELDS. */
static const FlFieldInfo offer_fields[] = {
  /* The product suggested */
  { "product_id", FL_FIELD_ID, FL_FIELD_REQUIRED },
  { "title", FL_FIELD_TEXT, FL_FIELD_REQUIRED, 200 },
  /* What the agent may say */
  { "pitch", FL_FIELD_TEXT, FL_FIELD_NONE, 2000 },
  /* Why it fits, shown to the agent */
  { "reason", FL_FIELD_TEXT, FL_FIELD_NONE, 1000 },
  /* Fits when the customer owns any of these */
  { "owned_product_ids", FL_FIELD_ID_LIST, FL_FIELD_NONE },
  /* Fits when the customer owns a product of this line */
  { "owned_line", FL_FIELD_TEXT, FL_FIELD_NONE, 100 },
  /* Fits when the case mentions any of these */
  { "case_keywords", FL_FIELD_TEXT_LIST, FL_FIELD_NONE, 60 },
  /* Fits when the case is linked to any of these flaws */
  { "flaw_ids", FL_FIELD_ID_LIST, FL_FIELD_NONE },
  { "active", FL_FIELD_BOOL, FL_FIELD_NONE, 0, NULL, 1 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (offer_fields) == FL_OFFER_N_FIELDS - FL_ENTITY_N_BASE_FIELDS);

static void
fl_offer_class_init (FlOfferClass *klass)
{
  fl_entity_class_install_fields (FL_ENTITY_CLASS (klass), "Offer", "offers",
                                  offer_fields, G_N_ELEMENTS (offer_fields));
}

static void
fl_offer_init (FlOffer *self)
{
}

FlOffer *
fl_offer_new (void)
{
  return g_object_new (FL_TYPE_OFFER, NULL);
}

const char *
fl_offer_get_product_id (FlOffer *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_OFFER_FIELD_PRODUCT_ID);
}

void
fl_offer_set_product_id (FlOffer      *self,
                        const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_OFFER_FIELD_PRODUCT_ID, value);
}

const char *
fl_offer_get_title (FlOffer *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_OFFER_FIELD_TITLE);
}

void
fl_offer_set_title (FlOffer      *self,
                   const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_OFFER_FIELD_TITLE, value);
}

const char *
fl_offer_get_pitch (FlOffer *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_OFFER_FIELD_PITCH);
}

void
fl_offer_set_pitch (FlOffer      *self,
                   const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_OFFER_FIELD_PITCH, value);
}

const char *
fl_offer_get_reason (FlOffer *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_OFFER_FIELD_REASON);
}

void
fl_offer_set_reason (FlOffer      *self,
                    const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_OFFER_FIELD_REASON, value);
}

const char * const *
fl_offer_get_owned_product_ids (FlOffer *self)
{
  return fl_entity_get_list (FL_ENTITY (self), FL_OFFER_FIELD_OWNED_PRODUCT_IDS);
}

void
fl_offer_set_owned_product_ids (FlOffer              *self,
                               const char * const *value)
{
  fl_entity_set_list (FL_ENTITY (self), FL_OFFER_FIELD_OWNED_PRODUCT_IDS, value);
}

const char *
fl_offer_get_owned_line (FlOffer *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_OFFER_FIELD_OWNED_LINE);
}

void
fl_offer_set_owned_line (FlOffer      *self,
                        const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_OFFER_FIELD_OWNED_LINE, value);
}

const char * const *
fl_offer_get_case_keywords (FlOffer *self)
{
  return fl_entity_get_list (FL_ENTITY (self), FL_OFFER_FIELD_CASE_KEYWORDS);
}

void
fl_offer_set_case_keywords (FlOffer              *self,
                           const char * const *value)
{
  fl_entity_set_list (FL_ENTITY (self), FL_OFFER_FIELD_CASE_KEYWORDS, value);
}

const char * const *
fl_offer_get_flaw_ids (FlOffer *self)
{
  return fl_entity_get_list (FL_ENTITY (self), FL_OFFER_FIELD_FLAW_IDS);
}

void
fl_offer_set_flaw_ids (FlOffer              *self,
                      const char * const *value)
{
  fl_entity_set_list (FL_ENTITY (self), FL_OFFER_FIELD_FLAW_IDS, value);
}

gboolean
fl_offer_get_active (FlOffer *self)
{
  return fl_entity_get_int (FL_ENTITY (self), FL_OFFER_FIELD_ACTIVE) != 0;
}

void
fl_offer_set_active (FlOffer   *self,
                    gboolean value)
{
  fl_entity_set_int (FL_ENTITY (self), FL_OFFER_FIELD_ACTIVE, value != FALSE);
}

/* fl-offer-suggestion.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small item for the suggested-offers panel, built by fl_store_suggest_offers().
 */
#define G_LOG_DOMAIN "Frontline-Store"

#include "config.h"

#include "fl-offer-suggestion.h"

struct _FlOfferSuggestion
{
  GObject        parent_instance;

  FlOffer       *offer;
  char          *reason;
  char          *suppressed_reason;
  gboolean       has_result;
  FlOfferResult  result;
};

G_DEFINE_FINAL_TYPE (FlOfferSuggestion, fl_offer_suggestion, G_TYPE_OBJECT)

static void
fl_offer_suggestion_finalize (GObject *object)
{
  FlOfferSuggestion *self = FL_OFFER_SUGGESTION (object);

  g_clear_object (&self->offer);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->suppressed_reason, g_free);

  G_OBJECT_CLASS (fl_offer_suggestion_parent_class)->finalize (object);
}

static void
fl_offer_suggestion_class_init (FlOfferSuggestionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fl_offer_suggestion_finalize;
}

static void
fl_offer_suggestion_init (FlOfferSuggestion *self)
{
}

/**
 * fl_offer_suggestion_new:
 * @suppressed_reason: (nullable): why the offer must not be made now
 */
FlOfferSuggestion *
fl_offer_suggestion_new (FlOffer    *offer,
                         const char *reason,
                         const char *suppressed_reason)
{
  FlOfferSuggestion *self;

  g_return_val_if_fail (FL_IS_OFFER (offer), NULL);
  g_return_val_if_fail (reason != NULL, NULL);

  self = g_object_new (FL_TYPE_OFFER_SUGGESTION, NULL);
  self->offer = g_object_ref (offer);
  self->reason = g_strdup (reason);
  self->suppressed_reason = g_strdup (suppressed_reason);
  return self;
}

FlOffer *
fl_offer_suggestion_get_offer (FlOfferSuggestion *self)
{
  g_return_val_if_fail (FL_IS_OFFER_SUGGESTION (self), NULL);
  return self->offer;
}

const char *
fl_offer_suggestion_get_reason (FlOfferSuggestion *self)
{
  g_return_val_if_fail (FL_IS_OFFER_SUGGESTION (self), NULL);
  return self->reason;
}

gboolean
fl_offer_suggestion_get_suppressed (FlOfferSuggestion *self)
{
  g_return_val_if_fail (FL_IS_OFFER_SUGGESTION (self), FALSE);
  return self->suppressed_reason != NULL;
}

const char *
fl_offer_suggestion_get_suppressed_reason (FlOfferSuggestion *self)
{
  g_return_val_if_fail (FL_IS_OFFER_SUGGESTION (self), NULL);
  return self->suppressed_reason;
}

gboolean
fl_offer_suggestion_get_result (FlOfferSuggestion *self,
                                FlOfferResult     *result)
{
  g_return_val_if_fail (FL_IS_OFFER_SUGGESTION (self), FALSE);

  if (self->has_result && result != NULL)
    *result = self->result;
  return self->has_result;
}

void
fl_offer_suggestion_set_result (FlOfferSuggestion *self,
                                FlOfferResult      result)
{
  g_return_if_fail (FL_IS_OFFER_SUGGESTION (self));
  self->has_result = TRUE;
  self->result = result;
}

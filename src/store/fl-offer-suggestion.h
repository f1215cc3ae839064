/* fl-offer-suggestion.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An offer suggested for a case: the offer, why it fits in one sentence, whether
 * it is held back (and why), and what the customer already said to it in this case.
 */
#pragma once

#include "frontline-core.h"

G_BEGIN_DECLS

#define FL_TYPE_OFFER_SUGGESTION (fl_offer_suggestion_get_type ())
G_DECLARE_FINAL_TYPE (FlOfferSuggestion, fl_offer_suggestion, FL, OFFER_SUGGESTION, GObject)

FlOfferSuggestion *fl_offer_suggestion_new                 (FlOffer           *offer,
                                                            const char        *reason,
                                                            const char        *suppressed_reason);
FlOffer           *fl_offer_suggestion_get_offer           (FlOfferSuggestion *self);
const char        *fl_offer_suggestion_get_reason          (FlOfferSuggestion *self);
gboolean           fl_offer_suggestion_get_suppressed      (FlOfferSuggestion *self);
/* NULL unless suppressed. */
const char        *fl_offer_suggestion_get_suppressed_reason (FlOfferSuggestion *self);
/* The latest outcome recorded for this offer in this case, if any. */
gboolean           fl_offer_suggestion_get_result          (FlOfferSuggestion *self,
                                                            FlOfferResult     *result);
void               fl_offer_suggestion_set_result          (FlOfferSuggestion *self,
                                                            FlOfferResult      result);

G_END_DECLS

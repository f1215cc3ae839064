/* fl-offer-panel.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The suggested offers of one case, each with why it fits; held-back ones
 * greyed with the reason; buttons to record what the customer said.
 */
#pragma once

#include <adwaita.h>

#include "fl-sync-engine.h"

G_BEGIN_DECLS

#define FL_TYPE_OFFER_PANEL (fl_offer_panel_get_type ())
G_DECLARE_FINAL_TYPE (FlOfferPanel, fl_offer_panel, FL, OFFER_PANEL, AdwBin)

GtkWidget *fl_offer_panel_new        (void);
void       fl_offer_panel_set_engine (FlOfferPanel *self,
                                      FlSyncEngine *engine);
/* Who records the outcomes: the signed-in agent (either may be NULL until known). */
void       fl_offer_panel_set_author (FlOfferPanel *self,
                                      const char   *agent_id,
                                      const char   *name);
/* Reads the suggestions for the case (in a pool job). @customer_id may be
 * NULL, so that the read need not wait for the case to be read first: the
 * store gives the outcomes and their lines the case's customer. */
void       fl_offer_panel_set_case   (FlOfferPanel *self,
                                      const char   *case_id,
                                      const char   *customer_id);
/* The suggestions shown, of FlOfferSuggestion (for tests). */
GListModel *fl_offer_panel_get_suggestions (FlOfferPanel *self);
gboolean    fl_offer_panel_get_loading     (FlOfferPanel *self);

G_END_DECLS

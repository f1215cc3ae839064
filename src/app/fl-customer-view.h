/* fl-customer-view.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A customer at a glance, as a screen pop opens them: how to reach them, their
 * cases (any status, most urgent first) and a new case ready to be typed.
 */
#pragma once

#include <adwaita.h>

#include "fl-sync-engine.h"

G_BEGIN_DECLS

#define FL_TYPE_CUSTOMER_VIEW (fl_customer_view_get_type ())
G_DECLARE_FINAL_TYPE (FlCustomerView, fl_customer_view, FL, CUSTOMER_VIEW, AdwBin)

void        fl_customer_view_set_engine      (FlCustomerView *self,
                                              FlSyncEngine   *engine);
void        fl_customer_view_set_customer    (FlCustomerView *self,
                                              const char     *customer_id);
const char *fl_customer_view_get_customer_id (FlCustomerView *self);
/* Puts the focus in the new case's subject. */
void        fl_customer_view_focus_new_case  (FlCustomerView *self);

G_END_DECLS

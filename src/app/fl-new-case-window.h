/* fl-new-case-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "New Case" window (Ctrl+N): one form that makes a case tier 2 can work
 * on — who called (found by phone, e-mail or name), which product, what about
 * and how urgent — for agents and for staff on rotation alike.
 */
#pragma once

#include <adwaita.h>

#include "fl-sync-engine.h"

G_BEGIN_DECLS

#define FL_TYPE_NEW_CASE_WINDOW (fl_new_case_window_get_type ())
G_DECLARE_FINAL_TYPE (FlNewCaseWindow, fl_new_case_window, FL, NEW_CASE_WINDOW, AdwWindow)

/* Modal over @parent. "case-created" (the new case's id) is emitted once the
 * case is in the outbox; the window then closes itself. */
FlNewCaseWindow *fl_new_case_window_new          (GtkWindow       *parent,
                                                  FlSyncEngine    *engine);
/* Starts with this customer chosen (their products first). */
void             fl_new_case_window_set_customer (FlNewCaseWindow *self,
                                                  const char      *customer_id);
void             fl_new_case_window_set_subject  (FlNewCaseWindow *self,
                                                  const char      *subject);
/* Whether customer, product and subject are all there: Create's sensitivity. */
gboolean         fl_new_case_window_get_valid    (FlNewCaseWindow *self);

G_END_DECLS

/* fl-history-panel.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything we know about a customer on one timeline, newest first, read a
 * page at a time as the agent scrolls, with a one-line summary on top.
 */
#pragma once

#include <adwaita.h>

#include "fl-store-pool.h"

G_BEGIN_DECLS

#define FL_HISTORY_PANEL_PAGE_SIZE 40

#define FL_TYPE_HISTORY_PANEL (fl_history_panel_get_type ())
G_DECLARE_FINAL_TYPE (FlHistoryPanel, fl_history_panel, FL, HISTORY_PANEL, AdwBin)

void             fl_history_panel_set_pool     (FlHistoryPanel  *self,
                                                FlStorePool     *pool);
void             fl_history_panel_set_customer (FlHistoryPanel  *self,
                                                const char      *customer_id);
void             fl_history_panel_set_filter   (FlHistoryPanel  *self,
                                                FlHistoryFilter  filter);
FlHistoryFilter  fl_history_panel_get_filter   (FlHistoryPanel  *self);
/* Reads the next page, if there is one and none is on its way; scrolling near
 * the end of the list does the same. */
void             fl_history_panel_load_more    (FlHistoryPanel  *self);
/* The rows read so far: FlRecordItems (id, what, and when and how it ended). */
GListModel      *fl_history_panel_get_items    (FlHistoryPanel  *self);
gboolean         fl_history_panel_get_loading  (FlHistoryPanel  *self);
gboolean         fl_history_panel_get_complete (FlHistoryPanel  *self);
const char      *fl_history_panel_get_summary  (FlHistoryPanel  *self);

G_END_DECLS

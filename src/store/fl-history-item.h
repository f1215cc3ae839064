/* fl-history-item.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row of a customer's timeline: a case opened, an interaction, a purchase or an
 * offer outcome, with the record it stands for.
 */
#pragma once

#include "frontline-core.h"

G_BEGIN_DECLS

typedef enum /*< prefix=FL_HISTORY_KIND >*/
{
  FL_HISTORY_KIND_CASE,
  FL_HISTORY_KIND_INTERACTION,
  FL_HISTORY_KIND_PURCHASE,
  FL_HISTORY_KIND_OFFER,
} FlHistoryKind;

#define FL_TYPE_HISTORY_ITEM (fl_history_item_get_type ())
G_DECLARE_FINAL_TYPE (FlHistoryItem, fl_history_item, FL, HISTORY_ITEM, GObject)

FlHistoryItem *fl_history_item_new        (FlHistoryKind  kind,
                                           gint64         at,
                                           FlEntity      *entity);
FlHistoryKind  fl_history_item_get_kind   (FlHistoryItem *self);
gint64         fl_history_item_get_at     (FlHistoryItem *self);
FlEntity      *fl_history_item_get_entity (FlHistoryItem *self);

G_END_DECLS

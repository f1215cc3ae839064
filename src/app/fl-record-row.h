/* fl-record-row.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row of a console list (the queue, a customer's cases, the history, the
 * pickers): an FlRecordItem's title and the line under it, kept up to date as
 * the item's page arrives.
 */
#pragma once

#include <gtk/gtk.h>

#include "fl-record-item.h"

G_BEGIN_DECLS

#define FL_TYPE_RECORD_ROW (fl_record_row_get_type ())
G_DECLARE_FINAL_TYPE (FlRecordRow, fl_record_row, FL, RECORD_ROW, GtkWidget)

GtkWidget    *fl_record_row_new      (void);
FlRecordItem *fl_record_row_get_item (FlRecordRow  *self);
void          fl_record_row_set_item (FlRecordRow  *self,
                                      FlRecordItem *item);

/* The factory of every record list: an FlRecordRow per list item, given the
 * item to show. */
GtkListItemFactory *fl_record_row_factory_new (void);

G_END_DECLS

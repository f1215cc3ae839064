/* fl-record-item.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row of a console list: the id of a record and the two lines that name it.
 * Rows are placeholders until their page arrives from the store, then filled in
 * place, so a list view bound to them updates without rebuilding.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FL_TYPE_RECORD_ITEM (fl_record_item_get_type ())
G_DECLARE_FINAL_TYPE (FlRecordItem, fl_record_item, FL, RECORD_ITEM, GObject)

FlRecordItem *fl_record_item_new          (void);
const char   *fl_record_item_get_id       (FlRecordItem *self);
const char   *fl_record_item_get_title    (FlRecordItem *self);
const char   *fl_record_item_get_subtitle (FlRecordItem *self);
gboolean      fl_record_item_get_loaded   (FlRecordItem *self);
void          fl_record_item_fill         (FlRecordItem *self,
                                           const char   *id,
                                           const char   *title,
                                           const char   *subtitle);
/* The case a row leads to when activated (a history row's case), or NULL. */
const char   *fl_record_item_get_case_id  (FlRecordItem *self);
void          fl_record_item_set_case_id  (FlRecordItem *self,
                                           const char   *case_id);

G_END_DECLS

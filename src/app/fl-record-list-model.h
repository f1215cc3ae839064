/* fl-record-list-model.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlRecordListModel is a GListModel of FlRecordItem over the local store: one
 * query counts the matching records, then rows are read a page at a time, off
 * the main thread, as the list view asks for them. 100,000 cases cost a count
 * and the pages on screen. With a search text it shows the store's full-text
 * matches instead, best first.
 */
#pragma once

#include <gio/gio.h>

#include "fl-store-pool.h"

G_BEGIN_DECLS

typedef enum
{
  FL_RECORD_LIST_CASES,
  FL_RECORD_LIST_CUSTOMERS,
  FL_RECORD_LIST_FLAWS,
  FL_RECORD_LIST_OFFERS,
} FlRecordListKind;

/* Rows read per page (and the most a search shows). */
#define FL_RECORD_LIST_PAGE_SIZE 50
#define FL_RECORD_LIST_SEARCH_LIMIT 500

#define FL_TYPE_RECORD_LIST_MODEL (fl_record_list_model_get_type ())
G_DECLARE_FINAL_TYPE (FlRecordListModel, fl_record_list_model, FL, RECORD_LIST_MODEL, GObject)

FlRecordListModel *fl_record_list_model_new             (FlStorePool       *pool);
FlRecordListKind   fl_record_list_model_get_kind        (FlRecordListModel *self);
/* Cases: @statuses as FlCaseFilter has them (0 for any); @assignee_id and
 * @customer_id NULL for anyone's. Other kinds ignore them. */
void               fl_record_list_model_set_query       (FlRecordListModel *self,
                                                         FlRecordListKind   kind,
                                                         guint              statuses,
                                                         const char        *assignee_id,
                                                         const char        *customer_id);
/* NULL or "" shows the whole list again. */
void               fl_record_list_model_set_search_text (FlRecordListModel *self,
                                                         const char        *text);
/* Counts again after a sync changed the store. If the length stayed, the rows
 * stay and are filled again in place, so a view keeps its place. */
void               fl_record_list_model_reload          (FlRecordListModel *self);
/* TRUE until the count of the current query has arrived. */
gboolean           fl_record_list_model_get_loading     (FlRecordListModel *self);
guint              fl_record_list_model_get_n_pages_read (FlRecordListModel *self);

G_END_DECLS

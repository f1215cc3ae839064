/* fl-record-list-model-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What FlRecordListModel hands to pool threads and gets back: the query (shared
 * read-only, so a change makes a new one), the jobs, and their rows.
 */
#pragma once

#include "fl-record-list-model.h"

G_BEGIN_DECLS

typedef struct
{
  FlRecordListKind  kind;
  guint             statuses;
  char             *assignee_id;
  char             *customer_id;
  char             *search;
} FlRecordQuery;

typedef struct
{
  char *id;
  char *title;
  char *subtitle;
} FlRecordRow;

typedef struct
{
  guint      total;
  GPtrArray *rows;   /* of FlRecordRow: the first page, or every search match */
} FlRecordCount;

typedef struct
{
  FlRecordQuery *query;   /* a reference */
  guint          offset;
} FlRecordPageJob;

FlRecordQuery *_fl_record_query_new      (void);
FlRecordQuery *_fl_record_query_ref      (FlRecordQuery *query);
void           _fl_record_query_unref    (gpointer       query);
FlRecordQuery *_fl_record_query_copy     (const FlRecordQuery *query);
void           _fl_record_count_free     (gpointer       count);
void           _fl_record_page_job_free  (gpointer       job);

/* FlStoreJobs: the count (with the first page, or every search match) and one page. */
gpointer       _fl_record_list_count_job (FlStore       *store,
                                          gpointer       job_data,
                                          GCancellable  *cancellable,
                                          GError       **error);
gpointer       _fl_record_list_page_job  (FlStore       *store,
                                          gpointer       job_data,
                                          GCancellable  *cancellable,
                                          GError       **error);

G_END_DECLS

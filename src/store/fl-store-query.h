/* fl-store-query.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlStoreQuery is a list query over one record type: equality filters on its
 * fields, a sort, and a window (position, limit). It is what X/query runs when
 * the filter is not a text search. Field names are checked against the type's
 * field table, values are always bound, never spliced into SQL.
 */
#pragma once

#include "fl-store.h"

G_BEGIN_DECLS

typedef struct _FlStoreQuery FlStoreQuery;

FlStoreQuery *fl_store_query_new             (GType                type);
void          fl_store_query_free            (FlStoreQuery        *query);
/* @field is the snake_case or the JSON name. A NULL @value matches "not set". */
gboolean      fl_store_query_where_text      (FlStoreQuery        *query,
                                              const char          *field,
                                              const char          *value,
                                              GError             **error);
/* Any of @values (text fields and enum nicks). */
gboolean      fl_store_query_where_any_text  (FlStoreQuery        *query,
                                              const char          *field,
                                              const char * const  *values,
                                              GError             **error);
gboolean      fl_store_query_where_int       (FlStoreQuery        *query,
                                              const char          *field,
                                              gint64               value,
                                              GError             **error);
/* Keyset paging: the records whose id sorts after @id. It excludes any other
 * sort (an error, whichever comes first). With no sort but the id's, a page is then read straight off the index however deep it is,
 * where a position would skip every record before it. */
gboolean      fl_store_query_where_id_after  (FlStoreQuery        *query,
                                              const char          *id,
                                              GError             **error);
/* Cases that are active (new, open, pending, escalated) or were changed at or
 * after @since (microseconds since the epoch): what a desktop copies first.
 * Only for FL_TYPE_CASE. */
gboolean      fl_store_query_where_case_active_since (FlStoreQuery *query,
                                                      gint64        since,
                                                      GError      **error);
/* Sorts are applied in the order added; the id always breaks ties. */
gboolean      fl_store_query_order_by        (FlStoreQuery        *query,
                                              const char          *field,
                                              gboolean             ascending,
                                              GError             **error);
/* Returns the ids (char *) in the window; @total, when not NULL, receives the
 * number of matching records. */
GPtrArray    *fl_store_query_run             (FlStore             *store,
                                              FlStoreQuery        *query,
                                              guint                position,
                                              guint                limit,
                                              gint64              *total,
                                              GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlStoreQuery, fl_store_query_free)

G_END_DECLS

/* fl-store-history.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A customer's whole history on one timeline, and the case queue. The timeline
 * merges four tables (cases, interactions, purchases, offer outcomes), each read
 * newest first from its (customer_id, time, id) index and cut at the page size
 * before merging, so the first page of a 5,000-interaction history costs what a
 * 5-interaction one does. Pages are keyset-paged: the cursor is the (time, id)
 * of the last item shown, so a page never repeats or skips an item when new
 * ones arrive meanwhile, as OFFSET would.
 */
#define G_LOG_DOMAIN "Frontline-Store"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fl-store-private.h"

#define MAX_PAGE 500

typedef struct
{
  FlHistoryFilter  filter;
  FlHistoryKind    kind;
  const char      *table;
  const char      *time_expr;
  GType          (*get_type) (void);
} HistorySource;

static const HistorySource sources[] = {
  { FL_HISTORY_CASES, FL_HISTORY_KIND_CASE, "cases", "created_at", fl_case_get_type },
  { FL_HISTORY_INTERACTIONS, FL_HISTORY_KIND_INTERACTION, "interactions", "at",
    fl_interaction_get_type },
  /* A purchase without a date counts from when we learnt of it. */
  { FL_HISTORY_PURCHASES, FL_HISTORY_KIND_PURCHASE, "ownerships",
    "coalesce (purchased_at, created_at)", fl_ownership_get_type },
  { FL_HISTORY_OFFERS, FL_HISTORY_KIND_OFFER, "offer_outcomes", "at", fl_offer_outcome_get_type },
};

static char *
history_sql (FlHistoryFilter filter)
{
  GString *sql = g_string_new ("SELECT kind, row, t, id FROM (");
  gboolean first = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      const HistorySource *source = &sources[i];

      if (!(filter & source->filter))
        continue;
      if (!first)
        g_string_append (sql, " UNION ALL ");
      first = FALSE;
      g_string_append_printf (sql,
                              "SELECT * FROM (SELECT %u AS kind, rowid AS row, %s AS t, id"
                              " FROM %s WHERE customer_id = ?1 AND (%s, id) < (?2, ?3)"
                              " ORDER BY %s DESC, id DESC LIMIT ?4)",
                              source->kind, source->time_expr, source->table,
                              source->time_expr, source->time_expr);
    }

  g_string_append (sql, ") ORDER BY t DESC, id DESC LIMIT ?4");
  return g_string_free (sql, FALSE);
}

static gboolean
parse_cursor (const char  *cursor,
              gint64      *at,
              const char **id)
{
  char *end = NULL;

  *at = g_ascii_strtoll (cursor, &end, 10);
  if (end == cursor || *end != '/' || !fl_is_valid_id (end + 1))
    return FALSE;
  *id = end + 1;
  return TRUE;
}

/**
 * fl_store_get_customer_history:
 * @customer_id: the customer
 * @filter: which kinds of event to include
 * @cursor: (nullable): %NULL for the newest page, or a previous page's @next_cursor
 * @limit: page size (at most 500)
 * @next_cursor: (out) (optional) (transfer full): where the next page starts, or
 *   %NULL when this page reaches the beginning of the history
 *
 * Returns: (transfer full) (element-type FlHistoryItem): newest first
 */
GPtrArray *
fl_store_get_customer_history (FlStore          *self,
                               const char       *customer_id,
                               FlHistoryFilter   filter,
                               const char       *cursor,
                               guint             limit,
                               char            **next_cursor,
                               GError          **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FlCachedStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  gint64 before_at = G_MAXINT64;
  const char *before_id = "";
  gint64 last_at = 0;
  g_autofree char *last_id = NULL;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), NULL);
  g_return_val_if_fail (customer_id != NULL, NULL);

  if (next_cursor != NULL)
    *next_cursor = NULL;

  limit = CLAMP (limit, 1, MAX_PAGE);
  filter &= FL_HISTORY_ALL;
  if (filter == 0)
    return g_steal_pointer (&out);

  if (cursor != NULL && !parse_cursor (cursor, &before_at, &before_id))
    {
      g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_FAILED,
                   "“%.80s” is not a history cursor", cursor);
      return NULL;
    }

  sql = history_sql (filter);
  stmt = _fl_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, customer_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, before_at);
  sqlite3_bind_text (stmt, 3, before_id, -1, SQLITE_STATIC);
  /* One more than asked for tells whether there is a next page. */
  sqlite3_bind_int (stmt, 4, (int) limit + 1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FlHistoryKind kind = sqlite3_column_int (stmt, 0);
      gint64 at = sqlite3_column_int64 (stmt, 2);
      g_autoptr(FlEntity) entity = NULL;

      if (out->len == limit)
        {
          if (next_cursor != NULL)
            *next_cursor = g_strdup_printf ("%" G_GINT64_FORMAT "/%s", last_at, last_id);
          break;
        }

      entity = _fl_store_get_by_pk (self, sources[kind].get_type (),
                                    sqlite3_column_int64 (stmt, 1), error);
      if (entity == NULL)
        return NULL;

      g_ptr_array_add (out, fl_history_item_new (kind, at, entity));
      last_at = at;
      g_free (last_id);
      last_id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
    }

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _fl_store_set_error (self, rc, "Could not read the customer's history", error);
      return NULL;
    }

  return g_steal_pointer (&out);
}

/**
 * fl_store_query_cases:
 * @filter: (nullable): which cases; %NULL for all
 *
 * Returns: (transfer full) (element-type FlCase): most urgent first — priority,
 *   then the SLA due soonest (cases without an SLA after), then the oldest
 */
/* The queue orders' indexes, named to SQLite (see the schema's migrations). */
#define ACTIVE_QUEUE_HINT "INDEXED BY cases_active_queue"
#define ACTIVE_BY_ASSIGNEE_HINT "INDEXED BY cases_active_by_assignee"

GPtrArray *
fl_store_query_cases (FlStore             *self,
                      const FlCaseFilter  *filter,
                      guint                offset,
                      guint                limit,
                      GError             **error)
{
  static const FlCaseFilter any = FL_CASE_FILTER_INIT;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FlCachedStmt) stmt = NULL;
  g_autoptr(GString) sql = NULL;
  const char *hint = "";
  int param = 1;

  g_return_val_if_fail (FL_IS_STORE (self), NULL);

  if (filter == NULL)
    filter = &any;

  sql = g_string_new (NULL);
  /* Without statistics SQLite would rather look the statuses up in
   * cases_by_status and sort; the queue indexes are ordered already. One
   * agent's queue has its own: walking the team's for the few cases that are
   * theirs reads every open case deep in the list (and all of them for an
   * agent who has none). */
  if (filter->statuses == FL_CASE_STATUSES_ACTIVE && filter->customer_id == NULL)
    hint = filter->assignee_id != NULL ? ACTIVE_BY_ASSIGNEE_HINT : ACTIVE_QUEUE_HINT;
  g_string_append_printf (sql, "SELECT %s FROM cases %s WHERE 1",
                          _fl_store_columns (self, FL_TYPE_CASE), hint);

  /* Statuses and tier are spelled into the SQL (they come from enums, not from
   * users); ids are bound. Each distinct filter shape is prepared once. */
  if (filter->statuses != 0)
    {
      gboolean first = TRUE;

      g_string_append (sql, " AND status IN (");
      for (int status = FL_CASE_STATUS_NEW; status <= FL_CASE_STATUS_CLOSED; status++)
        if (filter->statuses & FL_CASE_STATUS_MASK (status))
          {
            g_string_append_printf (sql, "%s'%s'", first ? "" : ", ",
                                    fl_enum_to_nick (FL_TYPE_CASE_STATUS, status));
            first = FALSE;
          }
      g_string_append_c (sql, ')');
    }
  if (filter->tier >= 0)
    {
      const char *tier = fl_enum_to_nick (FL_TYPE_CASE_TIER, filter->tier);

      g_return_val_if_fail (tier != NULL, NULL);
      g_string_append_printf (sql, " AND tier = '%s'", tier);
    }
  if (filter->assignee_id != NULL)
    {
      if (*filter->assignee_id == '\0')
        g_string_append (sql, " AND assignee_id IS NULL");
      else
        g_string_append_printf (sql, " AND assignee_id = ?%d", param++);
    }
  if (filter->customer_id != NULL)
    g_string_append_printf (sql, " AND customer_id = ?%d", param++);

  /* The same expressions as the cases_active_queue index, which serves the team
   * queue in this order without sorting. */
  g_string_append_printf (sql, " ORDER BY priority_rank DESC,"
                               " coalesce (sla_due_at, 9223372036854775807), created_at, id"
                               " LIMIT ?%d OFFSET ?%d", param, param + 1);

  stmt = _fl_store_prepare (self, sql->str, NULL);
  if (stmt == NULL)
    {
      /* During a bulk load the index is set aside: read without it. */
      g_autofree char *plain = g_strdup (sql->str);
      char *hinted = *hint != '\0' ? strstr (plain, hint) : NULL;

      if (hinted != NULL)
        memset (hinted, ' ', strlen (hint));
      stmt = _fl_store_prepare (self, plain, error);
      if (stmt == NULL)
        return NULL;
    }

  param = 1;
  if (filter->assignee_id != NULL && *filter->assignee_id != '\0')
    sqlite3_bind_text (stmt, param++, filter->assignee_id, -1, SQLITE_STATIC);
  if (filter->customer_id != NULL)
    sqlite3_bind_text (stmt, param++, filter->customer_id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, param++, (int) MIN (limit, G_MAXINT));
  sqlite3_bind_int (stmt, param, (int) MIN (offset, G_MAXINT));

  if (!_fl_store_collect (self, FL_TYPE_CASE, stmt, out, error))
    return NULL;

  return g_steal_pointer (&out);
}

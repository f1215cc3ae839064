/* fl-record-list-jobs.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlRecordListModel's work on pool threads: counting a query, reading a page
 * of rows in the store's order, and full-text searches. Rows are made here,
 * two lines of text each, so the main thread only copies strings.
 */
#define G_LOG_DOMAIN "Frontline-App"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fl-labels.h"
#include "fl-record-list-model-private.h"
#include "fl-store-query.h"

FlRecordQuery *
_fl_record_query_new (void)
{
  return g_atomic_rc_box_new0 (FlRecordQuery);
}

static void
query_clear (gpointer data)
{
  FlRecordQuery *query = data;

  g_free (query->assignee_id);
  g_free (query->customer_id);
  g_free (query->search);
}

FlRecordQuery *
_fl_record_query_ref (FlRecordQuery *query)
{
  return g_atomic_rc_box_acquire (query);
}

void
_fl_record_query_unref (gpointer query)
{
  g_atomic_rc_box_release_full (query, query_clear);
}

static void
row_free (gpointer data)
{
  FlRecordRow *row = data;

  g_free (row->id);
  g_free (row->title);
  g_free (row->subtitle);
  g_free (row);
}

void
_fl_record_count_free (gpointer data)
{
  FlRecordCount *count = data;

  g_clear_pointer (&count->rows, g_ptr_array_unref);
  g_free (count);
}

void
_fl_record_page_job_free (gpointer data)
{
  FlRecordPageJob *job = data;

  _fl_record_query_unref (job->query);
  g_free (job);
}

static GType
kind_type (FlRecordListKind kind)
{
  switch (kind)
    {
    case FL_RECORD_LIST_CASES: return FL_TYPE_CASE;
    case FL_RECORD_LIST_CUSTOMERS: return FL_TYPE_CUSTOMER;
    case FL_RECORD_LIST_FLAWS: return FL_TYPE_FLAW;
    case FL_RECORD_LIST_OFFERS: return FL_TYPE_OFFER;
    default: g_assert_not_reached ();
    }
}

static const char *
customer_name (FlStore    *store,
               GHashTable *names,
               const char *customer_id)
{
  const char *name;

  if (customer_id == NULL)
    return NULL;
  if (g_hash_table_lookup_extended (names, customer_id, NULL, (gpointer *) &name))
    return name;
  {
    g_autoptr(FlEntity) customer = fl_store_get (store, FL_TYPE_CUSTOMER, customer_id, NULL);
    char *found = customer != NULL ? g_strdup (fl_customer_get_name (FL_CUSTOMER (customer))) : NULL;

    g_hash_table_insert (names, g_strdup (customer_id), found);
    return found;
  }
}

/* The two lines of a row, made on the pool thread so the main thread only
 * copies strings. @names caches customer names across a page. */
static FlRecordRow *
describe (FlStore     *store,
          const FlRecordQuery *query,
          FlEntity    *entity,
          GHashTable  *names)
{
  FlRecordRow *row = g_new0 (FlRecordRow, 1);

  row->id = g_strdup (fl_entity_get_id (entity));
  if (FL_IS_CASE (entity) && query->customer_id != NULL)
    {
      /* One customer's cases: their name on every row would say nothing; when
       * the case was opened does. */
      FlCase *the_case = FL_CASE (entity);
      g_autofree char *opened = fl_label_time (fl_entity_get_created_at (entity));

      row->title = g_strdup (fl_case_get_subject (the_case));
      /* Translators: a case row in a customer's list: status · priority · opened */
      row->subtitle = g_strdup_printf (_("%s · %s · %s"),
                                       fl_label_case_status (fl_case_get_status (the_case)),
                                       fl_label_case_priority (fl_case_get_priority (the_case)),
                                       opened);
    }
  else if (FL_IS_CASE (entity))
    {
      FlCase *the_case = FL_CASE (entity);
      const char *name = customer_name (store, names, fl_case_get_customer_id (the_case));

      row->title = g_strdup (fl_case_get_subject (the_case));
      /* Translators: a case row: customer · status · priority */
      row->subtitle = g_strdup_printf (_("%s · %s · %s"),
                                       name != NULL ? name : _("Unknown customer"),
                                       fl_label_case_status (fl_case_get_status (the_case)),
                                       fl_label_case_priority (fl_case_get_priority (the_case)));
    }
  else if (FL_IS_CUSTOMER (entity))
    {
      FlCustomer *customer = FL_CUSTOMER (entity);
      const char * const *phones = fl_customer_get_phones (customer);
      const char * const *emails = fl_customer_get_emails (customer);
      g_autoptr(GStrvBuilder) parts = g_strv_builder_new ();
      g_auto(GStrv) strv = NULL;

      if (fl_customer_get_organisation (customer) != NULL)
        g_strv_builder_add (parts, fl_customer_get_organisation (customer));
      if (phones != NULL && phones[0] != NULL)
        g_strv_builder_add (parts, phones[0]);
      if (emails != NULL && emails[0] != NULL)
        g_strv_builder_add (parts, emails[0]);
      strv = g_strv_builder_end (parts);
      row->title = g_strdup (fl_customer_get_name (customer));
      row->subtitle = g_strjoinv (" · ", strv);
    }
  else if (FL_IS_FLAW (entity))
    {
      FlFlaw *flaw = FL_FLAW (entity);

      row->title = g_strdup (fl_flaw_get_title (flaw));
      if (fl_flaw_get_fixed_in (flaw) != NULL)
        /* Translators: a known flaw's status and the version that fixes it */
        row->subtitle = g_strdup_printf (_("%s · fixed in %s"), fl_label_flaw_status (fl_flaw_get_status (flaw)),
                                         fl_flaw_get_fixed_in (flaw));
      else
        row->subtitle = g_strdup (fl_label_flaw_status (fl_flaw_get_status (flaw)));
    }
  else if (FL_IS_OFFER (entity))
    {
      row->title = g_strdup (fl_offer_get_title (FL_OFFER (entity)));
      row->subtitle = g_strdup (fl_offer_get_pitch (FL_OFFER (entity)));
    }
  if (row->title == NULL)
    row->title = g_strdup (_("(untitled)"));
  return row;
}

static GPtrArray *
describe_all (FlStore     *store,
              const FlRecordQuery *query,
              GPtrArray   *entities)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GPtrArray *rows = g_ptr_array_new_with_free_func (row_free);

  for (guint i = 0; i < entities->len; i++)
    g_ptr_array_add (rows, describe (store, query, g_ptr_array_index (entities, i), names));
  return rows;
}

static gboolean
case_matches (const FlRecordQuery *query,
              FlCase      *the_case)
{
  if (query->statuses != 0 && !(query->statuses & FL_CASE_STATUS_MASK (fl_case_get_status (the_case))))
    return FALSE;
  if (query->assignee_id != NULL && g_strcmp0 (query->assignee_id, fl_case_get_assignee_id (the_case)) != 0)
    return FALSE;
  if (query->customer_id != NULL && g_strcmp0 (query->customer_id, fl_case_get_customer_id (the_case)) != 0)
    return FALSE;
  return TRUE;
}

/* The case filter as an FlStoreQuery: its count matches fl_store_query_cases(). */
static FlStoreQuery *
case_store_query (const FlRecordQuery  *query,
                  GError      **error)
{
  g_autoptr(FlStoreQuery) store_query = fl_store_query_new (FL_TYPE_CASE);

  if (query->statuses != 0)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) nicks = NULL;

      for (int status = FL_CASE_STATUS_NEW; status <= FL_CASE_STATUS_CLOSED; status++)
        if (query->statuses & FL_CASE_STATUS_MASK (status))
          g_strv_builder_add (builder, fl_enum_to_nick (FL_TYPE_CASE_STATUS, status));
      nicks = g_strv_builder_end (builder);
      if (!fl_store_query_where_any_text (store_query, "status", (const char * const *) nicks, error))
        return NULL;
    }
  if (query->assignee_id != NULL
      && !fl_store_query_where_text (store_query, "assignee_id", query->assignee_id, error))
    return NULL;
  if (query->customer_id != NULL
      && !fl_store_query_where_text (store_query, "customer_id", query->customer_id, error))
    return NULL;
  return g_steal_pointer (&store_query);
}

static const char *
sort_field (FlRecordListKind kind)
{
  return kind == FL_RECORD_LIST_CUSTOMERS ? "name" : "title";
}

static GPtrArray *
read_entities (FlStore      *store,
               const FlRecordQuery  *query,
               guint         offset,
               guint         limit,
               GError      **error)
{
  g_autoptr(FlStoreQuery) store_query = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) entities = NULL;
  GType type = kind_type (query->kind);

  if (query->kind == FL_RECORD_LIST_CASES && query->customer_id == NULL)
    {
      FlCaseFilter filter = FL_CASE_FILTER_INIT;

      filter.statuses = query->statuses;
      filter.assignee_id = query->assignee_id;
      filter.customer_id = query->customer_id;
      return fl_store_query_cases (store, &filter, offset, limit, error);
    }

  if (query->kind == FL_RECORD_LIST_CASES)
    {
      /* One customer's cases read as their story: newest first. */
      store_query = case_store_query (query, error);
      if (store_query == NULL || !fl_store_query_order_by (store_query, "created_at", FALSE, error))
        return NULL;
    }
  else
    {
      store_query = fl_store_query_new (type);
      if (!fl_store_query_order_by (store_query, sort_field (query->kind), TRUE, error))
        return NULL;
    }
  ids = fl_store_query_run (store, store_query, offset, limit, NULL, error);
  if (ids == NULL)
    return NULL;
  entities = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < ids->len; i++)
    {
      FlEntity *entity = fl_store_get (store, type, g_ptr_array_index (ids, i), NULL);

      /* Destroyed since the ids were read: one missing row must not fail a page. */
      if (entity != NULL)
        g_ptr_array_add (entities, entity);
    }
  return g_steal_pointer (&entities);
}

static gboolean
text_contains (const char *haystack,
               const char *needle_folded)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle_folded) != NULL;
}

static GPtrArray *
search_entities (FlStore      *store,
                 const FlRecordQuery  *query,
                 GError      **error)
{
  g_autoptr(GPtrArray) found = NULL;

  switch (query->kind)
    {
    case FL_RECORD_LIST_CASES:
      found = fl_store_search_cases (store, query->search, FL_RECORD_LIST_SEARCH_LIMIT, error);
      if (found != NULL)
        for (guint i = found->len; i > 0; i--)
          if (!case_matches (query, g_ptr_array_index (found, i - 1)))
            g_ptr_array_remove_index (found, i - 1);
      break;
    case FL_RECORD_LIST_CUSTOMERS:
      /* Phone numbers, addresses and name prefixes first (what a caller gives);
       * then any word the customer's record holds. */
      found = fl_store_lookup_customers (store, query->search, FL_RECORD_LIST_SEARCH_LIMIT, error);
      if (found != NULL && found->len == 0)
        {
          g_ptr_array_unref (found);
          found = fl_store_search_customers (store, query->search, FL_RECORD_LIST_SEARCH_LIMIT, error);
        }
      break;
    case FL_RECORD_LIST_FLAWS:
      found = fl_store_search_flaws (store, query->search, FL_RECORD_LIST_SEARCH_LIMIT, error);
      break;
    case FL_RECORD_LIST_OFFERS:
      {
        /* Offers are a short catalog without a full-text index: scan them. */
        g_autofree char *needle = g_utf8_casefold (query->search, -1);

        found = read_entities (store, query, 0, G_MAXINT, error);
        if (found != NULL)
          for (guint i = found->len; i > 0; i--)
            {
              FlOffer *offer = g_ptr_array_index (found, i - 1);

              if (!text_contains (fl_offer_get_title (offer), needle)
                  && !text_contains (fl_offer_get_pitch (offer), needle))
                g_ptr_array_remove_index (found, i - 1);
            }
      }
      break;
    default:
      g_assert_not_reached ();
    }
  return g_steal_pointer (&found);
}

gpointer
_fl_record_list_count_job (FlStore       *store,
           gpointer       job_data,
           GCancellable  *cancellable,
           GError       **error)
{
  const FlRecordQuery *query = job_data;
  g_autoptr(GPtrArray) entities = NULL;
  FlRecordCount *count;
  gint64 total;

  if (query->search != NULL)
    {
      entities = search_entities (store, query, error);
      if (entities == NULL)
        return NULL;
      total = entities->len;
    }
  else
    {
      if (query->kind == FL_RECORD_LIST_CASES)
        {
          g_autoptr(FlStoreQuery) store_query = case_store_query (query, error);
          g_autoptr(GPtrArray) none = NULL;

          if (store_query == NULL)
            return NULL;
          none = fl_store_query_run (store, store_query, 0, 0, &total, error);
          if (none == NULL)
            return NULL;
        }
      else
        {
          total = fl_store_count (store, kind_type (query->kind), error);
          if (total < 0)
            return NULL;
        }
      entities = read_entities (store, query, 0, FL_RECORD_LIST_PAGE_SIZE, error);
      if (entities == NULL)
        return NULL;
    }

  count = g_new0 (FlRecordCount, 1);
  count->total = (guint) MIN (total, G_MAXUINT);
  count->rows = describe_all (store, query, entities);
  return count;
}

gpointer
_fl_record_list_page_job (FlStore       *store,
          gpointer       job_data,
          GCancellable  *cancellable,
          GError       **error)
{
  FlRecordPageJob *job = job_data;
  g_autoptr(GPtrArray) entities = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  entities = read_entities (store, job->query, job->offset, FL_RECORD_LIST_PAGE_SIZE, error);
  if (entities == NULL)
    return NULL;
  return describe_all (store, job->query, entities);
}

/* Queries are shared read-only with pool threads: a change makes a new one. */
FlRecordQuery *
_fl_record_query_copy (const FlRecordQuery *query)
{
  FlRecordQuery *copy = g_atomic_rc_box_new0 (FlRecordQuery);

  copy->kind = query->kind;
  copy->statuses = query->statuses;
  copy->assignee_id = g_strdup (query->assignee_id);
  copy->customer_id = g_strdup (query->customer_id);
  copy->search = g_strdup (query->search);
  return copy;
}

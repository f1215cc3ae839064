/* fl-record-list-model.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A paged list over the store. The count comes first, so the list view knows
 * its length (and its scrollbar) at once; a page is read when the view first
 * asks for a row in it, and its rows are filled in place. Every query bumps a
 * generation, and answers for an older one are dropped, so typing in the search
 * entry never shows a stale list.
 */
#define G_LOG_DOMAIN "Frontline-App"

#include "config.h"

#include <glib/gi18n.h>

#include "fl-labels.h"
#include "fl-record-item.h"
#include "fl-record-list-model.h"
#include "fl-store-query.h"

typedef struct
{
  FlRecordListKind  kind;
  guint             statuses;
  char             *assignee_id;
  char             *customer_id;
  char             *search;
} Query;

typedef struct
{
  char *id;
  char *title;
  char *subtitle;
} Row;

typedef struct
{
  guint      total;
  GPtrArray *rows;   /* of Row: the first page, or every search match */
} Count;

typedef struct
{
  Query *query;      /* a reference */
  guint  offset;
} PageJob;

typedef struct
{
  FlRecordListModel *self;
  guint              generation;
  guint              page;
} Reply;

enum
{
  PAGE_UNREAD,
  PAGE_READING,
  PAGE_READ,
};

struct _FlRecordListModel
{
  GObject        parent_instance;

  FlStorePool   *pool;
  Query         *query;
  GCancellable  *cancellable;
  guint          generation;
  gboolean       loading;

  GPtrArray     *items;       /* FlRecordItem or NULL (not asked for yet), one per row */
  guint8        *page_states;
  guint          n_pages_read;
};

static void fl_record_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FlRecordListModel, fl_record_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, fl_record_list_model_iface_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* --- queries and rows, shared with pool threads --------------------------- */

static void
query_clear (gpointer data)
{
  Query *query = data;

  g_free (query->assignee_id);
  g_free (query->customer_id);
  g_free (query->search);
}

static Query *
query_ref (Query *query)
{
  return g_atomic_rc_box_acquire (query);
}

static void
query_unref (gpointer query)
{
  g_atomic_rc_box_release_full (query, query_clear);
}

static void
row_free (gpointer data)
{
  Row *row = data;

  g_free (row->id);
  g_free (row->title);
  g_free (row->subtitle);
  g_free (row);
}

static void
count_free (gpointer data)
{
  Count *count = data;

  g_clear_pointer (&count->rows, g_ptr_array_unref);
  g_free (count);
}

static void
page_job_free (gpointer data)
{
  PageJob *job = data;

  query_unref (job->query);
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
static Row *
describe (FlStore     *store,
          const Query *query,
          FlEntity    *entity,
          GHashTable  *names)
{
  Row *row = g_new0 (Row, 1);

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
              const Query *query,
              GPtrArray   *entities)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GPtrArray *rows = g_ptr_array_new_with_free_func (row_free);

  for (guint i = 0; i < entities->len; i++)
    g_ptr_array_add (rows, describe (store, query, g_ptr_array_index (entities, i), names));
  return rows;
}

static gboolean
case_matches (const Query *query,
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
case_store_query (const Query  *query,
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
               const Query  *query,
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
                 const Query  *query,
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

static gpointer
count_job (FlStore       *store,
           gpointer       job_data,
           GCancellable  *cancellable,
           GError       **error)
{
  const Query *query = job_data;
  g_autoptr(GPtrArray) entities = NULL;
  Count *count;
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

  count = g_new0 (Count, 1);
  count->total = (guint) MIN (total, G_MAXUINT);
  count->rows = describe_all (store, query, entities);
  return count;
}

static gpointer
page_job (FlStore       *store,
          gpointer       job_data,
          GCancellable  *cancellable,
          GError       **error)
{
  PageJob *job = job_data;
  g_autoptr(GPtrArray) entities = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  entities = read_entities (store, job->query, job->offset, FL_RECORD_LIST_PAGE_SIZE, error);
  if (entities == NULL)
    return NULL;
  return describe_all (store, job->query, entities);
}

/* --- the main thread's side ------------------------------------------------ */

static guint
n_pages_for (guint n_items)
{
  return (n_items + FL_RECORD_LIST_PAGE_SIZE - 1) / FL_RECORD_LIST_PAGE_SIZE;
}

static void
fill_rows (FlRecordListModel *self,
           guint              offset,
           GPtrArray         *rows)
{
  for (guint i = 0; i < rows->len && offset + i < self->items->len; i++)
    {
      Row *row = g_ptr_array_index (rows, i);
      FlRecordItem *item = g_ptr_array_index (self->items, offset + i);

      if (item == NULL)
        {
          item = fl_record_item_new ();
          g_ptr_array_index (self->items, offset + i) = item;
        }
      fl_record_item_fill (item, row->id, row->title, row->subtitle);
    }
}

static void
mark_page_read (FlRecordListModel *self,
                guint              page)
{
  if (page < n_pages_for (self->items->len) && self->page_states[page] != PAGE_READ)
    {
      self->page_states[page] = PAGE_READ;
      self->n_pages_read++;
    }
}

static Reply *
reply_new (FlRecordListModel *self,
           guint              page)
{
  Reply *reply = g_new0 (Reply, 1);

  reply->self = g_object_ref (self);
  reply->generation = self->generation;
  reply->page = page;
  return reply;
}

static void
reply_free (Reply *reply)
{
  g_object_unref (reply->self);
  g_free (reply);
}

static void
on_page_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Reply *reply = user_data;
  FlRecordListModel *self = reply->self;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);
  if (reply->generation == self->generation)
    {
      if (rows == NULL)
        {
          /* Unread again, so that scrolling back to it tries once more. */
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_warning ("Cannot read a page of the list: %s", error->message);
          self->page_states[reply->page] = PAGE_UNREAD;
        }
      else
        {
          fill_rows (self, reply->page * FL_RECORD_LIST_PAGE_SIZE, rows);
          mark_page_read (self, reply->page);
        }
    }
  reply_free (reply);
}

static void
read_page (FlRecordListModel *self,
           guint              page)
{
  PageJob *job = g_new0 (PageJob, 1);

  g_assert (FL_IS_RECORD_LIST_MODEL (self));

  self->page_states[page] = PAGE_READING;
  job->query = query_ref (self->query);
  job->offset = page * FL_RECORD_LIST_PAGE_SIZE;
  fl_store_pool_read_async (self->pool, page_job, job, page_job_free,
                            (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                            on_page_read, reply_new (self, page));
}

static void
replace_items (FlRecordListModel *self,
               guint              n_items)
{
  guint removed = self->items->len;

  g_ptr_array_set_size (self->items, 0);
  g_ptr_array_set_size (self->items, n_items);
  g_free (self->page_states);
  self->page_states = g_new0 (guint8, n_pages_for (n_items) + 1);
  self->n_pages_read = 0;
  if (removed != 0 || n_items != 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, n_items);
  if (removed != n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
set_loading (FlRecordListModel *self,
             gboolean           loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
on_counted (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Reply *reply = user_data;
  FlRecordListModel *self = reply->self;
  Count *count;
  g_autoptr(GError) error = NULL;

  count = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);
  if (reply->generation != self->generation)
    {
      g_clear_pointer (&count, count_free);
      reply_free (reply);
      return;
    }
  if (count == NULL)
    {
      g_warning ("Cannot read the list: %s", error->message);
      replace_items (self, 0);
    }
  else
    {
      guint removed = self->items->len;

      /* Fill the first page before announcing the rows, so the first frame
       * of the list already has its words; one items-changed for the whole
       * swap lets the view keep its place when the length stays. */
      g_ptr_array_set_size (self->items, 0);
      g_ptr_array_set_size (self->items, count->total);
      g_free (self->page_states);
      self->page_states = g_new0 (guint8, n_pages_for (count->total) + 1);
      self->n_pages_read = 0;
      fill_rows (self, 0, count->rows);
      for (guint page = 0; page * FL_RECORD_LIST_PAGE_SIZE < count->rows->len; page++)
        mark_page_read (self, page);
      if (self->query->search != NULL)
        for (guint page = 0; page < n_pages_for (count->total); page++)
          mark_page_read (self, page);
      if (removed != 0 || count->total != 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, count->total);
      if (removed != count->total)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
      count_free (count);
    }
  set_loading (self, FALSE);
  reply_free (reply);
}

void
fl_record_list_model_reload (FlRecordListModel *self)
{
  g_return_if_fail (FL_IS_RECORD_LIST_MODEL (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;
  set_loading (self, TRUE);
  fl_store_pool_read_async (self->pool, count_job, query_ref (self->query), query_unref,
                            count_free, self->cancellable, on_counted, reply_new (self, 0));
}

static void
fl_record_list_model_dispose (GObject *object)
{
  FlRecordListModel *self = FL_RECORD_LIST_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->pool);

  G_OBJECT_CLASS (fl_record_list_model_parent_class)->dispose (object);
}

static void
fl_record_list_model_finalize (GObject *object)
{
  FlRecordListModel *self = FL_RECORD_LIST_MODEL (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->page_states, g_free);
  g_clear_pointer (&self->query, query_unref);

  G_OBJECT_CLASS (fl_record_list_model_parent_class)->finalize (object);
}

static void
fl_record_list_model_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  FlRecordListModel *self = FL_RECORD_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_record_list_model_class_init (FlRecordListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fl_record_list_model_dispose;
  object_class->finalize = fl_record_list_model_finalize;
  object_class->get_property = fl_record_list_model_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/* Rows nobody has asked for are NULL, and GPtrArray frees those too. */
static void
item_free (gpointer item)
{
  if (item != NULL)
    g_object_unref (item);
}

static void
fl_record_list_model_init (FlRecordListModel *self)
{
  self->items = g_ptr_array_new_with_free_func (item_free);
  self->page_states = g_new0 (guint8, 1);
  self->query = g_atomic_rc_box_new0 (Query);
  self->cancellable = g_cancellable_new ();
}

static GType
fl_record_list_model_get_item_type (GListModel *model)
{
  return FL_TYPE_RECORD_ITEM;
}

static guint
fl_record_list_model_get_n_items (GListModel *model)
{
  return FL_RECORD_LIST_MODEL (model)->items->len;
}

static gpointer
fl_record_list_model_get_item (GListModel *model,
                               guint       position)
{
  FlRecordListModel *self = FL_RECORD_LIST_MODEL (model);
  FlRecordItem *item;
  guint page = position / FL_RECORD_LIST_PAGE_SIZE;

  if (position >= self->items->len)
    return NULL;
  item = g_ptr_array_index (self->items, position);
  if (item == NULL)
    {
      item = fl_record_item_new ();
      g_ptr_array_index (self->items, position) = item;
    }
  if (self->page_states[page] == PAGE_UNREAD)
    read_page (self, page);
  return g_object_ref (item);
}

static void
fl_record_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = fl_record_list_model_get_item_type;
  iface->get_n_items = fl_record_list_model_get_n_items;
  iface->get_item = fl_record_list_model_get_item;
}

FlRecordListModel *
fl_record_list_model_new (FlStorePool *pool)
{
  FlRecordListModel *self;

  g_return_val_if_fail (FL_IS_STORE_POOL (pool), NULL);

  self = g_object_new (FL_TYPE_RECORD_LIST_MODEL, NULL);
  self->pool = g_object_ref (pool);
  return self;
}

FlRecordListKind
fl_record_list_model_get_kind (FlRecordListModel *self)
{
  g_return_val_if_fail (FL_IS_RECORD_LIST_MODEL (self), FL_RECORD_LIST_CASES);
  return self->query->kind;
}

/* Queries are shared read-only with pool threads: a change makes a new one. */
static Query *
query_copy (const Query *query)
{
  Query *copy = g_atomic_rc_box_new0 (Query);

  copy->kind = query->kind;
  copy->statuses = query->statuses;
  copy->assignee_id = g_strdup (query->assignee_id);
  copy->customer_id = g_strdup (query->customer_id);
  copy->search = g_strdup (query->search);
  return copy;
}

void
fl_record_list_model_set_query (FlRecordListModel *self,
                                FlRecordListKind   kind,
                                guint              statuses,
                                const char        *assignee_id,
                                const char        *customer_id)
{
  Query *query;

  g_return_if_fail (FL_IS_RECORD_LIST_MODEL (self));

  query = query_copy (self->query);
  query->kind = kind;
  query->statuses = kind == FL_RECORD_LIST_CASES ? statuses : 0;
  g_free (query->assignee_id);
  query->assignee_id = kind == FL_RECORD_LIST_CASES ? g_strdup (assignee_id) : NULL;
  g_free (query->customer_id);
  query->customer_id = kind == FL_RECORD_LIST_CASES ? g_strdup (customer_id) : NULL;
  g_clear_pointer (&self->query, query_unref);
  self->query = query;
  fl_record_list_model_reload (self);
}

void
fl_record_list_model_set_search_text (FlRecordListModel *self,
                                      const char        *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  Query *query;

  g_return_if_fail (FL_IS_RECORD_LIST_MODEL (self));

  if (g_strcmp0 (stripped[0] != '\0' ? stripped : NULL, self->query->search) == 0)
    return;
  query = query_copy (self->query);
  g_free (query->search);
  query->search = stripped[0] != '\0' ? g_steal_pointer (&stripped) : NULL;
  g_clear_pointer (&self->query, query_unref);
  self->query = query;
  fl_record_list_model_reload (self);
}

gboolean
fl_record_list_model_get_loading (FlRecordListModel *self)
{
  g_return_val_if_fail (FL_IS_RECORD_LIST_MODEL (self), FALSE);
  return self->loading;
}

guint
fl_record_list_model_get_n_pages_read (FlRecordListModel *self)
{
  g_return_val_if_fail (FL_IS_RECORD_LIST_MODEL (self), 0);
  return self->n_pages_read;
}

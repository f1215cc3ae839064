/* fl-record-list-model.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A paged list over the store. The count comes first, so the list view knows
 * its length (and its scrollbar) at once; a page is read when the view first
 * asks for a row in it, and its rows are filled in place. Every query bumps a
 * generation, and answers for an older one are dropped, so typing in the search
 * entry never shows a stale list.
 *
 * Dragging the scrollbar through a long list asks for a page every frame. At
 * most two pages are read at a time (the pool has two readers); the pages
 * asked for meanwhile wait, newest first, and one whose rows the view has let
 * go of by its turn is not read at all. So the pool does not fall seconds
 * behind, busy with rows long gone by, while the main thread wants the cores to
 * draw. Read pages the view no longer shows are let go beyond a few thousand
 * rows, so a long scroll does not keep the whole list in memory.
 */
#define G_LOG_DOMAIN "Frontline-App"

#include "config.h"

#include <glib/gi18n.h>

#include "fl-record-item.h"
#include "fl-record-list-model-private.h"

typedef struct
{
  FlRecordListModel *self;
  guint              generation;
  guint              page;
  gboolean           refresh;   /* a count for reload(): same query, data changed */
} Reply;

enum
{
  PAGE_UNREAD,
  PAGE_WANTED,    /* asked for, waiting for a reader */
  PAGE_READING,
  PAGE_READ,
};

/* As many as the pool has readers. */
#define MAX_PAGE_READS 2
/* Read pages kept beyond those in view: 5,000 rows. */
#define MAX_PAGES_KEPT 100

struct _FlRecordListModel
{
  GObject        parent_instance;

  FlStorePool   *pool;
  FlRecordQuery         *query;
  GCancellable  *cancellable;
  guint          generation;
  gboolean       loading;

  GPtrArray     *items;       /* FlRecordItem or NULL (not asked for yet), one per row */
  guint8        *page_states;
  guint          n_pages_read;
  GQueue         wanted;      /* pages in PAGE_WANTED, the newest first */
  guint          n_reading;   /* reads of this generation under way */
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
      FlRecordRow *row = g_ptr_array_index (rows, i);
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

/* Whether a view holds one of the page's rows (the list holds one reference). */
static gboolean
page_in_use (FlRecordListModel *self,
             guint              page)
{
  for (guint i = page * FL_RECORD_LIST_PAGE_SIZE;
       i < MIN ((page + 1) * FL_RECORD_LIST_PAGE_SIZE, self->items->len); i++)
    {
      FlRecordItem *item = g_ptr_array_index (self->items, i);

      if (item != NULL && G_OBJECT (item)->ref_count > 1)
        return TRUE;
    }
  return FALSE;
}

/* Lets go of a page nobody shows: its rows are read again if asked for. */
static void
forget_page (FlRecordListModel *self,
             guint              page)
{
  for (guint i = page * FL_RECORD_LIST_PAGE_SIZE;
       i < MIN ((page + 1) * FL_RECORD_LIST_PAGE_SIZE, self->items->len); i++)
    g_clear_object ((FlRecordItem **) &g_ptr_array_index (self->items, i));
  if (self->page_states[page] == PAGE_READ)
    self->n_pages_read--;
  self->page_states[page] = PAGE_UNREAD;
}

/* Beyond MAX_PAGES_KEPT, forgets the read pages farthest from @near that no
 * view holds. Search results are one read, not pages, and stay. */
static void
forget_far_pages (FlRecordListModel *self,
                  guint              near)
{
  guint n_pages = n_pages_for (self->items->len);
  guint low = 0, high = n_pages;

  if (self->query->search != NULL)
    return;
  while (self->n_pages_read > MAX_PAGES_KEPT && low < high)
    {
      guint page = near - low > high - 1 - near ? low++ : --high;

      if (page != near && self->page_states[page] == PAGE_READ && !page_in_use (self, page))
        forget_page (self, page);
    }
}

static void read_page (FlRecordListModel *self,
                       guint              page);

/* Starts reads of waiting pages while a reader is free, the newest first;
 * those no view holds any more are dropped instead. */
static void
read_wanted_pages (FlRecordListModel *self)
{
  while (self->n_reading < MAX_PAGE_READS && !g_queue_is_empty (&self->wanted))
    {
      guint page = GPOINTER_TO_UINT (g_queue_pop_head (&self->wanted));

      if (self->page_states[page] != PAGE_WANTED)
        continue;
      if (page_in_use (self, page))
        read_page (self, page);
      else
        forget_page (self, page);
    }
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
      self->n_reading--;
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
          forget_far_pages (self, reply->page);
        }
      read_wanted_pages (self);
    }
  reply_free (reply);
}

static void
read_page (FlRecordListModel *self,
           guint              page)
{
  FlRecordPageJob *job = g_new0 (FlRecordPageJob, 1);

  g_assert (FL_IS_RECORD_LIST_MODEL (self));

  self->page_states[page] = PAGE_READING;
  self->n_reading++;
  job->query = _fl_record_query_ref (self->query);
  job->offset = page * FL_RECORD_LIST_PAGE_SIZE;
  fl_store_pool_read_async (self->pool, _fl_record_list_page_job, job, _fl_record_page_job_free,
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
  g_queue_clear (&self->wanted);
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

/* A sync changed the store but the list kept its length (the usual case):
 * keep the rows, so the view keeps its place, its selection and its focus.
 * Rows a view holds are read again; the others are dropped and read when next
 * asked for. */
static void
refresh_in_place (FlRecordListModel *self,
                  FlRecordCount     *count)
{
  guint n_pages = n_pages_for (self->items->len);
  guint first_unread;

  g_assert (FL_IS_RECORD_LIST_MODEL (self));

  self->n_pages_read = 0;
  fill_rows (self, 0, count->rows);
  first_unread = self->query->search != NULL ? n_pages : n_pages_for (count->rows->len);
  for (guint page = 0; page < n_pages; page++)
    {
      gboolean in_use = FALSE;

      self->page_states[page] = PAGE_UNREAD;
      if (page < first_unread)
        {
          mark_page_read (self, page);
          continue;
        }
      for (guint i = page * FL_RECORD_LIST_PAGE_SIZE;
           i < MIN ((page + 1) * FL_RECORD_LIST_PAGE_SIZE, self->items->len); i++)
        {
          FlRecordItem *item = g_ptr_array_index (self->items, i);

          if (item == NULL)
            continue;
          if (G_OBJECT (item)->ref_count == 1)
            {
              g_ptr_array_index (self->items, i) = NULL;
              g_object_unref (item);
            }
          else
            in_use = TRUE;
        }
      if (in_use)
        read_page (self, page);
    }
}

static void
on_counted (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Reply *reply = user_data;
  FlRecordListModel *self = reply->self;
  FlRecordCount *count;
  g_autoptr(GError) error = NULL;

  count = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);
  if (reply->generation != self->generation)
    {
      g_clear_pointer (&count, _fl_record_count_free);
      reply_free (reply);
      return;
    }
  if (count == NULL)
    {
      g_warning ("Cannot read the list: %s", error->message);
      replace_items (self, 0);
    }
  else if (reply->refresh && count->total == self->items->len)
    {
      refresh_in_place (self, count);
      _fl_record_count_free (count);
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
      g_queue_clear (&self->wanted);
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
      _fl_record_count_free (count);
    }
  set_loading (self, FALSE);
  reply_free (reply);
}

static void
start_count (FlRecordListModel *self,
             gboolean           refresh)
{
  Reply *reply;

  g_assert (FL_IS_RECORD_LIST_MODEL (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;
  /* Reads of the old generation are cancelled or their answers dropped. */
  g_queue_clear (&self->wanted);
  self->n_reading = 0;
  set_loading (self, TRUE);
  reply = reply_new (self, 0);
  reply->refresh = refresh;
  fl_store_pool_read_async (self->pool, _fl_record_list_count_job, _fl_record_query_ref (self->query),
                            _fl_record_query_unref, _fl_record_count_free, self->cancellable, on_counted, reply);
}

void
fl_record_list_model_reload (FlRecordListModel *self)
{
  g_return_if_fail (FL_IS_RECORD_LIST_MODEL (self));
  start_count (self, TRUE);
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
  g_queue_clear (&self->wanted);
  g_clear_pointer (&self->query, _fl_record_query_unref);

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
  self->query = _fl_record_query_new ();
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
  if (self->page_states[page] == PAGE_UNREAD && self->n_reading < MAX_PAGE_READS)
    read_page (self, page);
  else if (self->page_states[page] == PAGE_UNREAD)
    {
      /* Asked for now, so held by the time a reader is free, if still shown. */
      self->page_states[page] = PAGE_WANTED;
      g_queue_push_head (&self->wanted, GUINT_TO_POINTER (page));
    }
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

void
fl_record_list_model_set_query (FlRecordListModel *self,
                                FlRecordListKind   kind,
                                guint              statuses,
                                const char        *assignee_id,
                                const char        *customer_id)
{
  FlRecordQuery *query;

  g_return_if_fail (FL_IS_RECORD_LIST_MODEL (self));

  query = _fl_record_query_copy (self->query);
  query->kind = kind;
  query->statuses = kind == FL_RECORD_LIST_CASES ? statuses : 0;
  g_free (query->assignee_id);
  query->assignee_id = kind == FL_RECORD_LIST_CASES ? g_strdup (assignee_id) : NULL;
  g_free (query->customer_id);
  query->customer_id = kind == FL_RECORD_LIST_CASES ? g_strdup (customer_id) : NULL;
  g_clear_pointer (&self->query, _fl_record_query_unref);
  self->query = query;
  start_count (self, FALSE);
}

void
fl_record_list_model_set_search_text (FlRecordListModel *self,
                                      const char        *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  FlRecordQuery *query;

  g_return_if_fail (FL_IS_RECORD_LIST_MODEL (self));

  if (g_strcmp0 (stripped[0] != '\0' ? stripped : NULL, self->query->search) == 0)
    return;
  query = _fl_record_query_copy (self->query);
  g_free (query->search);
  query->search = stripped[0] != '\0' ? g_steal_pointer (&stripped) : NULL;
  g_clear_pointer (&self->query, _fl_record_query_unref);
  self->query = query;
  start_count (self, FALSE);
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

/* fl-sync-scope.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scope of a first sync. A desktop does not copy the whole company's
 * history: it takes every active case and every case changed in the last days
 * (90 by default), then, a batch of customers at a time, those cases'
 * customers with their whole history — all their cases, interactions,
 * ownerships and offer outcomes — so the history panel of any case in the
 * copy is complete. Any other customer is fetched the same way when an agent
 * opens them (fl_sync_engine_fetch_customer_async()), and kept.
 *
 * The states of the five types are taken before anything is read and saved
 * as theirs only at the end, so X/changes afterwards brings whatever changed
 * meanwhile. Each page and each batch is applied in one local transaction
 * with how far it got, so a sync killed half-way goes on from there.
 *
 * The customers are found from the cases already copied, in id order, off the
 * local cases_by_customer index: asking the server for "customers with a case
 * in scope" a page at a time would make it work out that set again for every
 * page (two seconds a page at a million customers).
 */
#define G_LOG_DOMAIN "Frontline-Sync"

#include "config.h"

#include "fl-sync-engine-private.h"

#define CUSTOMER_BATCH 200
#define QUERY_LIMIT 1000

#define KEY_SINCE "scope:since"
#define KEY_STATES "scope:states"
#define KEY_CASES_AFTER "scope:cases-after"
#define KEY_CASES_DONE "scope:cases-done"
#define KEY_CUSTOMERS_AFTER "scope:customers-after"

/* What a customer's history is made of, fetched by customerId. */
static GType
history_type (guint i)
{
  switch (i)
    {
    case 0: return FL_TYPE_CASE;
    case 1: return FL_TYPE_INTERACTION;
    case 2: return FL_TYPE_OWNERSHIP;
    case 3: return FL_TYPE_OFFER_OUTCOME;
    default: g_assert_not_reached ();
    }
}
#define N_HISTORY_TYPES 4

gboolean
_fl_sync_is_scoped_type (GType type)
{
  if (type == FL_TYPE_CUSTOMER)
    return TRUE;
  for (guint i = 0; i < N_HISTORY_TYPES; i++)
    if (history_type (i) == type)
      return TRUE;
  return FALSE;
}

typedef struct
{
  gboolean    single;         /* fetching customers on demand, not a first sync */
  gint64      since;
  JsonObject *states;         /* type name → its state before the first read */
  char       *cases_after;
  gboolean    cases_done;
  char       *customers_after;
  guint64     cases_total;
  guint64     customers_total;
  guint64     done;

  /* The batch of customers being fetched. */
  GPtrArray  *batch;
  gboolean    batch_started;  /* their Customer/get has been asked */
  char       *more_after[N_HISTORY_TYPES]; /* a full page came: ask again after this id */
  gboolean    wanted[N_HISTORY_TYPES];
} Scope;

static void
scope_clear_batch (Scope *scope)
{
  g_clear_pointer (&scope->batch, g_ptr_array_unref);
  scope->batch_started = FALSE;
  for (guint i = 0; i < N_HISTORY_TYPES; i++)
    {
      g_clear_pointer (&scope->more_after[i], g_free);
      scope->wanted[i] = TRUE;
    }
}

static void
scope_free (gpointer data)
{
  Scope *scope = data;

  scope_clear_batch (scope);
  g_clear_pointer (&scope->states, json_object_unref);
  g_free (scope->cases_after);
  g_free (scope->customers_after);
  g_free (scope);
}

/* Puts every record of the X/get answer @call_id into the local copy. */
static gboolean
apply_list (FlStore     *store,
            JsonArray   *responses,
            GType        type,
            const char  *call_id,
            GError     **error)
{
  JsonObject *got = fl_jmap_responses_get (responses, call_id, error);
  JsonArray *list;

  if (got == NULL)
    return FALSE;
  list = json_object_get_array_member (got, "list");
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *record = json_array_get_element (list, i);

      if (JSON_NODE_HOLDS_OBJECT (record) && !_fl_sync_apply_record (store, type, record, error))
        return FALSE;
    }
  return TRUE;
}

/* The last id of the X/query answer @call_id, and how many it has. */
static guint
query_ids (JsonArray   *responses,
           const char  *call_id,
           char       **last_id,
           GError     **error)
{
  JsonObject *query = fl_jmap_responses_get (responses, call_id, error);
  JsonArray *ids;
  guint n_ids;

  *last_id = NULL;
  if (query == NULL)
    return 0;
  ids = json_object_get_array_member (query, "ids");
  n_ids = ids != NULL ? json_array_get_length (ids) : 0;
  if (n_ids > 0)
    *last_id = g_strdup (json_array_get_string_element (ids, n_ids - 1));
  return n_ids;
}

/* --- jobs on the local copy ------------------------------------------------------ */

typedef struct
{
  Scope      *scope;      /* borrowed: the task outlives the job */
  JsonArray  *responses;  /* owned */
  char       *cases_after;
  gboolean    cases_done;
  gboolean    batch_done;
} Apply;

static void
apply_free (gpointer data)
{
  Apply *apply = data;

  g_clear_pointer (&apply->responses, json_array_unref);
  g_free (apply->cases_after);
  g_free (apply);
}

static gpointer
read_scope_job (FlStore       *store,
                gpointer       job_data,
                GCancellable  *cancellable,
                GError       **error)
{
  Scope *scope = job_data;
  g_autofree char *since = NULL;
  g_autofree char *states = NULL;
  g_autofree char *cases_done = NULL;
  GError *local = NULL;

  since = fl_store_sync_get (store, KEY_SINCE, &local);
  if (local == NULL)
    states = fl_store_sync_get (store, KEY_STATES, &local);
  if (local == NULL)
    scope->cases_after = fl_store_sync_get (store, KEY_CASES_AFTER, &local);
  if (local == NULL)
    cases_done = fl_store_sync_get (store, KEY_CASES_DONE, &local);
  if (local == NULL)
    scope->customers_after = fl_store_sync_get (store, KEY_CUSTOMERS_AFTER, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }

  if (since != NULL && states != NULL)
    {
      g_autoptr(JsonNode) node = json_from_string (states, NULL);

      /* Anything unreadable starts the scoped sync over, which is safe. */
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        {
          scope->since = g_ascii_strtoll (since, NULL, 10);
          scope->states = json_object_ref (json_node_get_object (node));
          scope->cases_done = cases_done != NULL;
        }
    }
  if (scope->states == NULL)
    {
      g_clear_pointer (&scope->cases_after, g_free);
      g_clear_pointer (&scope->customers_after, g_free);
    }
  return GINT_TO_POINTER (TRUE);
}

static gpointer
save_start_job (FlStore       *store,
                gpointer       job_data,
                GCancellable  *cancellable,
                GError       **error)
{
  Scope *scope = job_data;
  g_autofree char *since = g_strdup_printf ("%" G_GINT64_FORMAT, scope->since);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), scope->states);
  g_autofree char *states = json_to_string (node, FALSE);
  gboolean ok = fl_store_begin (store, error)
                && fl_store_sync_set (store, KEY_SINCE, since, error)
                && fl_store_sync_set (store, KEY_STATES, states, error)
                && fl_store_sync_set (store, KEY_CASES_AFTER, NULL, error)
                && fl_store_sync_set (store, KEY_CASES_DONE, NULL, error)
                && fl_store_sync_set (store, KEY_CUSTOMERS_AFTER, NULL, error);

  if (!ok)
    {
      fl_store_rollback (store);
      return NULL;
    }
  return fl_store_commit (store, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static gboolean
apply_cases (FlStore   *store,
             gpointer   data,
             GError   **error)
{
  Apply *apply = data;

  return apply_list (store, apply->responses, FL_TYPE_CASE, "g", error)
         && fl_store_sync_set (store, KEY_CASES_AFTER, apply->cases_after, error)
         && fl_store_sync_set (store, KEY_CASES_DONE, apply->cases_done ? "1" : NULL, error);
}

static gboolean
apply_history (FlStore   *store,
               gpointer   data,
               GError   **error)
{
  Apply *apply = data;
  Scope *scope = apply->scope;

  if (json_array_get_length (apply->responses) > 0
      && fl_jmap_responses_get (apply->responses, "c", NULL) != NULL
      && !apply_list (store, apply->responses, FL_TYPE_CUSTOMER, "c", error))
    return FALSE;
  for (guint i = 0; i < N_HISTORY_TYPES; i++)
    {
      g_autofree char *get_id = g_strdup_printf ("g%u", i);

      if (fl_jmap_responses_get (apply->responses, get_id, NULL) != NULL
          && !apply_list (store, apply->responses, history_type (i), get_id, error))
        return FALSE;
    }
  /* Only with the batch's last answer does the next sync start after it. */
  if (apply->batch_done && !scope->single)
    return fl_store_sync_set (store, KEY_CUSTOMERS_AFTER,
                              g_ptr_array_index (scope->batch, scope->batch->len - 1), error);
  return TRUE;
}

static gboolean
save_states (FlStore   *store,
             gpointer   data,
             GError   **error)
{
  Scope *scope = data;
  JsonObjectIter iter;
  const char *type_name;
  JsonNode *state;

  json_object_iter_init (&iter, scope->states);
  while (json_object_iter_next (&iter, &type_name, &state))
    {
      g_autofree char *state_key = g_strconcat ("state:", type_name, NULL);
      g_autofree char *initial_key = g_strconcat ("initial:", type_name, NULL);

      if (!fl_store_sync_set (store, state_key, json_node_get_string (state), error)
          || !fl_store_sync_set (store, initial_key, NULL, error))
        return FALSE;
    }
  return fl_store_sync_set (store, KEY_SINCE, NULL, error)
         && fl_store_sync_set (store, KEY_STATES, NULL, error)
         && fl_store_sync_set (store, KEY_CASES_AFTER, NULL, error)
         && fl_store_sync_set (store, KEY_CASES_DONE, NULL, error)
         && fl_store_sync_set (store, KEY_CUSTOMERS_AFTER, NULL, error);
}

/* The three transactions above, as pool jobs. */
#define DEFINE_WRITE_JOB(name, func) \
  static gpointer \
  name (FlStore       *store, \
        gpointer       job_data, \
        GCancellable  *cancellable, \
        GError       **error) \
  { \
    return _fl_sync_write_transaction (store, func, job_data, error) ? GINT_TO_POINTER (TRUE) : NULL; \
  }

DEFINE_WRITE_JOB (apply_cases_job, apply_cases)
DEFINE_WRITE_JOB (apply_history_job, apply_history)
DEFINE_WRITE_JOB (save_states_job, save_states)

typedef struct
{
  GPtrArray *ids;
  gint64     total;   /* -1: not asked */
} Customers;

static void
customers_free (gpointer data)
{
  Customers *customers = data;

  g_clear_pointer (&customers->ids, g_ptr_array_unref);
  g_free (customers);
}

static gpointer
next_customers_job (FlStore       *store,
                    gpointer       job_data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  Scope *scope = job_data;
  g_autoptr(GPtrArray) ids = fl_store_sync_case_customers_after (store, scope->customers_after,
                                                                 CUSTOMER_BATCH, error);
  Customers *customers;

  if (ids == NULL)
    return NULL;
  customers = g_new0 (Customers, 1);
  customers->ids = g_steal_pointer (&ids);
  customers->total = -1;
  if (scope->customers_total == 0)
    {
      customers->total = fl_store_sync_count_case_customers (store, error);
      if (customers->total < 0)
        {
          customers_free (customers);
          return NULL;
        }
    }
  return customers;
}

/* --- the steps --------------------------------------------------------------------- */

static void next_step (GTask *task);
static void request_history (GTask *task);

static void
report_progress (GTask *task)
{
  Scope *scope = g_task_get_task_data (task);
  guint64 total = scope->cases_total + scope->customers_total;

  if (!scope->single && total > 0)
    _fl_sync_engine_set_progress (g_task_get_source_object (task), MIN (scope->done, total), total);
}

static void
on_states_saved (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (fl_store_pool_finish (FL_STORE_POOL (source), result, &error) == NULL)
    _fl_sync_task_fail (task, error);
  else
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

static void
on_history_applied (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Scope *scope = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean more = FALSE;

  if (fl_store_pool_finish (FL_STORE_POOL (source), result, &error) == NULL)
    {
      _fl_sync_task_fail (task, error);
      return;
    }
  for (guint i = 0; i < N_HISTORY_TYPES; i++)
    more |= scope->wanted[i];
  if (more)
    {
      request_history (task);
      return;
    }

  if (scope->single)
    {
      g_task_return_pointer (task, g_ptr_array_ref (scope->batch), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  scope->done += scope->batch->len;
  report_progress (task);
  g_free (scope->customers_after);
  scope->customers_after = g_strdup (g_ptr_array_index (scope->batch, scope->batch->len - 1));
  scope_clear_batch (scope);
  next_step (task);
}

static void
on_history (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  Scope *scope = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonArray) responses = fl_jmap_client_call_finish (FL_JMAP_CLIENT (source), result, &error);
  Apply *apply;
  gboolean batch_done = TRUE;

  if (responses == NULL)
    {
      _fl_sync_task_fail (task, error);
      return;
    }
  for (guint i = 0; i < N_HISTORY_TYPES; i++)
    {
      g_autofree char *query_id = g_strdup_printf ("q%u", i);
      g_autofree char *last_id = NULL;
      guint n_ids;

      if (!scope->wanted[i])
        continue;
      n_ids = query_ids (responses, query_id, &last_id, &error);
      if (error != NULL)
        {
          _fl_sync_task_fail (task, error);
          return;
        }
      /* A full page: this batch has more of that type. */
      scope->wanted[i] = n_ids == QUERY_LIMIT;
      batch_done &= !scope->wanted[i];
      g_free (scope->more_after[i]);
      scope->more_after[i] = g_steal_pointer (&last_id);
    }

  apply = g_new0 (Apply, 1);
  apply->scope = scope;
  apply->responses = g_steal_pointer (&responses);
  apply->batch_done = batch_done;
  fl_store_pool_write_background_async (self->pool, apply_history_job, apply, apply_free, NULL,
                             g_task_get_cancellable (task), on_history_applied, task);
}

static JsonArray *
ids_array (GPtrArray *ids)
{
  JsonArray *array = json_array_sized_new (ids->len);

  for (guint i = 0; i < ids->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (ids, i));
  return array;
}

/* The batch's customers (once) and, for each history type still wanted, a
 * page of their records. */
static void
request_history (GTask *task)
{
  FlSyncEngine *self = g_task_get_source_object (task);
  Scope *scope = g_task_get_task_data (task);
  g_autoptr(JsonArray) calls = json_array_new ();

  if (!scope->batch_started)
    {
      JsonObject *args = json_object_new ();

      json_object_set_array_member (args, "ids", ids_array (scope->batch));
      fl_jmap_calls_add (calls, "Customer/get", args, "c");
      scope->batch_started = TRUE;
    }
  for (guint i = 0; i < N_HISTORY_TYPES; i++)
    {
      g_autofree char *query = NULL;
      g_autofree char *query_id = NULL;
      g_autofree char *get_id = NULL;
      JsonObject *args;
      JsonObject *filter;

      if (!scope->wanted[i])
        continue;
      query = _fl_sync_method (history_type (i), "query");
      query_id = g_strdup_printf ("q%u", i);
      get_id = g_strdup_printf ("g%u", i);
      filter = json_object_new ();
      json_object_set_array_member (filter, "customerId", ids_array (scope->batch));
      if (scope->more_after[i] != NULL)
        json_object_set_string_member (filter, "idAfter", scope->more_after[i]);
      args = json_object_new ();
      json_object_set_object_member (args, "filter", filter);
      json_object_set_int_member (args, "limit", QUERY_LIMIT);
      fl_jmap_calls_add (calls, query, args, query_id);
      _fl_sync_add_get_of (calls, history_type (i), "query", query_id, "/ids", get_id);
    }
  fl_jmap_client_call_async (self->client, calls, g_task_get_cancellable (task), on_history, task);
}

static void
on_next_customers (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  Scope *scope = g_task_get_task_data (task);
  GError *error = NULL;
  Customers *customers = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);

  if (customers == NULL)
    {
      _fl_sync_task_fail (task, error);
      return;
    }
  if (customers->total >= 0)
    {
      scope->customers_total = (guint64) customers->total;
      report_progress (task);
    }
  if (customers->ids->len == 0)
    {
      customers_free (customers);
      /* Every customer is in: the five types are in step from their states. */
      fl_store_pool_write_async (self->pool, save_states_job, scope, NULL, NULL, NULL, on_states_saved, task);
      return;
    }
  scope_clear_batch (scope);
  scope->batch = g_steal_pointer (&customers->ids);
  customers_free (customers);
  request_history (task);
}

/* A step's transaction is in: report, and take the next step. */
static void
on_step_written (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (fl_store_pool_finish (FL_STORE_POOL (source), result, &error) == NULL)
    {
      _fl_sync_task_fail (task, error);
      return;
    }
  report_progress (task);
  next_step (task);
}

static void
on_cases (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  Scope *scope = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonArray) responses = fl_jmap_client_call_finish (FL_JMAP_CLIENT (source), result, &error);
  g_autofree char *last_id = NULL;
  JsonObject *query;
  Apply *apply;
  guint n_ids;

  if (responses == NULL)
    {
      _fl_sync_task_fail (task, error);
      return;
    }
  n_ids = query_ids (responses, "q", &last_id, &error);
  if (error != NULL)
    {
      _fl_sync_task_fail (task, error);
      return;
    }
  query = fl_jmap_responses_get (responses, "q", NULL);
  if (json_object_has_member (query, "total"))
    scope->cases_total = (guint64) MAX (json_object_get_int_member (query, "total"), 0);

  scope->done += n_ids;
  scope->cases_done = n_ids < QUERY_LIMIT;
  if (last_id != NULL)
    {
      g_free (scope->cases_after);
      scope->cases_after = g_strdup (last_id);
    }

  apply = g_new0 (Apply, 1);
  apply->scope = scope;
  apply->responses = g_steal_pointer (&responses);
  apply->cases_after = g_strdup (scope->cases_after);
  apply->cases_done = scope->cases_done;
  fl_store_pool_write_background_async (self->pool, apply_cases_job, apply, apply_free, NULL,
                             g_task_get_cancellable (task), on_step_written, task);
}

static void
request_cases (GTask *task)
{
  FlSyncEngine *self = g_task_get_source_object (task);
  Scope *scope = g_task_get_task_data (task);
  g_autoptr(JsonArray) calls = json_array_new ();
  g_autofree char *since = fl_timestamp_format (scope->since);
  JsonObject *args = json_object_new ();
  JsonObject *filter = json_object_new ();

  json_object_set_string_member (filter, "activeSince", since);
  if (scope->cases_after != NULL)
    json_object_set_string_member (filter, "idAfter", scope->cases_after);
  json_object_set_object_member (args, "filter", filter);
  json_object_set_int_member (args, "limit", QUERY_LIMIT);
  /* Once, for the progress bar. */
  if (scope->cases_total == 0)
    json_object_set_boolean_member (args, "calculateTotal", TRUE);
  fl_jmap_calls_add (calls, "Case/query", args, "q");
  _fl_sync_add_get_of (calls, FL_TYPE_CASE, "query", "q", "/ids", "g");
  fl_jmap_client_call_async (self->client, calls, g_task_get_cancellable (task), on_cases, task);
}

static void
next_step (GTask *task)
{
  FlSyncEngine *self = g_task_get_source_object (task);
  Scope *scope = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  if (!scope->cases_done)
    request_cases (task);
  else
    fl_store_pool_read_async (self->pool, next_customers_job, scope, NULL, customers_free,
                              g_task_get_cancellable (task), on_next_customers, task);
}

static void
on_states (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  Scope *scope = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonArray) responses = fl_jmap_client_call_finish (FL_JMAP_CLIENT (source), result, &error);
  g_autoptr(JsonObject) states = json_object_new ();

  if (responses == NULL)
    {
      _fl_sync_task_fail (task, error);
      return;
    }
  for (guint i = 0; i <= N_HISTORY_TYPES; i++)
    {
      GType type = i < N_HISTORY_TYPES ? history_type (i) : FL_TYPE_CUSTOMER;
      g_autofree char *call_id = g_strdup_printf ("s%u", i);
      JsonObject *got = fl_jmap_responses_get (responses, call_id, &error);

      if (got == NULL)
        {
          _fl_sync_task_fail (task, error);
          return;
        }
      json_object_set_string_member (states, _fl_sync_type_name (type),
                                     json_object_get_string_member_with_default (got, "state", "0"));
    }
  scope->states = g_steal_pointer (&states);
  scope->since = fl_timestamp_now () - (gint64) self->scope_days * 24 * 3600 * G_USEC_PER_SEC;
  fl_store_pool_write_async (self->pool, save_start_job, scope, NULL, NULL,
                             g_task_get_cancellable (task), on_step_written, task);
}

static void
on_scope_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  Scope *scope = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonArray) calls = NULL;

  if (fl_store_pool_finish (FL_STORE_POOL (source), result, &error) == NULL)
    {
      _fl_sync_task_fail (task, error);
      return;
    }
  if (scope->states != NULL)
    {
      next_step (task);
      return;
    }

  /* The states before anything is read: what changes from here on comes with
   * X/changes afterwards. */
  calls = json_array_new ();
  for (guint i = 0; i <= N_HISTORY_TYPES; i++)
    {
      GType type = i < N_HISTORY_TYPES ? history_type (i) : FL_TYPE_CUSTOMER;
      g_autofree char *get = _fl_sync_method (type, "get");
      g_autofree char *call_id = g_strdup_printf ("s%u", i);
      JsonObject *args = json_object_new ();

      json_object_set_array_member (args, "ids", json_array_new ());
      fl_jmap_calls_add (calls, get, args, call_id);
    }
  fl_jmap_client_call_async (self->client, calls, g_task_get_cancellable (task), on_states, task);
}

void
_fl_sync_scope_async (FlSyncEngine        *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Scope *scope = g_new0 (Scope, 1);

  g_task_set_source_tag (task, _fl_sync_scope_async);
  g_task_set_task_data (task, scope, scope_free);
  scope_clear_batch (scope);
  /* The job fills @scope; nothing else touches it until the job is over. */
  fl_store_pool_read_async (self->pool, read_scope_job, scope, NULL, NULL, cancellable,
                            on_scope_read, task);
}

gboolean
_fl_sync_scope_finish (FlSyncEngine  *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- customers on demand ------------------------------------------------------------ */

static void
on_lookup (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Scope *scope = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonArray) responses = fl_jmap_client_call_finish (FL_JMAP_CLIENT (source), result, &error);
  JsonObject *query;
  JsonArray *ids;

  if (responses == NULL || (query = fl_jmap_responses_get (responses, "q", &error)) == NULL)
    {
      _fl_sync_task_fail (task, error);
      return;
    }
  ids = json_object_get_array_member (query, "ids");
  for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
    g_ptr_array_add (scope->batch, g_strdup (json_array_get_string_element (ids, i)));
  if (scope->batch->len == 0)
    {
      g_task_return_pointer (task, g_ptr_array_ref (scope->batch), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  request_history (task);
}

static void
on_prepared_for_fetch (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = FL_SYNC_ENGINE (source);
  const char *key = g_object_get_data (G_OBJECT (task), "lookup");
  GError *error = NULL;
  g_autoptr(JsonArray) calls = NULL;
  JsonObject *args;
  JsonObject *filter;

  if (!_fl_sync_engine_prepare_finish (self, result, &error))
    {
      _fl_sync_engine_note_error (self, error);
      _fl_sync_task_fail (task, error);
      return;
    }
  if (key == NULL)
    {
      request_history (task);
      return;
    }

  calls = json_array_new ();
  filter = json_object_new ();
  json_object_set_string_member (filter, strchr (key, '@') != NULL ? "email" : "phone", key);
  args = json_object_new ();
  json_object_set_object_member (args, "filter", filter);
  json_object_set_int_member (args, "limit", 10);
  fl_jmap_calls_add (calls, "Customer/query", args, "q");
  fl_jmap_client_call_async (self->client, calls, g_task_get_cancellable (task), on_lookup, task);
}

static GTask *
fetch_task_new (FlSyncEngine        *self,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Scope *scope = g_new0 (Scope, 1);

  g_task_set_source_tag (task, source_tag);
  scope->single = TRUE;
  g_task_set_task_data (task, scope, scope_free);
  scope_clear_batch (scope);
  scope->batch = g_ptr_array_new_with_free_func (g_free);
  return task;
}

void
fl_sync_engine_fetch_customer_async (FlSyncEngine        *self,
                                     const char          *customer_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;
  Scope *scope;

  g_return_if_fail (FL_IS_SYNC_ENGINE (self));
  g_return_if_fail (customer_id != NULL);

  task = fetch_task_new (self, fl_sync_engine_fetch_customer_async, cancellable, callback, user_data);
  scope = g_task_get_task_data (task);
  g_ptr_array_add (scope->batch, g_strdup (customer_id));
  _fl_sync_engine_prepare_async (self, cancellable, on_prepared_for_fetch, task);
}

gboolean
fl_sync_engine_fetch_customer_finish (FlSyncEngine  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_autoptr(GPtrArray) ids = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fl_sync_engine_fetch_customer_async, FALSE);
  ids = g_task_propagate_pointer (G_TASK (result), error);
  return ids != NULL;
}

void
fl_sync_engine_lookup_customers_async (FlSyncEngine        *self,
                                       const char          *phone_or_email,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FL_IS_SYNC_ENGINE (self));
  g_return_if_fail (phone_or_email != NULL);

  task = fetch_task_new (self, fl_sync_engine_lookup_customers_async, cancellable, callback, user_data);
  g_object_set_data_full (G_OBJECT (task), "lookup", g_strdup (phone_or_email), g_free);
  _fl_sync_engine_prepare_async (self, cancellable, on_prepared_for_fetch, task);
}

GPtrArray *
fl_sync_engine_lookup_customers_finish (FlSyncEngine  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fl_sync_engine_lookup_customers_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

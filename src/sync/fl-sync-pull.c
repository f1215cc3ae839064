/* fl-sync-pull.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pull half of a sync. A type never synced is paged in with X/query and
 * X/get, in id order, each page asking for the ids after the last one applied
 * ("idAfter"); the state taken before its first page is saved with its last
 * page, and each page is applied in one local transaction with the last id
 * reached, so a sync killed half-way goes on from that page. Then X/changes from the
 * saved states, a round at a time, each round (every type's changes) in one
 * transaction with the new states. A state the server can no longer answer
 * for (cannotCalculateChanges) sends that type back to paging, the outbox
 * untouched.
 */
#define G_LOG_DOMAIN "Frontline-Sync"

#include "config.h"

#include "fl-sync-engine-private.h"

/* How often a cannotCalculateChanges may send us back to paging in one pull:
 * more means the server keeps forgetting, and a later sync can try again. */
#define MAX_RESYNCS 3

typedef struct
{
  char     *state;     /* the type's state before the first page */
  gint64    position;  /* records applied so far, for the progress bar */
  char     *last_id;   /* the last of them: the next page starts after it */
  gboolean  fresh;     /* the type had no records when its paging began: nothing to sweep */
} Initial;

typedef struct
{
  guint         n_types;
  const GType  *types;
  char        **states;    /* per type: the saved state, or NULL if it must be paged in */
  Initial      *initial;   /* per type */
  gboolean     *more;      /* per type: X/changes said hasMoreChanges */
  guint         current;   /* the type being paged in */
  guint         resyncs;
  gboolean      scoped;    /* the scoped first sync has run in this pull */
  gboolean      snapshot_tried; /* a first sync asked for a snapshot in this pull */
  guint64       total;     /* progress */
  guint64       done;
} Pull;

static void
pull_free (gpointer data)
{
  Pull *pull = data;

  for (guint i = 0; i < pull->n_types; i++)
    {
      g_free (pull->states[i]);
      g_free (pull->initial[i].state);
      g_free (pull->initial[i].last_id);
    }
  g_free (pull->states);
  g_free (pull->initial);
  g_free (pull->more);
  g_free (pull);
}

static char *
key_for (const char *prefix,
         GType       type)
{
  return g_strconcat (prefix, _fl_sync_type_name (type), NULL);
}

char *
_fl_sync_method (GType       type,
                 const char *verb)
{
  return g_strconcat (_fl_sync_type_name (type), "/", verb, NULL);
}

gboolean
_fl_sync_apply_record (FlStore   *store,
                       GType      type,
                       JsonNode  *record,
                       GError   **error)
{
  g_autoptr(FlEntity) entity = NULL;
  gint64 pending;

  entity = fl_json_decode (type, record, FL_JSON_DECODE_TRUSTED, error);
  if (entity == NULL)
    return FALSE;
  pending = fl_store_outbox_count_record (store, fl_entity_get_id (entity), error);
  if (pending < 0)
    return FALSE;
  if (pending > 0)
    return TRUE;
  /* The server validated it; its modseq is kept (no ASSIGN_MODSEQ). */
  return fl_store_put (store, entity, FL_STORE_PUT_TRUSTED, error);
}

gboolean
_fl_sync_transaction (FlStore          *store,
                      FlSyncApplyFunc   func,
                      gpointer          data,
                      GError          **error)
{
  if (!fl_store_begin (store, error))
    return FALSE;
  if (!func (store, data, error))
    {
      fl_store_rollback (store);
      return FALSE;
    }
  return fl_store_commit (store, error);
}

gboolean
_fl_sync_write_transaction (FlStore          *store,
                            FlSyncApplyFunc   func,
                            gpointer          data,
                            GError          **error)
{
  gboolean ok;

  if (!fl_store_set_foreign_keys (store, FALSE, error))
    return FALSE;
  ok = _fl_sync_transaction (store, func, data, error);
  if (!fl_store_set_foreign_keys (store, TRUE, ok ? error : NULL))
    ok = FALSE;
  return ok;
}

/* --- the plan: what was saved ------------------------------------------------- */

static gpointer
read_plan_job (FlStore       *store,
               gpointer       job_data,
               GCancellable  *cancellable,
               GError       **error)
{
  Pull *pull = job_data;

  for (guint i = 0; i < pull->n_types; i++)
    {
      g_autofree char *state_key = key_for ("state:", pull->types[i]);
      g_autofree char *initial_key = key_for ("initial:", pull->types[i]);
      g_autofree char *initial = NULL;
      GError *local = NULL;

      pull->states[i] = fl_store_sync_get (store, state_key, &local);
      if (local == NULL)
        initial = fl_store_sync_get (store, initial_key, &local);
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return NULL;
        }
      if (initial != NULL)
        {
          g_autoptr(JsonNode) node = json_from_string (initial, NULL);

          if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
            {
              JsonObject *object = json_node_get_object (node);

              g_free (pull->initial[i].state);
              g_free (pull->initial[i].last_id);
              pull->initial[i].state = g_strdup (json_object_get_string_member_with_default (object, "state", NULL));
              pull->initial[i].position = json_object_get_int_member_with_default (object, "position", 0);
              pull->initial[i].last_id = g_strdup (json_object_get_string_member_with_default (object, "lastId", NULL));
              pull->initial[i].fresh = json_object_get_boolean_member_with_default (object, "fresh", FALSE);
            }
        }
      else if (pull->states[i] == NULL)
        {
          gint64 n = fl_store_count (store, pull->types[i], error);

          if (n < 0)
            return NULL;
          pull->initial[i].fresh = n == 0;
        }
    }
  return GINT_TO_POINTER (TRUE);
}

static void start_totals (GTask *task);
static void request_page (GTask *task);
static void request_changes (GTask *task);

static gpointer read_plan_job (FlStore *store, gpointer job_data, GCancellable *cancellable, GError **error);
static void on_plan_read (GObject *source, GAsyncResult *result, gpointer user_data);

/* Reads what is saved again, after a step that saved states. */
static void
read_plan_again (GTask *task)
{
  FlSyncEngine *self = g_task_get_source_object (task);
  Pull *pull = g_task_get_task_data (task);

  for (guint i = 0; i < pull->n_types; i++)
    g_clear_pointer (&pull->states[i], g_free);
  fl_store_pool_read_async (self->pool, read_plan_job, pull, NULL, NULL, g_task_get_cancellable (task),
                            on_plan_read, task);
}

static void
on_scoped (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!_fl_sync_scope_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  /* The scoped types now have their states. */
  read_plan_again (task);
}

/* A first sync with a scope starts with the scoped types; a type that lost its
 * state later (cannotCalculateChanges) is paged in whole as before. */
static gboolean
needs_scope (FlSyncEngine *self,
             Pull         *pull)
{
  if (self->scope_days == 0 || pull->scoped)
    return FALSE;
  for (guint i = 0; i < pull->n_types; i++)
    if (pull->types[i] == FL_TYPE_CASE)
      return pull->states[i] == NULL && pull->initial[i].last_id == NULL;
  return FALSE;
}

/* A first sync: no type has a state or has begun paging. */
static gboolean
wants_snapshot (FlSyncEngine *self,
                Pull         *pull)
{
  if (!self->use_snapshot || pull->snapshot_tried)
    return FALSE;
  for (guint i = 0; i < pull->n_types; i++)
    if (pull->states[i] != NULL || pull->initial[i].last_id != NULL)
      return FALSE;
  return TRUE;
}

static void
on_snapshot (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  GError *error = NULL;

  g_clear_pointer (&self->snapshot_error, g_free);
  if (!_fl_sync_snapshot_finish (self, result, &error))
    {
      /* Signed out or cancelled: as for any other exchange. Anything else
       * (no snapshots on this server, a download cut short or damaged, a copy
       * another program holds open) leaves the old copy as it was and pages;
       * if the network is gone, the paging says so. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          || g_error_matches (error, FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_UNAUTHORIZED))
        {
          _fl_sync_task_fail (task, error);
          return;
        }
      /* The paged first sync, which every server can answer. */
      g_message ("First sync without a snapshot: %s", error->message);
      self->snapshot_error = g_strdup (error->message);
      g_error_free (error);
    }
  /* With the snapshot's states, or none to page in from. */
  read_plan_again (task);
}

static void
on_plan_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  Pull *pull = g_task_get_task_data (task);
  GError *error = NULL;

  if (fl_store_pool_finish (FL_STORE_POOL (source), result, &error) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (wants_snapshot (self, pull))
    {
      pull->snapshot_tried = TRUE;
      _fl_sync_snapshot_async (self, g_task_get_cancellable (task), on_snapshot, task);
      return;
    }
  if (needs_scope (self, pull))
    {
      pull->scoped = TRUE;
      _fl_sync_scope_async (self, g_task_get_cancellable (task), on_scoped, task);
      return;
    }
  start_totals (task);
}

void
_fl_sync_pull_async (FlSyncEngine        *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Pull *pull = g_new0 (Pull, 1);

  g_task_set_source_tag (task, _fl_sync_pull_async);
  pull->types = fl_model_get_types (&pull->n_types);
  pull->states = g_new0 (char *, pull->n_types);
  pull->initial = g_new0 (Initial, pull->n_types);
  pull->more = g_new0 (gboolean, pull->n_types);
  g_task_set_task_data (task, pull, pull_free);

  /* The job fills @pull; nothing else touches it until the job is over. */
  fl_store_pool_read_async (self->pool, read_plan_job, pull, NULL, NULL, cancellable,
                            on_plan_read, task);
}

gboolean
_fl_sync_pull_finish (FlSyncEngine  *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
_fl_sync_task_fail (GTask  *task,
                    GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* --- totals, for the progress bar ---------------------------------------------- */

static void
on_totals (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  Pull *pull = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonArray) responses = fl_jmap_client_call_finish (FL_JMAP_CLIENT (source), result, &error);

  if (responses == NULL)
    {
      _fl_sync_task_fail (task, error);
      return;
    }
  pull->total = 0;
  pull->done = 0;
  for (guint i = 0; i < pull->n_types; i++)
    {
      g_autofree char *call_id = g_strdup_printf ("t%u", i);
      JsonObject *args;

      if (pull->states[i] != NULL)
        continue;
      args = fl_jmap_responses_get (responses, call_id, &error);
      if (args == NULL)
        {
          _fl_sync_task_fail (task, error);
          return;
        }
      pull->total += (guint64) MAX (json_object_get_int_member_with_default (args, "total", 0), 0);
      pull->done += (guint64) MAX (pull->initial[i].position, 0);
    }
  _fl_sync_engine_set_progress (self, MIN (pull->done, pull->total), pull->total);
  pull->current = 0;
  request_page (task);
}

static void
start_totals (GTask *task)
{
  FlSyncEngine *self = g_task_get_source_object (task);
  Pull *pull = g_task_get_task_data (task);
  g_autoptr(JsonArray) calls = json_array_new ();

  for (guint i = 0; i < pull->n_types; i++)
    if (pull->states[i] == NULL)
      {
        g_autofree char *name = _fl_sync_method (pull->types[i], "query");
        g_autofree char *call_id = g_strdup_printf ("t%u", i);
        JsonObject *args = json_object_new ();

        json_object_set_int_member (args, "limit", 1);
        json_object_set_boolean_member (args, "calculateTotal", TRUE);
        fl_jmap_calls_add (calls, name, args, call_id);
      }

  if (json_array_get_length (calls) == 0)
    {
      request_changes (task);
      return;
    }
  fl_jmap_client_call_async (self->client, calls, g_task_get_cancellable (task), on_totals, task);
}

/* --- paging a type in ---------------------------------------------------------- */

typedef struct
{
  GType       type;
  JsonArray  *responses;  /* owned: the records are read from it on the pool thread */
  char       *state;      /* the type's state before its first page */
  gint64      position;   /* after this page */
  char       *last_id;
  gboolean    fresh;
  gboolean    last_page;
} Page;

static void
page_free (gpointer data)
{
  Page *page = data;

  g_clear_pointer (&page->responses, json_array_unref);
  g_free (page->state);
  g_free (page->last_id);
  g_free (page);
}

static gboolean
apply_page (FlStore   *store,
            gpointer   data,
            GError   **error)
{
  Page *page = data;
  const char *type_name = _fl_sync_type_name (page->type);
  g_autofree char *initial_key = key_for ("initial:", page->type);
  g_autofree char *state_key = key_for ("state:", page->type);
  JsonObject *got = fl_jmap_responses_get (page->responses, "g", error);
  JsonArray *list;

  if (got == NULL)
    return FALSE;
  list = json_object_get_array_member (got, "list");
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *record = json_array_get_element (list, i);
      const char *id;

      if (!JSON_NODE_HOLDS_OBJECT (record))
        continue;
      id = json_object_get_string_member_with_default (json_node_get_object (record), "id", NULL);
      /* A type paged in again over records we have notes what comes, so
       * that what does not (deleted meanwhile) can go at the end; into an
       * empty table there is nothing to note. */
      if (id == NULL
          || !_fl_sync_apply_record (store, page->type, record, error)
          || (!page->fresh && !fl_store_sync_mark_seen (store, type_name, id, error)))
        return FALSE;
    }

  if (page->last_page)
    {
      /* What the server no longer has goes; then the type is in step. */
      return (page->fresh || fl_store_sync_sweep_unseen (store, page->type, NULL, error))
             && fl_store_sync_set (store, initial_key, NULL, error)
             && fl_store_sync_set (store, state_key, page->state, error);
    }
  else
    {
      g_autoptr(JsonObject) initial = json_object_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *text = NULL;

      json_object_set_string_member (initial, "state", page->state);
      json_object_set_int_member (initial, "position", page->position);
      json_object_set_string_member (initial, "lastId", page->last_id);
      json_object_set_boolean_member (initial, "fresh", page->fresh);
      node = json_node_init_object (json_node_alloc (), initial);
      text = json_to_string (node, FALSE);
      return fl_store_sync_set (store, initial_key, text, error);
    }
}

static gpointer
apply_page_job (FlStore       *store,
                gpointer       job_data,
                GCancellable  *cancellable,
                GError       **error)
{
  return _fl_sync_write_transaction (store, apply_page, job_data, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
on_page_applied (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  Pull *pull = g_task_get_task_data (task);
  GError *error = NULL;

  if (fl_store_pool_finish (FL_STORE_POOL (source), result, &error) == NULL)
    {
      _fl_sync_task_fail (task, error);
      return;
    }
  _fl_sync_engine_set_progress (self, MIN (pull->done, pull->total), pull->total);
  request_page (task);
}

/* The server gives at most 1,000 ids a query; a shorter page than asked is
 * the last. */
static guint
page_limit (FlSyncEngine *self)
{
  return MIN (self->page_size, 1000);
}

static void
on_page (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  Pull *pull = g_task_get_task_data (task);
  Initial *initial = &pull->initial[pull->current];
  GType type = pull->types[pull->current];
  GError *error = NULL;
  g_autoptr(JsonArray) responses = fl_jmap_client_call_finish (FL_JMAP_CLIENT (source), result, &error);
  JsonObject *query;
  JsonArray *ids;
  guint n_ids;
  Page *page;

  if (responses == NULL)
    {
      _fl_sync_task_fail (task, error);
      return;
    }
  if (initial->state == NULL)
    {
      JsonObject *before = fl_jmap_responses_get (responses, "s", &error);

      if (before == NULL)
        {
          _fl_sync_task_fail (task, error);
          return;
        }
      initial->state = g_strdup (json_object_get_string_member_with_default (before, "state", "0"));
    }
  query = fl_jmap_responses_get (responses, "q", &error);
  if (query == NULL)
    {
      _fl_sync_task_fail (task, error);
      return;
    }
  ids = json_object_get_array_member (query, "ids");
  n_ids = ids != NULL ? json_array_get_length (ids) : 0;

  page = g_new0 (Page, 1);
  page->type = type;
  page->state = g_strdup (initial->state);
  page->position = initial->position + (gint64) n_ids;
  page->last_id = n_ids > 0 ? g_strdup (json_array_get_string_element (ids, n_ids - 1))
                            : g_strdup (initial->last_id);
  page->fresh = initial->fresh;
  page->last_page = n_ids < page_limit (self);

  pull->done += (guint64) n_ids;
  initial->position = page->position;
  g_free (initial->last_id);
  initial->last_id = g_strdup (page->last_id);
  if (page->last_page)
    {
      pull->states[pull->current] = g_strdup (initial->state);
      pull->current++;
    }

  page->responses = g_steal_pointer (&responses);
  fl_store_pool_write_background_async (self->pool, apply_page_job, page, page_free, NULL,
                             g_task_get_cancellable (task), on_page_applied, task);
}

static void
request_page (GTask *task)
{
  FlSyncEngine *self = g_task_get_source_object (task);
  Pull *pull = g_task_get_task_data (task);
  g_autoptr(JsonArray) calls = json_array_new ();
  g_autofree char *get = NULL;
  g_autofree char *query = NULL;
  JsonObject *args;
  Initial *initial;

  while (pull->current < pull->n_types && pull->states[pull->current] != NULL)
    pull->current++;
  if (pull->current == pull->n_types)
    {
      request_changes (task);
      return;
    }

  initial = &pull->initial[pull->current];
  get = _fl_sync_method (pull->types[pull->current], "get");
  query = _fl_sync_method (pull->types[pull->current], "query");

  /* The state before the first page: whatever changes while we page is
   * caught by X/changes from it afterwards. */
  if (initial->state == NULL)
    {
      args = json_object_new ();
      json_object_set_array_member (args, "ids", json_array_new ());
      fl_jmap_calls_add (calls, get, args, "s");
    }

  /* Keyset paging: each page starts after the last record of the one before,
   * found straight off the server's index however deep into the list it is
   * (a position would make the server step over every record before it).
   * Records made meanwhile sort anywhere; X/changes from the state taken
   * before the first page brings any this misses. */
  args = json_object_new ();
  if (initial->last_id != NULL)
    {
      JsonObject *filter = json_object_new ();

      json_object_set_string_member (filter, "idAfter", initial->last_id);
      json_object_set_object_member (args, "filter", filter);
    }
  json_object_set_int_member (args, "limit", page_limit (self));
  fl_jmap_calls_add (calls, query, args, "q");

  _fl_sync_add_get_of (calls, pull->types[pull->current], "query", "q", "/ids", "g");

  fl_jmap_client_call_async (self->client, calls, g_task_get_cancellable (task), on_page, task);
}

/* --- catching up with X/changes ---------------------------------------------- */

typedef struct
{
  Pull       *pull;       /* borrowed: the task outlives the job */
  JsonArray  *responses;  /* owned */
  gboolean   *included;   /* per type: asked in this round */
  gboolean   *resync;     /* per type: cannotCalculateChanges */
  char      **new_states; /* per type */
  GPtrArray  *before;     /* the cases this round changed, as they were (or NULL) */
  GPtrArray  *after;      /* … and as they are */
} Round;

static void
unref_entity (gpointer entity)
{
  if (entity != NULL)
    g_object_unref (entity);
}

static void
round_free (gpointer data)
{
  Round *round = data;

  g_clear_pointer (&round->before, g_ptr_array_unref);
  g_clear_pointer (&round->after, g_ptr_array_unref);
  g_clear_pointer (&round->responses, json_array_unref);
  g_free (round->included);
  g_free (round->resync);
  g_strfreev (round->new_states);
  g_free (round);
}

/* The local copy's case @id, NULL if it has none (or on error). */
static FlEntity *
local_case (FlStore     *store,
            const char  *id,
            GError     **error)
{
  g_autoptr(GError) local = NULL;
  FlEntity *entity = fl_store_get (store, FL_TYPE_CASE, id, &local);

  if (entity == NULL && !g_error_matches (local, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local));
  return entity;
}

/* Applies a case and notes it for "cases-pulled" if the local copy changed:
 * read back rather than decoded, so a case kept for our outbox is left out. */
static gboolean
apply_case (FlStore   *store,
            Round     *round,
            JsonNode  *record,
            GError   **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (record) ? json_node_get_object (record) : NULL;
  const char *id = object != NULL ? json_object_get_string_member_with_default (object, "id", NULL) : NULL;
  GError *local = NULL;
  g_autoptr(FlEntity) before = NULL;
  g_autoptr(FlEntity) after = NULL;

  if (id != NULL)
    {
      before = local_case (store, id, &local);
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
    }
  if (!_fl_sync_apply_record (store, FL_TYPE_CASE, record, error))
    return FALSE;
  if (id == NULL)
    return TRUE;
  after = local_case (store, id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (after != NULL && (before == NULL || fl_entity_get_modseq (before) != fl_entity_get_modseq (after)))
    {
      g_ptr_array_add (round->before, g_steal_pointer (&before));
      g_ptr_array_add (round->after, g_steal_pointer (&after));
    }
  return TRUE;
}

static gboolean
apply_list (FlStore     *store,
            Round       *round,
            GType        type,
            const char  *call_id,
            GError     **error)
{
  JsonObject *got = fl_jmap_responses_get (round->responses, call_id, error);
  JsonArray *list;

  if (got == NULL)
    return FALSE;
  list = json_object_get_array_member (got, "list");
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *record = json_array_get_element (list, i);

      if (type == FL_TYPE_CASE ? !apply_case (store, round, record, error)
                               : !_fl_sync_apply_record (store, type, record, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
apply_round (FlStore   *store,
             gpointer   data,
             GError   **error)
{
  Round *round = data;
  Pull *pull = round->pull;

  for (guint i = 0; i < pull->n_types; i++)
    {
      GType type = pull->types[i];
      g_autofree char *state_key = key_for ("state:", type);
      g_autofree char *initial_key = key_for ("initial:", type);
      g_autofree char *changes_id = g_strdup_printf ("c%u", i);
      g_autofree char *created_id = g_strdup_printf ("a%u", i);
      g_autofree char *updated_id = g_strdup_printf ("u%u", i);
      JsonObject *changes;
      JsonArray *destroyed;

      if (!round->included[i])
        continue;
      if (round->resync[i])
        {
          /* Paged in again from the start; the outbox is not touched, and
           * records with changes queued are neither overwritten nor swept. */
          if (!fl_store_sync_set (store, state_key, NULL, error)
              || !fl_store_sync_set (store, initial_key, NULL, error))
            return FALSE;
          continue;
        }

      changes = fl_jmap_responses_get (round->responses, changes_id, error);
      if (changes == NULL
          || !apply_list (store, round, type, created_id, error)
          || !apply_list (store, round, type, updated_id, error))
        return FALSE;

      destroyed = json_object_get_array_member (changes, "destroyed");
      for (guint j = 0; destroyed != NULL && j < json_array_get_length (destroyed); j++)
        {
          const char *id = json_array_get_string_element (destroyed, j);
          g_autoptr(GError) local = NULL;
          gint64 pending = fl_store_outbox_count_record (store, id, error);

          if (pending < 0)
            return FALSE;
          if (pending > 0)
            continue;
          if (!fl_store_destroy (store, type, id, FL_STORE_PUT_DEFAULT, &local)
              && !g_error_matches (local, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
        }

      if (!fl_store_sync_set (store, state_key, round->new_states[i], error))
        return FALSE;
    }
  return TRUE;
}

static gpointer
apply_round_job (FlStore       *store,
                 gpointer       job_data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  Round *round = job_data;
  Round *applied;

  if (!_fl_sync_write_transaction (store, apply_round, round, error))
    return NULL;
  /* What changed, for the main thread: only once it is committed. */
  applied = g_new0 (Round, 1);
  applied->before = g_steal_pointer (&round->before);
  applied->after = g_steal_pointer (&round->after);
  return applied;
}

static void
on_round_applied (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Pull *pull = g_task_get_task_data (task);
  gboolean any_more = FALSE;
  gboolean any_resync = FALSE;
  GError *error = NULL;
  Round *applied = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);

  if (applied == NULL)
    {
      _fl_sync_task_fail (task, error);
      return;
    }
  _fl_sync_engine_cases_pulled (g_task_get_source_object (task), applied->before, applied->after);
  round_free (applied);

  for (guint i = 0; i < pull->n_types; i++)
    {
      any_more |= pull->more[i];
      any_resync |= pull->states[i] == NULL;
    }

  if (any_resync)
    {
      if (++pull->resyncs > MAX_RESYNCS)
        {
          _fl_sync_task_fail (task, g_error_new (FL_SYNC_ERROR, FL_SYNC_ERROR_PROTOCOL,
                                   "The server keeps answering that it cannot tell what changed"));
          return;
        }
      start_totals (task);
      return;
    }
  if (any_more)
    {
      request_changes (task);
      return;
    }
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
on_changes (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  Pull *pull = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonArray) responses = fl_jmap_client_call_finish (FL_JMAP_CLIENT (source), result, &error);
  Round *round;

  if (responses == NULL)
    {
      _fl_sync_task_fail (task, error);
      return;
    }

  round = g_new0 (Round, 1);
  round->pull = pull;
  round->included = g_new0 (gboolean, pull->n_types);
  round->resync = g_new0 (gboolean, pull->n_types);
  round->new_states = g_new0 (char *, pull->n_types + 1);
  round->before = g_ptr_array_new_with_free_func (unref_entity);
  round->after = g_ptr_array_new_with_free_func (unref_entity);

  for (guint i = 0; i < pull->n_types; i++)
    {
      g_autofree char *changes_id = g_strdup_printf ("c%u", i);
      JsonObject *changes;

      if (pull->states[i] == NULL)
        continue;
      changes = fl_jmap_responses_get (responses, changes_id, &error);
      if (changes == NULL && g_error_matches (error, FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_INVALID_RESPONSE))
        {
          /* Not asked this round. */
          g_clear_error (&error);
          continue;
        }
      round->included[i] = TRUE;
      if (changes == NULL
          && g_strcmp0 (fl_jmap_client_error_get_problem_type (error), "cannotCalculateChanges") == 0)
        {
          g_debug ("%s: the server cannot tell what changed since %s; paging it in again",
                   _fl_sync_type_name (pull->types[i]), pull->states[i]);
          g_clear_error (&error);
          round->resync[i] = TRUE;
          g_clear_pointer (&pull->states[i], g_free);
          g_clear_pointer (&pull->initial[i].state, g_free);
          g_clear_pointer (&pull->initial[i].last_id, g_free);
          pull->initial[i].position = 0;
          /* Paged in again over what we have: note what comes, sweep the rest. */
          pull->initial[i].fresh = FALSE;
          pull->more[i] = FALSE;
          continue;
        }
      if (changes == NULL)
        {
          round_free (round);
          _fl_sync_task_fail (task, error);
          return;
        }
      round->new_states[i] = g_strdup (json_object_get_string_member_with_default (changes, "newState",
                                                                                  pull->states[i]));
      g_free (pull->states[i]);
      pull->states[i] = g_strdup (round->new_states[i]);
      pull->more[i] = json_object_get_boolean_member_with_default (changes, "hasMoreChanges", FALSE);
    }

  round->responses = g_steal_pointer (&responses);
  fl_store_pool_write_background_async (self->pool, apply_round_job, round, round_free, round_free,
                             g_task_get_cancellable (task), on_round_applied, task);
}

void
_fl_sync_add_get_of (JsonArray   *calls,
                     GType        type,
                     const char  *verb,
                     const char  *result_id,
                     const char  *path,
                     const char  *call_id)
{
  g_autofree char *get = _fl_sync_method (type, "get");
  g_autofree char *source = _fl_sync_method (type, verb);
  JsonObject *args = json_object_new ();
  JsonObject *reference = json_object_new ();

  json_object_set_string_member (reference, "resultOf", result_id);
  json_object_set_string_member (reference, "name", source);
  json_object_set_string_member (reference, "path", path);
  json_object_set_object_member (args, "#ids", reference);
  fl_jmap_calls_add (calls, get, args, call_id);
}

static void
request_changes (GTask *task)
{
  FlSyncEngine *self = g_task_get_source_object (task);
  Pull *pull = g_task_get_task_data (task);
  g_autoptr(JsonArray) calls = json_array_new ();
  gboolean any_more = FALSE;

  for (guint i = 0; i < pull->n_types; i++)
    any_more |= pull->more[i];

  /* Every type in one request, three calls each (27 of the 64 allowed); after
   * the first round only those with more to tell. */
  for (guint i = 0; i < pull->n_types; i++)
    {
      g_autofree char *changes = _fl_sync_method (pull->types[i], "changes");
      g_autofree char *changes_id = g_strdup_printf ("c%u", i);
      g_autofree char *created_id = g_strdup_printf ("a%u", i);
      g_autofree char *updated_id = g_strdup_printf ("u%u", i);
      JsonObject *args;

      if (pull->states[i] == NULL || (any_more && !pull->more[i]))
        continue;
      args = json_object_new ();
      json_object_set_string_member (args, "sinceState", pull->states[i]);
      json_object_set_int_member (args, "maxChanges", self->page_size);
      fl_jmap_calls_add (calls, changes, args, changes_id);
      _fl_sync_add_get_of (calls, pull->types[i], "changes", changes_id, "/created", created_id);
      _fl_sync_add_get_of (calls, pull->types[i], "changes", changes_id, "/updated", updated_id);
    }

  fl_jmap_client_call_async (self->client, calls, g_task_get_cancellable (task), on_changes, task);
}

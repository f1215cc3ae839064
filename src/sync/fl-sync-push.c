/* fl-sync-push.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The push half of a sync: the outbox goes up in order, a batch of rows a
 * request, each row one X/set with this profile's clientId and the row's
 * mutationId (so a row sent twice, after a crash or a lost answer, is applied
 * once) followed by an X/get of the record, which is what the local copy then
 * keeps. A change the server refuses becomes a conflict with both versions,
 * never a silent drop. A row that was never sent and edits a record the server
 * has changed since is a conflict too, found before sending by comparing the
 * record's modseq with the one the change was made on.
 */
#define G_LOG_DOMAIN "Frontline-Sync"

#include "config.h"

#include "fl-sync-engine-private.h"

typedef struct
{
  GPtrArray  *entries;    /* of FlOutboxEntry: this batch */
  JsonArray  *responses;  /* the last answer, handed to the pool job that reads it */
  GPtrArray  *server;     /* per entry: the server's record (JsonNode) or NULL, from the check */
  gboolean   *conflict;   /* per entry: refused by the check */
  guint       n_sent;     /* rows the answer was read for */
  gboolean    stopped;    /* a row could not be settled: stop after this batch */
} Push;

static void
push_clear_batch (Push *push)
{
  g_clear_pointer (&push->entries, g_ptr_array_unref);
  g_clear_pointer (&push->responses, json_array_unref);
  g_clear_pointer (&push->server, g_ptr_array_unref);
  g_clear_pointer (&push->conflict, g_free);
}

static void
push_free (gpointer data)
{
  Push *push = data;

  push_clear_batch (push);
  g_free (push);
}

static void next_batch (GTask *task);

/* The array holds a NULL for each row not checked. */
static void
node_unref_or_null (gpointer node)
{
  if (node != NULL)
    json_node_unref (node);
}

void
_fl_sync_push_async (FlSyncEngine        *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, _fl_sync_push_async);
  g_task_set_task_data (task, g_new0 (Push, 1), push_free);
  next_batch (task);
}

gboolean
_fl_sync_push_finish (FlSyncEngine  *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static JsonNode *
first_of_list (JsonArray   *responses,
               const char  *call_id)
{
  JsonObject *got = fl_jmap_responses_get (responses, call_id, NULL);
  JsonArray *list = got != NULL ? json_object_get_array_member (got, "list") : NULL;

  if (list == NULL || json_array_get_length (list) == 0)
    return NULL;
  return json_array_get_element (list, 0);
}

static char *
node_to_string (JsonNode *node)
{
  return node != NULL ? json_to_string (node, FALSE) : NULL;
}

/* Keeps the server's version of a record the outbox no longer holds changes
 * to; a record the server does not have (a refused create) goes locally too,
 * its content kept in the conflict. */
static gboolean
settle_record (FlStore        *store,
               FlOutboxEntry  *entry,
               JsonNode       *server,
               gboolean        accepted,
               GError        **error)
{
  GType type = fl_model_type_from_name (entry->type_name);
  gint64 pending = fl_store_outbox_count_record (store, entry->record_id, error);

  if (pending < 0 || type == G_TYPE_INVALID)
    return pending >= 0;
  if (pending > 0)
    {
      /* Later changes build on this one, now on the server's modseq. */
      if (accepted && server != NULL && JSON_NODE_HOLDS_OBJECT (server))
        return fl_store_outbox_rebase (store, entry->record_id,
                                       json_object_get_int_member_with_default (json_node_get_object (server),
                                                                                "modseq", 0),
                                       error);
      return TRUE;
    }
  if (server != NULL)
    return _fl_sync_apply_record (store, type, server, error);
  if (entry->op != FL_OUTBOX_DESTROY)
    {
      g_autoptr(GError) local = NULL;

      if (!fl_store_destroy (store, type, entry->record_id, FL_STORE_PUT_DEFAULT, &local)
          && !g_error_matches (local, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
add_conflict (FlStore        *store,
              FlOutboxEntry  *entry,
              const char     *reason,
              JsonNode       *server,
              GError        **error)
{
  g_autofree char *server_text = node_to_string (server);

  g_debug ("%s %s of %s %s: conflict (%s)", entry->type_name, fl_outbox_op_to_string (entry->op),
           entry->type_name, entry->record_id, reason);
  return fl_store_conflict_add (store, entry->type_name, entry->record_id, fl_outbox_op_to_string (entry->op),
                                reason, entry->payload, server_text, error) > 0
         && fl_store_outbox_remove (store, entry->seq, error)
         && settle_record (store, entry, server, FALSE, error);
}

/* --- after the check: conflicts found, the rest marked as sent ------------------ */

static gboolean
apply_check (FlStore   *store,
             gpointer   data,
             GError   **error)
{
  Push *push = data;

  for (guint i = 0; i < push->entries->len; i++)
    {
      FlOutboxEntry *entry = g_ptr_array_index (push->entries, i);
      JsonNode *server = g_ptr_array_index (push->server, i);

      if (push->conflict[i])
        {
          if (!add_conflict (store, entry, server != NULL ? "changedOnServer" : "notFound", server, error))
            return FALSE;
        }
      /* From here on the server may have it: a re-send is not checked again
       * (our own write would look like someone else's), idempotency covers it. */
      else if (!fl_store_outbox_mark_attempt (store, entry->seq, error))
        return FALSE;
    }
  return TRUE;
}

static gpointer
apply_check_job (FlStore       *store,
                 gpointer       job_data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  return _fl_sync_write_transaction (store, apply_check, job_data, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void send_batch (GTask *task);

static void
on_check_applied (GObject      *source,
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
  send_batch (task);
}

/* A batch may change one record several times (an agent editing a case
 * offline does). Only its first change there is checked against the server's
 * version; the others build on that one, are sent after it in the same
 * request, and stand or fall with it. Returns the index of that first change. */
static guint
first_change_of_record (Push  *push,
                        guint  index)
{
  FlOutboxEntry *entry = g_ptr_array_index (push->entries, index);

  for (guint i = 0; i < index; i++)
    if (g_str_equal (((FlOutboxEntry *) g_ptr_array_index (push->entries, i))->record_id, entry->record_id))
      return i;
  return index;
}

static void
on_checked (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  Push *push = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonArray) responses = fl_jmap_client_call_finish (FL_JMAP_CLIENT (source), result, &error);

  if (responses == NULL)
    {
      _fl_sync_task_fail (task, error);
      return;
    }

  for (guint i = 0; i < push->entries->len; i++)
    {
      FlOutboxEntry *entry = g_ptr_array_index (push->entries, i);
      g_autofree char *call_id = g_strdup_printf ("k%u", i);
      JsonNode *server;
      guint first = first_change_of_record (push, i);

      if (first != i)
        {
          push->conflict[i] = push->conflict[first];
          continue;
        }
      if (entry->op == FL_OUTBOX_CREATE || entry->base_modseq == 0 || entry->attempts > 0)
        continue;
      server = first_of_list (responses, call_id);
      if (server != NULL)
        g_ptr_array_index (push->server, i) = json_node_copy (server);
      if (server == NULL)
        /* Gone from the server: a destroy has nothing left to do (the X/set
         * will say notFound, taken as done); an update has lost its record. */
        push->conflict[i] = entry->op == FL_OUTBOX_UPDATE;
      else if (json_object_get_int_member_with_default (json_node_get_object (server), "modseq", 0)
               != entry->base_modseq)
        push->conflict[i] = TRUE;
    }

  fl_store_pool_write_async (self->pool, apply_check_job, push, NULL, NULL, NULL,
                             on_check_applied, task);
}

/* --- the batch --------------------------------------------------------------- */

/* X/get of the one record @entry changes. */
static void
add_get_one (JsonArray      *calls,
             FlOutboxEntry  *entry,
             const char     *call_id)
{
  g_autofree char *get = g_strconcat (entry->type_name, "/get", NULL);
  JsonObject *args = json_object_new ();
  JsonArray *ids = json_array_new ();

  json_array_add_string_element (ids, entry->record_id);
  json_object_set_array_member (args, "ids", ids);
  fl_jmap_calls_add (calls, get, args, call_id);
}

static gpointer
read_batch_job (FlStore       *store,
                gpointer       job_data,
                GCancellable  *cancellable,
                GError       **error)
{
  return fl_store_outbox_list (store, FL_SYNC_PUSH_BATCH, error);
}

static void
on_batch_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  Push *push = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonArray) calls = json_array_new ();

  push_clear_batch (push);
  push->entries = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);
  if (push->entries == NULL)
    {
      _fl_sync_task_fail (task, error);
      return;
    }
  if (push->entries->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  push->server = g_ptr_array_new_full (push->entries->len, node_unref_or_null);
  g_ptr_array_set_size (push->server, push->entries->len);
  push->conflict = g_new0 (gboolean, push->entries->len);

  for (guint i = 0; i < push->entries->len; i++)
    {
      FlOutboxEntry *entry = g_ptr_array_index (push->entries, i);
      g_autofree char *call_id = NULL;

      if (entry->op == FL_OUTBOX_CREATE || entry->base_modseq == 0 || entry->attempts > 0
          || first_change_of_record (push, i) != i)
        continue;
      call_id = g_strdup_printf ("k%u", i);
      add_get_one (calls, entry, call_id);
    }

  if (json_array_get_length (calls) == 0)
    send_batch (task);
  else
    fl_jmap_client_call_async (self->client, calls, g_task_get_cancellable (task), on_checked, task);
}

static void
next_batch (GTask *task)
{
  FlSyncEngine *self = g_task_get_source_object (task);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  fl_store_pool_read_async (self->pool, read_batch_job, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                            g_task_get_cancellable (task), on_batch_read, task);
}

/* --- the answer ------------------------------------------------------------- */

/* The SetError for @entry in an X/set answer, or NULL if it went through. */
static JsonObject *
set_error_of (JsonObject     *set,
              FlOutboxEntry  *entry)
{
  static const char * const members[] = { "notCreated", "notUpdated", "notDestroyed" };
  JsonObject *failed = NULL;
  JsonNode *node = json_object_get_member (set, members[entry->op]);

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    failed = json_object_get_object_member (json_node_get_object (node), entry->record_id);
  return failed;
}

static gboolean
apply_answer (FlStore   *store,
              gpointer   data,
              GError   **error)
{
  Push *push = data;

  for (push->n_sent = 0; push->n_sent < push->entries->len; push->n_sent++)
    {
      guint i = push->n_sent;
      FlOutboxEntry *entry = g_ptr_array_index (push->entries, i);
      g_autofree char *set_id = g_strdup_printf ("s%u", i);
      g_autofree char *get_id = g_strdup_printf ("g%u", i);
      g_autoptr(GError) method_error = NULL;
      JsonObject *set;
      JsonObject *set_error;
      JsonNode *server;

      if (push->conflict[i])
        continue;
      set = fl_jmap_responses_get (push->responses, set_id, &method_error);
      server = first_of_list (push->responses, get_id);

      if (set == NULL)
        {
          const char *type = fl_jmap_client_error_get_problem_type (method_error);

          /* The server failing is no verdict on the change: keep it, and
           * everything after it, for the next push. */
          if (type == NULL || g_str_equal (type, "serverFail"))
            {
              g_debug ("Keeping %s %s in the outbox: %s", entry->type_name, entry->record_id,
                       method_error->message);
              push->stopped = TRUE;
              return TRUE;
            }
          if (!add_conflict (store, entry, type, server, error))
            return FALSE;
          continue;
        }

      set_error = set_error_of (set, entry);
      if (set_error != NULL
          && !(entry->op == FL_OUTBOX_DESTROY
               && g_strcmp0 (json_object_get_string_member_with_default (set_error, "type", NULL), "notFound") == 0))
        {
          if (!add_conflict (store, entry,
                             json_object_get_string_member_with_default (set_error, "type", "refused"),
                             server, error))
            return FALSE;
          continue;
        }

      if (!fl_store_outbox_remove (store, entry->seq, error)
          || !settle_record (store, entry, server, TRUE, error))
        return FALSE;
    }
  return TRUE;
}

static gpointer
apply_answer_job (FlStore       *store,
                  gpointer       job_data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  return _fl_sync_write_transaction (store, apply_answer, job_data, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
on_answer_applied (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  Push *push = g_task_get_task_data (task);
  GError *error = NULL;

  if (fl_store_pool_finish (FL_STORE_POOL (source), result, &error) == NULL)
    {
      _fl_sync_task_fail (task, error);
      return;
    }
  if (push->stopped)
    {
      _fl_sync_task_fail (task, g_error_new (FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_UNAVAILABLE,
                               "The server could not apply a change; it stays in the outbox"));
      return;
    }
  fl_sync_engine_refresh_async (self, NULL, NULL, NULL);
  next_batch (task);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  FlSyncEngine *self = g_task_get_source_object (task);
  Push *push = g_task_get_task_data (task);
  GError *error = NULL;

  push->responses = fl_jmap_client_call_finish (FL_JMAP_CLIENT (source), result, &error);
  if (push->responses == NULL)
    {
      /* Network trouble or a refused request: everything stays queued. */
      _fl_sync_task_fail (task, error);
      return;
    }
  /* Not cancellable: the server has applied these, the outbox must hear of it. */
  fl_store_pool_write_async (self->pool, apply_answer_job, push, NULL, NULL, NULL,
                             on_answer_applied, task);
}

static void
send_batch (GTask *task)
{
  FlSyncEngine *self = g_task_get_source_object (task);
  Push *push = g_task_get_task_data (task);
  g_autoptr(JsonArray) calls = json_array_new ();

  for (guint i = 0; i < push->entries->len; i++)
    {
      FlOutboxEntry *entry = g_ptr_array_index (push->entries, i);
      g_autofree char *set = g_strconcat (entry->type_name, "/set", NULL);
      g_autofree char *set_id = g_strdup_printf ("s%u", i);
      g_autofree char *get_id = g_strdup_printf ("g%u", i);
      JsonObject *args;
      JsonArray *ids;

      if (push->conflict[i])
        continue;

      args = json_object_new ();
      json_object_set_string_member (args, "clientId", self->client_id);
      json_object_set_int_member (args, "mutationId", entry->mutation_id);
      if (entry->op == FL_OUTBOX_DESTROY)
        {
          ids = json_array_new ();
          json_array_add_string_element (ids, entry->record_id);
          json_object_set_array_member (args, "destroy", ids);
        }
      else
        {
          g_autoptr(JsonNode) payload = json_from_string (entry->payload, NULL);
          JsonObject *change = json_object_new ();

          if (payload == NULL || !JSON_NODE_HOLDS_OBJECT (payload))
            {
              /* Cannot happen with rows this engine wrote; never send junk. */
              json_object_unref (change);
              json_object_unref (args);
              _fl_sync_task_fail (task, g_error_new (FL_SYNC_ERROR, FL_SYNC_ERROR_PROTOCOL,
                                       "Outbox row %" G_GINT64_FORMAT " is damaged", entry->seq));
              return;
            }
          json_object_set_object_member (change, entry->record_id,
                                         json_object_ref (json_node_get_object (payload)));
          json_object_set_object_member (args, entry->op == FL_OUTBOX_CREATE ? "create" : "update", change);
        }
      fl_jmap_calls_add (calls, set, args, set_id);
      add_get_one (calls, entry, get_id);
    }

  if (json_array_get_length (calls) == 0)
    {
      next_batch (task);
      return;
    }
  fl_jmap_client_call_async (self->client, calls, g_task_get_cancellable (task), on_sent, task);
}

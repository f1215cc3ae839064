/* fl-sync-changes.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Local changes: each one is applied to the local copy and queued in the outbox
 * in one transaction, so the console shows it at once and a crash can never keep
 * one without the other.
 */
#define G_LOG_DOMAIN "Frontline-Sync"

#include "config.h"

#include "fl-sync-engine-private.h"

const char *
_fl_sync_type_name (GType type)
{
  /* Record classes live as long as the program: keep the reference. */
  FlEntityClass *klass = g_type_class_ref (type);

  return fl_entity_class_get_type_name (klass);
}

JsonObject *
_fl_sync_create_args_for (FlEntity *entity)
{
  g_autoptr(JsonNode) node = fl_json_encode (entity);
  JsonObject *object = json_node_get_object (node);
  FlEntityClass *klass = FL_ENTITY_GET_CLASS (entity);
  guint n_fields;
  const FlFieldInfo *fields = fl_entity_class_get_fields (klass, &n_fields);

  /* The server refuses a create that sets its own fields; unset ones are left
   * to its defaults. */
  for (guint i = 0; i < n_fields; i++)
    {
      JsonNode *value = json_object_get_member (object, fields[i].json_name);

      if (value != NULL && ((fields[i].flags & FL_FIELD_SERVER_SET) || JSON_NODE_HOLDS_NULL (value)))
        json_object_remove_member (object, fields[i].json_name);
    }
  return json_object_ref (object);
}

typedef struct
{
  FlOutboxOp  op;
  GType       type;
  char       *id;
  FlEntity   *entity;  /* create: the new record, owned by the job */
  char       *patch;   /* update: JSON text */
} Change;

static void
change_free (gpointer data)
{
  Change *change = data;

  g_free (change->id);
  g_clear_object (&change->entity);
  g_free (change->patch);
  g_free (change);
}

static gboolean
apply_locally (FlStore  *store,
               Change   *change,
               GError  **error)
{
  const char *type_name = _fl_sync_type_name (change->type);
  g_autoptr(FlEntity) existing = NULL;
  g_autofree char *payload = NULL;
  gint64 base_modseq = 0;

  switch (change->op)
    {
    case FL_OUTBOX_CREATE:
      {
        g_autoptr(JsonObject) args = _fl_sync_create_args_for (change->entity);
        g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), args);

        if (!fl_store_put (store, change->entity, FL_STORE_PUT_DEFAULT, error))
          return FALSE;
        payload = json_to_string (node, FALSE);
      }
      break;

    case FL_OUTBOX_UPDATE:
      {
        g_autoptr(JsonNode) patch = json_from_string (change->patch, error);
        g_autoptr(FlEntity) patched = NULL;

        if (patch == NULL)
          return FALSE;
        existing = fl_store_get (store, change->type, change->id, error);
        if (existing == NULL)
          return FALSE;
        patched = fl_json_patch (existing, patch, FL_JSON_DECODE_DEFAULT, error);
        if (patched == NULL || !fl_store_put (store, patched, FL_STORE_PUT_DEFAULT, error))
          return FALSE;
        base_modseq = fl_entity_get_modseq (existing);
        payload = g_strdup (change->patch);
      }
      break;

    case FL_OUTBOX_DESTROY:
      existing = fl_store_get (store, change->type, change->id, error);
      if (existing == NULL
          || !fl_store_check_unreferenced (store, change->type, change->id, error)
          || !fl_store_destroy (store, change->type, change->id, FL_STORE_PUT_DEFAULT, error))
        return FALSE;
      base_modseq = fl_entity_get_modseq (existing);
      break;

    default:
      g_assert_not_reached ();
    }

  return fl_store_outbox_append (store, type_name, change->op, change->id, payload, base_modseq, error) > 0;
}

gboolean
_fl_sync_apply_local_change (FlStore     *store,
                             FlOutboxOp   op,
                             GType        type,
                             const char  *id,
                             FlEntity    *entity,
                             const char  *patch,
                             GError     **error)
{
  Change change = {
    .op = op,
    .type = type,
    .id = (char *) id,
    .entity = entity,
    .patch = (char *) patch,
  };

  return apply_locally (store, &change, error);
}

gboolean
_fl_sync_durable_transaction (FlStore          *store,
                              FlSyncApplyFunc   func,
                              gpointer          data,
                              GError          **error)
{
  gboolean ok;

  /* The local copy can be fetched again; what the agent typed cannot. Its
   * commit waits for the disk, so a power cut right after "saved" loses
   * nothing (WAL with synchronous=NORMAL only survives the process dying). */
  if (!fl_store_set_durable (store, TRUE, error))
    return FALSE;
  ok = _fl_sync_transaction (store, func, data, error);
  if (!fl_store_set_durable (store, FALSE, ok ? error : NULL))
    ok = FALSE;
  return ok;
}

static gboolean
apply_change (FlStore   *store,
              gpointer   data,
              GError   **error)
{
  return apply_locally (store, data, error);
}

static gpointer
change_job (FlStore       *store,
            gpointer       job_data,
            GCancellable  *cancellable,
            GError       **error)
{
  gint64 *pending;

  if (!_fl_sync_durable_transaction (store, apply_change, job_data, error))
    return NULL;

  pending = g_new (gint64, 1);
  *pending = fl_store_outbox_count (store, error);
  if (*pending < 0)
    g_clear_pointer (&pending, g_free);
  return pending;
}

static void
on_changed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *pending = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);
  FlSyncEngine *self;

  if (pending == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  self = g_task_get_source_object (task);
  _fl_sync_engine_set_pending (self, *pending);
  /* Others should see it soon, not at the next sync. */
  if (self->live != NULL)
    _fl_sync_live_local_change (self->live);
  g_task_return_boolean (task, TRUE);
}

static void
queue_change (FlSyncEngine        *self,
              Change              *change,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, queue_change);
  fl_store_pool_write_async (self->pool, change_job, change, change_free, g_free, cancellable,
                             on_changed, task);
}

void
fl_sync_engine_create_async (FlSyncEngine        *self,
                             FlEntity            *entity,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Change *change;

  g_return_if_fail (FL_IS_SYNC_ENGINE (self));
  g_return_if_fail (FL_IS_ENTITY (entity));

  /* The id is given here, so the record keeps it on the server. */
  if (fl_entity_get_id (entity) == NULL)
    {
      g_autofree char *id = fl_id_new ();

      fl_entity_set_id (entity, id);
    }
  if (fl_entity_get_created_at (entity) == 0)
    fl_entity_set_created_at (entity, fl_timestamp_now ());

  change = g_new0 (Change, 1);
  change->op = FL_OUTBOX_CREATE;
  change->type = G_OBJECT_TYPE (entity);
  change->id = g_strdup (fl_entity_get_id (entity));
  /* A copy: the caller's object stays on the caller's thread. */
  change->entity = fl_entity_copy (entity);
  queue_change (self, change, cancellable, callback, user_data);
}

void
fl_sync_engine_update_async (FlSyncEngine        *self,
                             GType                type,
                             const char          *id,
                             JsonObject          *patch,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(JsonNode) node = NULL;
  Change *change;

  g_return_if_fail (FL_IS_SYNC_ENGINE (self));
  g_return_if_fail (g_type_is_a (type, FL_TYPE_ENTITY));
  g_return_if_fail (id != NULL && patch != NULL);

  node = json_node_init_object (json_node_alloc (), patch);
  change = g_new0 (Change, 1);
  change->op = FL_OUTBOX_UPDATE;
  change->type = type;
  change->id = g_strdup (id);
  change->patch = json_to_string (node, FALSE);
  queue_change (self, change, cancellable, callback, user_data);
}

void
fl_sync_engine_destroy_async (FlSyncEngine        *self,
                              GType                type,
                              const char          *id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Change *change;

  g_return_if_fail (FL_IS_SYNC_ENGINE (self));
  g_return_if_fail (g_type_is_a (type, FL_TYPE_ENTITY));
  g_return_if_fail (id != NULL);

  change = g_new0 (Change, 1);
  change->op = FL_OUTBOX_DESTROY;
  change->type = type;
  change->id = g_strdup (id);
  queue_change (self, change, cancellable, callback, user_data);
}

gboolean
fl_sync_engine_change_finish (FlSyncEngine  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == queue_change, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

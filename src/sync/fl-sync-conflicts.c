/* fl-sync-conflicts.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Conflicts: changes the server refused, kept with both versions until an
 * agent decides. When a conflict is recorded the local copy already shows the
 * server's version (see fl-sync-push.c), so "take theirs" only forgets ours,
 * and "keep mine" makes our change again on top of the server's version: a new
 * outbox row, with a fresh mutation id and the server's modseq as its base, so
 * the next push sends it like any other change.
 */
#define G_LOG_DOMAIN "Frontline-Sync"

#include "config.h"

#include "fl-sync-engine-private.h"

G_DEFINE_ENUM_TYPE (FlConflictResolution, fl_conflict_resolution,
                    G_DEFINE_ENUM_VALUE (FL_CONFLICT_KEEP_MINE, "keep-mine"),
                    G_DEFINE_ENUM_VALUE (FL_CONFLICT_TAKE_THEIRS, "take-theirs"))

/* --- listing ------------------------------------------------------------------- */

static gpointer
list_job (FlStore       *store,
          gpointer       job_data,
          GCancellable  *cancellable,
          GError       **error)
{
  return fl_store_conflict_list (store, error);
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *conflicts = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);

  if (conflicts == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, conflicts, (GDestroyNotify) g_ptr_array_unref);
}

void
fl_sync_engine_list_conflicts_async (FlSyncEngine        *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FL_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fl_sync_engine_list_conflicts_async);
  fl_store_pool_read_async (self->pool, list_job, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                            cancellable, on_listed, task);
}

GPtrArray *
fl_sync_engine_list_conflicts_finish (FlSyncEngine  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fl_sync_engine_list_conflicts_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- resolving ----------------------------------------------------------------- */

typedef struct
{
  gint64                seq;
  FlConflictResolution  resolution;
} Resolve;

/* A create the server refused or already has: made again if the record is
 * gone, otherwise sent as an update carrying every field we wanted. */
static gboolean
keep_created (FlStore     *store,
              GType        type,
              FlConflict  *conflict,
              GError     **error)
{
  g_autoptr(JsonNode) local = json_from_string (conflict->local, error);
  g_autoptr(FlEntity) existing = NULL;
  g_autoptr(GError) lookup_error = NULL;

  if (local == NULL)
    return FALSE;
  existing = fl_store_get (store, type, conflict->record_id, &lookup_error);
  if (existing == NULL && !g_error_matches (lookup_error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&lookup_error));
      return FALSE;
    }

  if (existing == NULL)
    {
      g_autoptr(FlEntity) entity = fl_json_decode (type, local, FL_JSON_DECODE_DEFAULT, error);

      return entity != NULL
             && _fl_sync_apply_local_change (store, FL_OUTBOX_CREATE, type, conflict->record_id,
                                             entity, NULL, error);
    }
  else
    {
      g_autofree char *patch = NULL;

      if (JSON_NODE_HOLDS_OBJECT (local))
        json_object_remove_member (json_node_get_object (local), "id");
      patch = json_to_string (local, FALSE);
      return _fl_sync_apply_local_change (store, FL_OUTBOX_UPDATE, type, conflict->record_id,
                                          NULL, patch, error);
    }
}

static gboolean
keep_mine (FlStore     *store,
           FlConflict  *conflict,
           GError     **error)
{
  GType type = fl_model_type_from_name (conflict->type_name);
  FlOutboxOp op;

  if (type == G_TYPE_INVALID || !fl_outbox_op_from_string (conflict->op, &op))
    {
      g_set_error (error, FL_SYNC_ERROR, FL_SYNC_ERROR_PROTOCOL,
                   "Conflict %" G_GINT64_FORMAT " names a change this version does not know (%s of %s)",
                   conflict->seq, conflict->op, conflict->type_name);
      return FALSE;
    }

  switch (op)
    {
    case FL_OUTBOX_CREATE:
      return keep_created (store, type, conflict, error);

    case FL_OUTBOX_UPDATE:
      if (conflict->server == NULL)
        {
          /* Only the changed fields were kept; the rest of the record is gone
           * with it, so there is nothing to put them on. */
          g_set_error (error, FL_SYNC_ERROR, FL_SYNC_ERROR_GONE,
                       "The %s was deleted on the server, so your change to it cannot be kept",
                       conflict->type_name);
          return FALSE;
        }
      return _fl_sync_apply_local_change (store, FL_OUTBOX_UPDATE, type, conflict->record_id,
                                          NULL, conflict->local, error);

    case FL_OUTBOX_DESTROY:
      {
        g_autoptr(GError) destroy_error = NULL;

        /* Gone on the server too: what we wanted has happened. */
        if (conflict->server == NULL)
          return TRUE;
        if (_fl_sync_apply_local_change (store, FL_OUTBOX_DESTROY, type, conflict->record_id,
                                         NULL, NULL, &destroy_error)
            || g_error_matches (destroy_error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND))
          return TRUE;
        g_propagate_error (error, g_steal_pointer (&destroy_error));
        return FALSE;
      }

    default:
      g_assert_not_reached ();
    }
}

static gboolean
settle (FlStore   *store,
        gpointer   data,
        GError   **error)
{
  Resolve *resolve = data;
  g_autoptr(FlConflict) conflict = fl_store_conflict_get (store, resolve->seq, error);

  return conflict != NULL
         && (resolve->resolution != FL_CONFLICT_KEEP_MINE || keep_mine (store, conflict, error))
         && fl_store_conflict_remove (store, resolve->seq, error);
}

static gpointer
resolve_job (FlStore       *store,
             gpointer       job_data,
             GCancellable  *cancellable,
             GError       **error)
{
  /* Keeping ours queues it in the outbox: as durable as typing it was. */
  return _fl_sync_durable_transaction (store, settle, job_data, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
on_counts_refreshed (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* The conflict is settled whatever the counts say; a failed re-read only
   * leaves the properties a step behind until the next refresh. */
  if (!fl_sync_engine_refresh_finish (FL_SYNC_ENGINE (source), result, &error))
    g_warning ("Could not re-read the sync counts: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

static void
on_resolved (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  FlSyncEngine *self = g_task_get_source_object (task);

  if (fl_store_pool_finish (FL_STORE_POOL (source), result, &error) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  fl_sync_engine_refresh_async (self, NULL, on_counts_refreshed, g_steal_pointer (&task));
}

void
fl_sync_engine_resolve_conflict_async (FlSyncEngine         *self,
                                       gint64                seq,
                                       FlConflictResolution  resolution,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data)
{
  GTask *task;
  Resolve *resolve;

  g_return_if_fail (FL_IS_SYNC_ENGINE (self));
  g_return_if_fail (resolution == FL_CONFLICT_KEEP_MINE || resolution == FL_CONFLICT_TAKE_THEIRS);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fl_sync_engine_resolve_conflict_async);
  resolve = g_new0 (Resolve, 1);
  resolve->seq = seq;
  resolve->resolution = resolution;
  fl_store_pool_write_async (self->pool, resolve_job, resolve, g_free, NULL, cancellable,
                             on_resolved, task);
}

gboolean
fl_sync_engine_resolve_conflict_finish (FlSyncEngine  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fl_sync_engine_resolve_conflict_async,
                        FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

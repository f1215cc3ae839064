/* fl-case-watcher.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine reports each case a pull changed in the local copy, as it was and
 * as it is. Our own changes are in the copy before they are pushed, so when the
 * server sends them back nothing changes and nothing is reported: whatever does
 * change came from someone else. Who "I" am and whether the first sync is done
 * are read from the copy for each batch, so a sign-in as someone else is
 * followed without being told.
 */
#define G_LOG_DOMAIN "Frontline-Sync"

#include "config.h"

#include "fl-case-watcher.h"
#include "fl-store-server.h"
#include "fl-store-sync.h"

G_DEFINE_ENUM_TYPE (FlCaseEvent, fl_case_event,
                    G_DEFINE_ENUM_VALUE (FL_CASE_EVENT_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (FL_CASE_EVENT_ASSIGNED, "assigned"),
                    G_DEFINE_ENUM_VALUE (FL_CASE_EVENT_ESCALATED, "escalated"))

/* How many reported changes are remembered against a second report. */
#define MAX_SEEN 1024

struct _FlCaseWatcher
{
  GObject        parent_instance;

  FlSyncEngine  *engine;
  GCancellable  *cancellable;
  GHashTable    *seen;        /* "id@modseq" of the changes reported */
  GQueue         seen_order;  /* the same keys, oldest first, to forget */
  guint          n_checked;
};

enum
{
  CASE_EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (FlCaseWatcher, fl_case_watcher, G_TYPE_OBJECT)

static gboolean
is_escalated (FlCase *kase)
{
  return fl_case_get_status (kase) == FL_CASE_STATUS_ESCALATED || fl_case_get_tier (kase) != FL_CASE_TIER_TIER1;
}

FlCaseEvent
fl_case_watcher_classify (FlCase      *before,
                          FlCase      *after,
                          const char  *agent_id,
                          FlAgentRole  role)
{
  gboolean mine;
  gboolean newly_escalated;

  g_return_val_if_fail (before == NULL || FL_IS_CASE (before), FL_CASE_EVENT_NONE);
  g_return_val_if_fail (FL_IS_CASE (after), FL_CASE_EVENT_NONE);

  if (agent_id == NULL)
    return FL_CASE_EVENT_NONE;
  mine = g_strcmp0 (fl_case_get_assignee_id (after), agent_id) == 0;
  /* Escalated now and not before, or sent up a tier (tier 2 to engineering). */
  newly_escalated = is_escalated (after)
                    && (before == NULL || !is_escalated (before)
                        || fl_case_get_tier (after) > fl_case_get_tier (before));

  /* Tier 2 takes what is escalated to tier 2 whoever holds it; engineering has
   * no role of its own, so only its assignee hears of it. */
  if (newly_escalated
      && (mine || (role == FL_AGENT_ROLE_TIER2 && fl_case_get_tier (after) == FL_CASE_TIER_TIER2)))
    return FL_CASE_EVENT_ESCALATED;
  if (mine && (before == NULL || g_strcmp0 (fl_case_get_assignee_id (before), agent_id) != 0))
    return FL_CASE_EVENT_ASSIGNED;
  return FL_CASE_EVENT_NONE;
}

/* --- a batch ------------------------------------------------------------------- */

typedef struct
{
  FlCaseWatcher *self;
  GPtrArray     *before;
  GPtrArray     *after;
} Batch;

typedef struct
{
  FlAgent  *me;
  gboolean  synced_before;  /* a first sync has finished */
} Me;

static void
batch_free (Batch *batch)
{
  g_object_unref (batch->self);
  g_ptr_array_unref (batch->before);
  g_ptr_array_unref (batch->after);
  g_free (batch);
}

static void
me_free (gpointer data)
{
  Me *me = data;

  g_clear_object (&me->me);
  g_free (me);
}

static gpointer
me_job (FlStore       *store,
        gpointer       job_data,
        GCancellable  *cancellable,
        GError       **error)
{
  g_autofree char *login = NULL;
  g_autofree char *last_sync = NULL;
  Me *me;

  login = fl_store_sync_get (store, "login", error);
  if (login == NULL && error != NULL && *error != NULL)
    return NULL;
  last_sync = fl_store_sync_get (store, "last-sync", error);
  if (last_sync == NULL && error != NULL && *error != NULL)
    return NULL;
  me = g_new0 (Me, 1);
  me->synced_before = last_sync != NULL;
  if (login != NULL)
    me->me = fl_store_find_agent_by_login (store, login, NULL);
  return me;
}

/* Once per change of a case, whatever brings it again (a pull interrupted and
 * redone, the same record in two rounds). */
static gboolean
first_report (FlCaseWatcher *self,
              FlCase        *after)
{
  char *key = g_strdup_printf ("%s@%" G_GINT64_FORMAT, fl_entity_get_id (FL_ENTITY (after)),
                               fl_entity_get_modseq (FL_ENTITY (after)));

  if (g_hash_table_contains (self->seen, key))
    {
      g_free (key);
      return FALSE;
    }
  g_hash_table_add (self->seen, key);
  g_queue_push_tail (&self->seen_order, key);
  if (g_queue_get_length (&self->seen_order) > MAX_SEEN)
    g_hash_table_remove (self->seen, g_queue_pop_head (&self->seen_order));
  return TRUE;
}

static void
on_me (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  Batch *batch = user_data;
  FlCaseWatcher *self = batch->self;
  g_autoptr(GError) error = NULL;
  Me *me = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);

  if (me == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Cannot tell who is signed in: %s", error->message);
          self->n_checked++;
        }
      batch_free (batch);
      return;
    }

  if (me->me != NULL && me->synced_before)
    for (guint i = 0; i < batch->after->len; i++)
      {
        FlCase *before = g_ptr_array_index (batch->before, i);
        FlCase *after = g_ptr_array_index (batch->after, i);
        FlCaseEvent event = fl_case_watcher_classify (before, after,
                                                      fl_entity_get_id (FL_ENTITY (me->me)),
                                                      fl_agent_get_role (me->me));

        if (event != FL_CASE_EVENT_NONE && first_report (self, after))
          g_signal_emit (self, signals[CASE_EVENT], 0, event, fl_entity_get_id (FL_ENTITY (after)),
                         fl_case_get_subject (after));
      }
  me_free (me);
  self->n_checked++;
  batch_free (batch);
}

static void
on_cases_pulled (FlCaseWatcher *self,
                 GPtrArray     *before,
                 GPtrArray     *after)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->self = g_object_ref (self);
  batch->before = g_ptr_array_ref (before);
  batch->after = g_ptr_array_ref (after);
  fl_store_pool_read_async (fl_sync_engine_get_pool (self->engine), me_job, NULL, NULL, me_free,
                            self->cancellable, on_me, batch);
}

/* --- the class ----------------------------------------------------------------- */

static void
fl_case_watcher_dispose (GObject *object)
{
  FlCaseWatcher *self = FL_CASE_WATCHER (object);

  g_cancellable_cancel (self->cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (fl_case_watcher_parent_class)->dispose (object);
}

static void
fl_case_watcher_finalize (GObject *object)
{
  FlCaseWatcher *self = FL_CASE_WATCHER (object);

  g_clear_object (&self->cancellable);
  g_queue_clear (&self->seen_order);
  g_clear_pointer (&self->seen, g_hash_table_unref);

  G_OBJECT_CLASS (fl_case_watcher_parent_class)->finalize (object);
}

static void
fl_case_watcher_class_init (FlCaseWatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fl_case_watcher_dispose;
  object_class->finalize = fl_case_watcher_finalize;

  signals[CASE_EVENT] = g_signal_new ("case-event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                      FL_TYPE_CASE_EVENT, G_TYPE_STRING, G_TYPE_STRING);
}

static void
fl_case_watcher_init (FlCaseWatcher *self)
{
  self->cancellable = g_cancellable_new ();
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->seen_order);
}

FlCaseWatcher *
fl_case_watcher_new (FlSyncEngine *engine)
{
  FlCaseWatcher *self;

  g_return_val_if_fail (FL_IS_SYNC_ENGINE (engine), NULL);

  self = g_object_new (FL_TYPE_CASE_WATCHER, NULL);
  self->engine = g_object_ref (engine);
  g_signal_connect_swapped (engine, "cases-pulled", G_CALLBACK (on_cases_pulled), self);
  return self;
}

guint
fl_case_watcher_get_n_checked (FlCaseWatcher *self)
{
  g_return_val_if_fail (FL_IS_CASE_WATCHER (self), 0);
  return self->n_checked;
}

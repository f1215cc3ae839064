/* fl-push-hub.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Placeholder until the push side lands: keeps the type states, serves nothing.
 */
#define G_LOG_DOMAIN "Frontline-Server"

#include "config.h"

#include "fl-push-hub.h"

struct _FlPushHub
{
  GObject        parent_instance;

  FlJmapService *service;
  FlAuth        *auth;
  GHashTable    *type_states;   /* type name -> gint64 * */
};

G_DEFINE_FINAL_TYPE (FlPushHub, fl_push_hub, G_TYPE_OBJECT)

static void
fl_push_hub_finalize (GObject *object)
{
  FlPushHub *self = FL_PUSH_HUB (object);

  g_clear_object (&self->service);
  g_clear_object (&self->auth);
  g_clear_pointer (&self->type_states, g_hash_table_unref);

  G_OBJECT_CLASS (fl_push_hub_parent_class)->finalize (object);
}

static void
fl_push_hub_class_init (FlPushHubClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fl_push_hub_finalize;
}

static void
fl_push_hub_init (FlPushHub *self)
{
  self->type_states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

FlPushHub *
fl_push_hub_new (FlJmapService *service,
                 FlAuth        *auth)
{
  FlPushHub *self = g_object_new (FL_TYPE_PUSH_HUB, NULL);

  self->service = g_object_ref (service);
  self->auth = g_object_ref (auth);
  return self;
}

void
fl_push_hub_attach (FlPushHub  *self,
                    SoupServer *server,
                    const char *ws_path,
                    const char *eventsource_path)
{
}

void
fl_push_hub_set_type_state (FlPushHub  *self,
                            const char *type_name,
                            gint64      modseq)
{
  g_hash_table_insert (self->type_states, g_strdup (type_name), g_memdup2 (&modseq, sizeof modseq));
}

void
fl_push_hub_notify (FlPushHub          *self,
                    gint64              modseq,
                    const char * const *types)
{
  for (guint i = 0; types != NULL && types[i] != NULL; i++)
    fl_push_hub_set_type_state (self, types[i], modseq);
}

guint
fl_push_hub_get_n_clients (FlPushHub *self)
{
  return 0;
}

void
fl_push_hub_close_all (FlPushHub *self)
{
}

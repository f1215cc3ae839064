/* fl-sync-live-messages.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What FlSyncLive's WebSocket says (RFC 8887), apart from when it says it:
 * WebSocketPushEnable going out, StateChange coming in, and whether the states
 * a StateChange names are news to the local copy.
 */
#define G_LOG_DOMAIN "Frontline-Sync"

#include "config.h"

#include "fl-sync-engine-private.h"

JsonObject *
_fl_sync_json_object (JsonObject *object,
                      const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

const char *
_fl_sync_json_string (JsonObject *object,
                      const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

char *
_fl_sync_live_push_enable_text (const char *push_state)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "@type");
  json_builder_add_string_value (builder, "WebSocketPushEnable");
  /* null: every type; the engine keeps them all. */
  json_builder_set_member_name (builder, "dataTypes");
  json_builder_add_null_value (builder);
  if (push_state != NULL)
    {
      json_builder_set_member_name (builder, "pushState");
      json_builder_add_string_value (builder, push_state);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

gboolean
_fl_sync_live_parse_state_change (GBytes      *bytes,
                                  char       **push_state,
                                  GHashTable **changed,
                                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  JsonObject *message;
  JsonObject *account;
  g_autoptr(GList) names = NULL;

  *push_state = NULL;
  *changed = NULL;
  if (!json_parser_load_from_data (parser, data, (gssize) length, error))
    return FALSE;
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;
  message = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (_fl_sync_json_string (message, "@type"), "StateChange") != 0)
    return FALSE;

  *push_state = g_strdup (_fl_sync_json_string (message, "pushState"));
  *changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  account = _fl_sync_json_object (_fl_sync_json_object (message, "changed"), FL_JMAP_ACCOUNT);
  if (account != NULL)
    names = json_object_get_members (account);
  for (GList *l = names; l != NULL; l = l->next)
    g_hash_table_insert (*changed, g_strdup (l->data), g_strdup (_fl_sync_json_string (account, l->data)));
  return TRUE;
}

gpointer
_fl_sync_live_states_differ_job (FlStore       *store,
                                 gpointer       job_data,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  GHashTable *changed = job_data;
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);

  /* Only the types the pull keeps: a state for anything else is not ours. */
  for (guint i = 0; i < n_types; i++)
    {
      const char *name = _fl_sync_type_name (types[i]);
      g_autofree char *key = NULL;
      g_autofree char *saved = NULL;
      GError *local = NULL;

      if (!g_hash_table_contains (changed, name))
        continue;
      key = g_strconcat ("state:", name, NULL);
      saved = fl_store_sync_get (store, key, &local);
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return NULL;
        }
      if (g_strcmp0 (saved, g_hash_table_lookup (changed, name)) != 0)
        return GINT_TO_POINTER (FL_SYNC_STATES_DIFFER);
    }
  return GINT_TO_POINTER (FL_SYNC_STATES_SAME);
}

/* fl-push-hub.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The registry of push connections and the type states they are told about.
 * The connections themselves are in fl-push-websocket.c and
 * fl-push-eventsource.c; all of it runs on the server's main thread, where
 * the commit queue emits "committed".
 */
#define G_LOG_DOMAIN "Frontline-Server"

#include "config.h"

#include <string.h>

#include "fl-push-private.h"
#include "fl-server-private.h"

struct _FlPushHub
{
  GObject        parent_instance;

  FlJmapService *service;
  FlAuth        *auth;
  GHashTable    *type_states;   /* type name -> gint64 *: the last modseq that changed it */
  gint64         push_state;    /* the greatest of them: what "pushState" says */
  GQueue         clients;       /* of FlPushClient, through their link */
  gsize          max_message;
  gboolean       closing;
};

G_DEFINE_FINAL_TYPE (FlPushHub, fl_push_hub, G_TYPE_OBJECT)

/* --- Clients ------------------------------------------------------------ */

void
_fl_push_client_init (FlPushClient            *client,
                      const FlPushClientClass *klass,
                      const char              *agent_id,
                      const char              *authorization)
{
  client->klass = klass;
  client->ref_count = 1;
  client->link.data = client;
  client->agent_id = g_strdup (agent_id);
  client->authorization = g_strdup (authorization);
}

FlPushClient *
_fl_push_client_ref (FlPushClient *client)
{
  client->ref_count++;
  return client;
}

void
_fl_push_client_unref (FlPushClient *client)
{
  if (--client->ref_count > 0)
    return;

  g_assert (client->hub == NULL);
  client->klass->finalize (client);
  g_free (client->agent_id);
  /* A bearer token: not left lying in freed memory. */
  if (client->authorization != NULL)
    explicit_bzero (client->authorization, strlen (client->authorization));
  g_free (client->authorization);
  g_clear_pointer (&client->data_types, g_hash_table_unref);
  g_free (client);
}

void
_fl_push_client_set_data_types (FlPushClient       *client,
                                const char * const *types)
{
  g_clear_pointer (&client->data_types, g_hash_table_unref);
  if (types == NULL)
    return;
  client->data_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; types[i] != NULL; i++)
    g_hash_table_add (client->data_types, g_strdup (types[i]));
}

gboolean
_fl_push_client_check_auth (FlPushClient *client)
{
  g_autoptr(GError) error = NULL;
  const char *agent_id;

  if (client->hub == NULL)
    return FALSE;
  agent_id = fl_auth_check (client->hub->auth, client->authorization, &error);
  if (agent_id != NULL && g_str_equal (agent_id, client->agent_id))
    return TRUE;

  g_debug ("Closing a push connection of %s: %s", client->agent_id,
           error != NULL ? error->message : "the token changed hands");
  client->klass->close (client, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                        "The sign-in expired or was revoked; sign in again");
  return FALSE;
}

void
_fl_push_hub_add_client (FlPushHub    *self,
                         FlPushClient *client)
{
  g_assert (FL_IS_PUSH_HUB (self));
  g_assert (client->hub == NULL);

  client->hub = self;
  _fl_push_client_ref (client);
  g_queue_push_tail_link (&self->clients, &client->link);
}

void
_fl_push_hub_remove_client (FlPushHub    *self,
                            FlPushClient *client)
{
  g_assert (FL_IS_PUSH_HUB (self));

  if (client->hub != self)
    return;
  g_queue_unlink (&self->clients, &client->link);
  client->hub = NULL;
  _fl_push_client_unref (client);
}

FlAuth *
_fl_push_hub_get_auth (FlPushHub *self)
{
  return self->auth;
}

FlJmapService *
_fl_push_hub_get_service (FlPushHub *self)
{
  return self->service;
}

gsize
_fl_push_hub_get_max_message_size (FlPushHub *self)
{
  return self->max_message;
}

gboolean
_fl_push_hub_is_closing (FlPushHub *self)
{
  return self->closing;
}

gint64
_fl_push_hub_get_push_state (FlPushHub *self)
{
  return self->push_state;
}

/* --- StateChange -------------------------------------------------------- */

/* {"@type":"StateChange","changed":{"org":{"Case":"12"}},"pushState":"12"}.
 * Written by hand: type names are the model's identifiers and states are
 * numbers, so nothing needs escaping, and this runs once per connection per
 * commit. */
char *
_fl_push_hub_build_state_change (FlPushHub    *self,
                                 FlPushClient *client,
                                 gint64        since,
                                 gsize        *length)
{
  GString *text = g_string_sized_new (128);
  GHashTableIter iter;
  gpointer key, value;
  gboolean any = FALSE;

  g_string_append (text, "{\"@type\":\"StateChange\",\"changed\":{\"" FL_JMAP_ACCOUNT_ID "\":{");
  g_hash_table_iter_init (&iter, self->type_states);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 state = *(gint64 *) value;

      if (state <= since)
        continue;
      if (client != NULL && client->data_types != NULL && !g_hash_table_contains (client->data_types, key))
        continue;
      g_string_append_printf (text, "%s\"%s\":\"%" G_GINT64_FORMAT "\"", any ? "," : "", (char *) key, state);
      any = TRUE;
    }
  g_string_append_printf (text, "}},\"pushState\":\"%" G_GINT64_FORMAT "\"}", self->push_state);

  if (!any)
    {
      g_string_free (text, TRUE);
      return NULL;
    }
  *length = text->len;
  return g_string_free (text, FALSE);
}

/* --- The hub ------------------------------------------------------------ */

static void
fl_push_hub_dispose (GObject *object)
{
  FlPushHub *self = FL_PUSH_HUB (object);

  /* Whatever is still attached is let go of, not waited for. */
  while (self->clients.head != NULL)
    _fl_push_hub_remove_client (self, self->clients.head->data);

  G_OBJECT_CLASS (fl_push_hub_parent_class)->dispose (object);
}

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
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fl_push_hub_dispose;
  object_class->finalize = fl_push_hub_finalize;
}

static void
fl_push_hub_init (FlPushHub *self)
{
  self->type_states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->max_message = 8 * 1024 * 1024;
  g_queue_init (&self->clients);
}

FlPushHub *
fl_push_hub_new (FlJmapService *service,
                 FlAuth        *auth)
{
  FlPushHub *self;

  g_return_val_if_fail (FL_IS_JMAP_SERVICE (service), NULL);
  g_return_val_if_fail (FL_IS_AUTH (auth), NULL);

  self = g_object_new (FL_TYPE_PUSH_HUB, NULL);
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
  g_return_if_fail (FL_IS_PUSH_HUB (self));
  g_return_if_fail (SOUP_IS_SERVER (server));

  _fl_push_websocket_attach (self, server, ws_path);
  _fl_push_eventsource_attach (self, server, eventsource_path);
}

void
fl_push_hub_set_max_message_size (FlPushHub *self,
                                  gsize      bytes)
{
  g_return_if_fail (FL_IS_PUSH_HUB (self));
  g_return_if_fail (bytes > 0);

  self->max_message = bytes;
}

void
fl_push_hub_set_type_state (FlPushHub  *self,
                            const char *type_name,
                            gint64      modseq)
{
  g_return_if_fail (FL_IS_PUSH_HUB (self));
  g_return_if_fail (type_name != NULL);

  g_hash_table_insert (self->type_states, g_strdup (type_name), g_memdup2 (&modseq, sizeof modseq));
  self->push_state = MAX (self->push_state, modseq);
}

/* --- Disabled agents ---------------------------------------------------- */

typedef struct
{
  FlPushHub *self;
  char      *agent_id;
} AgentCheck;

static void
agent_checked (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AgentCheck *check = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = fl_jmap_service_execute_finish (FL_JMAP_SERVICE (source), result, &error);

  if (response == NULL && g_error_matches (error, FL_JMAP_ERROR, FL_JMAP_ERROR_UNAUTHORIZED))
    {
      /* Its sign-ins end everywhere, not only here: the token check below
       * then closes this agent's connections like any revoked token. */
      fl_auth_revoke_agent (check->self->auth, check->agent_id);
      for (GList *l = check->self->clients.head; l != NULL;)
        {
          FlPushClient *client = l->data;

          l = l->next;
          if (g_str_equal (client->agent_id, check->agent_id))
            _fl_push_client_check_auth (client);
        }
    }
  g_object_unref (check->self);
  g_free (check->agent_id);
  g_free (check);
}

/* An Agent record changed: one of the connected agents may have been
 * disabled. The service refuses a disabled agent's requests, so an empty
 * request per connected agent (a read on a pooled connection) tells. */
static void
check_connected_agents (FlPushHub *self)
{
  static const char empty_request[] = "{\"using\":[],\"methodCalls\":[]}";
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GBytes) body = g_bytes_new_static (empty_request, sizeof empty_request - 1);

  for (GList *l = self->clients.head; l != NULL; l = l->next)
    {
      FlPushClient *client = l->data;
      AgentCheck *check;

      if (!g_hash_table_add (seen, client->agent_id))
        continue;
      check = g_new0 (AgentCheck, 1);
      check->self = g_object_ref (self);
      check->agent_id = g_strdup (client->agent_id);
      fl_jmap_service_execute_async (self->service, client->agent_id, body, NULL, agent_checked, check);
    }
}

void
fl_push_hub_notify (FlPushHub          *self,
                    gint64              modseq,
                    const char * const *types,
                    GArray             *type_modseqs)
{
  g_autofree char *everything = NULL;
  gsize everything_length = 0;
  gint64 since = self->push_state;

  g_return_if_fail (FL_IS_PUSH_HUB (self));

  if (types == NULL || types[0] == NULL)
    return;
  /* Each type's own state, as X/get reports it: a group commit that wrote
   * several types must not give them all the group's last modseq. */
  for (guint i = 0; types[i] != NULL; i++)
    fl_push_hub_set_type_state (self, types[i],
                                type_modseqs != NULL && i < type_modseqs->len
                                ? g_array_index (type_modseqs, gint64, i) : modseq);
  if (self->closing)
    return;

  /* Built once for every connection that takes all types. */
  everything = _fl_push_hub_build_state_change (self, NULL, since, &everything_length);
  if (everything == NULL)
    return;

  for (GList *l = self->clients.head; l != NULL;)
    {
      FlPushClient *client = l->data;

      /* Sending can end a connection and unlink it: step first. */
      l = l->next;
      if (!client->push_enabled || !_fl_push_client_check_auth (client))
        continue;
      if (client->data_types == NULL)
        client->klass->send_state_change (client, everything, everything_length, self->push_state);
      else
        {
          gsize length;
          g_autofree char *filtered = _fl_push_hub_build_state_change (self, client, since, &length);

          if (filtered != NULL)
            client->klass->send_state_change (client, filtered, length, self->push_state);
        }
    }

  if (g_strv_contains (types, "Agent"))
    check_connected_agents (self);
}

guint
fl_push_hub_get_n_clients (FlPushHub *self)
{
  g_return_val_if_fail (FL_IS_PUSH_HUB (self), 0);

  return self->clients.length;
}

void
fl_push_hub_close_all (FlPushHub *self)
{
  g_return_if_fail (FL_IS_PUSH_HUB (self));

  self->closing = TRUE;
  for (GList *l = self->clients.head; l != NULL;)
    {
      FlPushClient *client = l->data;

      l = l->next;
      client->klass->close (client, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "The server is shutting down");
    }
}

/* --- Shared by the handlers --------------------------------------------- */

const char *
_fl_push_authenticate (FlPushHub         *self,
                       SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  const char *authorization;
  const char *agent_id;

  if (self->closing)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      _fl_server_reply_problem (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "shuttingDown",
                                "The server is shutting down; try again in a moment");
      return NULL;
    }

  authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  agent_id = fl_auth_check (self->auth, authorization, &error);
  if (agent_id == NULL)
    _fl_server_reply_unauthorized (msg, error);
  return agent_id;
}

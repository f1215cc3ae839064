/* fl-push-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the push hub shares with its two kinds of connection: the WebSocket
 * (fl-push-websocket.c) and the EventSource stream (fl-push-eventsource.c).
 * Everything here runs on the server's main thread.
 */
#pragma once

#include "fl-push-hub.h"

G_BEGIN_DECLS

typedef struct _FlPushClient FlPushClient;

typedef struct
{
  /* Sends a StateChange: @json is the object's text. */
  void (*send_state_change) (FlPushClient *client,
                             const char   *json,
                             gsize         length,
                             gint64        push_state);
  /* Ends the connection: @code is a WebSocket close code (1001 going away,
   * 1008 the sign-in is no longer valid). */
  void (*close)             (FlPushClient *client,
                             gushort       code,
                             const char   *reason);
  void (*finalize)          (FlPushClient *client);
} FlPushClientClass;

/* The part both kinds of connection have; each embeds it first. */
struct _FlPushClient
{
  const FlPushClientClass *klass;
  gint                     ref_count;
  FlPushHub               *hub;            /* NULL once removed from the hub */
  GList                    link;           /* in the hub's list while attached */
  char                    *agent_id;
  /* The Authorization header the connection was opened with: checked again
   * before each push, so a revoked or expired sign-in stops receiving. */
  char                    *authorization;
  gboolean                 push_enabled;
  GHashTable              *data_types;     /* type names wanted; NULL for all */
};

FlPushClient  *_fl_push_client_ref               (FlPushClient       *client);
void           _fl_push_client_unref             (FlPushClient       *client);
/* Copies @authorization and @agent_id; the caller sets klass. */
void           _fl_push_client_init              (FlPushClient       *client,
                                                  const FlPushClientClass *klass,
                                                  const char         *agent_id,
                                                  const char         *authorization);
/* Replaces the filter: NULL or an empty-free list of type names. */
void           _fl_push_client_set_data_types    (FlPushClient       *client,
                                                  const char * const *types);
/* FALSE (and the client is closed with 1008) if its sign-in no longer holds. */
gboolean       _fl_push_client_check_auth        (FlPushClient       *client);

/* The hub keeps a reference while the client is attached. */
void           _fl_push_hub_add_client           (FlPushHub          *self,
                                                  FlPushClient       *client);
void           _fl_push_hub_remove_client        (FlPushHub          *self,
                                                  FlPushClient       *client);
FlAuth        *_fl_push_hub_get_auth             (FlPushHub          *self);
FlJmapService *_fl_push_hub_get_service          (FlPushHub          *self);
gsize          _fl_push_hub_get_max_message_size (FlPushHub          *self);
/* TRUE after fl_push_hub_close_all(): new connections are refused. */
gboolean       _fl_push_hub_is_closing           (FlPushHub          *self);
gint64         _fl_push_hub_get_push_state       (FlPushHub          *self);
/* The StateChange text for @client's filter, naming every type whose state
 * is past @since (-1: every type), or NULL when there is none to name. */
char          *_fl_push_hub_build_state_change   (FlPushHub          *self,
                                                  FlPushClient       *client,
                                                  gint64              since,
                                                  gsize              *length);
/* The handlers, attached by fl_push_hub_attach(). */
void           _fl_push_websocket_attach         (FlPushHub          *self,
                                                  SoupServer         *server,
                                                  const char         *path);
void           _fl_push_eventsource_attach       (FlPushHub          *self,
                                                  SoupServer         *server,
                                                  const char         *path);

/* The agent of the request's bearer token, or NULL after replying 401. */
const char    *_fl_push_authenticate             (FlPushHub          *self,
                                                  SoupServerMessage  *msg);

G_END_DECLS

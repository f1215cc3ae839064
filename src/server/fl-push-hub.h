/* fl-push-hub.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlPushHub keeps the push connections: JMAP over WebSocket (RFC 8887, the
 * "jmap" subprotocol: Request/Response, WebSocketPushEnable/Disable and
 * StateChange) and the EventSource stream of RFC 8620 §7.3. After each commit
 * it sends every subscriber a StateChange naming the changed types and their
 * new states, no data: clients then call X/changes. A client that reconnects
 * with the last pushState it saw is told at once about anything it missed.
 */
#pragma once

#include <libsoup/soup.h>

#include "fl-auth.h"
#include "fl-jmap-service.h"

G_BEGIN_DECLS

#define FL_TYPE_PUSH_HUB (fl_push_hub_get_type ())
G_DECLARE_FINAL_TYPE (FlPushHub, fl_push_hub, FL, PUSH_HUB, GObject)

FlPushHub  *fl_push_hub_new            (FlJmapService   *service,
                                        FlAuth          *auth);
/* Adds the WebSocket handler at @ws_path and the EventSource handler at
 * @eventsource_path to @server. */
void        fl_push_hub_attach         (FlPushHub       *self,
                                        SoupServer      *server,
                                        const char      *ws_path,
                                        const char      *eventsource_path);
/* The largest WebSocket message a client may send (the server's request
 * body limit); applies to connections opened after the call. */
void        fl_push_hub_set_max_message_size (FlPushHub *self,
                                              gsize      bytes);
/* Seeds the last modseq of a type ("Case"), read from the store at start;
 * fl_push_hub_notify() keeps it current after that. */
void        fl_push_hub_set_type_state (FlPushHub       *self,
                                        const char      *type_name,
                                        gint64           modseq);
/* Sends StateChange to every subscriber: @types are the changed type names,
 * @type_modseqs (gint64 each) their new states, @modseq the account's (the
 * pushState). */
void        fl_push_hub_notify         (FlPushHub       *self,
                                        gint64           modseq,
                                        const char * const *types,
                                        GArray          *type_modseqs);
guint       fl_push_hub_get_n_clients  (FlPushHub       *self);
/* Closes every connection (going away), for shutdown. */
void        fl_push_hub_close_all      (FlPushHub       *self);

G_END_DECLS

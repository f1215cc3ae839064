/* push-client.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The client side of push for the tests and the push benchmark: opening a
 * JMAP WebSocket with libsoup, and waiting on the main context with a
 * deadline, so that a test that does not get what it waits for fails
 * instead of hanging.
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef gboolean (*FlTestCondition) (gpointer data);

/* Iterates the thread-default main context until @condition holds or
 * @timeout_ms pass; returns whether it held. */
gboolean                 fl_test_wait_until   (FlTestCondition  condition,
                                               gpointer         data,
                                               guint            timeout_ms);
/* Opens @base_url's /jmap/ws with the "jmap" subprotocol, sending
 * "Authorization: Bearer @token" unless @token is NULL. NULL on failure, with
 * the handshake's HTTP status in @status. */
SoupWebsocketConnection *fl_test_ws_connect   (SoupSession     *session,
                                               const char      *base_url,
                                               const char      *token,
                                               guint           *status,
                                               GError         **error);

G_END_DECLS

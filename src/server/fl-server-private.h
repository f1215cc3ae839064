/* fl-server-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlServer's replies, for the handlers that live beside it (push), so that
 * every error the server sends has the same shape.
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A JSON problem details reply (RFC 7807): {"type", "status", "detail"}. */
void _fl_server_reply_problem      (SoupServerMessage *msg,
                                    guint              status,
                                    const char        *type,
                                    const char        *detail);
/* 401 with a Bearer challenge, for a missing, expired or revoked token. */
void _fl_server_reply_unauthorized (SoupServerMessage *msg,
                                    const GError      *error);

G_END_DECLS

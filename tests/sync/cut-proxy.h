/* cut-proxy.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A TCP proxy on loopback for the sync tests that can break a connection in
 * the middle of an answer, as a flaky network or a dying server does: armed,
 * it lets the first N bytes of the next JMAP API answer through and then
 * closes both sides; or it lets connections go silent. It runs on the
 * thread-default main context.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _CutProxy CutProxy;

/* Forwards to @upstream_url ("http://127.0.0.1:PORT"). */
CutProxy   *cut_proxy_new       (const char *upstream_url);
/* "http://127.0.0.1:PORT" of the proxy itself. */
const char *cut_proxy_get_url   (CutProxy   *proxy);
/* The next answer to a POST /jmap/api is cut after @n_bytes. */
void        cut_proxy_arm       (CutProxy   *proxy,
                                 gsize       n_bytes);
/* The same for the next request that starts with @request ("GET /jmap/snapshot",
 * a static string); with @stall, the connection then goes silent instead of
 * closing, as a dead network does. */
void        cut_proxy_arm_request (CutProxy   *proxy,
                                   const char *request,
                                   gsize       n_bytes,
                                   gboolean    stall);
/* The connections open now go silent both ways without closing, as when a
 * NAT forgets them; new ones work. */
void        cut_proxy_freeze    (CutProxy   *proxy);
/* How many answers were cut so far. */
guint       cut_proxy_get_cuts  (CutProxy   *proxy);
void        cut_proxy_free      (CutProxy   *proxy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutProxy, cut_proxy_free)

G_END_DECLS

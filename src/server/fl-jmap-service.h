/* fl-jmap-service.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlJmapService runs JMAP requests ({using, methodCalls}) for a signed-in agent:
 * parsing, back-references, roles, and each method. A request that only reads
 * runs on a pooled reader connection; one with an X/set runs in the commit
 * queue, so its writes are on disk before it is answered. The HTTP handler and
 * the WebSocket both call it; neither waits on it.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "fl-commit-queue.h"
#include "fl-store-pool.h"

G_BEGIN_DECLS

/* Request-level failures, answered as RFC 7807 problem details with the JMAP
 * type URI; method-level errors are inside a normal response. */
#define FL_JMAP_ERROR (fl_jmap_error_quark ())

typedef enum
{
  FL_JMAP_ERROR_NOT_JSON,              /* urn:ietf:params:jmap:error:notJSON */
  FL_JMAP_ERROR_NOT_REQUEST,           /* …:notRequest */
  FL_JMAP_ERROR_LIMIT,                 /* …:limit */
  FL_JMAP_ERROR_UNKNOWN_CAPABILITY,    /* …:unknownCapability */
  FL_JMAP_ERROR_UNAUTHORIZED,          /* the agent is gone or disabled */
  FL_JMAP_ERROR_UNAVAILABLE,           /* the database could not be read or written */
} FlJmapError;

#define FL_JMAP_CAPABILITY_CORE "urn:ietf:params:jmap:core"
#define FL_JMAP_CAPABILITY_WEBSOCKET "urn:ietf:params:jmap:websocket"
#define FL_JMAP_CAPABILITY_FRONTLINE "https://frontlinedesk.github.io/jmap/support"
/* One organisation per server: one account. */
#define FL_JMAP_ACCOUNT_ID "org"

#define FL_JMAP_MAX_CALLS_IN_REQUEST 64
#define FL_JMAP_MAX_OBJECTS_IN_GET 1000
#define FL_JMAP_MAX_OBJECTS_IN_SET 1000
#define FL_JMAP_MAX_CONCURRENT_REQUESTS 16

GQuark      fl_jmap_error_quark              (void);
const char *fl_jmap_error_type_uri           (FlJmapError          code);
/* The HTTP status a request-level error is answered with. */
guint       fl_jmap_error_http_status        (FlJmapError          code);

#define FL_TYPE_JMAP_SERVICE (fl_jmap_service_get_type ())
G_DECLARE_FINAL_TYPE (FlJmapService, fl_jmap_service, FL, JMAP_SERVICE, GObject)

/* @prefetchers read ahead for the writer (see prefetch_request()); a pool of
 * their own, so that they never keep a desktop's read waiting. */
FlJmapService *fl_jmap_service_new            (FlStorePool         *readers,
                                               FlStorePool         *prefetchers,
                                               FlCommitQueue       *writer);
/* @body is the request's JSON text, unparsed: parsing runs off the main loop too. */
void           fl_jmap_service_execute_async  (FlJmapService       *self,
                                               const char          *agent_id,
                                               GBytes              *body,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* Returns: the response's JSON text */
GBytes        *fl_jmap_service_execute_finish (FlJmapService       *self,
                                               GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS

/* fl-jmap-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the JMAP service's files share: the context a request runs in (on a
 * worker thread, with a store connection of its own) and the methods.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "fl-store.h"

G_BEGIN_DECLS

/* Method-level errors: answered as ["error", {"type", "description"}, callId]. */
#define FL_JMAP_METHOD_ERROR (fl_jmap_method_error_quark ())

typedef enum
{
  FL_JMAP_METHOD_ERROR_UNKNOWN_METHOD,
  FL_JMAP_METHOD_ERROR_INVALID_ARGUMENTS,
  FL_JMAP_METHOD_ERROR_INVALID_RESULT_REFERENCE,
  FL_JMAP_METHOD_ERROR_FORBIDDEN,
  FL_JMAP_METHOD_ERROR_ACCOUNT_NOT_FOUND,
  FL_JMAP_METHOD_ERROR_STATE_MISMATCH,
  FL_JMAP_METHOD_ERROR_CANNOT_CALCULATE_CHANGES,
  FL_JMAP_METHOD_ERROR_REQUEST_TOO_LARGE,
  FL_JMAP_METHOD_ERROR_UNSUPPORTED_FILTER,
  FL_JMAP_METHOD_ERROR_UNSUPPORTED_SORT,
  FL_JMAP_METHOD_ERROR_SERVER_FAIL,
  /* Not sent: a request found to write while running on a reader. */
  FL_JMAP_METHOD_ERROR_NEEDS_WRITER,
} FlJmapMethodError;

GQuark      fl_jmap_method_error_quark  (void);
const char *fl_jmap_method_error_type   (FlJmapMethodError  code);

typedef struct
{
  FlStore     *store;
  FlAgent     *agent;         /* who is asking, as the store has it now */
  gboolean     writable;      /* running in the commit queue */
  GHashTable  *created_ids;   /* creation id -> record id, across the request */
} FlJmapContext;

typedef JsonObject *(*FlJmapMethod) (FlJmapContext  *context,
                                     GType           type,
                                     JsonObject     *args,
                                     GError        **error);

JsonObject *fl_jmap_get             (FlJmapContext *context, GType type, JsonObject *args, GError **error);
JsonObject *fl_jmap_changes         (FlJmapContext *context, GType type, JsonObject *args, GError **error);
JsonObject *fl_jmap_query           (FlJmapContext *context, GType type, JsonObject *args, GError **error);
JsonObject *fl_jmap_query_changes   (FlJmapContext *context, GType type, JsonObject *args, GError **error);
JsonObject *fl_jmap_set             (FlJmapContext *context, GType type, JsonObject *args, GError **error);
JsonObject *fl_jmap_audit_query     (FlJmapContext *context, GType type, JsonObject *args, GError **error);

/* Shared argument checks. */
gboolean    fl_jmap_check_account   (JsonObject     *args,
                                     GError        **error);
char       *fl_jmap_type_state      (FlJmapContext  *context,
                                     GType           type,
                                     GError        **error);
gboolean    fl_jmap_parse_state     (const char     *state,
                                     gint64         *modseq);
/* Resolves a "#creationId" to the id created earlier in the request. */
const char *fl_jmap_resolve_id      (FlJmapContext  *context,
                                     const char     *id);
/* Maps a store or codec error to the method error to send. */
void        fl_jmap_propagate_store_error (GError  **error,
                                           GError   *store_error);

G_END_DECLS

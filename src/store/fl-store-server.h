/* fl-store-server.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tables only the system of record fills (migration 3): agents' passwords,
 * sign-in sessions, the desktops' applied mutations and the audit log. The
 * server's code calls these from its worker threads like any other store call.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "fl-store.h"

G_BEGIN_DECLS

/* A sign-in token is kept as its SHA-256 only. */
#define FL_TOKEN_HASH_SIZE 32

FlAgent    *fl_store_find_agent_by_login   (FlStore        *self,
                                            const char     *login,
                                            GError        **error);
gboolean    fl_store_set_password_hash     (FlStore        *self,
                                            const char     *agent_id,
                                            const char     *password_hash,
                                            GError        **error);
/* NULL with no error when the agent has no password (cannot sign in). */
char       *fl_store_get_password_hash     (FlStore        *self,
                                            const char     *agent_id,
                                            GError        **error);

gboolean    fl_store_add_session           (FlStore        *self,
                                            const guint8   *token_hash,
                                            const char     *agent_id,
                                            gint64          expires_at,
                                            const char     *address,
                                            GError        **error);
/* The agent id of a live session, or NULL (no error) if there is none or it
 * expired. @expires_at may be NULL. */
char       *fl_store_lookup_session        (FlStore        *self,
                                            const guint8   *token_hash,
                                            gint64          now,
                                            gint64         *expires_at,
                                            GError        **error);
typedef struct
{
  guint8  token_hash[FL_TOKEN_HASH_SIZE];
  char   *agent_id;
  gint64  expires_at;
} FlStoreSession;

void        fl_store_session_free          (FlStoreSession *session);
/* Every session still live at @now, for the server's in-memory table. */
GPtrArray  *fl_store_list_sessions         (FlStore        *self,
                                            gint64          now,
                                            GError        **error);
gboolean    fl_store_remove_session        (FlStore        *self,
                                            const guint8   *token_hash,
                                            GError        **error);
/* Signs an agent out everywhere (password changed, account disabled). */
gboolean    fl_store_remove_agent_sessions (FlStore        *self,
                                            const char     *agent_id,
                                            GError        **error);
gboolean    fl_store_purge_sessions        (FlStore        *self,
                                            gint64          now,
                                            GError        **error);

/* The response recorded for (client, mutation), or NULL with no error if that
 * mutation has not been applied. */
char       *fl_store_find_mutation         (FlStore        *self,
                                            const char     *client_id,
                                            gint64          mutation_id,
                                            GError        **error);
gboolean    fl_store_record_mutation       (FlStore        *self,
                                            const char     *client_id,
                                            gint64          mutation_id,
                                            const char     *method,
                                            const char     *response,
                                            GError        **error);
gboolean    fl_store_purge_mutations       (FlStore        *self,
                                            gint64          before,
                                            GError        **error);

/* @detail is a JSON text (or NULL). */
gboolean    fl_store_append_audit          (FlStore        *self,
                                            const char     *agent_id,
                                            const char     *action,
                                            const char     *type_name,
                                            const char     *record_id,
                                            gint64          modseq,
                                            const char     *detail,
                                            GError        **error);
/* Entries after @after_seq, oldest first, optionally only one record's or one
 * agent's, as a JSON array of objects {seq, at, agentId, action, type, recordId,
 * modseq, detail}. */
JsonNode   *fl_store_read_audit            (FlStore        *self,
                                            gint64          after_seq,
                                            const char     *record_id,
                                            const char     *agent_id,
                                            guint           limit,
                                            GError        **error);

G_END_DECLS

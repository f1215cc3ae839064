/* fl-store-server.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Frontline-Store"

#include "config.h"

#include <string.h>

#include "fl-store-private.h"
#include "fl-store-server.h"

FlAgent *
fl_store_find_agent_by_login (FlStore     *self,
                              const char  *login,
                              GError     **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(FlCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), NULL);
  g_return_val_if_fail (login != NULL, NULL);

  sql = g_strdup_printf ("SELECT %s FROM agents WHERE login = ?1",
                         _fl_store_columns (self, FL_TYPE_AGENT));
  stmt = _fl_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, login, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return FL_AGENT (_fl_store_read_entity (self, FL_TYPE_AGENT, stmt, 0));
  if (rc != SQLITE_DONE)
    _fl_store_set_error (self, rc, "Could not look the agent up", error);
  else
    g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND, "There is no agent “%s”", login);
  return NULL;
}

gboolean
fl_store_set_password_hash (FlStore     *self,
                            const char  *agent_id,
                            const char  *password_hash,
                            GError     **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);

  stmt = _fl_store_prepare (self,
                            "INSERT INTO credentials (agent_id, password_hash, changed_at)"
                            " VALUES (?1, ?2, ?3) ON CONFLICT (agent_id) DO UPDATE"
                            " SET password_hash = excluded.password_hash,"
                            " changed_at = excluded.changed_at", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, agent_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, password_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, fl_timestamp_now ());
  return _fl_store_step_done (self, stmt, "Could not save the password", error);
}

char *
fl_store_get_password_hash (FlStore     *self,
                            const char  *agent_id,
                            GError     **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), NULL);

  stmt = _fl_store_prepare (self, "SELECT password_hash FROM credentials WHERE agent_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, agent_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    _fl_store_set_error (self, rc, "Could not read the password", error);
  return NULL;
}

gboolean
fl_store_add_session (FlStore       *self,
                      const guint8  *token_hash,
                      const char    *agent_id,
                      gint64         expires_at,
                      const char    *address,
                      GError       **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);

  stmt = _fl_store_prepare (self,
                            "INSERT INTO sessions (token_hash, agent_id, created_at, expires_at, address)"
                            " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, token_hash, FL_TOKEN_HASH_SIZE, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, agent_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, fl_timestamp_now ());
  sqlite3_bind_int64 (stmt, 4, expires_at);
  sqlite3_bind_text (stmt, 5, address, -1, SQLITE_TRANSIENT);
  return _fl_store_step_done (self, stmt, "Could not save the session", error);
}

char *
fl_store_lookup_session (FlStore       *self,
                         const guint8  *token_hash,
                         gint64         now,
                         gint64        *expires_at,
                         GError       **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), NULL);

  stmt = _fl_store_prepare (self,
                            "SELECT agent_id, expires_at FROM sessions"
                            " WHERE token_hash = ?1 AND expires_at > ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_blob (stmt, 1, token_hash, FL_TOKEN_HASH_SIZE, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (expires_at != NULL)
        *expires_at = sqlite3_column_int64 (stmt, 1);
      return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  if (rc != SQLITE_DONE)
    _fl_store_set_error (self, rc, "Could not read the session", error);
  return NULL;
}

void
fl_store_session_free (FlStoreSession *session)
{
  if (session == NULL)
    return;
  g_free (session->agent_id);
  g_free (session);
}

GPtrArray *
fl_store_list_sessions (FlStore  *self,
                        gint64    now,
                        GError  **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), NULL);

  stmt = _fl_store_prepare (self,
                            "SELECT token_hash, agent_id, expires_at FROM sessions WHERE expires_at > ?1",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now);
  sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_store_session_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FlStoreSession *session;

      if (sqlite3_column_bytes (stmt, 0) != FL_TOKEN_HASH_SIZE)
        continue;
      session = g_new0 (FlStoreSession, 1);
      memcpy (session->token_hash, sqlite3_column_blob (stmt, 0), FL_TOKEN_HASH_SIZE);
      session->agent_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      session->expires_at = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (sessions, session);
    }
  if (rc != SQLITE_DONE)
    {
      _fl_store_set_error (self, rc, "Could not read the sessions", error);
      return NULL;
    }
  return g_steal_pointer (&sessions);
}

gboolean
fl_store_remove_session (FlStore       *self,
                         const guint8  *token_hash,
                         GError       **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);

  stmt = _fl_store_prepare (self, "DELETE FROM sessions WHERE token_hash = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, token_hash, FL_TOKEN_HASH_SIZE, SQLITE_TRANSIENT);
  return _fl_store_step_done (self, stmt, "Could not end the session", error);
}

gboolean
fl_store_remove_agent_sessions (FlStore     *self,
                                const char  *agent_id,
                                GError     **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);

  stmt = _fl_store_prepare (self, "DELETE FROM sessions WHERE agent_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, agent_id, -1, SQLITE_TRANSIENT);
  return _fl_store_step_done (self, stmt, "Could not end the agent's sessions", error);
}

gboolean
fl_store_purge_sessions (FlStore  *self,
                         gint64    now,
                         GError  **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);

  stmt = _fl_store_prepare (self, "DELETE FROM sessions WHERE expires_at <= ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  return _fl_store_step_done (self, stmt, "Could not remove expired sessions", error);
}

char *
fl_store_find_mutation (FlStore     *self,
                        const char  *client_id,
                        gint64       mutation_id,
                        GError     **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), NULL);

  stmt = _fl_store_prepare (self,
                            "SELECT response FROM mutations WHERE client_id = ?1 AND mutation_id = ?2",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, client_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, mutation_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    _fl_store_set_error (self, rc, "Could not look the mutation up", error);
  return NULL;
}

gboolean
fl_store_record_mutation (FlStore     *self,
                          const char  *client_id,
                          gint64       mutation_id,
                          const char  *method,
                          const char  *response,
                          GError     **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);

  stmt = _fl_store_prepare (self,
                            "INSERT INTO mutations (client_id, mutation_id, method, response, at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, client_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, mutation_id);
  sqlite3_bind_text (stmt, 3, method, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, response, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, fl_timestamp_now ());
  return _fl_store_step_done (self, stmt, "Could not record the mutation", error);
}

gboolean
fl_store_purge_mutations (FlStore  *self,
                          gint64    before,
                          GError  **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);

  stmt = _fl_store_prepare (self, "DELETE FROM mutations WHERE at < ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, before);
  return _fl_store_step_done (self, stmt, "Could not purge old mutations", error);
}

gboolean
fl_store_append_audit (FlStore     *self,
                       const char  *agent_id,
                       const char  *action,
                       const char  *type_name,
                       const char  *record_id,
                       gint64       modseq,
                       const char  *detail,
                       GError     **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  stmt = _fl_store_prepare (self,
                            "INSERT INTO audit_log (at, agent_id, action, type, record_id, modseq, detail)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, fl_timestamp_now ());
  sqlite3_bind_text (stmt, 2, agent_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, type_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, record_id, -1, SQLITE_TRANSIENT);
  if (modseq > 0)
    sqlite3_bind_int64 (stmt, 6, modseq);
  sqlite3_bind_text (stmt, 7, detail, -1, SQLITE_TRANSIENT);
  return _fl_store_step_done (self, stmt, "Could not write the audit log", error);
}

static void
add_text_member (JsonBuilder  *builder,
                 const char   *name,
                 sqlite3_stmt *stmt,
                 int           column)
{
  json_builder_set_member_name (builder, name);
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, column));
}

JsonNode *
fl_store_read_audit (FlStore     *self,
                     gint64       after_seq,
                     const char  *record_id,
                     const char  *agent_id,
                     guint        limit,
                     GError     **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), NULL);

  stmt = _fl_store_prepare (self,
                            "SELECT seq, at, agent_id, action, type, record_id, modseq, detail"
                            " FROM audit_log WHERE seq > ?1"
                            " AND (?2 IS NULL OR record_id = ?2) AND (?3 IS NULL OR agent_id = ?3)"
                            " ORDER BY seq LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after_seq);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, agent_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, limit);

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *at = fl_timestamp_format (sqlite3_column_int64 (stmt, 1));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "seq");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 0));
      json_builder_set_member_name (builder, "at");
      json_builder_add_string_value (builder, at);
      add_text_member (builder, "agentId", stmt, 2);
      add_text_member (builder, "action", stmt, 3);
      add_text_member (builder, "type", stmt, 4);
      add_text_member (builder, "recordId", stmt, 5);
      json_builder_set_member_name (builder, "modseq");
      if (sqlite3_column_type (stmt, 6) == SQLITE_NULL)
        json_builder_add_null_value (builder);
      else
        json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 6));
      add_text_member (builder, "detail", stmt, 7);
      json_builder_end_object (builder);
    }
  if (rc != SQLITE_DONE)
    {
      _fl_store_set_error (self, rc, "Could not read the audit log", error);
      return NULL;
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

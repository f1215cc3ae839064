/* fl-store-query.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Frontline-Store"

#include "config.h"

#include "fl-store-private.h"
#include "fl-store-query.h"

typedef enum
{
  BIND_TEXT,
  BIND_INT,
} BindKind;

typedef struct
{
  BindKind  kind;
  char     *text;
  gint64    number;
} Binding;

struct _FlStoreQuery
{
  GType          type;
  FlEntityClass *klass;
  GString       *where;      /* " AND col = ?N" … */
  GString       *order;      /* "col ASC, " … */
  GArray        *bindings;   /* of Binding */
  gboolean       id_after;   /* keyset paging: only the id order makes sense */
};

static void
binding_clear (gpointer data)
{
  Binding *binding = data;

  g_free (binding->text);
}

FlStoreQuery *
fl_store_query_new (GType type)
{
  FlStoreQuery *query;

  g_return_val_if_fail (g_type_is_a (type, FL_TYPE_ENTITY), NULL);

  query = g_new0 (FlStoreQuery, 1);
  query->type = type;
  query->klass = _fl_store_entity_class (type);
  query->where = g_string_new (NULL);
  query->order = g_string_new (NULL);
  query->bindings = g_array_new (FALSE, TRUE, sizeof (Binding));
  g_array_set_clear_func (query->bindings, binding_clear);
  return query;
}

void
fl_store_query_free (FlStoreQuery *query)
{
  if (query == NULL)
    return;
  g_string_free (query->where, TRUE);
  g_string_free (query->order, TRUE);
  g_array_unref (query->bindings);
  g_free (query);
}

/* The field's column, found by its snake_case or JSON name; NULL with an error
 * if the type has no such field or it cannot be compared. */
static const FlFieldInfo *
find_field (FlStoreQuery  *query,
            const char    *name,
            GError       **error)
{
  const FlFieldInfo *fields;
  guint n_fields;

  fields = fl_entity_class_get_fields (query->klass, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].name, name) != 0 && g_strcmp0 (fields[i].json_name, name) != 0)
        continue;
      if (fields[i].kind == FL_FIELD_TEXT_LIST || fields[i].kind == FL_FIELD_ID_LIST)
        break;
      return &fields[i];
    }

  g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_INVALID_QUERY,
               "%s has no field “%s” that a query can filter or sort on",
               query->klass->type_name, name);
  return NULL;
}

static guint
add_text_binding (FlStoreQuery *query,
                  const char   *text)
{
  Binding binding = { BIND_TEXT, g_strdup (text), 0 };

  g_array_append_val (query->bindings, binding);
  return query->bindings->len;
}

gboolean
fl_store_query_where_text (FlStoreQuery  *query,
                           const char    *field,
                           const char    *value,
                           GError       **error)
{
  const FlFieldInfo *info;

  g_return_val_if_fail (query != NULL, FALSE);

  info = find_field (query, field, error);
  if (info == NULL)
    return FALSE;

  if (value == NULL)
    g_string_append_printf (query->where, " AND %s IS NULL", info->name);
  else
    g_string_append_printf (query->where, " AND %s = ?%u", info->name,
                            add_text_binding (query, value));
  return TRUE;
}

gboolean
fl_store_query_where_any_text (FlStoreQuery        *query,
                               const char          *field,
                               const char * const  *values,
                               GError             **error)
{
  const FlFieldInfo *info;

  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (values != NULL, FALSE);

  info = find_field (query, field, error);
  if (info == NULL)
    return FALSE;

  if (values[0] == NULL)
    {
      g_string_append (query->where, " AND 0");
      return TRUE;
    }

  g_string_append_printf (query->where, " AND %s IN (", info->name);
  for (guint i = 0; values[i] != NULL; i++)
    g_string_append_printf (query->where, "%s?%u", i > 0 ? ", " : "",
                            add_text_binding (query, values[i]));
  g_string_append_c (query->where, ')');
  return TRUE;
}

gboolean
fl_store_query_where_int (FlStoreQuery  *query,
                          const char    *field,
                          gint64         value,
                          GError       **error)
{
  const FlFieldInfo *info;
  Binding binding = { BIND_INT, NULL, value };

  g_return_val_if_fail (query != NULL, FALSE);

  info = find_field (query, field, error);
  if (info == NULL)
    return FALSE;

  g_array_append_val (query->bindings, binding);
  g_string_append_printf (query->where, " AND %s = ?%u", info->name, query->bindings->len);
  return TRUE;
}

#define ID_AFTER_NEEDS_ID_ORDER "Paging after an id works in id order only: leave the sort out"

gboolean
fl_store_query_where_id_after (FlStoreQuery  *query,
                               const char    *id,
                               GError       **error)
{
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (query->order->len > 0)
    {
      g_set_error_literal (error, FL_STORE_ERROR, FL_STORE_ERROR_INVALID_QUERY, ID_AFTER_NEEDS_ID_ORDER);
      return FALSE;
    }
  query->id_after = TRUE;
  g_string_append_printf (query->where, " AND id > ?%u", add_text_binding (query, id));
  return TRUE;
}

gboolean
fl_store_query_where_case_active_since (FlStoreQuery  *query,
                                        gint64         since,
                                        GError       **error)
{
  Binding binding = { BIND_INT, NULL, since };

  g_return_val_if_fail (query != NULL, FALSE);

  if (query->type != FL_TYPE_CASE)
    {
      g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_INVALID_QUERY,
                   "Only cases can be filtered on being active: %s cannot", query->klass->type_name);
      return FALSE;
    }
  g_array_append_val (query->bindings, binding);
  /* The statuses of the cases_active_queue index; each half of the OR has an
   * index of its own. */
  g_string_append_printf (query->where,
                          " AND (status IN ('new', 'open', 'pending', 'escalated') OR updated_at >= ?%u)",
                          query->bindings->len);
  return TRUE;
}

gboolean
fl_store_query_order_by (FlStoreQuery  *query,
                         const char    *field,
                         gboolean       ascending,
                         GError       **error)
{
  const FlFieldInfo *info;

  g_return_val_if_fail (query != NULL, FALSE);

  if (query->id_after)
    {
      g_set_error_literal (error, FL_STORE_ERROR, FL_STORE_ERROR_INVALID_QUERY, ID_AFTER_NEEDS_ID_ORDER);
      return FALSE;
    }
  info = find_field (query, field, error);
  if (info == NULL)
    return FALSE;

  g_string_append_printf (query->order, "%s %s, ", info->name, ascending ? "ASC" : "DESC");
  return TRUE;
}

static void
bind_all (FlStoreQuery *query,
          sqlite3_stmt *stmt)
{
  for (guint i = 0; i < query->bindings->len; i++)
    {
      Binding *binding = &g_array_index (query->bindings, Binding, i);

      if (binding->kind == BIND_TEXT)
        sqlite3_bind_text (stmt, i + 1, binding->text, -1, SQLITE_STATIC);
      else
        sqlite3_bind_int64 (stmt, i + 1, binding->number);
    }
}

GPtrArray *
fl_store_query_run (FlStore       *store,
                    FlStoreQuery  *query,
                    guint          position,
                    guint          limit,
                    gint64        *total,
                    GError       **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(FlCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  /* The SQL text depends only on the shape of the query, so the statement
   * cache serves the same query with other values. */
  sql = g_strdup_printf ("SELECT id FROM %s WHERE 1%s ORDER BY %sid LIMIT ?%u OFFSET ?%u",
                         query->klass->table_name, query->where->str, query->order->str,
                         query->bindings->len + 1, query->bindings->len + 2);
  stmt = _fl_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  bind_all (query, stmt);
  sqlite3_bind_int64 (stmt, query->bindings->len + 1, limit);
  sqlite3_bind_int64 (stmt, query->bindings->len + 2, position);

  ids = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      _fl_store_set_error (store, rc, "Could not run the query", error);
      return NULL;
    }

  if (total != NULL)
    {
      g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE 1%s",
                                                    query->klass->table_name, query->where->str);
      g_autoptr(FlCachedStmt) count = _fl_store_prepare (store, count_sql, error);

      if (count == NULL)
        return NULL;
      bind_all (query, count);
      rc = sqlite3_step (count);
      if (rc != SQLITE_ROW)
        {
          _fl_store_set_error (store, rc, "Could not count the query's results", error);
          return NULL;
        }
      *total = sqlite3_column_int64 (count, 0);
    }

  return g_steal_pointer (&ids);
}

/* fl-store-references.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reference checks made at once, record by record. The schema's foreign keys
 * are deferred (a bulk load writes children before parents), so SQLite only
 * catches a dangling reference at COMMIT, too late to name the record at fault
 * and fatal to every other write in the transaction. The server checks each
 * record as it writes it instead; the schema's foreign key list is the one
 * source of which column points where.
 */
#define G_LOG_DOMAIN "Frontline-Store"

#include "config.h"

#include "fl-store-private.h"

/* Id lists kept as JSON text, which SQLite cannot declare as foreign keys. */
static const struct
{
  const char *column;
  const char *table;
} list_references[] = {
  { "flaw_ids", "flaws" },
  { "owned_product_ids", "products" },
};

/* The index of the field stored in @column, or -1. */
static int
field_for_column (FlEntityClass *klass,
                  const char    *column)
{
  const FlFieldInfo *fields;
  guint n_fields;

  fields = fl_entity_class_get_fields (klass, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].name, column) == 0)
      return i;
  return -1;
}

static GType
type_for_table (const char *table)
{
  const GType *types;
  guint n_types;

  types = fl_model_get_types (&n_types);
  for (guint i = 0; i < n_types; i++)
    if (g_strcmp0 (_fl_store_entity_class (types[i])->table_name, table) == 0)
      return types[i];
  return G_TYPE_INVALID;
}

/* Whether a row with column = value exists in table. */
static gboolean
row_exists (FlStore     *self,
            const char  *table,
            const char  *column,
            const char  *value,
            gboolean    *exists,
            GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE %s = ?1 LIMIT 1", table, column);
  g_autoptr(FlCachedStmt) stmt = _fl_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _fl_store_set_error (self, rc, "Could not check a reference", error);
  *exists = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
check_one (FlStore            *self,
           FlEntity           *entity,
           const FlFieldInfo  *field,
           const char         *table,
           const char         *value,
           GError            **error)
{
  gboolean exists;

  if (!row_exists (self, table, "id", value, &exists, error))
    return FALSE;
  if (!exists)
    {
      GType target = type_for_table (table);

      g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_CONSTRAINT,
                   "%s.%s: there is no %s with id %s", fl_entity_get_type_name (entity),
                   field->json_name, target != G_TYPE_INVALID
                   ? _fl_store_entity_class (target)->type_name : table, value);
      return FALSE;
    }
  return TRUE;
}

/**
 * fl_store_check_references:
 *
 * Fails with %FL_STORE_ERROR_CONSTRAINT, naming the field, if @entity refers to
 * a record that does not exist (in this transaction's view).
 */
gboolean
fl_store_check_references (FlStore   *self,
                           FlEntity  *entity,
                           GError   **error)
{
  FlEntityClass *klass;
  g_autofree char *sql = NULL;
  g_autoptr(FlCachedStmt) keys = NULL;
  const FlFieldInfo *fields;
  guint n_fields;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);
  g_return_val_if_fail (FL_IS_ENTITY (entity), FALSE);

  klass = FL_ENTITY_GET_CLASS (entity);
  fields = fl_entity_class_get_fields (klass, &n_fields);

  sql = g_strdup_printf ("SELECT \"from\", \"table\" FROM pragma_foreign_key_list ('%s')",
                         klass->table_name);
  keys = _fl_store_prepare (self, sql, error);
  if (keys == NULL)
    return FALSE;

  while ((rc = sqlite3_step (keys)) == SQLITE_ROW)
    {
      const char *column = (const char *) sqlite3_column_text (keys, 0);
      const char *table = (const char *) sqlite3_column_text (keys, 1);
      int index = field_for_column (klass, column);
      const char *value;

      if (index < 0)
        continue;
      value = fl_entity_get_text (entity, index);
      if (value != NULL && !check_one (self, entity, &fields[index], table, value, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return _fl_store_set_error (self, rc, "Could not read the schema", error);

  for (guint i = 0; i < G_N_ELEMENTS (list_references); i++)
    {
      int index = field_for_column (klass, list_references[i].column);
      const char * const *values;

      if (index < 0)
        continue;
      values = fl_entity_get_list (entity, index);
      for (guint j = 0; values != NULL && values[j] != NULL; j++)
        if (!check_one (self, entity, &fields[index], list_references[i].table, values[j], error))
          return FALSE;
    }

  return TRUE;
}

/**
 * fl_store_check_unreferenced:
 *
 * Fails with %FL_STORE_ERROR_CONSTRAINT if other records still refer to the
 * record, naming the first kind found: what destroying it would break.
 */
gboolean
fl_store_check_unreferenced (FlStore     *self,
                             GType        type,
                             const char  *id,
                             GError     **error)
{
  FlEntityClass *klass;
  const GType *types;
  guint n_types;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  klass = _fl_store_entity_class (type);
  types = fl_model_get_types (&n_types);

  for (guint i = 0; i < n_types; i++)
    {
      FlEntityClass *other = _fl_store_entity_class (types[i]);
      g_autofree char *sql = g_strdup_printf ("SELECT \"from\" FROM pragma_foreign_key_list ('%s')"
                                              " WHERE \"table\" = ?1", other->table_name);
      g_autoptr(FlCachedStmt) keys = _fl_store_prepare (self, sql, error);
      int rc;

      if (keys == NULL)
        return FALSE;
      sqlite3_bind_text (keys, 1, klass->table_name, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (keys)) == SQLITE_ROW)
        {
          const char *column = (const char *) sqlite3_column_text (keys, 0);
          gboolean exists;

          if (!row_exists (self, other->table_name, column, id, &exists, error))
            return FALSE;
          if (exists)
            {
              g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_CONSTRAINT,
                           "%s %s is still referred to by a %s (%s)", klass->type_name, id,
                           other->type_name, column);
              return FALSE;
            }
        }
      if (rc != SQLITE_DONE)
        return _fl_store_set_error (self, rc, "Could not read the schema", error);
    }

  if (type == FL_TYPE_FLAW)
    {
      gboolean exists;

      if (!row_exists (self, "case_flaws", "flaw_id", id, &exists, error))
        return FALSE;
      if (exists)
        {
          g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_CONSTRAINT,
                       "Flaw %s is still linked to cases", id);
          return FALSE;
        }
    }

  return TRUE;
}

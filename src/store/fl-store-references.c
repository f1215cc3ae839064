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

/* The foreign keys of @klass's table: column, table it points to, column,
 * table, …, NULL. Read from the schema once per connection: the pragma is
 * compiled each time it runs, which cost the server's writer a few per cent
 * of its time, once per record written. */
static const char * const *
foreign_keys (FlStore        *self,
              FlEntityClass  *klass,
              GError        **error)
{
  GType type = G_TYPE_FROM_CLASS (klass);
  g_autofree char *sql = NULL;
  g_autoptr(FlCachedStmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  const char * const *keys;
  int rc;

  keys = g_hash_table_lookup (self->foreign_keys, GSIZE_TO_POINTER (type));
  if (keys != NULL)
    return keys;

  sql = g_strdup_printf ("SELECT \"from\", \"table\" FROM pragma_foreign_key_list ('%s')",
                         klass->table_name);
  stmt = _fl_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  builder = g_strv_builder_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
      g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 1));
    }
  if (rc != SQLITE_DONE)
    {
      _fl_store_set_error (self, rc, "Could not read the schema", error);
      return NULL;
    }
  keys = (const char * const *) g_strv_builder_end (builder);
  g_hash_table_insert (self->foreign_keys, GSIZE_TO_POINTER (type), (gpointer) keys);
  return keys;
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
  const char * const *keys;
  const FlFieldInfo *fields;
  guint n_fields;

  g_return_val_if_fail (FL_IS_STORE (self), FALSE);
  g_return_val_if_fail (FL_IS_ENTITY (entity), FALSE);

  klass = FL_ENTITY_GET_CLASS (entity);
  fields = fl_entity_class_get_fields (klass, &n_fields);

  keys = foreign_keys (self, klass, error);
  if (keys == NULL)
    return FALSE;

  for (guint i = 0; keys[i] != NULL; i += 2)
    {
      int index = field_for_column (klass, keys[i]);
      const char *value;

      if (index < 0)
        continue;
      value = fl_entity_get_text (entity, index);
      if (value != NULL && !check_one (self, entity, &fields[index], keys[i + 1], value, error))
        return FALSE;
    }

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

/**
 * fl_store_prefetch_write:
 *
 * Walks, read only, to where writing @entity will go: for each index of its
 * table that starts with an id column (its own id, the customer it is for, the
 * case it belongs to…), the page that holds that key; then the records it
 * refers to, as fl_store_check_references() reads them. On a database larger
 * than memory these are random pages of large indexes, and the writer, which
 * every write waits for, would otherwise read them from disk one at a time.
 * Errors are ignored: this only warms caches, and the write checks everything
 * again.
 */
/* For each index of @klass's table that starts with an id column: that
 * column, and a query that walks the index to a key; NULL-terminated. Read
 * from the schema once per connection. Partial indexes are left out: INDEXED
 * BY refuses them for a query whose WHERE does not imply theirs. */
static const char * const *
index_probes (FlStore       *self,
              FlEntityClass *klass)
{
  GType type = G_TYPE_FROM_CLASS (klass);
  g_autoptr(FlCachedStmt) indexes = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  const char * const *probes;
  const FlFieldInfo *fields;

  probes = g_hash_table_lookup (self->index_probes, GSIZE_TO_POINTER (type));
  if (probes != NULL)
    return probes;

  indexes = _fl_store_prepare (self,
                               "SELECT il.name, ii.name FROM pragma_index_list (?1) il"
                               "  JOIN pragma_index_info (il.name) ii"
                               "  WHERE ii.seqno = 0 AND NOT il.partial", NULL);
  if (indexes == NULL)
    return NULL;
  fields = fl_entity_class_get_fields (klass, NULL);
  builder = g_strv_builder_new ();
  sqlite3_bind_text (indexes, 1, klass->table_name, -1, SQLITE_STATIC);
  while (sqlite3_step (indexes) == SQLITE_ROW)
    {
      const char *column = (const char *) sqlite3_column_text (indexes, 1);
      int field = field_for_column (klass, column);
      g_autofree char *sql = NULL;

      if (field < 0 || fields[field].kind != FL_FIELD_ID)
        continue;
      /* INDEXED BY: never a scan of the table, whatever the planner thinks. */
      sql = g_strdup_printf ("SELECT 1 FROM \"%s\" INDEXED BY \"%s\" WHERE \"%s\" = ?1 LIMIT 1",
                             klass->table_name, (const char *) sqlite3_column_text (indexes, 0), column);
      g_strv_builder_add (builder, column);
      g_strv_builder_add (builder, sql);
    }
  probes = (const char * const *) g_strv_builder_end (builder);
  g_hash_table_insert (self->index_probes, GSIZE_TO_POINTER (type), (gpointer) probes);
  return probes;
}

/**
 * fl_store_prefetch_write:
 *
 * Walks, read only, to where writing @entity will go: for each index of its
 * table that starts with an id column (its own id, the customer it is for, the
 * case it belongs to…), the page that holds that key; then the records it
 * refers to, as fl_store_check_references() reads them. On a database larger
 * than memory these are random pages of large indexes, and the writer, which
 * every write waits for, would otherwise read them from disk one at a time.
 * Errors are ignored: this only warms caches, and the write checks everything
 * again.
 */
void
fl_store_prefetch_write (FlStore  *self,
                         FlEntity *entity)
{
  FlEntityClass *klass;
  const char * const *probes;

  g_return_if_fail (FL_IS_STORE (self));
  g_return_if_fail (FL_IS_ENTITY (entity));

  klass = FL_ENTITY_GET_CLASS (entity);
  probes = index_probes (self, klass);
  for (guint i = 0; probes != NULL && probes[i] != NULL; i += 2)
    {
      const char *value = fl_entity_get_text (entity, field_for_column (klass, probes[i]));
      g_autoptr(FlCachedStmt) probe = NULL;

      if (value == NULL || (probe = _fl_store_prepare (self, probes[i + 1], NULL)) == NULL)
        continue;
      sqlite3_bind_text (probe, 1, value, -1, SQLITE_STATIC);
      sqlite3_step (probe);
    }

  fl_store_check_references (self, entity, NULL);
}

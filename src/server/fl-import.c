/* fl-import.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The importer goes over the file twice: once to check every record and report
 * every problem, once to write. Decoding a record again costs far less than
 * holding a million decoded records between the two passes.
 */
#define G_LOG_DOMAIN "Frontline-Server"

#include "config.h"

#include <string.h>

#include "fl-import-private.h"
#include "fl-store-server.h"

typedef struct
{
  const char *name;      /* as --type spells it */
  const char *singular;
  GType     (*get_type) (void);
} ImportableType;

/* In the order they are written: a record comes after those it refers to. */
static const ImportableType importable[] = {
  { "products", "product", fl_product_get_type },
  { "customers", "customer", fl_customer_get_type },
  { "ownerships", "ownership", fl_ownership_get_type },
};

typedef struct
{
  GType (*type)   (void);
  guint   field;
  GType (*target) (void);
} Reference;

/* What must exist, in the database or earlier in the same file, for a record
 * to be written; the database would refuse the whole commit otherwise, without
 * saying which line. */
static const Reference references[] = {
  { fl_ownership_get_type, FL_OWNERSHIP_FIELD_CUSTOMER_ID, fl_customer_get_type },
  { fl_ownership_get_type, FL_OWNERSHIP_FIELD_PRODUCT_ID, fl_product_get_type },
};

G_DEFINE_QUARK (fl-import-error-quark, fl_import_error)

static const ImportableType *
find_importable (GType type)
{
  for (guint i = 0; i < G_N_ELEMENTS (importable); i++)
    if (importable[i].get_type () == type)
      return &importable[i];
  return NULL;
}

GType
fl_import_type_from_name (const char *name)
{
  g_return_val_if_fail (name != NULL, G_TYPE_INVALID);

  for (guint i = 0; i < G_N_ELEMENTS (importable); i++)
    if (g_ascii_strcasecmp (name, importable[i].name) == 0)
      return importable[i].get_type ();
  return G_TYPE_INVALID;
}

const char *
fl_import_get_type_names (void)
{
  return "customers, products, ownerships";
}

char *
fl_import_describe_count (GType type,
                          guint count)
{
  const ImportableType *info = find_importable (type);

  g_return_val_if_fail (info != NULL, NULL);

  return g_strdup_printf ("%u %s", count, count == 1 ? info->singular : info->name);
}

void
_fl_import_report (FlImport   *import,
                   guint       line,
                   const char *message)
{
  g_autofree char *text = g_strdup_printf ("%s:%u: %s", import->display, line, message);

  import->n_problems++;
  if (import->report != NULL)
    import->report (text, import->report_data);
}

void
_fl_import_note (FlImport   *import,
                 const char *message)
{
  g_autofree char *text = g_strdup_printf ("%s: %s", import->display, message);

  if (import->report != NULL)
    import->report (text, import->report_data);
}

/* Decides from the name alone, and only when exactly one type fits: guessing
 * wrong would import customers as products. */
gboolean
_fl_import_guess_type (FlImport  *import,
                       GType     *type,
                       GError   **error)
{
  g_autofree char *base = g_path_get_basename (import->path);
  g_autofree char *lower = g_ascii_strdown (base, -1);
  GType found = G_TYPE_INVALID;

  for (guint i = 0; i < G_N_ELEMENTS (importable); i++)
    if (strstr (lower, importable[i].singular) != NULL)
      {
        if (found != G_TYPE_INVALID)
          {
            found = G_TYPE_INVALID;
            break;
          }
        found = importable[i].get_type ();
      }

  if (found == G_TYPE_INVALID)
    {
      g_set_error (error, FL_IMPORT_ERROR, FL_IMPORT_ERROR_USAGE,
                   "Cannot tell from its name what %s holds: add --type with one of %s",
                   import->display, fl_import_get_type_names ());
      return FALSE;
    }

  *type = found;
  return TRUE;
}

void
_fl_import_add_section (FlImport  *import,
                        GType      type,
                        JsonArray *records,
                        GArray    *lines)
{
  FlImportSection section = { type, records, lines };
  FlImportCount count = { type, 0 };

  g_array_append_val (import->sections, section);
  g_array_append_val (import->counts, count);
}

gboolean
_fl_import_type_is_importable (GType type)
{
  return find_importable (type) != NULL;
}

/* Makes a record of the file ready for the codec. The modseq belongs to the
 * database the record came from (an export): this one assigns its own. The
 * codec needs an id, and a new record in a file often has none. */
void
_fl_import_prepare_object (JsonObject *object)
{
  if (json_object_has_member (object, "modseq"))
    json_object_remove_member (object, "modseq");

  if (!json_object_has_member (object, "id") || json_object_get_null_member (object, "id"))
    {
      g_autofree char *id = fl_id_new ();

      json_object_set_string_member (object, "id", id);
    }
}

/* Trusted decoding, because the file is the administrator's own: createdAt
 * comes through, so that an export imported elsewhere keeps its history. */
static FlEntity *
decode_record (FlImportRow  *row,
               GError      **error)
{
  g_autoptr(FlEntity) entity = NULL;

  entity = fl_json_decode (row->type, row->node, FL_JSON_DECODE_TRUSTED, error);
  if (entity == NULL)
    return NULL;

  if (fl_entity_get_created_at (entity) == 0)
    fl_entity_set_created_at (entity, fl_timestamp_now ());
  return g_steal_pointer (&entity);
}

static GHashTable *
ids_of_type (FlImport *import,
             GType     type)
{
  GHashTable *ids = g_hash_table_lookup (import->ids, GSIZE_TO_POINTER (type));

  if (ids == NULL)
    {
      ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (import->ids, GSIZE_TO_POINTER (type), ids);
    }
  return ids;
}

/* Two records of a file with one id would be one record, the second replacing
 * the first: surely not what the file meant. */
static gboolean
remember_id (FlImport     *import,
             FlEntity     *entity,
             guint         line,
             GError      **problem)
{
  GHashTable *ids = ids_of_type (import, G_OBJECT_TYPE (entity));
  const char *id = fl_entity_get_id (entity);
  gpointer first_line;

  if (g_hash_table_lookup_extended (ids, id, NULL, &first_line))
    {
      g_set_error (problem, FL_IMPORT_ERROR, FL_IMPORT_ERROR_INVALID,
                   "%s.id: %s is on line %u as well", fl_entity_get_type_name (entity), id,
                   GPOINTER_TO_UINT (first_line));
      return FALSE;
    }
  g_hash_table_insert (ids, g_strdup (id), GUINT_TO_POINTER (line));
  return TRUE;
}

/* Sets @problem when a reference leads nowhere; returns FALSE only when the
 * database could not be read. */
static gboolean
check_references (FlImport  *import,
                  FlEntity  *entity,
                  GError   **problem,
                  GError   **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (references); i++)
    {
      const Reference *reference = &references[i];
      GType target = reference->target ();
      const char *id;
      g_autoptr(FlEntity) found = NULL;
      g_autoptr(GError) local_error = NULL;

      if (G_OBJECT_TYPE (entity) != reference->type ())
        continue;

      id = fl_entity_get_text (entity, reference->field);
      if (id == NULL
          || g_hash_table_contains (ids_of_type (import, target), id)
          || g_hash_table_contains (import->known, id))
        continue;

      found = fl_store_get (import->store, target, id, &local_error);
      if (found != NULL)
        {
          g_hash_table_add (import->known, g_strdup (id));
          continue;
        }
      if (!g_error_matches (local_error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      {
        const FlFieldInfo *fields = fl_entity_class_get_fields (FL_ENTITY_GET_CLASS (entity), NULL);
        g_autoptr(GTypeClass) target_class = g_type_class_ref (target);

        g_set_error (problem, FL_IMPORT_ERROR, FL_IMPORT_ERROR_INVALID,
                     "%s.%s: there is no %s %s, in the database or in this file",
                     fl_entity_get_type_name (entity), fields[reference->field].json_name,
                     fl_entity_class_get_type_name (FL_ENTITY_CLASS (target_class)), id);
        return TRUE;
      }
    }
  return TRUE;
}

static gboolean
check_row (FlImport     *import,
           FlImportRow  *row,
           GError      **error)
{
  g_autoptr(FlEntity) entity = NULL;
  g_autoptr(GError) problem = NULL;

  if (row->problem != NULL)
    {
      _fl_import_report (import, row->line, row->problem->message);
      return TRUE;
    }

  entity = decode_record (row, &problem);
  if (entity != NULL && remember_id (import, entity, row->line, &problem)
      && !check_references (import, entity, &problem, error))
    return FALSE;

  if (problem != NULL)
    _fl_import_report (import, row->line, problem->message);
  return TRUE;
}

static gboolean
write_row (FlImport     *import,
           FlImportRow  *row,
           GError      **error)
{
  g_autoptr(FlEntity) entity = NULL;

  /* The first pass accepted this row: failing now means the file changed
   * between the passes, or the database refused. */
  if (row->problem != NULL)
    {
      g_set_error (error, FL_IMPORT_ERROR, FL_IMPORT_ERROR_INVALID, "%s:%u: %s",
                   import->display, row->line, row->problem->message);
      return FALSE;
    }

  entity = decode_record (row, error);
  if (entity == NULL
      || !fl_store_put (import->store, entity,
                        FL_STORE_PUT_ASSIGN_MODSEQ | FL_STORE_PUT_TRUSTED, error))
    {
      g_prefix_error (error, "%s:%u: ", import->display, row->line);
      return FALSE;
    }

  g_array_index (import->counts, FlImportCount, row->section).count++;
  return TRUE;
}

static gboolean
for_each_row (FlImport         *import,
              FlImportRowFunc   func,
              GError          **error)
{
  for (guint i = 0; i < import->sections->len; i++)
    {
      FlImportSection *section = &g_array_index (import->sections, FlImportSection, i);
      gboolean ok;

      if (section->records != NULL)
        ok = _fl_import_json_each_row (import, i, func, error);
      else
        ok = _fl_import_csv_each_row (import, i, func, error);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static gboolean
append_audit (FlImport  *import,
              GError   **error)
{
  for (guint i = 0; i < import->counts->len; i++)
    {
      FlImportCount *count = &g_array_index (import->counts, FlImportCount, i);
      g_autoptr(JsonBuilder) builder = NULL;
      g_autoptr(JsonNode) detail = NULL;
      g_autoptr(GTypeClass) klass = NULL;
      g_autofree char *text = NULL;

      if (count->count == 0)
        continue;

      builder = json_builder_new ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, import->display);
      json_builder_set_member_name (builder, "count");
      json_builder_add_int_value (builder, count->count);
      json_builder_end_object (builder);
      detail = json_builder_get_root (builder);
      text = json_to_string (detail, FALSE);

      klass = g_type_class_ref (count->type);
      if (!fl_store_append_audit (import->store, NULL, "import",
                                  fl_entity_class_get_type_name (FL_ENTITY_CLASS (klass)), NULL,
                                  fl_store_get_modseq (import->store), text, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
resolve_format (FlImport        *import,
                FlImportFormat  *format,
                GError         **error)
{
  g_autofree char *base = NULL;
  const char *dot;

  if (*format != FL_IMPORT_FORMAT_AUTO)
    return TRUE;

  base = g_path_get_basename (import->path);
  dot = strrchr (base, '.');
  if (dot != NULL && g_ascii_strcasecmp (dot, ".csv") == 0)
    *format = FL_IMPORT_FORMAT_CSV;
  else if (dot != NULL && g_ascii_strcasecmp (dot, ".json") == 0)
    *format = FL_IMPORT_FORMAT_JSON;
  else
    {
      g_set_error (error, FL_IMPORT_ERROR, FL_IMPORT_ERROR_USAGE,
                   "Cannot tell from its name whether %s is CSV or JSON: add --format csv "
                   "or --format json", import->display);
      return FALSE;
    }
  return TRUE;
}

static void
import_clear (FlImport *import)
{
  g_clear_pointer (&import->display, g_free);
  g_clear_pointer (&import->sections, g_array_unref);
  g_clear_pointer (&import->counts, g_array_unref);
  g_clear_pointer (&import->ids, g_hash_table_unref);
  g_clear_pointer (&import->known, g_hash_table_unref);
  _fl_import_csv_clear (import);
  _fl_import_json_clear (import);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FlImport, import_clear)

GArray *
fl_import_file (FlStore             *store,
                const char          *path,
                GType                type,
                FlImportFormat       format,
                FlImportReportFunc   report,
                gpointer             user_data,
                GError             **error)
{
  g_auto(FlImport) import = { 0 };
  gboolean opened;

  g_return_val_if_fail (FL_IS_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (type == G_TYPE_INVALID || find_importable (type) != NULL, NULL);

  import.store = store;
  import.path = path;
  import.display = g_filename_display_name (path);
  import.report = report;
  import.report_data = user_data;
  import.sections = g_array_new (FALSE, TRUE, sizeof (FlImportSection));
  import.counts = g_array_new (FALSE, TRUE, sizeof (FlImportCount));
  import.ids = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref);
  import.known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!resolve_format (&import, &format, error))
    return NULL;
  if (format == FL_IMPORT_FORMAT_CSV)
    opened = _fl_import_csv_open (&import, type, error);
  else
    opened = _fl_import_json_open (&import, type, error);
  if (!opened)
    return NULL;

  if (!for_each_row (&import, check_row, error))
    return NULL;
  if (import.n_problems > 0)
    {
      g_set_error (error, FL_IMPORT_ERROR, FL_IMPORT_ERROR_INVALID,
                   "%s: %u %s with problems; nothing was imported", import.display,
                   import.n_problems, import.n_problems == 1 ? "record" : "records");
      return NULL;
    }

  /* One transaction: if anything fails, or the process dies half-way, the
   * database is as it was before. */
  if (!fl_store_begin (store, error))
    return NULL;
  if (!for_each_row (&import, write_row, error) || !append_audit (&import, error))
    {
      fl_store_rollback (store);
      return NULL;
    }
  if (!fl_store_commit (store, error))
    return NULL;

  return g_steal_pointer (&import.counts);
}

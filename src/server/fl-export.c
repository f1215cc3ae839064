/* fl-export.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Export pages through each type's ids in id order and writes each record as
 * soon as it is read. It takes no lock: the server goes on writing meanwhile,
 * and a record destroyed between reading a page of ids and reading the record
 * is simply not exported. For a copy of one instant, use backup.
 */
#define G_LOG_DOMAIN "Frontline-Server"

#include "config.h"

#include <string.h>

#include "fl-export.h"
#include "fl-store-query.h"

/* Ids per page: enough that the query's cost is spread thin, few enough that
 * a page of ids is a small allocation. */
#define EXPORT_PAGE_SIZE 5000

static gboolean
write_text (GOutputStream  *stream,
            const char     *text,
            GCancellable   *cancellable,
            GError        **error)
{
  return g_output_stream_write_all (stream, text, strlen (text), NULL, cancellable, error);
}

static gboolean
export_type (FlStore        *store,
             GType           type,
             GOutputStream  *stream,
             guint64        *n_records,
             GCancellable   *cancellable,
             GError        **error)
{
  g_autoptr(FlStoreQuery) query = fl_store_query_new (type);
  gboolean first = TRUE;
  guint position = 0;

  for (;;)
    {
      g_autoptr(GPtrArray) ids = NULL;

      ids = fl_store_query_run (store, query, position, EXPORT_PAGE_SIZE, NULL, error);
      if (ids == NULL)
        return FALSE;

      for (guint i = 0; i < ids->len; i++)
        {
          g_autoptr(GError) local_error = NULL;
          g_autoptr(FlEntity) entity = NULL;
          g_autofree char *text = NULL;

          entity = fl_store_get (store, type, g_ptr_array_index (ids, i), &local_error);
          if (entity == NULL)
            {
              /* Destroyed since its page was read: it is no longer there to export. */
              if (g_error_matches (local_error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND))
                continue;
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }

          text = fl_json_encode_string (entity);
          if (!write_text (stream, first ? "\n" : ",\n", cancellable, error)
              || !write_text (stream, text, cancellable, error))
            return FALSE;
          first = FALSE;
          (*n_records)++;
        }

      if (ids->len < EXPORT_PAGE_SIZE)
        break;
      position += ids->len;
    }

  return write_text (stream, first ? "]" : "\n]", cancellable, error);
}

/**
 * fl_export_to_stream:
 * @stream: where the JSON goes; not closed
 *
 * Writes one JSON object with a member per record type, in fl_model_get_types()
 * order, one record per line.
 */
gboolean
fl_export_to_stream (FlStore        *store,
                     GOutputStream  *stream,
                     guint64        *n_records,
                     GCancellable   *cancellable,
                     GError        **error)
{
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);
  guint64 written = 0;

  g_return_val_if_fail (FL_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  if (!write_text (stream, "{", cancellable, error))
    return FALSE;

  for (guint i = 0; i < n_types; i++)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (types[i]);
      g_autofree char *opening = NULL;

      opening = g_strdup_printf ("%s\"%s\":[", i > 0 ? ",\n" : "",
                                 fl_entity_class_get_type_name (FL_ENTITY_CLASS (klass)));
      if (!write_text (stream, opening, cancellable, error)
          || !export_type (store, types[i], stream, &written, cancellable, error))
        return FALSE;
    }

  if (!write_text (stream, "}\n", cancellable, error))
    return FALSE;

  if (n_records != NULL)
    *n_records = written;
  return TRUE;
}

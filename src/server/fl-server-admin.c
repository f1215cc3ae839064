/* fl-server-admin.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The admin subcommands' dispatch, and import, export and backup; the user
 * subcommands are in fl-server-admin-user.c.
 */
#define G_LOG_DOMAIN "Frontline-Server"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>

#include "fl-export.h"
#include "fl-import.h"
#include "fl-server-admin.h"
#include "fl-server-admin-private.h"

/* Big enough that a million records are not a million write() calls. */
#define EXPORT_BUFFER_SIZE (256 * 1024)

gboolean
_fl_admin_parse_args (GOptionContext   *context,
                      const char       *usage,
                      int              *argc,
                      char           ***argv,
                      int               min_args,
                      int               max_args,
                      GError          **error)
{
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;

  if (*argc - 1 < min_args || *argc - 1 > max_args)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "usage: %s", usage);
      return FALSE;
    }
  return TRUE;
}

/* Admin writes are acknowledged like the server's: once they are on disk. */
FlStore *
_fl_admin_open_store (const char  *db_path,
                      GError     **error)
{
  g_autoptr(FlStore) store = fl_store_open (db_path, error);

  if (store == NULL || !fl_store_set_durable (store, TRUE, error))
    return NULL;
  return g_steal_pointer (&store);
}

FlStore *
_fl_admin_parse_and_open (GOptionContext   *context,
                          const char       *usage,
                          const char       *db_path,
                          int              *argc,
                          char           ***argv,
                          int               min_args,
                          int               max_args,
                          GError          **error)
{
  if (!_fl_admin_parse_args (context, usage, argc, argv, min_args, max_args, error))
    return NULL;
  return _fl_admin_open_store (db_path, error);
}

static void
print_report (const char *message,
              gpointer    user_data)
{
  g_printerr ("%s\n", message);
}

static gboolean
admin_import (const char  *db_path,
              int          argc,
              char       **argv,
              GError     **error)
{
  g_autofree char *type_name = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *type_help = g_strdup_printf ("What the file holds: %s (default: from the "
                                                "file's name)", fl_import_get_type_names ());
  const GOptionEntry entries[] = {
    { "type", 0, 0, G_OPTION_ARG_STRING, &type_name, type_help, "TYPE" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name,
      "csv or json (default: from the file's extension)", "FORMAT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE");
  g_autoptr(FlStore) store = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GError) local_error = NULL;
  GType type = G_TYPE_INVALID;
  FlImportFormat format = FL_IMPORT_FORMAT_AUTO;

  g_option_context_set_summary (context, "Imports customers, products or ownerships from CSV "
                                "(a header row of field names) or JSON. Every record is checked "
                                "first; one bad record and nothing is imported.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_fl_admin_parse_args (context, "import FILE [--type TYPE] [--format csv|json]",
                             &argc, &argv, 1, 1, error))
    return FALSE;

  if (type_name != NULL && (type = fl_import_type_from_name (type_name)) == G_TYPE_INVALID)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "“%s” is not something import takes: use one of %s", type_name,
                   fl_import_get_type_names ());
      return FALSE;
    }
  if (g_strcmp0 (format_name, "csv") == 0)
    format = FL_IMPORT_FORMAT_CSV;
  else if (g_strcmp0 (format_name, "json") == 0)
    format = FL_IMPORT_FORMAT_JSON;
  else if (format_name != NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "“%s” is not a format import reads: use csv or json", format_name);
      return FALSE;
    }

  store = _fl_admin_open_store (db_path, error);
  if (store == NULL)
    return FALSE;

  counts = fl_import_file (store, argv[1], type, format, print_report, NULL, &local_error);
  if (counts == NULL)
    {
      if (g_error_matches (local_error, FL_IMPORT_ERROR, FL_IMPORT_ERROR_USAGE))
        g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                             local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  for (guint i = 0; i < counts->len; i++)
    {
      FlImportCount *count = &g_array_index (counts, FlImportCount, i);
      g_autofree char *described = fl_import_describe_count (count->type, count->count);

      g_print ("Imported %s.\n", described);
    }
  if (counts->len == 0)
    g_print ("Imported nothing: the file holds no %s.\n", fl_import_get_type_names ());
  return TRUE;
}

/* To a file, the export is written beside it and renamed into place when
 * complete, so a failed export never leaves half a file under that name. */
static gboolean
export_to_file (FlStore     *store,
                const char  *path,
                GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) file_stream = NULL;
  g_autoptr(GOutputStream) buffered = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  guint64 n_records = 0;

  file_stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  if (file_stream == NULL)
    return FALSE;
  buffered = g_buffered_output_stream_new_sized (G_OUTPUT_STREAM (file_stream),
                                                 EXPORT_BUFFER_SIZE);
  g_filter_output_stream_set_close_base_stream (G_FILTER_OUTPUT_STREAM (buffered), FALSE);

  if (!fl_export_to_stream (store, buffered, &n_records, NULL, error)
      || !g_output_stream_close (buffered, NULL, error)
      || !g_output_stream_close (G_OUTPUT_STREAM (file_stream), NULL, error))
    {
      /* Closing with a cancelled cancellable drops the temporary file and
       * leaves whatever was at @path before. */
      cancellable = g_cancellable_new ();
      g_cancellable_cancel (cancellable);
      g_output_stream_close (G_OUTPUT_STREAM (file_stream), cancellable, NULL);
      return FALSE;
    }

  g_print ("Exported %" G_GUINT64_FORMAT " records to %s.\n", n_records, path);
  return TRUE;
}

static gboolean
export_to_stdout (FlStore  *store,
                  GError  **error)
{
  g_autoptr(GOutputStream) out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  g_autoptr(GOutputStream) buffered = g_buffered_output_stream_new_sized (out,
                                                                           EXPORT_BUFFER_SIZE);

  /* Whatever g_print() wrote must come first. */
  fflush (stdout);
  return fl_export_to_stream (store, buffered, NULL, NULL, error)
         && g_output_stream_close (buffered, NULL, error);
}

static gboolean
admin_export (const char  *db_path,
              int          argc,
              char       **argv,
              GError     **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("[FILE]");
  g_autoptr(FlStore) store = NULL;

  g_option_context_set_summary (context, "Writes every record as JSON, {\"Agent\": […], …}, to "
                                "FILE or to standard output. Passwords are not exported.");
  store = _fl_admin_parse_and_open (context, "export [FILE]", db_path, &argc, &argv, 0, 1, error);
  if (store == NULL)
    return FALSE;

  if (argc == 2)
    return export_to_file (store, argv[1], error);
  return export_to_stdout (store, error);
}

static gboolean
admin_backup (const char  *db_path,
              int          argc,
              char       **argv,
              GError     **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE");
  g_autoptr(FlStore) store = NULL;

  g_option_context_set_summary (context, "Copies the database to FILE, a new file, consistently "
                                "even while the server is writing.");
  store = _fl_admin_parse_and_open (context, "backup FILE", db_path, &argc, &argv, 1, 1, error);
  if (store == NULL || !fl_store_backup (store, argv[1], error))
    return FALSE;

  g_print ("%s\n", argv[1]);
  return TRUE;
}

static const FlAdminCommandEntry commands[] = {
  { "user", _fl_admin_user },
  { "import", admin_import },
  { "export", admin_export },
  { "backup", admin_backup },
};

const FlAdminCommandEntry *
_fl_admin_find_command (const FlAdminCommandEntry *entries,
                        guint                      n_entries,
                        const char                *name)
{
  for (guint i = 0; name != NULL && i < n_entries; i++)
    if (strcmp (name, entries[i].name) == 0)
      return &entries[i];
  return NULL;
}

gboolean
fl_server_admin_is_command (const char *name)
{
  return _fl_admin_find_command (commands, G_N_ELEMENTS (commands), name) != NULL;
}

int
fl_server_admin_main (const char  *db_path,
                      int          argc,
                      char       **argv)
{
  g_autoptr(GError) error = NULL;
  const FlAdminCommandEntry *command;

  g_return_val_if_fail (db_path != NULL, 2);
  g_return_val_if_fail (argc >= 1, 2);

  command = _fl_admin_find_command (commands, G_N_ELEMENTS (commands), argv[0]);
  g_return_val_if_fail (command != NULL, 2);

  if (!command->run (db_path, argc, argv, &error))
    {
      g_printerr ("frontline-server: %s\n", error->message);
      return error->domain == G_OPTION_ERROR ? 2 : 1;
    }
  return 0;
}

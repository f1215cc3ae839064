/* fl-window-record.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlWindow's detail for a known flaw or an offer picked from its list: read on
 * a pool thread and shown as the status page's text.
 */
#define G_LOG_DOMAIN "Frontline-App"

#include "config.h"

#include <glib/gi18n.h>

#include "fl-labels.h"
#include "fl-window-private.h"

typedef struct
{
  GType  type;
  char  *id;
} RecordRef;

static void
record_ref_free (gpointer data)
{
  RecordRef *ref = data;

  g_free (ref->id);
  g_free (ref);
}

/* Record text is the customers' and engineers' words: escaped, never markup. */
G_GNUC_PRINTF (2, 3)
static void
append_markup (GString    *markup,
               const char *format,
               ...)
{
  g_autofree char *escaped = NULL;
  va_list args;

  va_start (args, format);
  escaped = g_markup_vprintf_escaped (format, args);
  va_end (args);
  g_string_append (markup, escaped);
}

/* What an agent needs of a flaw (symptoms, the workaround, whether it is
 * fixed, how often it came up) or an offer (the pitch and why), as markup. */
static gpointer
record_details_job (FlStore       *store,
                    gpointer       job_data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  RecordRef *ref = job_data;
  g_autoptr(FlEntity) entity = fl_store_get (store, ref->type, ref->id, error);
  g_autoptr(GString) text = g_string_new (NULL);

  if (entity == NULL)
    return NULL;
  if (FL_IS_FLAW (entity))
    {
      FlFlaw *flaw = FL_FLAW (entity);
      gint64 n_cases = fl_store_count_cases_for_flaw (store, ref->id, NULL);
      g_autofree char *status = fl_flaw_get_fixed_in (flaw) != NULL
        /* Translators: a known flaw's status and the version that fixes it */
        ? g_strdup_printf (_("%s · fixed in %s"), fl_label_flaw_status (fl_flaw_get_status (flaw)),
                           fl_flaw_get_fixed_in (flaw))
        : g_strdup (fl_label_flaw_status (fl_flaw_get_status (flaw)));
      g_autofree char *linked = g_strdup_printf (ngettext ("Linked to %d case", "Linked to %d cases",
                                                           (int) CLAMP (n_cases, 0, G_MAXINT)),
                                                 (int) CLAMP (n_cases, 0, G_MAXINT));

      append_markup (text, "<b>%s</b>", status);
      if (fl_flaw_get_symptoms (flaw) != NULL)
        append_markup (text, "\n\n<b>%s</b>\n%s", _("Symptoms"), fl_flaw_get_symptoms (flaw));
      if (fl_flaw_get_workaround (flaw) != NULL)
        append_markup (text, "\n\n<b>%s</b>\n%s", _("Workaround"), fl_flaw_get_workaround (flaw));
      append_markup (text, "\n\n%s", linked);
    }
  else if (FL_IS_OFFER (entity))
    {
      FlOffer *offer = FL_OFFER (entity);

      if (fl_offer_get_pitch (offer) != NULL)
        append_markup (text, "%s", fl_offer_get_pitch (offer));
      if (fl_offer_get_reason (offer) != NULL)
        append_markup (text, "\n\n<b>%s</b>\n%s", _("Why"), fl_offer_get_reason (offer));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
on_record_details (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(FlWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);

  if (text != NULL)
    adw_status_page_set_description (self->record_page, text);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Cannot read the record: %s", error->message);
}

void
_fl_window_read_record_details (FlWindow   *self,
                                GType       type,
                                const char *id)
{
  RecordRef *ref = g_new0 (RecordRef, 1);

  ref->type = type;
  ref->id = g_strdup (id);
  g_cancellable_cancel (self->record_cancellable);
  g_clear_object (&self->record_cancellable);
  self->record_cancellable = g_cancellable_new ();
  fl_store_pool_read_async (fl_sync_engine_get_pool (self->engine), record_details_job, ref, record_ref_free,
                            g_free, self->record_cancellable, on_record_details, g_object_ref (self));
}

/* fl-flaw-panel.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Typing restarts a short timer; when it fires, the case and the draft are
 * matched on a pool thread. Each match carries a serial and only the newest one
 * is shown, so a slow old match landing after a quick new one changes nothing.
 * A link goes through the sync engine like any other change to the case.
 */
#define G_LOG_DOMAIN "Frontline-App"

#include "config.h"

#include <glib/gi18n.h>

#include "fl-flaw-panel.h"
#include "fl-labels.h"
#include "fl-wrapped-label.h"

typedef struct
{
  char *case_id;
  char *draft;
} MatchJob;

typedef struct
{
  GPtrArray *matches;    /* FlFlawMatch, best first */
  char      *version;    /* the customer's version of the case's product */
  GStrv      flaw_ids;   /* already linked to the case */
} MatchResult;

struct _FlFlawPanel
{
  AdwBin        parent_instance;

  FlSyncEngine *engine;
  FlStorePool  *pool;
  GCancellable *cancellable;
  char         *case_id;
  char         *draft;
  char         *matched_draft;
  char         *version;
  GStrv         flaw_ids;
  guint         debounce_id;
  guint         sync_rows_id;
  gboolean      rows_bound;   /* the list box shows the matches: the panel is on screen */
  guint         serial;
  gboolean      matching;
  gboolean      busy_notified;
  GListStore   *matches;

  GtkStack     *state_stack;
  GtkListBox   *match_list;
};

G_DEFINE_FINAL_TYPE (FlFlawPanel, fl_flaw_panel, ADW_TYPE_BIN)

enum {
  INSERT_WORKAROUND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Called wherever a match starts, ends or is put off for typing. */
static void
notify_busy (FlFlawPanel *self)
{
  gboolean busy = fl_flaw_panel_get_busy (self);

  if (self->busy_notified == busy)
    return;
  self->busy_notified = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
match_job_free (gpointer data)
{
  MatchJob *job = data;

  g_free (job->case_id);
  g_free (job->draft);
  g_free (job);
}

static void
match_result_free (gpointer data)
{
  MatchResult *result = data;

  g_clear_pointer (&result->matches, g_ptr_array_unref);
  g_free (result->version);
  g_strfreev (result->flaw_ids);
  g_free (result);
}

static gpointer
match_job (FlStore       *store,
           gpointer       job_data,
           GCancellable  *cancellable,
           GError       **error)
{
  MatchJob *job = job_data;
  g_autoptr(FlEntity) found = fl_store_get (store, FL_TYPE_CASE, job->case_id, error);
  g_autoptr(GPtrArray) matches = NULL;
  MatchResult *result;
  FlCase *the_case;

  if (found == NULL)
    return NULL;
  the_case = FL_CASE (found);
  matches = fl_store_match_flaws_for_draft (store, job->case_id, job->draft, FL_FLAW_PANEL_MAX_MATCHES, error);
  if (matches == NULL)
    return NULL;
  result = g_new0 (MatchResult, 1);
  result->matches = g_steal_pointer (&matches);
  result->version = g_strdup (fl_case_get_product_version (the_case));
  result->flaw_ids = g_strdupv ((GStrv) fl_case_get_flaw_ids (the_case));
  return result;
}

static gboolean
is_linked (FlFlawPanel *self,
           const char  *flaw_id)
{
  return self->flaw_ids != NULL && g_strv_contains ((const char * const *) self->flaw_ids, flaw_id);
}

static GtkWidget *
text_block (const char *heading,
            const char *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (heading);
  GtkWidget *body = fl_wrapped_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "caption-heading");
  gtk_widget_add_css_class (title, "dim-label");
  gtk_label_set_selectable (GTK_LABEL (body), TRUE);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), body);
  return box;
}

/* "Fixed in 2.4 — customer has 2.1: suggest the update", or NULL when the fix
 * is not newer than what the customer runs (or either version is unknown). */
static char *
update_hint (FlFlaw     *flaw,
             const char *version)
{
  const char *fixed_in = fl_flaw_get_fixed_in (flaw);

  if (fixed_in == NULL || version == NULL || fl_version_compare (fixed_in, version) <= 0)
    return NULL;
  /* Translators: a known flaw fixed in a newer version than the customer's */
  return g_strdup_printf (_("Fixed in %s — customer has %s: suggest the update"), fixed_in, version);
}

static void
on_link_clicked (GtkButton *button,
                 gpointer   user_data);
static void
on_insert_clicked (GtkButton *button,
                   gpointer   user_data);

static GtkWidget *
create_match_row (gpointer item,
                  gpointer user_data)
{
  FlFlawPanel *self = user_data;
  FlFlawMatch *match = item;
  FlFlaw *flaw = fl_flaw_match_get_flaw (match);
  gint64 n_cases = fl_flaw_match_get_linked_case_count (match);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *title = gtk_label_new (fl_flaw_get_title (flaw));
  GtkWidget *status, *link, *insert, *row;
  g_autofree char *status_text = NULL;
  g_autofree char *hint = update_hint (flaw, self->version);
  const char *workaround = fl_flaw_get_workaround (flaw);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);

  if (fl_flaw_get_fixed_in (flaw) != NULL)
    /* Translators: a matching flaw: status · fixed in version · linked cases */
    status_text = g_strdup_printf (ngettext ("%s · fixed in %s · linked to %" G_GINT64_FORMAT " case",
                                             "%s · fixed in %s · linked to %" G_GINT64_FORMAT " cases",
                                             (gulong) n_cases),
                                   fl_label_flaw_status (fl_flaw_get_status (flaw)),
                                   fl_flaw_get_fixed_in (flaw), n_cases);
  else
    /* Translators: a matching flaw: status · linked cases */
    status_text = g_strdup_printf (ngettext ("%s · linked to %" G_GINT64_FORMAT " case",
                                             "%s · linked to %" G_GINT64_FORMAT " cases", (gulong) n_cases),
                                   fl_label_flaw_status (fl_flaw_get_status (flaw)), n_cases);
  status = gtk_label_new (status_text);
  gtk_label_set_xalign (GTK_LABEL (status), 0);
  gtk_label_set_wrap (GTK_LABEL (status), TRUE);
  gtk_widget_add_css_class (status, "caption");
  gtk_widget_add_css_class (status, "dim-label");
  gtk_box_append (GTK_BOX (box), status);

  if (hint != NULL)
    {
      GtkWidget *hint_label = gtk_label_new (hint);

      gtk_label_set_xalign (GTK_LABEL (hint_label), 0);
      gtk_label_set_wrap (GTK_LABEL (hint_label), TRUE);
      gtk_widget_add_css_class (hint_label, "fl-update-hint");
      gtk_box_append (GTK_BOX (box), hint_label);
    }
  if (fl_flaw_get_symptoms (flaw) != NULL)
    gtk_box_append (GTK_BOX (box), text_block (_("Symptoms"), fl_flaw_get_symptoms (flaw)));
  if (workaround != NULL)
    gtk_box_append (GTK_BOX (box), text_block (_("Workaround"), workaround));

  /* The side panel is narrow: one button a line reads better than two squeezed. */
  if (is_linked (self, fl_entity_get_id (FL_ENTITY (flaw))))
    {
      link = gtk_button_new_with_label (_("Linked to this case"));
      gtk_widget_set_sensitive (link, FALSE);
    }
  else
    {
      link = gtk_button_new_with_mnemonic (_("_Link to case"));
      gtk_widget_set_tooltip_text (link, _("Record on the case that this flaw is the cause"));
      gtk_widget_set_sensitive (link, self->engine != NULL);
    }
  g_object_set_data_full (G_OBJECT (link), "flaw-id", g_strdup (fl_entity_get_id (FL_ENTITY (flaw))), g_free);
  g_signal_connect (link, "clicked", G_CALLBACK (on_link_clicked), self);
  gtk_box_append (GTK_BOX (box), link);

  insert = gtk_button_new_with_mnemonic (_("_Insert workaround into reply"));
  gtk_widget_set_sensitive (insert, workaround != NULL);
  g_object_set_data_full (G_OBJECT (insert), "workaround", g_strdup (workaround), g_free);
  g_signal_connect (insert, "clicked", G_CALLBACK (on_insert_clicked), self);
  gtk_box_append (GTK_BOX (box), insert);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  fl_flaw_get_title (flaw), -1);
  return row;
}

static void
update_state (FlFlawPanel *self)
{
  const char *page = "list";

  if (g_list_model_get_n_items (G_LIST_MODEL (self->matches)) == 0)
    page = self->matching ? "loading" : "empty";
  gtk_stack_set_visible_child_name (self->state_stack, page);
}

typedef struct
{
  FlFlawPanel *self;
  guint        serial;
  char        *draft;
} Pending;

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->self);
  g_free (pending->draft);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static void
on_matched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  FlFlawPanel *self = pending->self;
  g_autoptr(GError) error = NULL;
  MatchResult *matched = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);

  /* A newer match is on its way or was shown already: this one is out of date. */
  if (pending->serial != self->serial)
    {
      g_clear_pointer (&matched, match_result_free);
      return;
    }
  self->matching = FALSE;
  if (matched == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Cannot match flaws for case %s: %s", self->case_id, error->message);
      update_state (self);
      notify_busy (self);
      return;
    }
  g_free (self->version);
  self->version = g_steal_pointer (&matched->version);
  g_strfreev (self->flaw_ids);
  self->flaw_ids = g_steal_pointer (&matched->flaw_ids);
  g_free (self->matched_draft);
  self->matched_draft = g_steal_pointer (&pending->draft);
  g_list_store_splice (self->matches, 0, g_list_model_get_n_items (G_LIST_MODEL (self->matches)),
                       matched->matches->pdata, matched->matches->len);
  match_result_free (matched);
  update_state (self);
  notify_busy (self);
}

static void
start_match (FlFlawPanel *self)
{
  MatchJob *job;
  Pending *pending;

  g_assert (FL_IS_FLAW_PANEL (self));

  g_clear_handle_id (&self->debounce_id, g_source_remove);
  if (self->pool == NULL || self->case_id == NULL)
    {
      notify_busy (self);
      return;
    }
  /* The previous match is not cancelled: the pool runs it to the end either
   * way, and the serial keeps its answer off the screen. */
  self->serial++;
  self->matching = TRUE;
  job = g_new0 (MatchJob, 1);
  job->case_id = g_strdup (self->case_id);
  job->draft = g_strdup (self->draft);
  pending = g_new0 (Pending, 1);
  pending->self = g_object_ref (self);
  pending->serial = self->serial;
  pending->draft = g_strdup (self->draft);
  fl_store_pool_read_async (self->pool, match_job, job, match_job_free, match_result_free,
                            self->cancellable, on_matched, pending);
  update_state (self);
  notify_busy (self);
}

static gboolean
on_debounce_done (gpointer user_data)
{
  FlFlawPanel *self = user_data;

  self->debounce_id = 0;
  start_match (self);
  return G_SOURCE_REMOVE;
}

static void
on_linked (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FlFlawPanel) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!fl_sync_engine_change_finish (FL_SYNC_ENGINE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot link the flaw to the case: %s", error->message);
      return;
    }
  /* Read back what the local copy now says, link and count alike. */
  start_match (self);
}

static void
on_link_clicked (GtkButton *button,
                 gpointer   user_data)
{
  FlFlawPanel *self = user_data;
  const char *flaw_id = g_object_get_data (G_OBJECT (button), "flaw-id");
  g_autoptr(JsonObject) patch = json_object_new ();
  JsonArray *ids = json_array_new ();

  if (self->engine == NULL || self->case_id == NULL || is_linked (self, flaw_id))
    return;
  /* The whole list goes in the patch: flawIds is one property, set as a whole. */
  for (guint i = 0; self->flaw_ids != NULL && self->flaw_ids[i] != NULL; i++)
    json_array_add_string_element (ids, self->flaw_ids[i]);
  json_array_add_string_element (ids, flaw_id);
  json_object_set_array_member (patch, "flawIds", ids);
  /* One click, one link: the button waits for the outbox to take it. */
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  fl_sync_engine_update_async (self->engine, FL_TYPE_CASE, self->case_id, patch, self->cancellable,
                               on_linked, g_object_ref (self));
}

static void
on_insert_clicked (GtkButton *button,
                   gpointer   user_data)
{
  FlFlawPanel *self = user_data;
  const char *workaround = g_object_get_data (G_OBJECT (button), "workaround");

  if (workaround != NULL)
    g_signal_emit (self, signals[INSERT_WORKAROUND], 0, workaround);
}

static void
fl_flaw_panel_dispose (GObject *object)
{
  FlFlawPanel *self = FL_FLAW_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  g_clear_handle_id (&self->sync_rows_id, g_source_remove);
  g_clear_object (&self->engine);
  g_clear_object (&self->pool);
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_FLAW_PANEL);

  G_OBJECT_CLASS (fl_flaw_panel_parent_class)->dispose (object);
}

static void
fl_flaw_panel_finalize (GObject *object)
{
  FlFlawPanel *self = FL_FLAW_PANEL (object);

  g_clear_object (&self->matches);
  g_clear_pointer (&self->case_id, g_free);
  g_clear_pointer (&self->draft, g_free);
  g_clear_pointer (&self->matched_draft, g_free);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->flaw_ids, g_strfreev);

  G_OBJECT_CLASS (fl_flaw_panel_parent_class)->finalize (object);
}

/* The panel is a tab beside the customer's history, shown less often than
 * not, and a stack measures its hidden pages too: rows built off screen were
 * measured at every open of a case for nothing — about half of the open's
 * layout. The rows exist only while the panel is on screen. They are made
 * and dropped from an idle rather than in map and unmap: a folding leaflet
 * shows and hides the panel in the middle of its allocation, where rows
 * added or removed would be painted unallocated. The idle comes before the
 * next frame, so a tab switched to shows its rows in its first frame. */
static gboolean
sync_rows (gpointer user_data)
{
  FlFlawPanel *self = user_data;
  gboolean mapped = gtk_widget_get_mapped (GTK_WIDGET (self));

  self->sync_rows_id = 0;
  if (mapped != self->rows_bound)
    {
      self->rows_bound = mapped;
      if (mapped)
        gtk_list_box_bind_model (self->match_list, G_LIST_MODEL (self->matches), create_match_row, self, NULL);
      else
        gtk_list_box_bind_model (self->match_list, NULL, NULL, NULL, NULL);
    }
  return G_SOURCE_REMOVE;
}

static void
queue_sync_rows (FlFlawPanel *self)
{
  if (self->sync_rows_id == 0)
    self->sync_rows_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, sync_rows, self, NULL);
}

static void
fl_flaw_panel_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (fl_flaw_panel_parent_class)->map (widget);
  queue_sync_rows (FL_FLAW_PANEL (widget));
}

static void
fl_flaw_panel_unmap (GtkWidget *widget)
{
  queue_sync_rows (FL_FLAW_PANEL (widget));
  GTK_WIDGET_CLASS (fl_flaw_panel_parent_class)->unmap (widget);
}

static void
fl_flaw_panel_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FlFlawPanel *self = FL_FLAW_PANEL (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, fl_flaw_panel_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_flaw_panel_class_init (FlFlawPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_flaw_panel_dispose;
  object_class->finalize = fl_flaw_panel_finalize;
  object_class->get_property = fl_flaw_panel_get_property;
  widget_class->map = fl_flaw_panel_map;
  widget_class->unmap = fl_flaw_panel_unmap;

  /* TRUE while a match is under way or waits for the agent to stop typing. */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The workaround's text, for whoever owns the reply box to insert. */
  signals[INSERT_WORKAROUND] = g_signal_new ("insert-workaround", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/frontlinedesk/Frontline/fl-flaw-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, FlFlawPanel, state_stack);
  gtk_widget_class_bind_template_child (widget_class, FlFlawPanel, match_list);
  gtk_widget_class_set_css_name (widget_class, "flflawpanel");
}

static void
fl_flaw_panel_init (FlFlawPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->matches = g_list_store_new (FL_TYPE_FLAW_MATCH);
  update_state (self);
}

void
fl_flaw_panel_set_engine (FlFlawPanel  *self,
                          FlSyncEngine *engine)
{
  g_return_if_fail (FL_IS_FLAW_PANEL (self));

  if (!g_set_object (&self->engine, engine))
    return;
  fl_flaw_panel_set_pool (self, engine != NULL ? fl_sync_engine_get_pool (engine) : NULL);
}

void
fl_flaw_panel_set_pool (FlFlawPanel *self,
                        FlStorePool *pool)
{
  g_return_if_fail (FL_IS_FLAW_PANEL (self));

  if (g_set_object (&self->pool, pool))
    start_match (self);
}

void
fl_flaw_panel_set_case (FlFlawPanel *self,
                        const char  *case_id)
{
  g_return_if_fail (FL_IS_FLAW_PANEL (self));

  if (g_strcmp0 (self->case_id, case_id) != 0)
    {
      g_free (self->case_id);
      self->case_id = g_strdup (case_id);
      g_clear_pointer (&self->draft, g_free);
      /* Another case's flaws must not stay on screen beside this one. */
      g_list_store_remove_all (self->matches);
    }
  start_match (self);
}

void
fl_flaw_panel_set_draft (FlFlawPanel *self,
                         const char  *draft)
{
  g_return_if_fail (FL_IS_FLAW_PANEL (self));

  if (draft != NULL && draft[0] == '\0')
    draft = NULL;
  if (g_strcmp0 (self->draft, draft) == 0)
    return;
  g_free (self->draft);
  self->draft = g_strdup (draft);
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  self->debounce_id = g_timeout_add (FL_FLAW_PANEL_DEBOUNCE_MS, on_debounce_done, self);
  notify_busy (self);
}

void
fl_flaw_panel_reload (FlFlawPanel *self)
{
  g_return_if_fail (FL_IS_FLAW_PANEL (self));
  start_match (self);
}

GListModel *
fl_flaw_panel_get_matches (FlFlawPanel *self)
{
  g_return_val_if_fail (FL_IS_FLAW_PANEL (self), NULL);
  return G_LIST_MODEL (self->matches);
}

gboolean
fl_flaw_panel_get_busy (FlFlawPanel *self)
{
  g_return_val_if_fail (FL_IS_FLAW_PANEL (self), FALSE);
  return self->matching || self->debounce_id != 0;
}

const char *
fl_flaw_panel_get_matched_draft (FlFlawPanel *self)
{
  g_return_val_if_fail (FL_IS_FLAW_PANEL (self), NULL);
  return self->matched_draft;
}

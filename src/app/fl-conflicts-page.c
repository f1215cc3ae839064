/* fl-conflicts-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One card per conflict, built from FlConflictDetails read on a pool thread.
 * There are a handful at most (each is a change the server refused), so the
 * cards are plain widgets, not a list view. The page follows the engine's
 * conflict count, so a conflict a sync finds shows up while the page is open;
 * a conflict being settled stays greyed out across such a reload, so it can
 * never be decided twice.
 */
#define G_LOG_DOMAIN "Frontline-App"

#include "config.h"

#include <glib/gi18n.h>

#include "fl-conflict-details.h"
#include "fl-conflicts-page.h"
#include "fl-wrapped-label.h"

struct _FlConflictsPage
{
  AdwBin         parent_instance;

  FlSyncEngine  *engine;
  GCancellable  *cancellable;       /* settling; cancelled in dispose */
  GCancellable  *load_cancellable;  /* the read in flight */
  GHashTable    *settling;          /* seqs (gint64 *) being resolved */
  gboolean       loading;

  GtkStack      *stack;             /* the bin's child */
  GtkBox        *cards;
  AdwStatusPage *empty_page;
};

G_DEFINE_FINAL_TYPE (FlConflictsPage, fl_conflicts_page, ADW_TYPE_BIN)

enum
{
  RESOLVED,
  FAILED,
  BACK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_state (FlConflictsPage *self)
{
  gboolean any = gtk_widget_get_first_child (GTK_WIDGET (self->cards)) != NULL;

  if (any)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else
    gtk_stack_set_visible_child_name (self->stack, self->loading ? "loading" : "empty");
}

/* --- settling one ---------------------------------------------------------------- */

typedef struct
{
  FlConflictsPage       *self;
  GtkWidget             *card;
  gint64                 seq;
  FlConflictResolution   resolution;
} Settle;

static void
settle_free (Settle *settle)
{
  g_object_unref (settle->self);
  g_object_unref (settle->card);
  g_free (settle);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Settle, settle_free)

static GtkWidget *
find_card (FlConflictsPage *self,
           gint64           seq)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->cards)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (*(gint64 *) g_object_get_data (G_OBJECT (child), "seq") == seq)
      return child;
  return NULL;
}

static void
on_settled (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Settle) settle = user_data;
  FlConflictsPage *self = settle->self;
  g_autoptr(GError) error = NULL;
  GtkWidget *card;

  if (!fl_sync_engine_resolve_conflict_finish (FL_SYNC_ENGINE (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_hash_table_remove (self->settling, &settle->seq);
  /* A reload may have built the card again meanwhile. */
  card = find_card (self, settle->seq);
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not settle the conflict: %s"), error->message);

      if (card != NULL)
        gtk_widget_set_sensitive (card, TRUE);
      g_signal_emit (self, signals[FAILED], 0, message);
      return;
    }
  if (card != NULL)
    gtk_box_remove (self->cards, card);
  show_state (self);
  g_signal_emit (self, signals[RESOLVED], 0, settle->resolution);
}

static void
settle (FlConflictsPage      *self,
        GtkWidget            *card,
        FlConflictResolution  resolution)
{
  Settle *job;
  gint64 *seq = g_object_get_data (G_OBJECT (card), "seq");

  if (self->engine == NULL || g_hash_table_contains (self->settling, seq))
    return;
  g_hash_table_add (self->settling, g_memdup2 (seq, sizeof *seq));
  gtk_widget_set_sensitive (card, FALSE);
  job = g_new0 (Settle, 1);
  job->self = g_object_ref (self);
  job->card = g_object_ref (card);
  job->seq = *seq;
  job->resolution = resolution;
  fl_sync_engine_resolve_conflict_async (self->engine, *seq, resolution, self->cancellable, on_settled, job);
}

static void
on_keep_mine (GtkButton *button,
              gpointer   user_data)
{
  GtkWidget *card = g_object_get_data (G_OBJECT (button), "card");

  settle (FL_CONFLICTS_PAGE (user_data), card, FL_CONFLICT_KEEP_MINE);
}

static void
on_take_theirs (GtkButton *button,
                gpointer   user_data)
{
  GtkWidget *card = g_object_get_data (G_OBJECT (button), "card");

  settle (FL_CONFLICTS_PAGE (user_data), card, FL_CONFLICT_TAKE_THEIRS);
}

/* --- the cards --------------------------------------------------------------- */

static GtkWidget *
wrapped_label (const char *text,
               const char *style)
{
  GtkWidget *label = fl_wrapped_label_new (text);

  gtk_widget_set_hexpand (label, TRUE);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

/* "Status", then "Yours  Pending" and "Server  Escalated" under it. */
static GtkWidget *
fields_grid (FlConflictDetails *details)
{
  GtkWidget *grid = gtk_grid_new ();
  int row = 0;

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  for (guint i = 0; i < details->fields->len; i++)
    {
      FlConflictField *field = g_ptr_array_index (details->fields, i);
      GtkWidget *mine = wrapped_label (field->mine, NULL);
      GtkWidget *theirs = wrapped_label (field->theirs, NULL);
      g_autofree char *mine_name = g_strdup_printf (_("%s, yours: %s"), field->label, field->mine);
      g_autofree char *theirs_name = g_strdup_printf (_("%s, on the server: %s"), field->label, field->theirs);
      GtkWidget *heading = wrapped_label (field->label, "caption-heading");

      if (i > 0)
        gtk_widget_set_margin_top (heading, 8);
      gtk_grid_attach (GTK_GRID (grid), heading, 0, row++, 2, 1);
      gtk_grid_attach (GTK_GRID (grid), wrapped_label (_("Yours"), "dim-label"), 0, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), mine, 1, row++, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), wrapped_label (_("Server"), "dim-label"), 0, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), theirs, 1, row++, 1, 1);
      gtk_widget_set_hexpand (gtk_grid_get_child_at (GTK_GRID (grid), 0, row - 1), FALSE);
      gtk_widget_set_hexpand (gtk_grid_get_child_at (GTK_GRID (grid), 0, row - 2), FALSE);
      gtk_widget_add_css_class (mine, "fl-conflict-mine");
      gtk_accessible_update_property (GTK_ACCESSIBLE (mine), GTK_ACCESSIBLE_PROPERTY_LABEL, mine_name, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (theirs), GTK_ACCESSIBLE_PROPERTY_LABEL, theirs_name, -1);
    }
  return grid;
}

static GtkWidget *
decision_button (GtkWidget  *card,
                 const char *text,
                 const char *name,
                 GCallback   callback,
                 gpointer    self)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (text);

  g_object_set_data (G_OBJECT (button), "card", card);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static GtkWidget *
build_card (FlConflictsPage   *self,
            FlConflictDetails *details)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = wrapped_label (details->title, "heading");
  /* Translators: a button's name for screen readers; %s is what the record is called */
  g_autofree char *keep_name = g_strdup_printf (_("Keep mine: %s"), details->name);
  /* Translators: a button's name for screen readers; %s is what the record is called */
  g_autofree char *take_name = g_strdup_printf (_("Take theirs: %s"), details->name);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "fl-conflict");
  g_object_set_data_full (G_OBJECT (card), "seq", g_memdup2 (&details->seq, sizeof details->seq), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_PROPERTY_LABEL, details->title, -1);

  gtk_box_append (GTK_BOX (card), title);
  gtk_box_append (GTK_BOX (card), wrapped_label (details->why, NULL));
  if (details->fields->len > 0)
    gtk_box_append (GTK_BOX (card), fields_grid (details));
  gtk_box_append (GTK_BOX (card), wrapped_label (details->when, "caption"));
  gtk_widget_add_css_class (gtk_widget_get_last_child (card), "dim-label");

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_top (buttons, 4);
  gtk_box_set_homogeneous (GTK_BOX (buttons), TRUE);
  if (details->can_keep_mine)
    gtk_box_append (GTK_BOX (buttons), decision_button (card, _("_Keep Mine"), keep_name,
                                                        G_CALLBACK (on_keep_mine), self));
  gtk_box_append (GTK_BOX (buttons), decision_button (card, _("_Take Theirs"), take_name,
                                                      G_CALLBACK (on_take_theirs), self));
  gtk_box_append (GTK_BOX (card), buttons);
  return card;
}

/* --- reading ------------------------------------------------------------------ */

static gpointer
read_job (FlStore       *store,
          gpointer       job_data,
          GCancellable  *cancellable,
          GError       **error)
{
  return fl_conflict_details_read (store, error);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(FlConflictsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) details = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);
  GtkWidget *child;

  if (details == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  if (details == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not read the conflicts: %s"), error->message);

      show_state (self);
      g_signal_emit (self, signals[FAILED], 0, message);
      return;
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cards))) != NULL)
    gtk_box_remove (self->cards, child);
  for (guint i = 0; i < details->len; i++)
    {
      FlConflictDetails *one = g_ptr_array_index (details, i);
      GtkWidget *card = build_card (self, one);

      gtk_widget_set_sensitive (card, !g_hash_table_contains (self->settling, &one->seq));
      gtk_box_append (self->cards, card);
    }
  show_state (self);
}

void
fl_conflicts_page_reload (FlConflictsPage *self)
{
  g_return_if_fail (FL_IS_CONFLICTS_PAGE (self));

  if (self->engine == NULL)
    return;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  self->loading = TRUE;
  show_state (self);
  fl_store_pool_read_async (fl_sync_engine_get_pool (self->engine), read_job, NULL, NULL,
                            (GDestroyNotify) g_ptr_array_unref, self->load_cancellable, on_read,
                            g_object_ref (self));
}

/* --- the class ----------------------------------------------------------------- */

static void
on_back_clicked (FlConflictsPage *self)
{
  g_signal_emit (self, signals[BACK], 0);
}

static void
fl_conflicts_page_dispose (GObject *object)
{
  FlConflictsPage *self = FL_CONFLICTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  /* The bin's child is also a template child (stack): let the bin unparent
   * it first, as FlCaseView does. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_CONFLICTS_PAGE);

  G_OBJECT_CLASS (fl_conflicts_page_parent_class)->dispose (object);
}

static void
fl_conflicts_page_finalize (GObject *object)
{
  FlConflictsPage *self = FL_CONFLICTS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->settling, g_hash_table_unref);

  G_OBJECT_CLASS (fl_conflicts_page_parent_class)->finalize (object);
}

static void
fl_conflicts_page_class_init (FlConflictsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_conflicts_page_dispose;
  object_class->finalize = fl_conflicts_page_finalize;

  signals[RESOLVED] = g_signal_new ("resolved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                    NULL, G_TYPE_NONE, 1, FL_TYPE_CONFLICT_RESOLUTION);
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/frontlinedesk/Frontline/fl-conflicts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlConflictsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FlConflictsPage, cards);
  gtk_widget_class_bind_template_child (widget_class, FlConflictsPage, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
}

static void
fl_conflicts_page_init (FlConflictsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->settling = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

void
fl_conflicts_page_set_engine (FlConflictsPage *self,
                              FlSyncEngine    *engine)
{
  g_return_if_fail (FL_IS_CONFLICTS_PAGE (self));
  g_return_if_fail (engine == NULL || FL_IS_SYNC_ENGINE (engine));

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    {
      g_signal_connect_swapped (engine, "notify::conflicts", G_CALLBACK (fl_conflicts_page_reload), self);
      fl_conflicts_page_reload (self);
    }
}

gboolean
fl_conflicts_page_get_busy (FlConflictsPage *self)
{
  g_return_val_if_fail (FL_IS_CONFLICTS_PAGE (self), FALSE);
  return self->loading || g_hash_table_size (self->settling) > 0;
}

guint
fl_conflicts_page_get_n_shown (FlConflictsPage *self)
{
  guint n = 0;

  g_return_val_if_fail (FL_IS_CONFLICTS_PAGE (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->cards)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

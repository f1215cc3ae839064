/* fl-record-row.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A list row that is cheap to make and to rebind. GTK 4.8's list view keeps
 * about 200 rows alive: it makes all of them when a list first has items (at
 * every start, before the first frame with rows), and when the scrollbar is
 * dragged it gives every one of them another item each frame. So the row is
 * built in code rather than from a template (a template's instance cost a
 * tenth of a millisecond, 200 of them a sixth of the start's budget), the list
 * item factory is a signal factory that hands the row its item rather than a
 * builder factory with an expression per line, and the row listens to its item
 * with one handler and sets its two texts directly.
 */
#define G_LOG_DOMAIN "Frontline-App"

#include "config.h"

#include "fl-record-row.h"

struct _FlRecordRow
{
  GtkWidget       parent_instance;

  FlRecordItem   *item;
  gulong          item_handler;

  GtkInscription *title_inscription;
  GtkInscription *subtitle_inscription;
};

G_DEFINE_FINAL_TYPE (FlRecordRow, fl_record_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Both lines stay shown, empty or not: every row is the same height, so a row
 * whose page arrives, or that shows another record, never resizes the list. */
static void
show_line (GtkInscription *inscription,
           const char     *text)
{
  /* The inscription also names itself with its text, so screen readers (and
   * the end-to-end test) read each line as a label. */
  gtk_inscription_set_text (inscription, text);
}

static void
show_item (FlRecordRow *self)
{
  show_line (self->title_inscription, self->item != NULL ? fl_record_item_get_title (self->item) : NULL);
  show_line (self->subtitle_inscription, self->item != NULL ? fl_record_item_get_subtitle (self->item) : NULL);
}

/* An item notifies every property when its page is filled in (and again when
 * it is read afresh), so any notification means "show it again". */
static void
on_item_notify (FlRecordRow *self)
{
  show_item (self);
}

static void
fl_record_row_dispose (GObject *object)
{
  FlRecordRow *self = FL_RECORD_ROW (object);

  fl_record_row_set_item (self, NULL);
  g_clear_pointer ((GtkWidget **) &self->title_inscription, gtk_widget_unparent);
  g_clear_pointer ((GtkWidget **) &self->subtitle_inscription, gtk_widget_unparent);
  G_OBJECT_CLASS (fl_record_row_parent_class)->dispose (object);
}

static void
fl_record_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FlRecordRow *self = FL_RECORD_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_record_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FlRecordRow *self = FL_RECORD_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      fl_record_row_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_record_row_class_init (FlRecordRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_record_row_dispose;
  object_class->get_property = fl_record_row_get_property;
  object_class->set_property = fl_record_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, FL_TYPE_RECORD_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

/* Two lines, GtkInscription rather than GtkLabel: an inscription's height comes
 * from the font, not from shaping its text, so showing another record in the
 * row only repaints it. The second line is dimmed and smaller, as a row's
 * subtitle is in GNOME lists. */
static GtkInscription *
add_line (FlRecordRow *self)
{
  GtkWidget *line = gtk_inscription_new (NULL);

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (line), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (line), 30);
  gtk_widget_set_parent (line, GTK_WIDGET (self));
  return GTK_INSCRIPTION (line);
}

static void
fl_record_row_init (FlRecordRow *self)
{
  GtkBoxLayout *layout = GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (layout, 2);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 8);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 8);
  gtk_widget_set_margin_start (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self), 6);
  self->title_inscription = add_line (self);
  self->subtitle_inscription = add_line (self);
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle_inscription), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle_inscription), "caption");
}

GtkWidget *
fl_record_row_new (void)
{
  return g_object_new (FL_TYPE_RECORD_ROW, NULL);
}

FlRecordItem *
fl_record_row_get_item (FlRecordRow *self)
{
  g_return_val_if_fail (FL_IS_RECORD_ROW (self), NULL);
  return self->item;
}

void
fl_record_row_set_item (FlRecordRow  *self,
                        FlRecordItem *item)
{
  g_return_if_fail (FL_IS_RECORD_ROW (self));
  g_return_if_fail (item == NULL || FL_IS_RECORD_ITEM (item));

  if (self->item == item)
    return;
  if (self->item != NULL)
    g_clear_signal_handler (&self->item_handler, self->item);
  g_set_object (&self->item, item);
  if (item != NULL)
    self->item_handler = g_signal_connect_swapped (item, "notify", G_CALLBACK (on_item_notify), self);
  show_item (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

/* --- the lists' factory ----------------------------------------------------- */

static void
on_setup (GtkListItemFactory *factory,
          GtkListItem        *list_item)
{
  gtk_list_item_set_child (list_item, fl_record_row_new ());
}

static void
on_bind (GtkListItemFactory *factory,
         GtkListItem        *list_item)
{
  fl_record_row_set_item (FL_RECORD_ROW (gtk_list_item_get_child (list_item)),
                          gtk_list_item_get_item (list_item));
}

static void
on_unbind (GtkListItemFactory *factory,
           GtkListItem        *list_item)
{
  fl_record_row_set_item (FL_RECORD_ROW (gtk_list_item_get_child (list_item)), NULL);
}

GtkListItemFactory *
fl_record_row_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (on_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind), NULL);
  return factory;
}

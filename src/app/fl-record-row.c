/* fl-record-row.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A list row that is cheap to rebind. GTK 4.8's list view keeps about 200 rows
 * alive and, when the scrollbar is dragged, gives every one of them another
 * item each frame. Two nested expression bindings per row (item → title) cost
 * a watch torn down and set up per line; this row instead takes the item
 * whole, listens to it with one handler, and sets its two texts directly.
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
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_RECORD_ROW);
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

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/frontlinedesk/Frontline/fl-record-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FlRecordRow, title_inscription);
  gtk_widget_class_bind_template_child (widget_class, FlRecordRow, subtitle_inscription);
}

static void
fl_record_row_init (FlRecordRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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

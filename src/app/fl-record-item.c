/* fl-record-item.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A list row's data: an id and two lines, notified when its page arrives.
 */
#define G_LOG_DOMAIN "Frontline-App"

#include "config.h"

#include "fl-record-item.h"

struct _FlRecordItem
{
  GObject  parent_instance;

  char    *id;
  char    *title;
  char    *subtitle;
  char    *case_id;
};

G_DEFINE_FINAL_TYPE (FlRecordItem, fl_record_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fl_record_item_finalize (GObject *object)
{
  FlRecordItem *self = FL_RECORD_ITEM (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->case_id, g_free);

  G_OBJECT_CLASS (fl_record_item_parent_class)->finalize (object);
}

static void
fl_record_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FlRecordItem *self = FL_RECORD_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, fl_record_item_get_title (self));
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, fl_record_item_get_subtitle (self));
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->id != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_record_item_class_init (FlRecordItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fl_record_item_finalize;
  object_class->get_property = fl_record_item_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fl_record_item_init (FlRecordItem *self)
{
}

FlRecordItem *
fl_record_item_new (void)
{
  return g_object_new (FL_TYPE_RECORD_ITEM, NULL);
}

const char *
fl_record_item_get_id (FlRecordItem *self)
{
  g_return_val_if_fail (FL_IS_RECORD_ITEM (self), NULL);
  return self->id;
}

/* Never NULL: labels bound to a placeholder show nothing rather than warn. */
const char *
fl_record_item_get_title (FlRecordItem *self)
{
  g_return_val_if_fail (FL_IS_RECORD_ITEM (self), NULL);
  return self->title != NULL ? self->title : "";
}

const char *
fl_record_item_get_subtitle (FlRecordItem *self)
{
  g_return_val_if_fail (FL_IS_RECORD_ITEM (self), NULL);
  return self->subtitle != NULL ? self->subtitle : "";
}

gboolean
fl_record_item_get_loaded (FlRecordItem *self)
{
  g_return_val_if_fail (FL_IS_RECORD_ITEM (self), FALSE);
  return self->id != NULL;
}

void
fl_record_item_fill (FlRecordItem *self,
                     const char   *id,
                     const char   *title,
                     const char   *subtitle)
{
  g_return_if_fail (FL_IS_RECORD_ITEM (self));
  g_return_if_fail (id != NULL);

  g_object_freeze_notify (G_OBJECT (self));
  g_free (self->id);
  self->id = g_strdup (id);
  g_free (self->title);
  self->title = g_strdup (title);
  g_free (self->subtitle);
  self->subtitle = g_strdup (subtitle);
  for (guint i = PROP_ID; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
fl_record_item_get_case_id (FlRecordItem *self)
{
  g_return_val_if_fail (FL_IS_RECORD_ITEM (self), NULL);
  return self->case_id;
}

void
fl_record_item_set_case_id (FlRecordItem *self,
                            const char   *case_id)
{
  g_return_if_fail (FL_IS_RECORD_ITEM (self));
  g_free (self->case_id);
  self->case_id = g_strdup (case_id);
}

/* fl-history-item.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small immutable item for timeline list models.
 */
#define G_LOG_DOMAIN "Frontline-Store"

#include "config.h"

#include "fl-history-item.h"

struct _FlHistoryItem
{
  GObject        parent_instance;

  FlHistoryKind  kind;
  gint64         at;
  FlEntity      *entity;
};

G_DEFINE_FINAL_TYPE (FlHistoryItem, fl_history_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_AT,
  PROP_ENTITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fl_history_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FlHistoryItem *self = FL_HISTORY_ITEM (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_AT:
      g_value_set_int64 (value, self->at);
      break;
    case PROP_ENTITY:
      g_value_set_object (value, self->entity);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_history_item_finalize (GObject *object)
{
  FlHistoryItem *self = FL_HISTORY_ITEM (object);

  g_clear_object (&self->entity);

  G_OBJECT_CLASS (fl_history_item_parent_class)->finalize (object);
}

static void
fl_history_item_class_init (FlHistoryItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fl_history_item_finalize;
  object_class->get_property = fl_history_item_get_property;

  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, FL_HISTORY_KIND_CASE, FL_HISTORY_KIND_OFFER,
                      FL_HISTORY_KIND_CASE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_AT] =
    g_param_spec_int64 ("at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENTITY] =
    g_param_spec_object ("entity", NULL, NULL, FL_TYPE_ENTITY,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fl_history_item_init (FlHistoryItem *self)
{
}

FlHistoryItem *
fl_history_item_new (FlHistoryKind  kind,
                     gint64         at,
                     FlEntity      *entity)
{
  FlHistoryItem *self;

  g_return_val_if_fail (FL_IS_ENTITY (entity), NULL);

  self = g_object_new (FL_TYPE_HISTORY_ITEM, NULL);
  self->kind = kind;
  self->at = at;
  self->entity = g_object_ref (entity);
  return self;
}

FlHistoryKind
fl_history_item_get_kind (FlHistoryItem *self)
{
  g_return_val_if_fail (FL_IS_HISTORY_ITEM (self), 0);
  return self->kind;
}

gint64
fl_history_item_get_at (FlHistoryItem *self)
{
  g_return_val_if_fail (FL_IS_HISTORY_ITEM (self), 0);
  return self->at;
}

/**
 * fl_history_item_get_entity:
 *
 * Returns: (transfer none): the case, interaction, ownership or offer outcome
 */
FlEntity *
fl_history_item_get_entity (FlHistoryItem *self)
{
  g_return_val_if_fail (FL_IS_HISTORY_ITEM (self), NULL);
  return self->entity;
}

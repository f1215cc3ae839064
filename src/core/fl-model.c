/* fl-model.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The registry of record types, in dependency order: a type appears after the
 * types its references point to, which is the order an import or a first sync
 * must write them in.
 */
#define G_LOG_DOMAIN "Frontline-Core"

#include "config.h"

#include <string.h>

#include "fl-model.h"

/**
 * fl_model_get_types:
 * @n_types: (out): the number of types
 *
 * Returns: (transfer none) (array length=n_types): every record type, referenced
 *   types before the types that reference them
 */
const GType *
fl_model_get_types (guint *n_types)
{
  static GType types[9];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      types[0] = FL_TYPE_AGENT;
      types[1] = FL_TYPE_PRODUCT;
      types[2] = FL_TYPE_CUSTOMER;
      types[3] = FL_TYPE_OWNERSHIP;
      types[4] = FL_TYPE_FLAW;
      types[5] = FL_TYPE_OFFER;
      types[6] = FL_TYPE_CASE;
      types[7] = FL_TYPE_INTERACTION;
      types[8] = FL_TYPE_OFFER_OUTCOME;
      g_once_init_leave (&initialized, 1);
    }

  if (n_types != NULL)
    *n_types = G_N_ELEMENTS (types);
  return types;
}

/**
 * fl_model_type_from_name:
 * @type_name: a JMAP type name such as "Case"
 *
 * Returns: the type, or %G_TYPE_INVALID when there is no such record type
 */
GType
fl_model_type_from_name (const char *type_name)
{
  guint n_types;
  const GType *types = fl_model_get_types (&n_types);

  g_return_val_if_fail (type_name != NULL, G_TYPE_INVALID);

  for (guint i = 0; i < n_types; i++)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (types[i]);

      if (strcmp (fl_entity_class_get_type_name (FL_ENTITY_CLASS (klass)), type_name) == 0)
        return types[i];
    }
  return G_TYPE_INVALID;
}

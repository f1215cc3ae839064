/* entity-filler.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Records of any type with every field set, for tests that walk fl_model_get_types():
 * a type or field added later is covered without editing the tests.
 */
#pragma once

#include "frontline-core.h"

G_BEGIN_DECLS

/* 2024-05-01T10:00:00Z */
#define MAY_FIRST G_GINT64_CONSTANT (1714557600000000)

FlEntity   *make_filled        (GType     type);
FlEntity   *make_minimal       (GType     type);
void        change_field       (FlEntity *entity,
                                guint     field);
gboolean    field_values_equal (FlEntity *a,
                                FlEntity *b,
                                guint     field);
JsonObject *encode_object      (FlEntity *entity);

G_END_DECLS

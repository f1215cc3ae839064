/* fl-ownership.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlOwnership: A product a customer owns: one purchase, with the version they run.
 * Typed accessors over the field table in fl-ownership.c; see fl-entity.h.
 */
#pragma once

#include "fl-entity.h"
#include "fl-enums.h"

G_BEGIN_DECLS

#define FL_TYPE_OWNERSHIP (fl_ownership_get_type ())
G_DECLARE_FINAL_TYPE (FlOwnership, fl_ownership, FL, OWNERSHIP, FlEntity)

typedef enum
{
  FL_OWNERSHIP_FIELD_CUSTOMER_ID = FL_ENTITY_N_BASE_FIELDS,
  FL_OWNERSHIP_FIELD_PRODUCT_ID,
  FL_OWNERSHIP_FIELD_SERIAL,
  FL_OWNERSHIP_FIELD_VERSION,
  FL_OWNERSHIP_FIELD_PURCHASED_AT,
  FL_OWNERSHIP_N_FIELDS
} FlOwnershipField;

FlOwnership *fl_ownership_new              (void);
const char  *fl_ownership_get_customer_id  (FlOwnership *self);
void         fl_ownership_set_customer_id  (FlOwnership *self, const char *value);
const char  *fl_ownership_get_product_id   (FlOwnership *self);
void         fl_ownership_set_product_id   (FlOwnership *self, const char *value);
const char  *fl_ownership_get_serial       (FlOwnership *self);
void         fl_ownership_set_serial       (FlOwnership *self, const char *value);
const char  *fl_ownership_get_version      (FlOwnership *self);
void         fl_ownership_set_version      (FlOwnership *self, const char *value);
gint64       fl_ownership_get_purchased_at (FlOwnership *self);
void         fl_ownership_set_purchased_at (FlOwnership *self, gint64 value);

G_END_DECLS

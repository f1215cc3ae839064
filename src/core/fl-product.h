/* fl-product.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlProduct: Something we sell or support; version is the newest one released.
 * Typed accessors over the field table in fl-product.c; see fl-entity.h.
 */
#pragma once

#include "fl-entity.h"
#include "fl-enums.h"

G_BEGIN_DECLS

#define FL_TYPE_PRODUCT (fl_product_get_type ())
G_DECLARE_FINAL_TYPE (FlProduct, fl_product, FL, PRODUCT, FlEntity)

typedef enum
{
  FL_PRODUCT_FIELD_SKU = FL_ENTITY_N_BASE_FIELDS,
  FL_PRODUCT_FIELD_NAME,
  FL_PRODUCT_FIELD_LINE,
  FL_PRODUCT_FIELD_VERSION,
  FL_PRODUCT_FIELD_PRICE_CENTS,
  FL_PRODUCT_N_FIELDS
} FlProductField;

FlProduct  *fl_product_new             (void);
const char *fl_product_get_sku         (FlProduct *self);
void        fl_product_set_sku         (FlProduct *self, const char *value);
const char *fl_product_get_name        (FlProduct *self);
void        fl_product_set_name        (FlProduct *self, const char *value);
const char *fl_product_get_line        (FlProduct *self);
void        fl_product_set_line        (FlProduct *self, const char *value);
const char *fl_product_get_version     (FlProduct *self);
void        fl_product_set_version     (FlProduct *self, const char *value);
gint64      fl_product_get_price_cents (FlProduct *self);
void        fl_product_set_price_cents (FlProduct *self, gint64 value);

G_END_DECLS

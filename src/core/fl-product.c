/* fl-product.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlProduct: Something we sell or support; version is the newest one released.
 */
#define G_LOG_DOMAIN "Frontline-Core"

#include "config.h"

#include "fl-core-error.h"

#include "fl-enum-types.h"
#include "fl-product.h"

struct _FlProduct
{
  FlEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (FlProduct, fl_product, FL_TYPE_ENTITY)

/* Indexed by FlProductField minus FL_ENTITY_N_BASE_FIELDS. */
static const FlFieldInfo product_fields[] = {
  { "sku", FL_FIELD_TEXT, FL_FIELD_REQUIRED, 64 },
  { "name", FL_FIELD_TEXT, FL_FIELD_REQUIRED, 200 },
  /* Product line, e.g. "Monitors" */
  { "line", FL_FIELD_TEXT, FL_FIELD_REQUIRED, 100 },
  /* Newest released version */
  { "version", FL_FIELD_TEXT, FL_FIELD_NONE, 40 },
  /* List price in cents; money is never a float */
  { "price_cents", FL_FIELD_INT, FL_FIELD_NONE },
};

G_STATIC_ASSERT (G_N_ELEMENTS (product_fields) == FL_PRODUCT_N_FIELDS - FL_ENTITY_N_BASE_FIELDS);

static gboolean
fl_product_validate (FlEntity  *entity,
                     GError   **error)
{
  if (fl_product_get_price_cents (FL_PRODUCT (entity)) < 0)
    {
      g_set_error_literal (error, FL_CORE_ERROR, FL_CORE_ERROR_INVALID,
                           "Product.priceCents: a price cannot be negative");
      return FALSE;
    }
  return TRUE;
}

static void
fl_product_class_init (FlProductClass *klass)
{
  FL_ENTITY_CLASS (klass)->validate = fl_product_validate;

  fl_entity_class_install_fields (FL_ENTITY_CLASS (klass), "Product", "products",
                                  product_fields, G_N_ELEMENTS (product_fields));
}

static void
fl_product_init (FlProduct *self)
{
}

FlProduct *
fl_product_new (void)
{
  return g_object_new (FL_TYPE_PRODUCT, NULL);
}

const char *
fl_product_get_sku (FlProduct *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_PRODUCT_FIELD_SKU);
}

void
fl_product_set_sku (FlProduct      *self,
                   const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_PRODUCT_FIELD_SKU, value);
}

const char *
fl_product_get_name (FlProduct *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_PRODUCT_FIELD_NAME);
}

void
fl_product_set_name (FlProduct      *self,
                    const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_PRODUCT_FIELD_NAME, value);
}

const char *
fl_product_get_line (FlProduct *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_PRODUCT_FIELD_LINE);
}

void
fl_product_set_line (FlProduct      *self,
                    const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_PRODUCT_FIELD_LINE, value);
}

const char *
fl_product_get_version (FlProduct *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_PRODUCT_FIELD_VERSION);
}

void
fl_product_set_version (FlProduct      *self,
                       const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_PRODUCT_FIELD_VERSION, value);
}

gint64
fl_product_get_price_cents (FlProduct *self)
{
  return fl_entity_get_int (FL_ENTITY (self), FL_PRODUCT_FIELD_PRICE_CENTS);
}

void
fl_product_set_price_cents (FlProduct *self,
                           gint64 value)
{
  fl_entity_set_int (FL_ENTITY (self), FL_PRODUCT_FIELD_PRICE_CENTS, value);
}

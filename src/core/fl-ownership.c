/* fl-ownership.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlOwnership: A product a customer owns: one purchase, with the version they run.
 */
#define G_LOG_DOMAIN "Frontline-Core"

#include "config.h"

#include "fl-enum-types.h"
#include "fl-ownership.h"

struct _FlOwnership
{
  FlEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (FlOwnership, fl_ownership, FL_TYPE_ENTITY)

/* Indexed by FlOwnershipField minus FL_ENTITY_N_BASE_FIELDS. */
static const FlFieldInfo ownership_fields[] = {
  { "customer_id", FL_FIELD_ID, FL_FIELD_REQUIRED | FL_FIELD_IMMUTABLE },
  { "product_id", FL_FIELD_ID, FL_FIELD_REQUIRED },
  { "serial", FL_FIELD_TEXT, FL_FIELD_NONE, 100 },
  /* Version the customer has installed */
  { "version", FL_FIELD_TEXT, FL_FIELD_NONE, 40 },
  { "purchased_at", FL_FIELD_TIMESTAMP, FL_FIELD_NONE },
};

G_STATIC_ASSERT (G_N_ELEMENTS (ownership_fields) == FL_OWNERSHIP_N_FIELDS - FL_ENTITY_N_BASE_FIELDS);

static void
fl_ownership_class_init (FlOwnershipClass *klass)
{
  fl_entity_class_install_fields (FL_ENTITY_CLASS (klass), "Ownership", "ownerships",
                                  ownership_fields, G_N_ELEMENTS (ownership_fields));
}

static void
fl_ownership_init (FlOwnership *self)
{
}

FlOwnership *
fl_ownership_new (void)
{
  return g_object_new (FL_TYPE_OWNERSHIP, NULL);
}

const char *
fl_ownership_get_customer_id (FlOwnership *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_OWNERSHIP_FIELD_CUSTOMER_ID);
}

void
fl_ownership_set_customer_id (FlOwnership      *self,
                             const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_OWNERSHIP_FIELD_CUSTOMER_ID, value);
}

const char *
fl_ownership_get_product_id (FlOwnership *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_OWNERSHIP_FIELD_PRODUCT_ID);
}

void
fl_ownership_set_product_id (FlOwnership      *self,
                            const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_OWNERSHIP_FIELD_PRODUCT_ID, value);
}

const char *
fl_ownership_get_serial (FlOwnership *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_OWNERSHIP_FIELD_SERIAL);
}

void
fl_ownership_set_serial (FlOwnership      *self,
                        const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_OWNERSHIP_FIELD_SERIAL, value);
}

const char *
fl_ownership_get_version (FlOwnership *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_OWNERSHIP_FIELD_VERSION);
}

void
fl_ownership_set_version (FlOwnership      *self,
                         const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_OWNERSHIP_FIELD_VERSION, value);
}

gint64
fl_ownership_get_purchased_at (FlOwnership *self)
{
  return fl_entity_get_int (FL_ENTITY (self), FL_OWNERSHIP_FIELD_PURCHASED_AT);
}

void
fl_ownership_set_purchased_at (FlOwnership *self,
                              gint64 value)
{
  fl_entity_set_int (FL_ENTITY (self), FL_OWNERSHIP_FIELD_PURCHASED_AT, value);
}

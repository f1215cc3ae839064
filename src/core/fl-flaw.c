/* fl-flaw.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlFlaw: A known product flaw: what customers see, how to work around it, and whether it is fixed.
 */
#define G_LOG_DOMAIN "Frontline-Core"

#include "config.h"

#include "fl-enum-types.h"
#include "fl-flaw.h"

struct _FlFlaw
{
  FlEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (FlFlaw, fl_flaw, FL_TYPE_ENTITY)

/* Indexed by FlFlawField minus FL_ENTITY_N_BASE_FIELDS. */
static const FlFieldInfo flaw_fields[] = {
  { "product_id", FL_FIELD_ID, FL_FIELD_REQUIRED },
  /* Empty means every version */
  { "affected_versions", FL_FIELD_TEXT_LIST, FL_FIELD_NONE, 40 },
  { "title", FL_FIELD_TEXT, FL_FIELD_REQUIRED, 300 },
  { "symptoms", FL_FIELD_TEXT, FL_FIELD_NONE, 20000 },
  { "workaround", FL_FIELD_TEXT, FL_FIELD_NONE, 20000 },
  { "repro_steps", FL_FIELD_TEXT, FL_FIELD_NONE, 20000 },
  { "status", FL_FIELD_ENUM, FL_FIELD_NONE, 0, fl_flaw_status_get_type, 0 },
  { "fixed_in", FL_FIELD_TEXT, FL_FIELD_NONE, 40 },
  { "severity", FL_FIELD_ENUM, FL_FIELD_NONE, 0, fl_flaw_severity_get_type, 1 },
  { "first_seen_at", FL_FIELD_TIMESTAMP, FL_FIELD_NONE },
};

G_STATIC_ASSERT (G_N_ELEMENTS (flaw_fields) == FL_FLAW_N_FIELDS - FL_ENTITY_N_BASE_FIELDS);

static void
fl_flaw_class_init (FlFlawClass *klass)
{
  fl_entity_class_install_fields (FL_ENTITY_CLASS (klass), "Flaw", "flaws",
                                  flaw_fields, G_N_ELEMENTS (flaw_fields));
}

static void
fl_flaw_init (FlFlaw *self)
{
}

FlFlaw *
fl_flaw_new (void)
{
  return g_object_new (FL_TYPE_FLAW, NULL);
}

const char *
fl_flaw_get_product_id (FlFlaw *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_FLAW_FIELD_PRODUCT_ID);
}

void
fl_flaw_set_product_id (FlFlaw      *self,
                       const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_FLAW_FIELD_PRODUCT_ID, value);
}

const char * const *
fl_flaw_get_affected_versions (FlFlaw *self)
{
  return fl_entity_get_list (FL_ENTITY (self), FL_FLAW_FIELD_AFFECTED_VERSIONS);
}

void
fl_flaw_set_affected_versions (FlFlaw              *self,
                              const char * const *value)
{
  fl_entity_set_list (FL_ENTITY (self), FL_FLAW_FIELD_AFFECTED_VERSIONS, value);
}

const char *
fl_flaw_get_title (FlFlaw *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_FLAW_FIELD_TITLE);
}

void
fl_flaw_set_title (FlFlaw      *self,
                  const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_FLAW_FIELD_TITLE, value);
}

const char *
fl_flaw_get_symptoms (FlFlaw *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_FLAW_FIELD_SYMPTOMS);
}

void
fl_flaw_set_symptoms (FlFlaw      *self,
                     const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_FLAW_FIELD_SYMPTOMS, value);
}

const char *
fl_flaw_get_workaround (FlFlaw *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_FLAW_FIELD_WORKAROUND);
}

void
fl_flaw_set_workaround (FlFlaw      *self,
                       const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_FLAW_FIELD_WORKAROUND, value);
}

const char *
fl_flaw_get_repro_steps (FlFlaw *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_FLAW_FIELD_REPRO_STEPS);
}

void
fl_flaw_set_repro_steps (FlFlaw      *self,
                        const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_FLAW_FIELD_REPRO_STEPS, value);
}

FlFlawStatus
fl_flaw_get_status (FlFlaw *self)
{
  return (FlFlawStatus) fl_entity_get_int (FL_ENTITY (self), FL_FLAW_FIELD_STATUS);
}

void
fl_flaw_set_status (FlFlaw *self,
                   FlFlawStatus value)
{
  fl_entity_set_int (FL_ENTITY (self), FL_FLAW_FIELD_STATUS, value);
}

const char *
fl_flaw_get_fixed_in (FlFlaw *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_FLAW_FIELD_FIXED_IN);
}

void
fl_flaw_set_fixed_in (FlFlaw      *self,
                     const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_FLAW_FIELD_FIXED_IN, value);
}

FlFlawSeverity
fl_flaw_get_severity (FlFlaw *self)
{
  return (FlFlawSeverity) fl_entity_get_int (FL_ENTITY (self), FL_FLAW_FIELD_SEVERITY);
}

void
fl_flaw_set_severity (FlFlaw *self,
                     FlFlawSeverity value)
{
  fl_entity_set_int (FL_ENTITY (self), FL_FLAW_FIELD_SEVERITY, value);
}

gint64
fl_flaw_get_first_seen_at (FlFlaw *self)
{
  return fl_entity_get_int (FL_ENTITY (self), FL_FLAW_FIELD_FIRST_SEEN_AT);
}

void
fl_flaw_set_first_seen_at (FlFlaw *self,
                          gint64 value)
{
  fl_entity_set_int (FL_ENTITY (self), FL_FLAW_FIELD_FIRST_SEEN_AT, value);
}

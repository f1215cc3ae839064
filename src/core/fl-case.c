/* fl-case.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlCase: A support case: one problem of one customer, from first call to closure.
 */
#define G_LOG_DOMAIN "Frontline-Core"

#include "config.h"

#include "fl-enum-types.h"
#include "fl-case.h"

struct _FlCase
{
  FlEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (FlCase, fl_case, FL_TYPE_ENTITY)

/* Indexed by FlCaseField minus FL_ENTITY_N_BASE_FIELDS. */
static const FlFieldInfo case_fields[] = {
  { "customer_id", FL_FIELD_ID, FL_FIELD_REQUIRED },
  { "product_id", FL_FIELD_ID, FL_FIELD_NONE },
  /* Version of the product the case is about */
  { "product_version", FL_FIELD_TEXT, FL_FIELD_NONE, 40 },
  { "subject", FL_FIELD_TEXT, FL_FIELD_REQUIRED, 300 },
  { "description", FL_FIELD_TEXT, FL_FIELD_NONE, 100000 },
  { "status", FL_FIELD_ENUM, FL_FIELD_NONE, 0, fl_case_status_get_type, 0 },
  { "priority", FL_FIELD_ENUM, FL_FIELD_NONE, 0, fl_case_priority_get_type, 1 },
  { "tier", FL_FIELD_ENUM, FL_FIELD_NONE, 0, fl_case_tier_get_type, 0 },
  { "assignee_id", FL_FIELD_ID, FL_FIELD_NONE },
  { "creator_id", FL_FIELD_ID, FL_FIELD_NONE },
  { "sla_due_at", FL_FIELD_TIMESTAMP, FL_FIELD_NONE },
  /* Known flaws linked to this case */
  { "flaw_ids", FL_FIELD_ID_LIST, FL_FIELD_NONE },
  /* The customer is complaining: no sales pitch */
  { "complaint", FL_FIELD_BOOL, FL_FIELD_NONE },
  { "resolved_at", FL_FIELD_TIMESTAMP, FL_FIELD_NONE },
};

G_STATIC_ASSERT (G_N_ELEMENTS (case_fields) == FL_CASE_N_FIELDS - FL_ENTITY_N_BASE_FIELDS);

static void
fl_case_class_init (FlCaseClass *klass)
{
  fl_entity_class_install_fields (FL_ENTITY_CLASS (klass), "Case", "cases",
                                  case_fields, G_N_ELEMENTS (case_fields));
}

static void
fl_case_init (FlCase *self)
{
}

FlCase *
fl_case_new (void)
{
  return g_object_new (FL_TYPE_CASE, NULL);
}

const char *
fl_case_get_customer_id (FlCase *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_CASE_FIELD_CUSTOMER_ID);
}

void
fl_case_set_customer_id (FlCase      *self,
                        const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_CASE_FIELD_CUSTOMER_ID, value);
}

const char *
fl_case_get_product_id (FlCase *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_CASE_FIELD_PRODUCT_ID);
}

void
fl_case_set_product_id (FlCase      *self,
                       const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_CASE_FIELD_PRODUCT_ID, value);
}

const char *
fl_case_get_product_version (FlCase *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_CASE_FIELD_PRODUCT_VERSION);
}

void
fl_case_set_product_version (FlCase      *self,
                            const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_CASE_FIELD_PRODUCT_VERSION, value);
}

const char *
fl_case_get_subject (FlCase *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_CASE_FIELD_SUBJECT);
}

void
fl_case_set_subject (FlCase      *self,
                    const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_CASE_FIELD_SUBJECT, value);
}

const char *
fl_case_get_description (FlCase *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_CASE_FIELD_DESCRIPTION);
}

void
fl_case_set_description (FlCase      *self,
                        const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_CASE_FIELD_DESCRIPTION, value);
}

FlCaseStatus
fl_case_get_status (FlCase *self)
{
  return (FlCaseStatus) fl_entity_get_int (FL_ENTITY (self), FL_CASE_FIELD_STATUS);
}

void
fl_case_set_status (FlCase *self,
                   FlCaseStatus value)
{
  fl_entity_set_int (FL_ENTITY (self), FL_CASE_FIELD_STATUS, value);
}

FlCasePriority
fl_case_get_priority (FlCase *self)
{
  return (FlCasePriority) fl_entity_get_int (FL_ENTITY (self), FL_CASE_FIELD_PRIORITY);
}

void
fl_case_set_priority (FlCase *self,
                     FlCasePriority value)
{
  fl_entity_set_int (FL_ENTITY (self), FL_CASE_FIELD_PRIORITY, value);
}

FlCaseTier
fl_case_get_tier (FlCase *self)
{
  return (FlCaseTier) fl_entity_get_int (FL_ENTITY (self), FL_CASE_FIELD_TIER);
}

void
fl_case_set_tier (FlCase *self,
                 FlCaseTier value)
{
  fl_entity_set_int (FL_ENTITY (self), FL_CASE_FIELD_TIER, value);
}

const char *
fl_case_get_assignee_id (FlCase *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_CASE_FIELD_ASSIGNEE_ID);
}

void
fl_case_set_assignee_id (FlCase      *self,
                        const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_CASE_FIELD_ASSIGNEE_ID, value);
}

const char *
fl_case_get_creator_id (FlCase *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_CASE_FIELD_CREATOR_ID);
}

void
fl_case_set_creator_id (FlCase      *self,
                       const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_CASE_FIELD_CREATOR_ID, value);
}

gint64
fl_case_get_sla_due_at (FlCase *self)
{
  return fl_entity_get_int (FL_ENTITY (self), FL_CASE_FIELD_SLA_DUE_AT);
}

void
fl_case_set_sla_due_at (FlCase *self,
                       gint64 value)
{
  fl_entity_set_int (FL_ENTITY (self), FL_CASE_FIELD_SLA_DUE_AT, value);
}

const char * const *
fl_case_get_flaw_ids (FlCase *self)
{
  return fl_entity_get_list (FL_ENTITY (self), FL_CASE_FIELD_FLAW_IDS);
}

void
fl_case_set_flaw_ids (FlCase              *self,
                     const char * const *value)
{
  fl_entity_set_list (FL_ENTITY (self), FL_CASE_FIELD_FLAW_IDS, value);
}

gboolean
fl_case_get_complaint (FlCase *self)
{
  return fl_entity_get_int (FL_ENTITY (self), FL_CASE_FIELD_COMPLAINT) != 0;
}

void
fl_case_set_complaint (FlCase   *self,
                      gboolean value)
{
  fl_entity_set_int (FL_ENTITY (self), FL_CASE_FIELD_COMPLAINT, value != FALSE);
}

gint64
fl_case_get_resolved_at (FlCase *self)
{
  return fl_entity_get_int (FL_ENTITY (self), FL_CASE_FIELD_RESOLVED_AT);
}

void
fl_case_set_resolved_at (FlCase *self,
                        gint64 value)
{
  fl_entity_set_int (FL_ENTITY (self), FL_CASE_FIELD_RESOLVED_AT, value);
}

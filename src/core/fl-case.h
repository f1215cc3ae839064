/* fl-case.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlCase: A support case: one problem of one customer, from first call to closure.
 * Typed accessors over the field table in fl-case.c; see fl-entity.h.
 */
#pragma once

#include "fl-entity.h"
#include "fl-enums.h"

G_BEGIN_DECLS

#define FL_TYPE_CASE (fl_case_get_type ())
G_DECLARE_FINAL_TYPE (FlCase, fl_case, FL, CASE, FlEntity)

typedef enum
{
  FL_CASE_FIELD_CUSTOMER_ID = FL_ENTITY_N_BASE_FIELDS,
  FL_CASE_FIELD_PRODUCT_ID,
  FL_CASE_FIELD_PRODUCT_VERSION,
  FL_CASE_FIELD_SUBJECT,
  FL_CASE_FIELD_DESCRIPTION,
  FL_CASE_FIELD_STATUS,
  FL_CASE_FIELD_PRIORITY,
  FL_CASE_FIELD_TIER,
  FL_CASE_FIELD_ASSIGNEE_ID,
  FL_CASE_FIELD_CREATOR_ID,
  FL_CASE_FIELD_SLA_DUE_AT,
  FL_CASE_FIELD_FLAW_IDS,
  FL_CASE_FIELD_COMPLAINT,
  FL_CASE_FIELD_RESOLVED_AT,
  FL_CASE_N_FIELDS
} FlCaseField;

FlCase              *fl_case_new                 (void);
const char          *fl_case_get_customer_id     (FlCase *self);
void                 fl_case_set_customer_id     (FlCase *self, const char *value);
const char          *fl_case_get_product_id      (FlCase *self);
void                 fl_case_set_product_id      (FlCase *self, const char *value);
const char          *fl_case_get_product_version (FlCase *self);
void                 fl_case_set_product_version (FlCase *self, const char *value);
const char          *fl_case_get_subject         (FlCase *self);
void                 fl_case_set_subject         (FlCase *self, const char *value);
const char          *fl_case_get_description     (FlCase *self);
void                 fl_case_set_description     (FlCase *self, const char *value);
FlCaseStatus         fl_case_get_status          (FlCase *self);
void                 fl_case_set_status          (FlCase *self, FlCaseStatus value);
FlCasePriority       fl_case_get_priority        (FlCase *self);
void                 fl_case_set_priority        (FlCase *self, FlCasePriority value);
FlCaseTier           fl_case_get_tier            (FlCase *self);
void                 fl_case_set_tier            (FlCase *self, FlCaseTier value);
const char          *fl_case_get_assignee_id     (FlCase *self);
void                 fl_case_set_assignee_id     (FlCase *self, const char *value);
const char          *fl_case_get_creator_id      (FlCase *self);
void                 fl_case_set_creator_id      (FlCase *self, const char *value);
gint64               fl_case_get_sla_due_at      (FlCase *self);
void                 fl_case_set_sla_due_at      (FlCase *self, gint64 value);
const char * const  *fl_case_get_flaw_ids        (FlCase *self);
void                 fl_case_set_flaw_ids        (FlCase *self, const char * const *value);
gboolean             fl_case_get_complaint       (FlCase *self);
void                 fl_case_set_complaint       (FlCase *self, gboolean value);
gint64               fl_case_get_resolved_at     (FlCase *self);
void                 fl_case_set_resolved_at     (FlCase *self, gint64 value);

G_END_DECLS

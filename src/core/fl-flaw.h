/* fl-flaw.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlFlaw: A known product flaw: what customers see, how to work around it, and whether it is fixed.
 * Typed accessors over the field table in fl-flaw.c; see fl-entity.h.
 */
#pragma once

#include "fl-entity.h"
#include "fl-enums.h"

G_BEGIN_DECLS

#define FL_TYPE_FLAW (fl_flaw_get_type ())
G_DECLARE_FINAL_TYPE (FlFlaw, fl_flaw, FL, FLAW, FlEntity)

typedef enum
{
  FL_FLAW_FIELD_PRODUCT_ID = FL_ENTITY_N_BASE_FIELDS,
  FL_FLAW_FIELD_AFFECTED_VERSIONS,
  FL_FLAW_FIELD_TITLE,
  FL_FLAW_FIELD_SYMPTOMS,
  FL_FLAW_FIELD_WORKAROUND,
  FL_FLAW_FIELD_REPRO_STEPS,
  FL_FLAW_FIELD_STATUS,
  FL_FLAW_FIELD_FIXED_IN,
  FL_FLAW_FIELD_SEVERITY,
  FL_FLAW_FIELD_FIRST_SEEN_AT,
  FL_FLAW_N_FIELDS
} FlFlawField;

FlFlaw              *fl_flaw_new                   (void);
const char          *fl_flaw_get_product_id        (FlFlaw *self);
void                 fl_flaw_set_product_id        (FlFlaw *self, const char *value);
const char * const  *fl_flaw_get_affected_versions (FlFlaw *self);
void                 fl_flaw_set_affected_versions (FlFlaw *self, const char * const *value);
const char          *fl_flaw_get_title             (FlFlaw *self);
void                 fl_flaw_set_title             (FlFlaw *self, const char *value);
const char          *fl_flaw_get_symptoms          (FlFlaw *self);
void                 fl_flaw_set_symptoms          (FlFlaw *self, const char *value);
const char          *fl_flaw_get_workaround        (FlFlaw *self);
void                 fl_flaw_set_workaround        (FlFlaw *self, const char *value);
const char          *fl_flaw_get_repro_steps       (FlFlaw *self);
void                 fl_flaw_set_repro_steps       (FlFlaw *self, const char *value);
FlFlawStatus         fl_flaw_get_status            (FlFlaw *self);
void                 fl_flaw_set_status            (FlFlaw *self, FlFlawStatus value);
const char          *fl_flaw_get_fixed_in          (FlFlaw *self);
void                 fl_flaw_set_fixed_in          (FlFlaw *self, const char *value);
FlFlawSeverity       fl_flaw_get_severity          (FlFlaw *self);
void                 fl_flaw_set_severity          (FlFlaw *self, FlFlawSeverity value);
gint64               fl_flaw_get_first_seen_at     (FlFlaw *self);
void                 fl_flaw_set_first_seen_at     (FlFlaw *self, gint64 value);

G_END_DECLS

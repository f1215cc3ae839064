/* fl-interaction.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlInteraction: One event in a case's conversation: a call, an email, a note, a status change, an escalation or an offer.
 * Typed accessors over the field table in fl-interaction.c; see fl-entity.h.
 */
#pragma once

#include "fl-entity.h"
#include "fl-enums.h"

G_BEGIN_DECLS

#define FL_TYPE_INTERACTION (fl_interaction_get_type ())
G_DECLARE_FINAL_TYPE (FlInteraction, fl_interaction, FL, INTERACTION, FlEntity)

typedef enum
{
  FL_INTERACTION_FIELD_CASE_ID = FL_ENTITY_N_BASE_FIELDS,
  FL_INTERACTION_FIELD_CUSTOMER_ID,
  FL_INTERACTION_FIELD_KIND,
  FL_INTERACTION_FIELD_AUTHOR_ID,
  FL_INTERACTION_FIELD_AUTHOR_NAME,
  FL_INTERACTION_FIELD_BODY,
  FL_INTERACTION_FIELD_AT,
  FL_INTERACTION_N_FIELDS
} FlInteractionField;

FlInteraction    *fl_interaction_new             (void);
/* A line an agent adds to a case's conversation now: @customer_id, @author_id
 * and @author_name may be NULL when not known. */
FlInteraction    *fl_interaction_new_in_case     (const char        *case_id,
                                                  const char        *customer_id,
                                                  FlInteractionKind  kind,
                                                  const char        *author_id,
                                                  const char        *author_name,
                                                  const char        *body);
const char       *fl_interaction_get_case_id     (FlInteraction *self);
void              fl_interaction_set_case_id     (FlInteraction *self, const char *value);
const char       *fl_interaction_get_customer_id (FlInteraction *self);
void              fl_interaction_set_customer_id (FlInteraction *self, const char *value);
FlInteractionKind fl_interaction_get_kind        (FlInteraction *self);
void              fl_interaction_set_kind        (FlInteraction *self, FlInteractionKind value);
const char       *fl_interaction_get_author_id   (FlInteraction *self);
void              fl_interaction_set_author_id   (FlInteraction *self, const char *value);
const char       *fl_interaction_get_author_name (FlInteraction *self);
void              fl_interaction_set_author_name (FlInteraction *self, const char *value);
const char       *fl_interaction_get_body        (FlInteraction *self);
void              fl_interaction_set_body        (FlInteraction *self, const char *value);
gint64            fl_interaction_get_at          (FlInteraction *self);
void              fl_interaction_set_at          (FlInteraction *self, gint64 value);

G_END_DECLS

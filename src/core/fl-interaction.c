/* fl-interaction.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlInteraction: One event in a case's conversation: a call, an email, a note, a status change, an escalation or an offer.
 */
#define G_LOG_DOMAIN "Frontline-Core"

#include "config.h"

#include "fl-enum-types.h"
#include "fl-interaction.h"
#include "fl-timestamp.h"

struct _FlInteraction
{
  FlEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (FlInteraction, fl_interaction, FL_TYPE_ENTITY)

/* Indexed by FlInteractionField minus FL_ENTITY_N_BASE_FIELDS. */
static const FlFieldInfo interaction_fields[] = {
  { "case_id", FL_FIELD_ID, FL_FIELD_REQUIRED | FL_FIELD_IMMUTABLE },
  /* Copied from the case by the store, so history reads need no join */
  { "customer_id", FL_FIELD_ID, FL_FIELD_NONE },
  { "kind", FL_FIELD_ENUM, FL_FIELD_NONE, 0, fl_interaction_kind_get_type, 2 },
  { "author_id", FL_FIELD_ID, FL_FIELD_NONE },
  /* Customer-facing name of the author: the agent's alias, never a rank */
  { "author_name", FL_FIELD_TEXT, FL_FIELD_NONE, 200 },
  { "body", FL_FIELD_TEXT, FL_FIELD_NONE, 100000 },
  { "at", FL_FIELD_TIMESTAMP, FL_FIELD_REQUIRED },
};

G_STATIC_ASSERT (G_N_ELEMENTS (interaction_fields) == FL_INTERACTION_N_FIELDS - FL_ENTITY_N_BASE_FIELDS);

static void
fl_interaction_class_init (FlInteractionClass *klass)
{
  fl_entity_class_install_fields (FL_ENTITY_CLASS (klass), "Interaction", "interactions",
                                  interaction_fields, G_N_ELEMENTS (interaction_fields));
}

static void
fl_interaction_init (FlInteraction *self)
{
}

FlInteraction *
fl_interaction_new (void)
{
  return g_object_new (FL_TYPE_INTERACTION, NULL);
}

FlInteraction *
fl_interaction_new_in_case (const char        *case_id,
                            const char        *customer_id,
                            FlInteractionKind  kind,
                            const char        *author_id,
                            const char        *author_name,
                            const char        *body)
{
  FlInteraction *self;

  g_return_val_if_fail (case_id != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  self = fl_interaction_new ();
  fl_interaction_set_case_id (self, case_id);
  if (customer_id != NULL)
    fl_interaction_set_customer_id (self, customer_id);
  fl_interaction_set_kind (self, kind);
  if (author_id != NULL)
    fl_interaction_set_author_id (self, author_id);
  if (author_name != NULL)
    fl_interaction_set_author_name (self, author_name);
  fl_interaction_set_body (self, body);
  fl_interaction_set_at (self, fl_timestamp_now ());
  return self;
}

const char *
fl_interaction_get_case_id (FlInteraction *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_INTERACTION_FIELD_CASE_ID);
}

void
fl_interaction_set_case_id (FlInteraction      *self,
                           const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_INTERACTION_FIELD_CASE_ID, value);
}

const char *
fl_interaction_get_customer_id (FlInteraction *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_INTERACTION_FIELD_CUSTOMER_ID);
}

void
fl_interaction_set_customer_id (FlInteraction      *self,
                               const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_INTERACTION_FIELD_CUSTOMER_ID, value);
}

FlInteractionKind
fl_interaction_get_kind (FlInteraction *self)
{
  return (FlInteractionKind) fl_entity_get_int (FL_ENTITY (self), FL_INTERACTION_FIELD_KIND);
}

void
fl_interaction_set_kind (FlInteraction *self,
                        FlInteractionKind value)
{
  fl_entity_set_int (FL_ENTITY (self), FL_INTERACTION_FIELD_KIND, value);
}

const char *
fl_interaction_get_author_id (FlInteraction *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_INTERACTION_FIELD_AUTHOR_ID);
}

void
fl_interaction_set_author_id (FlInteraction      *self,
                             const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_INTERACTION_FIELD_AUTHOR_ID, value);
}

const char *
fl_interaction_get_author_name (FlInteraction *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_INTERACTION_FIELD_AUTHOR_NAME);
}

void
fl_interaction_set_author_name (FlInteraction      *self,
                               const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_INTERACTION_FIELD_AUTHOR_NAME, value);
}

const char *
fl_interaction_get_body (FlInteraction *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_INTERACTION_FIELD_BODY);
}

void
fl_interaction_set_body (FlInteraction      *self,
                        const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_INTERACTION_FIELD_BODY, value);
}

gint64
fl_interaction_get_at (FlInteraction *self)
{
  return fl_entity_get_int (FL_ENTITY (self), FL_INTERACTION_FIELD_AT);
}

void
fl_interaction_set_at (FlInteraction *self,
                      gint64 value)
{
  fl_entity_set_int (FL_ENTITY (self), FL_INTERACTION_FIELD_AT, value);
}

/* fl-agent.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlAgent: Someone who works cases: their login, their real name, and the alias customers see.
 * Typed accessors over the field table in fl-agent.c; see fl-entity.h.
 */
#pragma once

#include "fl-entity.h"
#include "fl-enums.h"

G_BEGIN_DECLS

#define FL_TYPE_AGENT (fl_agent_get_type ())
G_DECLARE_FINAL_TYPE (FlAgent, fl_agent, FL, AGENT, FlEntity)

typedef enum
{
  FL_AGENT_FIELD_LOGIN = FL_ENTITY_N_BASE_FIELDS,
  FL_AGENT_FIELD_DISPLAY_NAME,
  FL_AGENT_FIELD_ALIAS,
  FL_AGENT_FIELD_ROLE,
  FL_AGENT_FIELD_TEAM,
  FL_AGENT_FIELD_DISABLED,
  FL_AGENT_N_FIELDS
} FlAgentField;

FlAgent    *fl_agent_new              (void);
const char *fl_agent_get_login        (FlAgent *self);
void        fl_agent_set_login        (FlAgent *self, const char *value);
const char *fl_agent_get_display_name (FlAgent *self);
void        fl_agent_set_display_name (FlAgent *self, const char *value);
const char *fl_agent_get_alias        (FlAgent *self);
void        fl_agent_set_alias        (FlAgent *self, const char *value);
FlAgentRole fl_agent_get_role         (FlAgent *self);
void        fl_agent_set_role         (FlAgent *self, FlAgentRole value);
const char *fl_agent_get_team         (FlAgent *self);
void        fl_agent_set_team         (FlAgent *self, const char *value);
gboolean    fl_agent_get_disabled     (FlAgent *self);
void        fl_agent_set_disabled     (FlAgent *self, gboolean value);

G_END_DECLS

/* fl-agent.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlAgent: Someone who works cases: their login, their real name, and the alias customers see.
 */
#define G_LOG_DOMAIN "Frontline-Core"

#include "config.h"

#include "fl-core-error.h"
#include "fl-core-error-private.h"

#include "fl-enum-types.h"
#include "fl-agent.h"

struct _FlAgent
{
  FlEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (FlAgent, fl_agent, FL_TYPE_ENTITY)

/* Indexed by FlAgentField minus FL_ENTITY_N_BASE_FIELDS. */
static const FlFieldInfo agent_fields[] = {
  { "login", FL_FIELD_TEXT, FL_FIELD_REQUIRED | FL_FIELD_IMMUTABLE, 64 },
  /* Real name, shown to colleagues only */
  { "display_name", FL_FIELD_TEXT, FL_FIELD_REQUIRED, 200 },
  /* What customers see; never carries a rank */
  { "alias", FL_FIELD_TEXT, FL_FIELD_NONE, 100 },
  { "role", FL_FIELD_ENUM, FL_FIELD_NONE, 0, fl_agent_role_get_type, 0 },
  { "team", FL_FIELD_TEXT, FL_FIELD_NONE, 100 },
  { "disabled", FL_FIELD_BOOL, FL_FIELD_NONE },
};

G_STATIC_ASSERT (G_N_ELEMENTS (agent_fields) == FL_AGENT_N_FIELDS - FL_ENTITY_N_BASE_FIELDS);

/* Logins end up in URLs, logs and the audit trail: keep them to a plain alphabet. */
static gboolean
fl_agent_validate (FlEntity  *entity,
                   GError   **error)
{
  const char *login = fl_agent_get_login (FL_AGENT (entity));

  for (const char *p = login; p != NULL && *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '.' && *p != '_' && *p != '-')
      {
        g_autofree char *quoted = _fl_core_error_quote (login, 64);

        g_set_error (error, FL_CORE_ERROR, FL_CORE_ERROR_INVALID,
                     "Agent.login: “%s” may only use a–z, 0–9, “.”, “_” and “-”", quoted);
        return FALSE;
      }
  return TRUE;
}

static void
fl_agent_class_init (FlAgentClass *klass)
{
  FL_ENTITY_CLASS (klass)->validate = fl_agent_validate;

  fl_entity_class_install_fields (FL_ENTITY_CLASS (klass), "Agent", "agents",
                                  agent_fields, G_N_ELEMENTS (agent_fields));
}

static void
fl_agent_init (FlAgent *self)
{
}

FlAgent *
fl_agent_new (void)
{
  return g_object_new (FL_TYPE_AGENT, NULL);
}

const char *
fl_agent_get_login (FlAgent *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_AGENT_FIELD_LOGIN);
}

void
fl_agent_set_login (FlAgent      *self,
                   const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_AGENT_FIELD_LOGIN, value);
}

const char *
fl_agent_get_display_name (FlAgent *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_AGENT_FIELD_DISPLAY_NAME);
}

void
fl_agent_set_display_name (FlAgent      *self,
                          const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_AGENT_FIELD_DISPLAY_NAME, value);
}

const char *
fl_agent_get_alias (FlAgent *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_AGENT_FIELD_ALIAS);
}

void
fl_agent_set_alias (FlAgent      *self,
                   const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_AGENT_FIELD_ALIAS, value);
}

FlAgentRole
fl_agent_get_role (FlAgent *self)
{
  return (FlAgentRole) fl_entity_get_int (FL_ENTITY (self), FL_AGENT_FIELD_ROLE);
}

void
fl_agent_set_role (FlAgent *self,
                  FlAgentRole value)
{
  fl_entity_set_int (FL_ENTITY (self), FL_AGENT_FIELD_ROLE, value);
}

const char *
fl_agent_get_team (FlAgent *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_AGENT_FIELD_TEAM);
}

void
fl_agent_set_team (FlAgent      *self,
                  const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_AGENT_FIELD_TEAM, value);
}

gboolean
fl_agent_get_disabled (FlAgent *self)
{
  return fl_entity_get_int (FL_ENTITY (self), FL_AGENT_FIELD_DISABLED) != 0;
}

void
fl_agent_set_disabled (FlAgent   *self,
                      gboolean value)
{
  fl_entity_set_int (FL_ENTITY (self), FL_AGENT_FIELD_DISABLED, value != FALSE);
}

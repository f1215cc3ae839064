/* fl-access-policy.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Frontline-Server"

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "fl-access-policy.h"

enum
{
  C = 1 << FL_ACCESS_CREATE,
  U = 1 << FL_ACCESS_UPDATE,
  D = 1 << FL_ACCESS_DESTROY,
};

/* Columns: trainee and rotation, agent, tier2, lead. */
enum
{
  COLUMN_LEARNER,
  COLUMN_AGENT,
  COLUMN_TIER2,
  COLUMN_LEAD,
  N_COLUMNS
};

static const struct
{
  GType      (*get_type) (void);
  guint        ops[N_COLUMNS];
} table[] = {
  { fl_customer_get_type,      { C,     C | U, C | U, C | U | D } },
  { fl_ownership_get_type,     { C,     C | U, C | U, C | U | D } },
  { fl_case_get_type,          { C | U, C | U, C | U, C | U | D } },
  { fl_interaction_get_type,   { C,     C,     C,     C | U | D } },
  { fl_offer_outcome_get_type, { 0,     C,     C,     C | U | D } },
  { fl_flaw_get_type,          { 0,     0,     C | U, C | U | D } },
  { fl_product_get_type,       { 0,     0,     0,     C | U | D } },
  { fl_offer_get_type,         { 0,     0,     0,     C | U | D } },
  { fl_agent_get_type,         { 0,     0,     0,     C | U | D } },
};

static int
column_for_role (FlAgentRole role)
{
  switch (role)
    {
    case FL_AGENT_ROLE_LEAD:
      return COLUMN_LEAD;
    case FL_AGENT_ROLE_TIER2:
      return COLUMN_TIER2;
    case FL_AGENT_ROLE_AGENT:
      return COLUMN_AGENT;
    case FL_AGENT_ROLE_ROTATION:
    case FL_AGENT_ROLE_TRAINEE:
    default:
      return COLUMN_LEARNER;
    }
}

static const char *
role_name (FlAgentRole role)
{
  switch (role)
    {
    case FL_AGENT_ROLE_LEAD:
      return "A lead";
    case FL_AGENT_ROLE_TIER2:
      return "A tier 2 agent";
    case FL_AGENT_ROLE_AGENT:
      return "An agent";
    case FL_AGENT_ROLE_ROTATION:
      return "Staff on rotation";
    case FL_AGENT_ROLE_TRAINEE:
    default:
      return "A trainee";
    }
}

static const char *
op_verb (FlAccessOp op)
{
  return op == FL_ACCESS_CREATE ? "create" : op == FL_ACCESS_UPDATE ? "change" : "delete";
}

static gboolean
deny (GError     **error,
      FlAgent     *agent,
      const char  *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
deny (GError     **error,
      FlAgent     *agent,
      const char  *format,
      ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "%s may not %s",
               role_name (fl_agent_get_role (agent)), what);
  return FALSE;
}

static gboolean
is_self (FlAgent     *agent,
         const char  *agent_id)
{
  return g_strcmp0 (agent_id, fl_entity_get_id (FL_ENTITY (agent))) == 0;
}

/* Whether the agent may work on this case at all (before the change). */
static gboolean
holds_case (FlAgent *agent,
            FlCase  *kase)
{
  FlAgentRole role = fl_agent_get_role (agent);

  if (is_self (agent, fl_case_get_assignee_id (kase)) || is_self (agent, fl_case_get_creator_id (kase)))
    return TRUE;
  if (role == FL_AGENT_ROLE_AGENT || role == FL_AGENT_ROLE_TIER2)
    {
      if (fl_case_get_assignee_id (kase) == NULL)
        return TRUE;
      if (role == FL_AGENT_ROLE_TIER2
          && (fl_case_get_status (kase) == FL_CASE_STATUS_ESCALATED
              || fl_case_get_tier (kase) != FL_CASE_TIER_TIER1))
        return TRUE;
    }
  return FALSE;
}

static gboolean
check_case (FlAgent     *agent,
            FlAccessOp   op,
            FlCase      *old,
            FlCase      *new_case,
            GError     **error)
{
  FlAgentRole role = fl_agent_get_role (agent);
  gboolean learner = role == FL_AGENT_ROLE_TRAINEE || role == FL_AGENT_ROLE_ROTATION;
  const char *assignee = fl_case_get_assignee_id (new_case);
  FlCaseStatus status = fl_case_get_status (new_case);

  if (op == FL_ACCESS_UPDATE && !holds_case (agent, old))
    return deny (error, agent, "change a case someone else holds");

  if (learner)
    {
      gboolean assignee_changed = old != NULL
        && g_strcmp0 (fl_case_get_assignee_id (old), assignee) != 0;

      if ((status == FL_CASE_STATUS_RESOLVED || status == FL_CASE_STATUS_CLOSED)
          && (old == NULL || fl_case_get_status (old) != status))
        return deny (error, agent, "resolve or close a case; hand it to an agent instead");
      if (assignee_changed || (old == NULL && assignee != NULL && !is_self (agent, assignee)))
        return deny (error, agent, "assign or reassign a case");
      return TRUE;
    }

  /* Agents and tier 2 take cases, or let them go; only a lead hands a case to
   * someone else. */
  if (assignee != NULL && !is_self (agent, assignee)
      && (old == NULL || g_strcmp0 (fl_case_get_assignee_id (old), assignee) != 0))
    return deny (error, agent, "assign a case to someone else; ask a lead");
  return TRUE;
}

gboolean
fl_access_policy_check_write (FlAgent     *agent,
                              FlAccessOp   op,
                              FlEntity    *old,
                              FlEntity    *new_entity,
                              GError     **error)
{
  FlEntity *subject = new_entity != NULL ? new_entity : old;
  GType type;
  int column;

  g_return_val_if_fail (FL_IS_AGENT (agent), FALSE);
  g_return_val_if_fail (FL_IS_ENTITY (subject), FALSE);

  if (fl_agent_get_disabled (agent))
    return deny (error, agent, "do anything while the account is disabled");

  type = G_OBJECT_TYPE (subject);
  column = column_for_role (fl_agent_get_role (agent));

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      if (table[i].get_type () != type)
        continue;
      if (!(table[i].ops[column] & (1 << op)))
        return deny (error, agent, "%s %s records", op_verb (op), fl_entity_get_type_name (subject));
      if (column == COLUMN_LEAD)
        return TRUE;
      if (type == FL_TYPE_CASE && op != FL_ACCESS_DESTROY)
        return check_case (agent, op, FL_CASE (old), FL_CASE (new_entity), error);
      return TRUE;
    }

  return deny (error, agent, "%s %s records", op_verb (op), fl_entity_get_type_name (subject));
}

gboolean
fl_access_policy_can_read_audit (FlAgent *agent)
{
  g_return_val_if_fail (FL_IS_AGENT (agent), FALSE);

  return fl_agent_get_role (agent) == FL_AGENT_ROLE_LEAD && !fl_agent_get_disabled (agent);
}

char *
fl_access_policy_public_name (FlAgent *agent)
{
  const char *alias;
  const char *display_name;
  const char *space;

  g_return_val_if_fail (FL_IS_AGENT (agent), NULL);

  alias = fl_agent_get_alias (agent);
  if (alias != NULL && *alias != '\0')
    return g_strdup (alias);

  /* No alias: agents go by their first name, as on the phone. A lead without
   * an alias must not be recognisable as one, so gets the team's name. */
  if (fl_agent_get_role (agent) == FL_AGENT_ROLE_LEAD)
    return g_strdup ("Support team");
  display_name = fl_agent_get_display_name (agent);
  space = strchr (display_name, ' ');
  return space != NULL ? g_strndup (display_name, space - display_name) : g_strdup (display_name);
}

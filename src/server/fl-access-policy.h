/* fl-access-policy.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Who may change what. The server enforces this on every write, whatever the
 * desktop offers in its menus. Reading is open to every signed-in agent, except
 * the audit log (leads only).
 *
 *                 trainee, rotation     agent            tier2            lead
 *   Customer      create                create, update   create, update   all
 *   Ownership     create                create, update   create, update   all
 *   Case          create, update (1)    create, update (2)  as agent (3)  all
 *   Interaction   create                create           create           all
 *   OfferOutcome  -                     create           create           all
 *   Flaw          -                     -                create, update   all
 *   Product       -                     -                -                all
 *   Offer         -                     -                -                all
 *   Agent         -                     -                -                all
 *
 * (1) cases they created or hold; never resolve, close or (re)assign.
 * (2) cases they hold, created, or that nobody holds; assign only to
 *     themselves or to nobody.
 * (3) also every escalated case and every case above tier 1: tier 2 takes
 *     escalations.
 */
#pragma once

#include "frontline-core.h"

G_BEGIN_DECLS

typedef enum
{
  FL_ACCESS_CREATE,
  FL_ACCESS_UPDATE,
  FL_ACCESS_DESTROY,
} FlAccessOp;

/* @old is NULL for a create, @new for a destroy. Fails with
 * G_IO_ERROR_PERMISSION_DENIED and a sentence an agent can act on. */
gboolean fl_access_policy_check_write     (FlAgent     *agent,
                                           FlAccessOp   op,
                                           FlEntity    *old,
                                           FlEntity    *new_entity,
                                           GError     **error);
gboolean fl_access_policy_can_read_audit  (FlAgent     *agent);
/* What a customer sees as the author of @agent's replies: the alias, never a
 * rank, and never a lead's real name. */
char    *fl_access_policy_public_name     (FlAgent     *agent);

G_END_DECLS

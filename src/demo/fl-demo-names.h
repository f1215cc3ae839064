/* fl-demo-names.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The people of the demo data set: name parts for customers (with the accents real
 * customers have), the organisations some of them work for, and the support team
 * itself, including the five demo logins.
 */
#pragma once

#include "frontline-core.h"

G_BEGIN_DECLS

typedef struct
{
  const char *name;   /* as written: "Zoë" */
  const char *ascii;  /* as it appears in an e-mail address: "zoe" */
} FlDemoName;

typedef struct
{
  const char *name;
  const char *domain;
} FlDemoOrganisation;

typedef struct
{
  const char  *login;
  const char  *display_name;
  const char  *alias;
  FlAgentRole  role;
  const char  *team;
  gboolean     disabled;
} FlDemoAgentInfo;

extern const FlDemoName         fl_demo_first_names[];
extern const guint              fl_demo_n_first_names;
extern const FlDemoName         fl_demo_last_names[];
extern const guint              fl_demo_n_last_names;
extern const FlDemoOrganisation fl_demo_organisations[];
extern const guint              fl_demo_n_organisations;
extern const char * const       fl_demo_mail_domains[];
extern const guint              fl_demo_n_mail_domains;
extern const char * const       fl_demo_customer_notes[];
extern const guint              fl_demo_n_customer_notes;

/* The first five are the demo logins: lead, tier2, agent, rotation, trainee. */
#define FL_DEMO_N_AGENTS 25
extern const FlDemoAgentInfo    fl_demo_agents[FL_DEMO_N_AGENTS];

G_END_DECLS

/* fl-demo-cases.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo generator's cases: about one per customer, each about something the
 * customer owns — a known flaw of its version, told in the flaw's own words, or
 * a question — with a life that ends before the reference time (resolved or
 * closed) or is still going on (in the queue, some past their SLA). The showcase
 * customer gets a long history of 150 cases instead.
 */
#define G_LOG_DOMAIN "Frontline-Demo"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fl-demo-context-private.h"

static const char * const openers[] = {
  "Since last week, ", "For a few days now, ", "Since the last update, ",
  "Every day now, ", "Hello, ",
};

static const char complaint_text[] =
  " This is the third time I have had to contact you about this, and I want to make a "
  "formal complaint.";

static void
reserve_cases (FlDemoContext *ctx,
               guint32        needed)
{
  if (needed <= ctx->case_capacity)
    return;

  /* About 1.05 per customer, plus the showcase's 150. */
  ctx->case_capacity = MAX (needed, MAX (ctx->case_capacity + ctx->case_capacity / 2,
                                         ctx->n_customers + ctx->n_customers / 10 + 256));
  ctx->cases = g_renew (FlDemoCaseState, ctx->cases, ctx->case_capacity);
}

static gint64
sla_length (FlCasePriority priority)
{
  switch (priority)
    {
    case FL_CASE_PRIORITY_URGENT: return 4 * FL_DEMO_USEC_PER_HOUR;
    case FL_CASE_PRIORITY_HIGH: return 24 * FL_DEMO_USEC_PER_HOUR;
    case FL_CASE_PRIORITY_NORMAL: return 72 * FL_DEMO_USEC_PER_HOUR;
    case FL_CASE_PRIORITY_LOW:
    default: return 120 * FL_DEMO_USEC_PER_HOUR;
    }
}

static gint64
case_duration (FlDemoContext *ctx)
{
  static const guint weights[] = { 40, 40, 20 };

  switch (_fl_demo_weighted (ctx, weights, G_N_ELEMENTS (weights)))
    {
    case 0: return _fl_demo_between (ctx, FL_DEMO_USEC_PER_HOUR / 2, 8 * FL_DEMO_USEC_PER_HOUR);
    case 1: return _fl_demo_between (ctx, FL_USEC_PER_DAY, 5 * FL_USEC_PER_DAY);
    default: return _fl_demo_between (ctx, 5 * FL_USEC_PER_DAY, 30 * FL_USEC_PER_DAY);
    }
}

/* Status, tier, priority and people, once the case's dates are known. */
static void
plan_life (FlDemoContext   *ctx,
           FlDemoCaseState *cs,
           gint64           duration)
{
  static const guint active_weights[] = { 0, 45, 35, 20 };  /* by FlCaseStatus */
  static const guint resolved_tier_weights[] = { 85, 12, 3 };
  static const guint escalated_tier_weights[] = { 0, 70, 30 };
  static const guint priority_weights[] = { 20, 55, 20, 5 };
  gint64 resolved_at = cs->opened_at + duration;

  if (resolved_at >= ctx->now)
    {
      cs->resolved_at = 0;
      if (ctx->now - cs->opened_at < 6 * FL_DEMO_USEC_PER_HOUR && _fl_demo_chance (ctx, 50))
        cs->status = FL_CASE_STATUS_NEW;
      else
        cs->status = _fl_demo_weighted (ctx, active_weights, G_N_ELEMENTS (active_weights));
      cs->tier = cs->status == FL_CASE_STATUS_ESCALATED
                 ? _fl_demo_weighted (ctx, escalated_tier_weights,
                                      G_N_ELEMENTS (escalated_tier_weights))
                 : FL_CASE_TIER_TIER1;
    }
  else
    {
      cs->resolved_at = resolved_at;
      /* Resolved cases close by themselves after a week without an answer. */
      cs->status = ctx->now - resolved_at < 7 * FL_USEC_PER_DAY
                   ? FL_CASE_STATUS_RESOLVED : FL_CASE_STATUS_CLOSED;
      cs->tier = _fl_demo_weighted (ctx, resolved_tier_weights,
                                    G_N_ELEMENTS (resolved_tier_weights));
    }

  cs->priority = _fl_demo_weighted (ctx, priority_weights, G_N_ELEMENTS (priority_weights));
  if (cs->flaw >= 0 && ctx->flaws[cs->flaw].severity == FL_FLAW_SEVERITY_CRITICAL
      && cs->priority < FL_CASE_PRIORITY_URGENT)
    cs->priority++;

  cs->complaint = _fl_demo_chance (ctx, duration > 5 * FL_USEC_PER_DAY ? 8 : 2);
  cs->creator = _fl_demo_pick_agent (ctx, FL_CASE_TIER_TIER1, cs->opened_at);
  if (cs->status == FL_CASE_STATUS_NEW && _fl_demo_chance (ctx, 50))
    cs->assignee = FL_DEMO_NO_INDEX;
  else if (cs->tier == FL_CASE_TIER_TIER1 && _fl_demo_chance (ctx, 70))
    cs->assignee = cs->creator;
  else
    cs->assignee = _fl_demo_pick_agent (ctx, cs->tier, cs->opened_at);

  cs->linked = cs->flaw >= 0 && _fl_demo_chance (ctx, cs->resolved_at != 0 ? 85 : 40);
}

/* What the case is about: a flaw of the owned product's version, a question
 * about it, or (without a product) the customer's account. */
static void
plan_subject (FlDemoContext   *ctx,
              FlDemoCaseState *cs,
              gint32           ownership)
{
  cs->flaw = -1;

  if (ownership < 0)
    {
      cs->product = FL_DEMO_NO_INDEX;
      cs->version = 0;
      cs->question = _fl_demo_below (ctx, fl_demo_n_account_questions);
      return;
    }

  cs->product = ctx->ownership_product[ownership];
  cs->version = ctx->ownership_version[ownership];
  if (!(_fl_demo_chance (ctx, 60) && _fl_demo_pick_flaw (ctx, cs->product, cs->version, &cs->flaw)))
    cs->question = _fl_demo_below (ctx,
                                   fl_demo_lines[fl_demo_products[cs->product].line].n_questions);
}

static void
plan_case (FlDemoContext *ctx,
           guint32        customer)
{
  guint32 first = ctx->first_ownership[customer];
  guint32 n_own = ctx->first_ownership[customer + 1] - first;
  /* Every customer owns something; a few cases are about the account instead. */
  gint32 ownership = _fl_demo_chance (ctx, 4) ? -1 : (gint32) (first + _fl_demo_below (ctx, n_own));
  gint64 since = ctx->ownership_purchased_at[ownership >= 0 ? (guint32) ownership : first]
                 + FL_DEMO_USEC_PER_HOUR;
  FlDemoCaseState *cs;

  g_assert (n_own > 0);

  reserve_cases (ctx, ctx->n_cases + 1);
  cs = &ctx->cases[ctx->n_cases++];
  memset (cs, 0, sizeof *cs);
  cs->customer = customer;

  plan_subject (ctx, cs, ownership);

  /* One case in ten is from the last two weeks, which fills the queue. */
  if (_fl_demo_chance (ctx, 10))
    cs->opened_at = ctx->now - _fl_demo_between (ctx, 10 * FL_DEMO_USEC_PER_MINUTE,
                                                 14 * FL_USEC_PER_DAY);
  else
    cs->opened_at = _fl_demo_between (ctx, since, ctx->now - 10 * FL_DEMO_USEC_PER_MINUTE);
  cs->opened_at = MAX (cs->opened_at, since);

  plan_life (ctx, cs, case_duration (ctx));

  /* A backlog: the case came in lately and is not resolved yet. Only asked when
   * wanted, so that the default data set draws the same numbers as before. */
  if (ctx->queue_percent > 0 && cs->resolved_at != 0 && _fl_demo_chance (ctx, ctx->queue_percent))
    {
      cs->opened_at = MAX (since, ctx->now - _fl_demo_between (ctx, 10 * FL_DEMO_USEC_PER_MINUTE,
                                                               14 * FL_USEC_PER_DAY));
      plan_life (ctx, cs, ctx->now - cs->opened_at + FL_DEMO_USEC_PER_HOUR);
    }
}

/* The showcase: 150 cases over the years, the newest three still open, the very
 * newest about a known flaw that flaw matching should find; 5,000 interactions
 * between them. */
static void
plan_showcase_cases (FlDemoContext *ctx,
                     guint32        customer)
{
  guint32 first = ctx->first_ownership[customer];
  guint32 n_own = ctx->first_ownership[customer + 1] - first;
  gint64 times[FL_DEMO_SHOWCASE_CASES];
  guint32 start = ctx->n_cases;
  /* The open cases have short conversations so far; the rest are spread over the
   * closed ones, at least three each. */
  static const guint open_interactions[3] = { 6, 9, 7 };
  guint spare = FL_DEMO_SHOWCASE_INTERACTIONS - 3 * (FL_DEMO_SHOWCASE_CASES - 3)
                - open_interactions[0] - open_interactions[1] - open_interactions[2];

  for (guint i = 0; i < FL_DEMO_SHOWCASE_CASES; i++)
    times[i] = _fl_demo_between (ctx, ctx->ownership_purchased_at[first] + FL_USEC_PER_DAY,
                                 ctx->now - 60 * FL_USEC_PER_DAY);
  qsort (times, G_N_ELEMENTS (times), sizeof times[0], _fl_demo_compare_times);

  reserve_cases (ctx, ctx->n_cases + FL_DEMO_SHOWCASE_CASES);
  for (guint i = 0; i < FL_DEMO_SHOWCASE_CASES; i++)
    {
      FlDemoCaseState *cs = &ctx->cases[ctx->n_cases++];
      gint32 ownership = (gint32) first;

      memset (cs, 0, sizeof *cs);
      cs->customer = customer;
      cs->showcase_case = TRUE;
      cs->n_interactions = 3;

      /* Something bought before the case was opened. */
      for (guint attempt = 0; attempt < 4; attempt++)
        {
          gint32 o = (gint32) (first + _fl_demo_below (ctx, n_own));

          if (ctx->ownership_purchased_at[o] < times[i])
            {
              ownership = o;
              break;
            }
        }

      plan_subject (ctx, cs, ownership);
      cs->opened_at = times[i];
      /* Long conversations need weeks, not hours. */
      plan_life (ctx, cs, _fl_demo_between (ctx, 2 * FL_USEC_PER_DAY, 40 * FL_USEC_PER_DAY));
    }

  /* A question everyone can search for. */
  {
    FlDemoCaseState *cs = &ctx->cases[start + FL_DEMO_SHOWCASE_CASES / 2];

    cs->product = ctx->ownership_product[first];
    cs->version = ctx->ownership_version[first];
    cs->flaw = -1;
    cs->linked = FALSE;
    cs->question = 1;  /* "Adding a second monitor: which cable do I need?" */
  }

  /* The newest three are still open: pending, escalated, and the showcase case. */
  for (guint k = 0; k < 3; k++)
    {
      FlDemoCaseState *cs = &ctx->cases[start + FL_DEMO_SHOWCASE_CASES - 3 + k];

      cs->opened_at = ctx->now - _fl_demo_between (ctx, (3 - k) * 2 * FL_USEC_PER_DAY,
                                                   (3 - k) * 4 * FL_USEC_PER_DAY);
      cs->resolved_at = 0;
      cs->complaint = FALSE;
      cs->n_interactions = open_interactions[k];
      switch (k)
        {
        case 0:
          cs->status = FL_CASE_STATUS_PENDING;
          cs->tier = FL_CASE_TIER_TIER1;
          cs->assignee = cs->creator;
          break;
        case 1:
          cs->status = FL_CASE_STATUS_ESCALATED;
          cs->tier = FL_CASE_TIER_TIER2;
          cs->assignee = 1;  /* "tier2" */
          break;
        default:
          cs->opened_at = ctx->now - _fl_demo_between (ctx, 2 * FL_DEMO_USEC_PER_HOUR,
                                                       30 * FL_DEMO_USEC_PER_HOUR);
          cs->status = FL_CASE_STATUS_OPEN;
          cs->tier = FL_CASE_TIER_TIER1;
          cs->priority = FL_CASE_PRIORITY_HIGH;
          cs->creator = 2;   /* "agent" */
          cs->assignee = 2;
          cs->product = ctx->ownership_product[first];
          cs->version = ctx->ownership_version[first];
          cs->flaw = 0;
          /* Left unlinked: the point is to watch matching suggest it. */
          cs->linked = FALSE;
          ctx->showcase_case = start + FL_DEMO_SHOWCASE_CASES - 1;
          break;
        }
    }

  for (guint i = 0; i < spare; i++)
    ctx->cases[start + _fl_demo_below (ctx, FL_DEMO_SHOWCASE_CASES - 3)].n_interactions++;
}

static void
write_case_text (FlDemoContext         *ctx,
                 FlCase                *entity,
                 const FlDemoCaseState *cs)
{
  GString *subject = ctx->text;
  GString *description = ctx->text2;

  g_string_truncate (subject, 0);
  g_string_truncate (description, 0);

  if (cs->product == FL_DEMO_NO_INDEX)
    {
      g_string_append (subject, fl_demo_account_questions[cs->question].text);
      g_string_append (description, fl_demo_account_questions[cs->question].detail);
    }
  else if (cs->flaw < 0)
    {
      const FlDemoProduct *product = &fl_demo_products[cs->product];
      const FlDemoPhrase *question = &fl_demo_lines[product->line].questions[cs->question];

      g_string_append (subject, question->text);
      g_string_append (description, question->detail);
      g_string_append_printf (description, " It is the %s, version %s.", product->name,
                              ctx->products[cs->product].versions[cs->version]);
    }
  else
    {
      const FlDemoFlawState *flaw = &ctx->flaws[cs->flaw];
      const FlDemoProduct *product = &fl_demo_products[flaw->product];
      const FlDemoLine *line = &fl_demo_lines[product->line];
      const char *symptom = line->symptoms[flaw->symptom].text;
      const char *condition = line->conditions[flaw->condition].text;
      const char *trigger = line->triggers[flaw->trigger].text;

      switch (_fl_demo_below (ctx, 3))
        {
        case 0:
          g_string_append_printf (subject, "My %s %s %s", product->noun, symptom, trigger);
          break;
        case 1:
          g_string_append_printf (subject, "%s %s %s", product->name, symptom, trigger);
          break;
        default:
          g_string_append_printf (subject, "%s: %s %s", product->name, symptom, condition);
          break;
        }

      g_string_append (description, openers[_fl_demo_below (ctx, G_N_ELEMENTS (openers))]);
      g_string_append_printf (description, "my %s %s %s %s. ", product->noun, symptom, condition,
                              trigger);
      g_string_append (description, line->symptoms[flaw->symptom].detail);
      g_string_append_printf (description, " It runs version %s.",
                              ctx->products[cs->product].versions[cs->version]);
    }

  if (cs->complaint)
    g_string_append (description, complaint_text);

  /* The showcase case also shows the suggested offers: the caller is adding a
   * second monitor, which an upgraded graphics card drives along with the first. */
  if (ctx->showcase_case >= 0 && cs == &ctx->cases[ctx->showcase_case])
    g_string_append (description, " I am also adding a second monitor next to it: can my "
                     "computer drive both?");

  fl_case_set_subject (entity, subject->str);
  fl_case_set_description (entity, description->str);
}

static gboolean
write_case (FlDemoContext    *ctx,
            FlCase           *entity,
            FlDemoCaseState  *cs,
            GError          **error)
{
  char customer_id[37];
  char product_id[37];
  char agent_id[37];
  char flaw_id[37];
  const char *flaw_ids[2] = { NULL, NULL };
  gint64 sla_due_at = cs->opened_at + sla_length (cs->priority);
  gint64 updated_at;

  _fl_demo_set_id (ctx, FL_ENTITY (entity), &cs->id);
  fl_case_set_customer_id (entity,
                           _fl_demo_format_id (&ctx->customer_ids[cs->customer], customer_id));
  if (cs->product != FL_DEMO_NO_INDEX)
    {
      fl_case_set_product_id (entity,
                              _fl_demo_format_id (&ctx->products[cs->product].id, product_id));
      fl_case_set_product_version (entity, ctx->products[cs->product].versions[cs->version]);
    }
  else
    {
      fl_case_set_product_id (entity, NULL);
      fl_case_set_product_version (entity, NULL);
    }
  write_case_text (ctx, entity, cs);

  fl_case_set_status (entity, cs->status);
  fl_case_set_priority (entity, cs->priority);
  fl_case_set_tier (entity, cs->tier);
  fl_case_set_assignee_id (entity, cs->assignee != FL_DEMO_NO_INDEX
                                   ? _fl_demo_agent_id_text (ctx, cs->assignee, agent_id) : NULL);
  fl_case_set_creator_id (entity, _fl_demo_agent_id_text (ctx, cs->creator, agent_id));

  /* Open cases are due around now, a quarter of them overdue. */
  if (cs->resolved_at == 0 && sla_due_at < ctx->now - FL_USEC_PER_DAY)
    sla_due_at = _fl_demo_chance (ctx, 25)
                 ? ctx->now - _fl_demo_between (ctx, FL_DEMO_USEC_PER_HOUR, FL_USEC_PER_DAY)
                 : ctx->now + _fl_demo_between (ctx, FL_DEMO_USEC_PER_HOUR, 3 * FL_USEC_PER_DAY);
  fl_case_set_sla_due_at (entity, sla_due_at);

  if (cs->linked)
    flaw_ids[0] = _fl_demo_format_id (&ctx->flaws[cs->flaw].id, flaw_id);
  fl_case_set_flaw_ids (entity, flaw_ids);
  fl_case_set_complaint (entity, cs->complaint);
  fl_case_set_resolved_at (entity, cs->resolved_at);

  updated_at = cs->resolved_at != 0
               ? cs->resolved_at
               : ctx->now - _fl_demo_between (ctx, 0, MIN (ctx->now - cs->opened_at,
                                                           FL_USEC_PER_DAY));
  fl_entity_set_created_at (FL_ENTITY (entity), cs->opened_at);
  fl_entity_set_updated_at (FL_ENTITY (entity), updated_at);

  return _fl_demo_put (ctx, FL_ENTITY (entity), error);
}

gboolean
_fl_demo_write_cases (FlDemoContext  *ctx,
                      GError        **error)
{
  static const guint count_weights[] = { 36, 38, 16, 6, 3, 1 };
  g_autoptr(FlCase) entity = fl_case_new ();

  reserve_cases (ctx, 1);

  for (guint32 c = 0; c < ctx->n_customers; c++)
    {
      guint32 start = ctx->n_cases;

      if (c == ctx->showcase_customer)
        plan_showcase_cases (ctx, c);
      else
        {
          guint k = _fl_demo_weighted (ctx, count_weights, G_N_ELEMENTS (count_weights));

          while (k-- > 0)
            plan_case (ctx, c);
        }

      for (guint32 i = start; i < ctx->n_cases; i++)
        if (!write_case (ctx, entity, &ctx->cases[i], error))
          return FALSE;
    }

  return TRUE;
}

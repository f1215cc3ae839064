/* fl-demo-conversations.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo generator's interactions and offer outcomes: each case's conversation
 * from the first call or e-mail to the resolution, spread over the case's life,
 * with escalations, status changes and the odd offer. Every interaction is signed
 * with the agent's alias, which is all a customer ever sees of them.
 */
#define G_LOG_DOMAIN "Frontline-Demo"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fl-demo-context-private.h"

typedef enum
{
  TURN_OPENING,
  TURN_MIDDLE,
  TURN_ESCALATION,
  TURN_OFFER,
  TURN_CLOSING,
} Turn;

static const char * const question_notes[] = {
  "Checked the order and the warranty: all in order.",
  "Found the answer in the knowledge base.",
  "Asked for a photo of the serial number label.",
  "Discussed with a colleague; sending the standard answer.",
  "Checked stock for a replacement: available, ships tomorrow.",
};

static const char * const question_emails[] = {
  "Replied with step-by-step instructions.",
  "Sent a prepaid return label for the replacement.",
  "Sent the compatibility list and the matching cable.",
  "Customer replied: thanks, that answers it.",
  "Customer replied with the photo we asked for.",
};

static const char * const flaw_emails[] = {
  "Customer replied: it still happens, even with the workaround.",
  "Customer replied: the workaround helps, but they would like a real fix.",
  "Asked the customer for a short video of the problem.",
  "Customer sent the log file we asked for.",
  "Sent a summary of the known flaw and what we are doing about it.",
};

static const char * const calls[] = {
  "Called back, no answer; left a voicemail.",
  "Customer called for an update.",
  "Walked the customer through the settings on the phone.",
};

static const char * const status_changes[] = {
  "Status: open → pending (waiting for the customer).",
  "Status: pending → open (the customer replied).",
};

static const char * const offer_results[] = {
  [FL_OFFER_RESULT_OFFERED] = "the customer will think about it.",
  [FL_OFFER_RESULT_ACCEPTED] = "the customer accepted.",
  [FL_OFFER_RESULT_DECLINED] = "the customer declined.",
};

#define PICK(ctx, list) ((list)[_fl_demo_below ((ctx), G_N_ELEMENTS (list))])

static const char *
case_version (FlDemoContext         *ctx,
              const FlDemoCaseState *cs)
{
  return ctx->products[cs->product].versions[cs->version];
}

static const FlDemoPhrase *
case_question (const FlDemoCaseState *cs)
{
  if (cs->product == FL_DEMO_NO_INDEX)
    return &fl_demo_account_questions[cs->question];
  return &fl_demo_lines[fl_demo_products[cs->product].line].questions[cs->question];
}

/* "the monitor flickers at 144 Hz over DisplayPort after waking from sleep" */
static void
append_flaw_sentence (FlDemoContext         *ctx,
                      GString               *out,
                      const FlDemoFlawState *flaw,
                      gboolean               with_condition)
{
  const FlDemoProduct *product = &fl_demo_products[flaw->product];
  const FlDemoLine *line = &fl_demo_lines[product->line];

  g_string_append (out, product->noun);
  g_string_append_c (out, ' ');
  g_string_append (out, line->symptoms[flaw->symptom].text);
  if (with_condition)
    {
      g_string_append_c (out, ' ');
      g_string_append (out, line->conditions[flaw->condition].text);
    }
  g_string_append_c (out, ' ');
  g_string_append (out, line->triggers[flaw->trigger].text);
}

static FlInteractionKind
write_opening (FlDemoContext         *ctx,
               const FlDemoCaseState *cs,
               GString               *out)
{
  gboolean call = _fl_demo_chance (ctx, 55);
  const FlDemoFlawState *flaw = cs->flaw >= 0 ? &ctx->flaws[cs->flaw] : NULL;

  if (call)
    {
      g_string_append (out, "Customer called: ");
      if (flaw != NULL)
        {
          g_string_append (out, "the ");
          append_flaw_sentence (ctx, out, flaw, FALSE);
          g_string_append_printf (out, ". Checked the serial; it runs version %s.",
                                  case_version (ctx, cs));
        }
      else
        g_string_append (out, case_question (cs)->text);
      return FL_INTERACTION_KIND_CALL;
    }

  g_string_append (out, "Customer wrote: “");
  if (flaw != NULL)
    {
      g_string_append (out, "My ");
      append_flaw_sentence (ctx, out, flaw, TRUE);
      g_string_append (out, ". ");
      g_string_append (out, fl_demo_lines[fl_demo_products[flaw->product].line]
                              .symptoms[flaw->symptom].detail);
    }
  else
    g_string_append (out, case_question (cs)->detail);
  g_string_append (out, "”");
  return FL_INTERACTION_KIND_EMAIL;
}

static FlInteractionKind
write_middle (FlDemoContext         *ctx,
              const FlDemoCaseState *cs,
              GString               *out)
{
  static const guint kind_weights[] = { 20, 25, 35, 20 };  /* call, email, note, status */
  FlInteractionKind kind = _fl_demo_weighted (ctx, kind_weights, G_N_ELEMENTS (kind_weights));
  const FlDemoFlawState *flaw = cs->flaw >= 0 ? &ctx->flaws[cs->flaw] : NULL;
  const FlDemoLine *line = flaw != NULL
                           ? &fl_demo_lines[fl_demo_products[flaw->product].line] : NULL;

  switch (kind)
    {
    case FL_INTERACTION_KIND_CALL:
      if (flaw != NULL && _fl_demo_chance (ctx, 40))
        g_string_append (out, "Called back: the workaround helps for now.");
      else
        g_string_append (out, PICK (ctx, calls));
      break;

    case FL_INTERACTION_KIND_EMAIL:
      if (flaw == NULL)
        g_string_append (out, PICK (ctx, question_emails));
      else if (_fl_demo_chance (ctx, 60))
        g_string_append (out, PICK (ctx, flaw_emails));
      else if (flaw->status == FL_FLAW_STATUS_FIXED)
        g_string_append_printf (out, "Sent update instructions: version %s fixes this.",
                                ctx->products[flaw->product].versions[flaw->last_version + 1]);
      else if (flaw->status == FL_FLAW_STATUS_INVESTIGATING)
        g_string_append (out, "Told the customer engineering is investigating, "
                              "and asked for a log file.");
      else
        {
          g_string_append (out, "Sent the workaround: ");
          g_string_append (out, line->conditions[flaw->condition].detail);
        }
      break;

    case FL_INTERACTION_KIND_NOTE:
      if (flaw == NULL)
        {
          g_string_append (out, PICK (ctx, question_notes));
          break;
        }
      switch (_fl_demo_below (ctx, 4))
        {
        case 0:
          g_string_append (out, "Looks like the known flaw “");
          _fl_demo_append_flaw_title (ctx, out, flaw);
          g_string_append (out, "”.");
          break;
        case 1:
          g_string_append_printf (out, "Reproduced on version %s: the ", case_version (ctx, cs));
          append_flaw_sentence (ctx, out, flaw, TRUE);
          g_string_append_c (out, '.');
          break;
        case 2:
          g_string_append (out, "Asked the customer to try this: ");
          g_string_append (out, line->conditions[flaw->condition].detail);
          break;
        default:
          g_string_append (out, "Symptoms match what others report: ");
          g_string_append (out, line->symptoms[flaw->symptom].detail);
          break;
        }
      break;

    case FL_INTERACTION_KIND_STATUS:
    default:
      g_string_append (out, PICK (ctx, status_changes));
      break;
    }

  return kind;
}

static void
write_escalation (FlDemoContext         *ctx,
                  const FlDemoCaseState *cs,
                  GString               *out)
{
  if (cs->tier == FL_CASE_TIER_ENGINEERING)
    g_string_append (out, "Escalated to engineering: reproducible here; logs attached.");
  else if (cs->product == FL_DEMO_NO_INDEX)
    g_string_append (out, "Escalated to tier 2: needs an approval we cannot give.");
  else
    g_string_append_printf (out, "Escalated to tier 2: still happening on version %s "
                            "after the usual checks.", case_version (ctx, cs));
}

static void
write_closing (FlDemoContext         *ctx,
               const FlDemoCaseState *cs,
               GString               *out)
{
  const FlDemoFlawState *flaw = cs->flaw >= 0 ? &ctx->flaws[cs->flaw] : NULL;

  g_string_append (out, "Status: resolved. ");
  if (cs->complaint)
    g_string_append (out, "Apologised and credited the customer; complaint closed.");
  else if (flaw != NULL && flaw->status == FL_FLAW_STATUS_FIXED)
    g_string_append_printf (out, "Updated to version %s; the problem is gone.",
                            ctx->products[flaw->product].versions[flaw->last_version + 1]);
  else if (flaw != NULL)
    g_string_append (out, "The workaround solves it for the customer.");
  else
    g_string_append (out, "Question answered; the customer is happy.");
}

static guint
pick_offer (FlDemoContext         *ctx,
            const FlDemoCaseState *cs)
{
  guint32 fits;
  guint n;
  guint k;

  if (cs->complaint || cs->product == FL_DEMO_NO_INDEX)
    return FL_DEMO_NO_INDEX;
  fits = ctx->products[cs->product].offers;
  n = (guint) __builtin_popcount (fits);
  if (n == 0 || !_fl_demo_chance (ctx, cs->showcase_case ? 7 : 11))
    return FL_DEMO_NO_INDEX;

  k = _fl_demo_below (ctx, n);
  for (guint i = 0; i < FL_DEMO_N_OFFERS; i++)
    if ((fits & (1u << i)) && k-- == 0)
      return i;
  g_assert_not_reached ();
}

/* When each of the @n interactions happens: the first soon after the case was
 * opened, the rest spread until it was resolved (the last one, the resolution,
 * exactly then) or until about now. */
static void
plan_times (FlDemoContext         *ctx,
            const FlDemoCaseState *cs,
            gint64                *times,
            guint                  n)
{
  gint64 start = MIN (cs->opened_at + _fl_demo_between (ctx, 2 * FL_DEMO_USEC_PER_MINUTE,
                                                        40 * FL_DEMO_USEC_PER_MINUTE),
                      ctx->now - FL_DEMO_USEC_PER_MINUTE);
  gint64 end;

  if (cs->resolved_at != 0)
    end = cs->resolved_at;
  else
    end = ctx->now - _fl_demo_between (ctx, 0, MIN ((ctx->now - cs->opened_at) / 4,
                                                    2 * FL_USEC_PER_DAY));
  end = MAX (end, start);

  times[0] = start;
  for (guint i = 1; i < n; i++)
    times[i] = _fl_demo_between (ctx, start, end + 1);
  if (n > 2)
    qsort (times + 1, n - 1, sizeof *times, _fl_demo_compare_times);
  if (cs->resolved_at != 0 && n > 1)
    times[n - 1] = end;
}

static FlOfferResult
offer_result (FlDemoContext         *ctx,
              const FlDemoCaseState *cs)
{
  static const guint active_weights[] = { 70, 15, 15 };  /* by FlOfferResult */
  static const guint resolved_weights[] = { 15, 35, 50 };

  return cs->resolved_at == 0
         ? _fl_demo_weighted (ctx, active_weights, G_N_ELEMENTS (active_weights))
         : _fl_demo_weighted (ctx, resolved_weights, G_N_ELEMENTS (resolved_weights));
}

static gboolean
write_conversation (FlDemoContext    *ctx,
                    FlInteraction    *entity,
                    guint32           case_index,
                    gint64          **times,
                    guint            *times_size,
                    GError          **error)
{
  static const guint middle_weights[] = { 45, 38, 11, 4, 2 };
  const FlDemoCaseState *cs = &ctx->cases[case_index];
  gboolean closing = cs->resolved_at != 0;
  gboolean escalation = cs->tier != FL_CASE_TIER_TIER1;
  guint offer = pick_offer (ctx, cs);
  guint n = cs->n_interactions;
  guint middle;
  guint needed;
  guint escalation_at = 0;
  guint offer_at = 0;
  char case_id[37];
  char customer_id[37];
  char agent_id[37];

  if (n == 0)
    n = 1 + _fl_demo_weighted (ctx, middle_weights, G_N_ELEMENTS (middle_weights)) + closing;
  middle = n - 1 - closing;
  needed = escalation + (offer != FL_DEMO_NO_INDEX);
  if (middle < needed)
    {
      if (cs->n_interactions == 0)
        {
          n += needed - middle;
          middle = needed;
        }
      else
        {
          /* The showcase's counts are fixed: drop the offer first. */
          if (offer != FL_DEMO_NO_INDEX)
            {
              offer = FL_DEMO_NO_INDEX;
              needed--;
            }
          if (middle < needed)
            escalation = FALSE;
        }
    }

  /* Turns are numbered from 0, the opening; middle turns are 1..middle. */
  if (escalation)
    escalation_at = 1 + _fl_demo_below (ctx, middle);
  if (offer != FL_DEMO_NO_INDEX)
    {
      offer_at = 1 + _fl_demo_below (ctx, middle);
      if (offer_at == escalation_at)
        offer_at = offer_at % middle + 1;
    }

  if (n > *times_size)
    {
      *times_size = MAX (n, 2 * *times_size);
      *times = g_renew (gint64, *times, *times_size);
    }
  plan_times (ctx, cs, *times, n);

  fl_interaction_set_case_id (entity, _fl_demo_format_id (&cs->id, case_id));
  _fl_demo_format_id (&ctx->customer_ids[cs->customer], customer_id);
  fl_interaction_set_customer_id (entity, customer_id);

  for (guint turn = 0; turn < n; turn++)
    {
      GString *body = ctx->text;
      FlInteractionKind kind;
      guint author = cs->assignee != FL_DEMO_NO_INDEX ? cs->assignee : cs->creator;
      gint64 at = (*times)[turn];
      FlDemoId id;

      g_string_truncate (body, 0);
      if (turn == 0)
        {
          kind = write_opening (ctx, cs, body);
          author = cs->creator;
        }
      else if (closing && turn == n - 1)
        {
          kind = FL_INTERACTION_KIND_STATUS;
          write_closing (ctx, cs, body);
        }
      else if (turn == escalation_at)
        {
          kind = FL_INTERACTION_KIND_ESCALATION;
          write_escalation (ctx, cs, body);
          author = cs->creator;
        }
      else if (turn == offer_at)
        {
          FlDemoOutcomeState outcome = {
            .case_index = case_index,
            .at = at,
            .offer = offer,
            .result = offer_result (ctx, cs),
            .agent = author,
          };

          kind = FL_INTERACTION_KIND_OFFER;
          g_string_append_printf (body, "Offered “%s”: %s", fl_demo_offer_rules[offer].title,
                                  offer_results[outcome.result]);
          g_array_append_val (ctx->outcomes, outcome);
        }
      else
        kind = write_middle (ctx, cs, body);

      _fl_demo_set_id (ctx, FL_ENTITY (entity), &id);
      fl_interaction_set_kind (entity, kind);
      fl_interaction_set_author_id (entity, _fl_demo_agent_id_text (ctx, author, agent_id));
      fl_interaction_set_author_name (entity, fl_demo_agents[author].alias);
      fl_interaction_set_body (entity, body->str);
      fl_interaction_set_at (entity, at);
      fl_entity_set_created_at (FL_ENTITY (entity), at);
      fl_entity_set_updated_at (FL_ENTITY (entity), at);

      if (!_fl_demo_put (ctx, FL_ENTITY (entity), error))
        return FALSE;
    }

  return TRUE;
}

gboolean
_fl_demo_write_interactions (FlDemoContext  *ctx,
                             GError        **error)
{
  g_autoptr(FlInteraction) entity = fl_interaction_new ();
  g_autofree gint64 *times = NULL;
  guint times_size = 0;

  for (guint32 i = 0; i < ctx->n_cases; i++)
    if (!write_conversation (ctx, entity, i, &times, &times_size, error))
      return FALSE;

  return TRUE;
}

gboolean
_fl_demo_write_offer_outcomes (FlDemoContext  *ctx,
                               GError        **error)
{
  g_autoptr(FlOfferOutcome) entity = fl_offer_outcome_new ();
  char text[4][37];

  for (guint i = 0; i < ctx->outcomes->len; i++)
    {
      const FlDemoOutcomeState *outcome = &g_array_index (ctx->outcomes, FlDemoOutcomeState, i);
      const FlDemoCaseState *cs = &ctx->cases[outcome->case_index];
      FlDemoId id;

      _fl_demo_set_id (ctx, FL_ENTITY (entity), &id);
      fl_offer_outcome_set_case_id (entity, _fl_demo_format_id (&cs->id, text[0]));
      fl_offer_outcome_set_offer_id (entity,
                                     _fl_demo_format_id (&ctx->offer_ids[outcome->offer], text[1]));
      _fl_demo_format_id (&ctx->customer_ids[cs->customer], text[2]);
      fl_offer_outcome_set_customer_id (entity, text[2]);
      fl_offer_outcome_set_result (entity, outcome->result);
      fl_offer_outcome_set_agent_id (entity, _fl_demo_agent_id_text (ctx, outcome->agent, text[3]));
      fl_offer_outcome_set_at (entity, outcome->at);
      fl_entity_set_created_at (FL_ENTITY (entity), outcome->at);
      fl_entity_set_updated_at (FL_ENTITY (entity), outcome->at);

      if (!_fl_demo_put (ctx, FL_ENTITY (entity), error))
        return FALSE;
    }

  return TRUE;
}

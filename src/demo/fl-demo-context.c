/* fl-demo-context.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The plumbing every phase of the demo generator shares: write batches, a
 * deterministic random source per phase, record ids drawn from it, and picking
 * the agent who works a case.
 */
#define G_LOG_DOMAIN "Frontline-Demo"

#include "config.h"

#include <string.h>

#include "fl-demo-context-private.h"

/* Puts per transaction: big enough that commits cost nothing, small enough that
 * a reader is never locked out for long. */
#define BATCH_SIZE 20000

/* Records of each type that are validated before the generator trusts itself. */
#define VALIDATE_FIRST 300

void
_fl_demo_context_init (FlDemoContext *ctx)
{
  memset (ctx, 0, sizeof *ctx);
  ctx->rand = g_rand_new_with_seed (1);
  ctx->text = g_string_sized_new (1024);
  ctx->text2 = g_string_sized_new (1024);
  ctx->outcomes = g_array_new (FALSE, FALSE, sizeof (FlDemoOutcomeState));
  ctx->showcase_case = -1;
}

void
_fl_demo_context_clear (FlDemoContext *ctx)
{
  for (guint i = 0; i < FL_DEMO_N_PRODUCTS; i++)
    for (guint v = 0; v < ctx->products[i].n_versions; v++)
      g_free (ctx->products[i].versions[v]);

  g_clear_pointer (&ctx->rand, g_rand_free);
  if (ctx->text != NULL)
    g_string_free (ctx->text, TRUE);
  if (ctx->text2 != NULL)
    g_string_free (ctx->text2, TRUE);
  g_clear_pointer (&ctx->outcomes, g_array_unref);
  g_clear_pointer (&ctx->customer_ids, g_free);
  g_clear_pointer (&ctx->first_ownership, g_free);
  g_clear_pointer (&ctx->ownership_product, g_free);
  g_clear_pointer (&ctx->ownership_version, g_free);
  g_clear_pointer (&ctx->ownership_purchased_at, g_free);
  g_clear_pointer (&ctx->flaws, g_free);
  g_clear_pointer (&ctx->cases, g_free);
}

/**
 * _fl_demo_begin_phase:
 *
 * Reseeds the random source from the seed and the phase number, so each phase
 * draws the same numbers whatever the phases before it consumed.
 */
void
_fl_demo_begin_phase (FlDemoContext *ctx,
                      guint          phase)
{
  guint32 seed[3] = {
    (guint32) (ctx->seed & 0xffffffff),
    (guint32) (ctx->seed >> 32),
    phase,
  };

  g_rand_set_seed_array (ctx->rand, seed, G_N_ELEMENTS (seed));
  ctx->validated = 0;
}

gboolean
_fl_demo_flush (FlDemoContext  *ctx,
                GError        **error)
{
  if (ctx->in_batch == 0)
    return TRUE;

  ctx->in_batch = 0;
  if (!fl_store_commit (ctx->store, error))
    return FALSE;

  if (ctx->rows_func != NULL)
    ctx->rows_func (ctx->rows, ctx->rows_data);
  return TRUE;
}

gboolean
_fl_demo_put (FlDemoContext  *ctx,
              FlEntity       *entity,
              GError        **error)
{
  /* A bug in the generator should show as a clear message on the first records,
   * not as a corrupt database; after that, checking millions of rows of
   * known-good templates again is wasted time. */
  if (ctx->validated < VALIDATE_FIRST)
    {
      if (!fl_entity_validate (entity, error))
        {
          g_prefix_error (error, "Demo data generator wrote an invalid record: ");
          return FALSE;
        }
      ctx->validated++;
    }

  if (ctx->in_batch == 0 && !fl_store_begin (ctx->store, error))
    return FALSE;
  /* Counted as open before the put: on failure the caller rolls it back. */
  ctx->in_batch++;

  if (!fl_store_put (ctx->store, entity,
                     FL_STORE_PUT_ASSIGN_MODSEQ | FL_STORE_PUT_TRUSTED, error))
    return FALSE;
  ctx->rows++;

  if (ctx->in_batch >= BATCH_SIZE)
    return _fl_demo_flush (ctx, error);
  return TRUE;
}

/* Ids are UUID version 7 in shape (as fl_id_new() makes them): 48 bits that only
 * grow, then random bits. Here the growing part is a counter from the reference
 * time rather than the clock, so the data set stays reproducible, and records
 * written in order land at the end of the id indexes instead of at random pages —
 * which is most of what makes a million-customer load fast. */
/* qsort() order for arrays of gint64 times. */
int
_fl_demo_compare_times (const void *a,
                        const void *b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

void
_fl_demo_new_id (FlDemoContext *ctx,
                 FlDemoId      *id)
{
  guint64 sequence = ctx->id_sequence++;

  for (guint i = 0; i < 6; i++)
    id->bytes[i] = (guint8) (sequence >> (40 - 8 * i));

  for (guint i = 6; i < 16; i += 2)
    {
      guint32 r = g_rand_int (ctx->rand);

      id->bytes[i] = r >> 8;
      id->bytes[i + 1] = r;
    }

  /* RFC 9562 version 7 and variant bits. */
  id->bytes[6] = (id->bytes[6] & 0x0f) | 0x70;
  id->bytes[8] = (id->bytes[8] & 0x3f) | 0x80;
}

const char *
_fl_demo_format_id (const FlDemoId *id,
                    char            out[37])
{
  static const char hex[] = "0123456789abcdef";
  char *p = out;

  for (guint i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        *p++ = '-';
      *p++ = hex[id->bytes[i] >> 4];
      *p++ = hex[id->bytes[i] & 0xf];
    }
  *p = '\0';
  return out;
}

/* Draws a new id into @id and gives it to @entity. */
void
_fl_demo_set_id (FlDemoContext *ctx,
                 FlEntity      *entity,
                 FlDemoId      *id)
{
  _fl_demo_new_id (ctx, id);
  fl_entity_set_id (entity, _fl_demo_format_id (id, ctx->id_text));
}

guint
_fl_demo_below (FlDemoContext *ctx,
                guint          n)
{
  if (n <= 1)
    return 0;
  return (guint) g_rand_int_range (ctx->rand, 0, (gint32) n);
}

gboolean
_fl_demo_chance (FlDemoContext *ctx,
                 guint          percent)
{
  return g_rand_int_range (ctx->rand, 0, 100) < (gint32) percent;
}

/* A time or number in [low, high); low when the range is empty. */
gint64
_fl_demo_between (FlDemoContext *ctx,
                  gint64         low,
                  gint64         high)
{
  guint64 r;

  if (high <= low)
    return low;

  r = ((guint64) g_rand_int (ctx->rand) << 32) | g_rand_int (ctx->rand);
  return low + (gint64) (r % (guint64) (high - low));
}

guint
_fl_demo_weighted (FlDemoContext *ctx,
                   const guint   *weights,
                   guint          n_weights)
{
  guint total = 0;
  guint r;

  for (guint i = 0; i < n_weights; i++)
    total += weights[i];

  r = _fl_demo_below (ctx, total);
  for (guint i = 0; i < n_weights; i++)
    {
      if (r < weights[i])
        return i;
      r -= weights[i];
    }
  return n_weights - 1;
}

void
_fl_demo_append_capitalised (GString    *out,
                             const char *text)
{
  if (text[0] == '\0')
    return;
  g_string_append_c (out, g_ascii_toupper (text[0]));
  g_string_append (out, text + 1);
}

static gboolean
agent_works_tier (const FlDemoAgentInfo *agent,
                  FlCaseTier             tier)
{
  switch (tier)
    {
    case FL_CASE_TIER_TIER1:
      return agent->role == FL_AGENT_ROLE_AGENT || agent->role == FL_AGENT_ROLE_TRAINEE
             || agent->role == FL_AGENT_ROLE_ROTATION;
    case FL_CASE_TIER_TIER2:
      return agent->role == FL_AGENT_ROLE_TIER2 || agent->role == FL_AGENT_ROLE_LEAD;
    case FL_CASE_TIER_ENGINEERING:
    default:
      return agent->role == FL_AGENT_ROLE_ROTATION;
    }
}

/**
 * _fl_demo_pick_agent:
 * @at: when the work happens: agents who have left only worked older cases
 *
 * Returns: the index of an agent who works cases of @tier
 */
guint
_fl_demo_pick_agent (FlDemoContext *ctx,
                     FlCaseTier     tier,
                     gint64         at)
{
  guint8 pool[FL_DEMO_N_AGENTS];
  guint n = 0;
  gboolean recent = at > ctx->now - 2 * FL_DEMO_USEC_PER_YEAR;

  for (guint i = 0; i < FL_DEMO_N_AGENTS; i++)
    {
      const FlDemoAgentInfo *agent = &fl_demo_agents[i];

      if (agent_works_tier (agent, tier) && !(recent && agent->disabled))
        pool[n++] = i;
    }

  g_assert (n > 0);
  return pool[_fl_demo_below (ctx, n)];
}

const char *
_fl_demo_agent_id_text (FlDemoContext *ctx,
                        guint          agent,
                        char           out[37])
{
  return _fl_demo_format_id (&ctx->agent_ids[agent], out);
}

/* fl-demo-products.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo generator's catalog side: products with their release history, the
 * known flaws of each (built from the line's phrases, so case text can match
 * them) and the upsell rules.
 */
#define G_LOG_DOMAIN "Frontline-Demo"

#include "config.h"

#include <string.h>

#include "fl-demo-context-private.h"

/* Hardware products in the order flaws are dealt out: the first product of every
 * line, then the second of every line, and so on, so that even the smallest data
 * set has flaws in every line. */
static void
order_hardware (FlDemoContext *ctx)
{
  ctx->n_hardware = 0;

  for (guint rank = 0; rank < FL_DEMO_N_PRODUCTS; rank++)
    for (guint line = 0; line < FL_DEMO_N_HARDWARE_LINES; line++)
      {
        guint seen = 0;

        for (guint p = 0; p < FL_DEMO_N_PRODUCTS; p++)
          if (fl_demo_products[p].line == line && seen++ == rank)
            {
              ctx->products[p].flaw_slot = ctx->n_hardware;
              ctx->hardware_order[ctx->n_hardware++] = p;
              break;
            }
      }
}

static void
plan_releases (FlDemoContext      *ctx,
               FlDemoProductState *state,
               const char         *versions)
{
  g_auto(GStrv) parts = g_strsplit (versions, " ", -1);
  gint64 first;
  gint64 last;

  state->n_versions = 0;
  for (guint v = 0; parts[v] != NULL && v < FL_DEMO_MAX_VERSIONS; v++)
    state->versions[state->n_versions++] = g_strdup (parts[v]);
  state->versions[state->n_versions] = NULL;
  g_assert (state->n_versions > 0);

  first = ctx->now - _fl_demo_between (ctx, 4 * FL_DEMO_USEC_PER_YEAR, 7 * FL_DEMO_USEC_PER_YEAR);
  last = ctx->now - _fl_demo_between (ctx, 20 * FL_USEC_PER_DAY, 150 * FL_USEC_PER_DAY);
  for (guint v = 0; v < state->n_versions; v++)
    {
      gint64 step = state->n_versions > 1 ? (last - first) / (state->n_versions - 1) : 0;

      state->release_at[v] = first + v * step;
      if (v > 0 && v + 1 < state->n_versions)
        state->release_at[v] += _fl_demo_between (ctx, -step / 4, step / 4);
    }
}

gboolean
_fl_demo_write_products (FlDemoContext  *ctx,
                         GError        **error)
{
  g_autoptr(FlProduct) product = fl_product_new ();

  order_hardware (ctx);

  for (guint p = 0; p < FL_DEMO_N_PRODUCTS; p++)
    {
      const FlDemoProduct *info = &fl_demo_products[p];
      FlDemoProductState *state = &ctx->products[p];

      g_assert (info->sku != NULL);
      plan_releases (ctx, state, info->versions);

      _fl_demo_set_id (ctx, FL_ENTITY (product), &state->id);
      fl_product_set_sku (product, info->sku);
      fl_product_set_name (product, info->name);
      fl_product_set_line (product, fl_demo_lines[info->line].name);
      fl_product_set_version (product, state->versions[state->n_versions - 1]);
      fl_product_set_price_cents (product, info->price_cents);
      fl_entity_set_created_at (FL_ENTITY (product), state->release_at[0]);
      fl_entity_set_updated_at (FL_ENTITY (product), state->release_at[state->n_versions - 1]);

      if (!_fl_demo_put (ctx, FL_ENTITY (product), error))
        return FALSE;
    }

  return TRUE;
}

/* Flaws ----------------------------------------------------------------------- */

static void
plan_flaw (FlDemoContext   *ctx,
           guint            index,
           FlDemoFlawState *flaw)
{
  static const guint length_weights[] = { 50, 35, 15 };
  static const guint old_status_weights[] = { 0, 15, 65, 20 };  /* by FlFlawStatus */
  static const guint current_status_weights[] = { 40, 60, 0, 0 };
  static const guint severity_weights[] = { 25, 45, 22, 8 };
  const FlDemoProductState *state;
  const FlDemoLine *line;
  guint last_version;
  gint64 until;

  flaw->product = ctx->hardware_order[index % ctx->n_hardware];
  state = &ctx->products[flaw->product];
  line = &fl_demo_lines[fl_demo_products[flaw->product].line];
  last_version = state->n_versions - 1;

  if (index == 0)
    {
      /* The showcase's flaw: "Flickers at 144 Hz over DisplayPort after waking
       * from sleep" on the last three releases, with a workaround. */
      flaw->symptom = flaw->condition = flaw->trigger = 0;
      flaw->first_version = state->n_versions >= 3 ? state->n_versions - 3 : 0;
      flaw->last_version = last_version;
      flaw->status = FL_FLAW_STATUS_WORKAROUND;
      flaw->severity = FL_FLAW_SEVERITY_HIGH;
    }
  else
    {
      flaw->symptom = _fl_demo_below (ctx, line->n_symptoms);
      flaw->condition = _fl_demo_below (ctx, line->n_conditions);
      flaw->trigger = _fl_demo_below (ctx, line->n_triggers);
      flaw->first_version = _fl_demo_below (ctx, state->n_versions);
      flaw->last_version = MIN (flaw->first_version
                                + _fl_demo_weighted (ctx, length_weights,
                                                     G_N_ELEMENTS (length_weights)),
                                last_version);
      /* Only a flaw of an older release can be fixed: the fix is the next one. */
      flaw->status = flaw->last_version < last_version
                     ? _fl_demo_weighted (ctx, old_status_weights,
                                          G_N_ELEMENTS (old_status_weights))
                     : _fl_demo_weighted (ctx, current_status_weights,
                                          G_N_ELEMENTS (current_status_weights));
      flaw->severity = _fl_demo_weighted (ctx, severity_weights, G_N_ELEMENTS (severity_weights));
    }

  until = flaw->first_version < last_version
          ? state->release_at[flaw->first_version + 1] : ctx->now;
  flaw->first_seen_at = _fl_demo_between (ctx,
                                          state->release_at[flaw->first_version] + FL_USEC_PER_DAY,
                                          until);
}

/* "Flickers at 144 Hz over DisplayPort after waking from sleep" */
void
_fl_demo_append_flaw_title (FlDemoContext         *ctx,
                            GString               *out,
                            const FlDemoFlawState *flaw)
{
  const FlDemoLine *line = &fl_demo_lines[fl_demo_products[flaw->product].line];

  _fl_demo_append_capitalised (out, line->symptoms[flaw->symptom].text);
  g_string_append_c (out, ' ');
  g_string_append (out, line->conditions[flaw->condition].text);
  g_string_append_c (out, ' ');
  g_string_append (out, line->triggers[flaw->trigger].text);
}

static void
write_flaw_text (FlDemoContext         *ctx,
                 FlFlaw                *entity,
                 const FlDemoFlawState *flaw)
{
  const FlDemoProductState *state = &ctx->products[flaw->product];
  const FlDemoProduct *product = &fl_demo_products[flaw->product];
  const FlDemoLine *line = &fl_demo_lines[product->line];
  const FlDemoPhrase *symptom = &line->symptoms[flaw->symptom];
  const FlDemoPhrase *condition = &line->conditions[flaw->condition];
  const FlDemoPhrase *trigger = &line->triggers[flaw->trigger];
  const char *fixed_in = flaw->status == FL_FLAW_STATUS_FIXED
                         ? state->versions[flaw->last_version + 1] : NULL;
  GString *text = ctx->text;

  g_string_truncate (text, 0);
  _fl_demo_append_flaw_title (ctx, text, flaw);
  fl_flaw_set_title (entity, text->str);

  g_string_truncate (text, 0);
  g_string_append (text, "The ");
  g_string_append (text, product->noun);
  g_string_append_c (text, ' ');
  g_string_append (text, symptom->text);
  g_string_append_c (text, ' ');
  g_string_append (text, condition->text);
  g_string_append_c (text, ' ');
  g_string_append (text, trigger->text);
  g_string_append (text, ". ");
  g_string_append (text, symptom->detail);
  if (flaw->first_version == flaw->last_version)
    g_string_append_printf (text, " Seen on version %s only.",
                            state->versions[flaw->first_version]);
  else
    g_string_append_printf (text, " Seen on versions %s to %s.",
                            state->versions[flaw->first_version],
                            state->versions[flaw->last_version]);
  fl_flaw_set_symptoms (entity, text->str);

  g_string_truncate (text, 0);
  switch (flaw->status)
    {
    case FL_FLAW_STATUS_INVESTIGATING:
      g_string_append (text, "None confirmed yet. Some customers report this helps: ");
      g_string_append (text, condition->detail);
      break;
    case FL_FLAW_STATUS_FIXED:
      g_string_append_printf (text, "Update to version %s. Until then: ", fixed_in);
      g_string_append (text, condition->detail);
      break;
    default:
      g_string_append (text, condition->detail);
      break;
    }
  fl_flaw_set_workaround (entity, text->str);

  g_string_truncate (text, 0);
  g_string_append (text, "1. Use the ");
  g_string_append (text, product->noun);
  g_string_append_c (text, ' ');
  g_string_append (text, condition->text);
  g_string_append (text, ".\n2. ");
  g_string_append (text, trigger->detail);
  g_string_append (text, "\n3. The ");
  g_string_append (text, product->noun);
  g_string_append_c (text, ' ');
  g_string_append (text, symptom->text);
  g_string_append_c (text, '.');
  fl_flaw_set_repro_steps (entity, text->str);

  fl_flaw_set_fixed_in (entity, fixed_in);
}

gboolean
_fl_demo_write_flaws (FlDemoContext  *ctx,
                      GError        **error)
{
  g_autoptr(FlFlaw) entity = fl_flaw_new ();
  char product_id[37];

  ctx->n_flaws = MAX (40, ctx->n_customers / 20);
  ctx->flaws = g_new0 (FlDemoFlawState, ctx->n_flaws);

  for (guint p = 0; p < FL_DEMO_N_PRODUCTS; p++)
    {
      FlDemoProductState *state = &ctx->products[p];

      state->n_flaws = fl_demo_products[p].line < FL_DEMO_N_HARDWARE_LINES
                       && state->flaw_slot < ctx->n_flaws
                       ? (ctx->n_flaws - state->flaw_slot + ctx->n_hardware - 1) / ctx->n_hardware
                       : 0;
    }

  for (guint f = 0; f < ctx->n_flaws; f++)
    {
      FlDemoFlawState *flaw = &ctx->flaws[f];
      const FlDemoProductState *state;
      const char *affected[FL_DEMO_MAX_VERSIONS + 1];
      guint n_affected = 0;
      gint64 updated_at;

      plan_flaw (ctx, f, flaw);
      state = &ctx->products[flaw->product];

      _fl_demo_set_id (ctx, FL_ENTITY (entity), &flaw->id);
      fl_flaw_set_product_id (entity, _fl_demo_format_id (&state->id, product_id));
      for (guint v = flaw->first_version; v <= flaw->last_version; v++)
        affected[n_affected++] = state->versions[v];
      affected[n_affected] = NULL;
      fl_flaw_set_affected_versions (entity, affected);
      write_flaw_text (ctx, entity, flaw);
      fl_flaw_set_status (entity, flaw->status);
      fl_flaw_set_severity (entity, flaw->severity);
      fl_flaw_set_first_seen_at (entity, flaw->first_seen_at);

      updated_at = flaw->status == FL_FLAW_STATUS_FIXED
                   ? state->release_at[flaw->last_version + 1]
                   : _fl_demo_between (ctx, flaw->first_seen_at, ctx->now);
      fl_entity_set_created_at (FL_ENTITY (entity), flaw->first_seen_at);
      fl_entity_set_updated_at (FL_ENTITY (entity), MAX (updated_at, flaw->first_seen_at));

      if (!_fl_demo_put (ctx, FL_ENTITY (entity), error))
        return FALSE;
    }

  return TRUE;
}

/**
 * _fl_demo_pick_flaw:
 *
 * Finds a known flaw of @product that affects @version, if one turns up among a
 * few random tries (there may be none).
 */
gboolean
_fl_demo_pick_flaw (FlDemoContext *ctx,
                    guint          product,
                    guint          version,
                    gint32        *flaw)
{
  const FlDemoProductState *state = &ctx->products[product];

  if (state->n_flaws == 0)
    return FALSE;

  for (guint attempt = 0; attempt < 8; attempt++)
    {
      guint f = state->flaw_slot + _fl_demo_below (ctx, state->n_flaws) * ctx->n_hardware;

      if (ctx->flaws[f].first_version <= version && version <= ctx->flaws[f].last_version)
        {
          *flaw = (gint32) f;
          return TRUE;
        }
    }
  return FALSE;
}

/* Offers ---------------------------------------------------------------------- */

static void
index_offer (FlDemoContext         *ctx,
             guint                  rule_index,
             const FlDemoOfferRule *rule)
{
  gboolean anyone = rule->owned_line == NULL && rule->owned_skus[0] == NULL;

  if (!rule->active)
    return;

  for (guint p = 0; p < FL_DEMO_N_PRODUCTS; p++)
    {
      const char *line = fl_demo_lines[fl_demo_products[p].line].name;
      gboolean fits = anyone || (rule->owned_line != NULL && strcmp (rule->owned_line, line) == 0);

      for (guint i = 0; !fits && rule->owned_skus[i] != NULL; i++)
        fits = strcmp (rule->owned_skus[i], fl_demo_products[p].sku) == 0;
      if (fits)
        ctx->products[p].offers |= 1u << rule_index;
    }
}

gboolean
_fl_demo_write_offers (FlDemoContext  *ctx,
                       GError        **error)
{
  g_autoptr(FlOffer) offer = fl_offer_new ();

  G_STATIC_ASSERT (FL_DEMO_N_OFFERS <= 32);

  for (guint i = 0; i < FL_DEMO_N_OFFERS; i++)
    {
      const FlDemoOfferRule *rule = &fl_demo_offer_rules[i];
      int product = fl_demo_catalog_find_sku (rule->sku);
      char ids[4][37];
      const char *owned[5] = { NULL };
      const char *flaws[6] = { NULL };
      guint n_owned = 0;
      guint n_flaws = 0;
      gint64 created_at = ctx->now - _fl_demo_between (ctx, 30 * FL_USEC_PER_DAY,
                                                       3 * FL_DEMO_USEC_PER_YEAR);
      char product_id[37];
      char flaw_ids[5][37];

      g_assert (product >= 0);

      for (guint k = 0; rule->owned_skus[k] != NULL && n_owned < 4; k++)
        {
          int owned_product = fl_demo_catalog_find_sku (rule->owned_skus[k]);

          g_assert (owned_product >= 0);
          owned[n_owned] = _fl_demo_format_id (&ctx->products[owned_product].id, ids[n_owned]);
          n_owned++;
        }

      if (rule->flaws_of_sku != NULL)
        {
          int flawed = fl_demo_catalog_find_sku (rule->flaws_of_sku);
          const FlDemoProductState *state = &ctx->products[flawed];

          g_assert (flawed >= 0);

          for (guint k = 0; k < state->n_flaws && n_flaws < 5; k++)
            {
              const FlDemoFlawState *flaw = &ctx->flaws[state->flaw_slot + k * ctx->n_hardware];

              if (flaw->status != FL_FLAW_STATUS_RETIRED && flaw->status != FL_FLAW_STATUS_FIXED)
                {
                  flaws[n_flaws] = _fl_demo_format_id (&flaw->id, flaw_ids[n_flaws]);
                  n_flaws++;
                }
            }
        }

      _fl_demo_set_id (ctx, FL_ENTITY (offer), &ctx->offer_ids[i]);
      fl_offer_set_product_id (offer, _fl_demo_format_id (&ctx->products[product].id, product_id));
      fl_offer_set_title (offer, rule->title);
      fl_offer_set_pitch (offer, rule->pitch);
      fl_offer_set_reason (offer, rule->reason);
      fl_offer_set_owned_product_ids (offer, owned);
      fl_offer_set_owned_line (offer, rule->owned_line);
      fl_offer_set_case_keywords (offer, rule->keywords);
      fl_offer_set_flaw_ids (offer, flaws);
      fl_offer_set_active (offer, rule->active);
      fl_entity_set_created_at (FL_ENTITY (offer), created_at);
      fl_entity_set_updated_at (FL_ENTITY (offer), created_at);

      if (!_fl_demo_put (ctx, FL_ENTITY (offer), error))
        return FALSE;

      index_offer (ctx, i, rule);
    }

  return TRUE;
}

/* fl-demo-people.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo generator's people: the support team, the customers with their ways
 * to reach them, and what each customer bought. The showcase customer comes
 * first, with fixed details that tools and benchmarks look up.
 */
#define G_LOG_DOMAIN "Frontline-Demo"

#include "config.h"

#include <string.h>

#include "fl-demo-context-private.h"

static const char * const showcase_skus[] = {
  "MON-S27G", "MON-S27G", "GPU-R4070", "LAP-T14P", "DOC-TB4D",
  "PRN-L900", "RTR-MP6E", "HSE-Q700", "KBM-KES", "PLN-BIZ",
};

gboolean
_fl_demo_write_agents (FlDemoContext  *ctx,
                       GError        **error)
{
  g_autoptr(FlAgent) agent = fl_agent_new ();

  for (guint i = 0; i < FL_DEMO_N_AGENTS; i++)
    {
      const FlDemoAgentInfo *info = &fl_demo_agents[i];
      gint64 hired = ctx->now - _fl_demo_between (ctx, FL_DEMO_USEC_PER_YEAR / 6,
                                                  7 * FL_DEMO_USEC_PER_YEAR);

      _fl_demo_set_id (ctx, FL_ENTITY (agent), &ctx->agent_ids[i]);
      fl_agent_set_login (agent, info->login);
      fl_agent_set_display_name (agent, info->display_name);
      fl_agent_set_alias (agent, info->alias);
      fl_agent_set_role (agent, info->role);
      fl_agent_set_team (agent, info->team);
      fl_agent_set_disabled (agent, info->disabled);
      fl_entity_set_created_at (FL_ENTITY (agent), hired);
      fl_entity_set_updated_at (FL_ENTITY (agent), hired);

      if (!_fl_demo_put (ctx, FL_ENTITY (agent), error))
        return FALSE;
    }

  return TRUE;
}

/* Ownerships ------------------------------------------------------------------ */

static void
reserve_ownerships (FlDemoContext *ctx,
                    guint32        needed)
{
  guint32 capacity;

  if (ctx->ownership_product != NULL && needed <= ctx->ownership_capacity)
    return;

  /* About 1.5 per customer: one allocation usually does. */
  capacity = MAX (needed, ctx->n_customers + ctx->n_customers / 2 + 64);
  if (ctx->ownership_product != NULL)
    capacity = MAX (capacity, ctx->ownership_capacity + ctx->ownership_capacity / 2);
  ctx->ownership_capacity = capacity;

  ctx->ownership_product = g_renew (guint8, ctx->ownership_product, capacity);
  ctx->ownership_version = g_renew (guint8, ctx->ownership_version, capacity);
  ctx->ownership_purchased_at = g_renew (gint64, ctx->ownership_purchased_at, capacity);
}

/* The version a product had when it was bought, and half the time a later one
 * the customer updated to. */
static guint
version_for_purchase (FlDemoContext *ctx,
                      guint          product,
                      gint64         purchased_at)
{
  const FlDemoProductState *state = &ctx->products[product];
  guint at_purchase = 0;

  for (guint v = 0; v < state->n_versions; v++)
    if (state->release_at[v] <= purchased_at)
      at_purchase = v;

  if (at_purchase + 1 < state->n_versions && _fl_demo_chance (ctx, 50))
    return at_purchase + _fl_demo_below (ctx, state->n_versions - at_purchase);
  return at_purchase;
}

static void
add_ownership (FlDemoContext *ctx,
               guint          product,
               guint          version,
               gint64         purchased_at)
{
  reserve_ownerships (ctx, ctx->n_ownerships + 1);
  ctx->ownership_product[ctx->n_ownerships] = product;
  ctx->ownership_version[ctx->n_ownerships] = version;
  ctx->ownership_purchased_at[ctx->n_ownerships] = purchased_at;
  ctx->n_ownerships++;
}

static void
plan_showcase_ownerships (FlDemoContext *ctx)
{
  gint64 first = ctx->now - 6 * FL_DEMO_USEC_PER_YEAR + 30 * FL_USEC_PER_DAY;
  gint64 step = (ctx->now - first) / (G_N_ELEMENTS (showcase_skus) + 1);

  for (guint i = 0; i < G_N_ELEMENTS (showcase_skus); i++)
    {
      int product = fl_demo_catalog_find_sku (showcase_skus[i]);
      const FlDemoProductState *state = &ctx->products[product];
      gint64 purchased_at = first + i * step + _fl_demo_between (ctx, 0, step / 2);
      guint version = state->n_versions - 1;

      /* The first monitor stays one release behind, inside the range of the known
       * flaw the showcase's open case is about (see _fl_demo_write_flaws). */
      if (i == 0)
        version = state->n_versions - 2;
      add_ownership (ctx, product, version, purchased_at);
    }
}

/* Customers ------------------------------------------------------------------- */

static gboolean
ends_with_showcase_phone (const char *phone)
{
  static const char showcase_digits[] = "15550100";
  char digits[48];
  gsize n = 0;

  for (const char *p = phone; *p && n < sizeof digits - 1; p++)
    if (g_ascii_isdigit (*p))
      digits[n++] = *p;
  digits[n] = '\0';

  return n >= strlen (showcase_digits)
         && strcmp (digits + n - strlen (showcase_digits), showcase_digits) == 0;
}

static void
make_phone (FlDemoContext *ctx,
            char          *out,
            gsize          size)
{
  static const guint weights[] = { 30, 18, 8, 12, 8, 7, 7, 6, 4 };

  do
    {
      guint a = _fl_demo_below (ctx, 100);
      guint b = _fl_demo_below (ctx, 10000);
      guint c = _fl_demo_below (ctx, 1000);

      switch (_fl_demo_weighted (ctx, weights, G_N_ELEMENTS (weights)))
        {
        case 0: g_snprintf (out, size, "+1 555 0%02u %04u", a, b); break;
        case 1: g_snprintf (out, size, "(555) 0%02u-%04u", a, b); break;
        case 2: g_snprintf (out, size, "555.0%02u.%04u", a, b); break;
        case 3: g_snprintf (out, size, "+44 20 7946 0%03u", c); break;
        case 4: g_snprintf (out, size, "+44 7700 900%03u", c); break;
        case 5: g_snprintf (out, size, "+33 1 99 00 %02u %02u", a, b % 100); break;
        case 6: g_snprintf (out, size, "+61 2 5550 %04u", b); break;
        case 7: g_snprintf (out, size, "+1 555 0%02u %04u x%u", a, b, 10 + c % 290); break;
        default: g_snprintf (out, size, "+49 30 5550 %04u", b); break;
        }
    }
  while (ends_with_showcase_phone (out));
}

static void
make_email (FlDemoContext    *ctx,
            const FlDemoName *first,
            const FlDemoName *last,
            const char       *domain,
            char             *out,
            gsize             size)
{
  switch (_fl_demo_below (ctx, 4))
    {
    case 0:
      g_snprintf (out, size, "%s.%s@%s", first->ascii, last->ascii, domain);
      break;
    case 1:
      g_snprintf (out, size, "%s%s%02u@%s", first->ascii, last->ascii,
                  _fl_demo_below (ctx, 100), domain);
      break;
    case 2:
      g_snprintf (out, size, "%c.%s@%s", first->ascii[0], last->ascii, domain);
      break;
    default:
      g_snprintf (out, size, "%s_%s%u@%s", first->ascii, last->ascii,
                  1950 + _fl_demo_below (ctx, 56), domain);
      break;
    }
}

static void
write_showcase_fields (FlDemoContext *ctx,
                       FlCustomer    *customer)
{
  static const char * const emails[] = {
    "helena@marquez-hale.example", "h.marquez@example.com", NULL,
  };
  static const char * const phones[] = { FL_DEMO_SHOWCASE_PHONE, "+44 20 7946 0958", NULL };

  fl_customer_set_name (customer, "Helena Márquez");
  fl_customer_set_organisation (customer, "Márquez & Hale Architects");
  fl_customer_set_emails (customer, emails);
  fl_customer_set_phones (customer, phones);
  fl_customer_set_plan (customer, "Care Business");
  fl_customer_set_notes (customer,
                         "Customer since the first Swift monitors; runs a studio full of our "
                         "hardware. Prefers calls before noon, and a call-back over e-mail.");
}

static void
write_random_fields (FlDemoContext *ctx,
                     FlCustomer    *customer)
{
  static const guint n_own_weights[] = { 65, 22, 9, 4 };
  const FlDemoName *first = &fl_demo_first_names[_fl_demo_below (ctx, fl_demo_n_first_names)];
  const FlDemoName *last = &fl_demo_last_names[_fl_demo_below (ctx, fl_demo_n_last_names)];
  const FlDemoOrganisation *org = NULL;
  const char *plan = NULL;
  char email[2][160];
  char phone[2][48];
  const char *emails[3] = { email[0], NULL, NULL };
  const char *phones[3] = { phone[0], NULL, NULL };
  guint n_own = 1 + _fl_demo_weighted (ctx, n_own_weights, G_N_ELEMENTS (n_own_weights));

  g_string_truncate (ctx->text, 0);
  g_string_append (ctx->text, first->name);
  g_string_append_c (ctx->text, ' ');
  g_string_append (ctx->text, last->name);
  fl_customer_set_name (customer, ctx->text->str);

  if (_fl_demo_chance (ctx, 30))
    org = &fl_demo_organisations[_fl_demo_below (ctx, fl_demo_n_organisations)];
  fl_customer_set_organisation (customer, org != NULL ? org->name : NULL);

  make_email (ctx, first, last,
              org != NULL ? org->domain
                          : fl_demo_mail_domains[_fl_demo_below (ctx, fl_demo_n_mail_domains)],
              email[0], sizeof email[0]);
  if (_fl_demo_chance (ctx, 30))
    {
      const char *domain = fl_demo_mail_domains[_fl_demo_below (ctx, fl_demo_n_mail_domains)];

      make_email (ctx, first, last, domain, email[1], sizeof email[1]);
      if (strcmp (email[0], email[1]) != 0)
        emails[1] = email[1];
    }
  fl_customer_set_emails (customer, emails);

  make_phone (ctx, phone[0], sizeof phone[0]);
  if (_fl_demo_chance (ctx, 25))
    {
      make_phone (ctx, phone[1], sizeof phone[1]);
      phones[1] = phone[1];
    }
  fl_customer_set_phones (customer, phones);

  fl_customer_set_notes (customer,
                         _fl_demo_chance (ctx, 4)
                         ? fl_demo_customer_notes[_fl_demo_below (ctx, fl_demo_n_customer_notes)]
                         : NULL);

  for (guint i = 0; i < n_own; i++)
    {
      gint64 purchased_at;
      guint product;

      if (_fl_demo_chance (ctx, 8))
        {
          /* The support plans end the catalog. */
          product = FL_DEMO_N_PRODUCTS - 1
                    - _fl_demo_below (ctx, FL_DEMO_N_PRODUCTS - ctx->n_hardware);
          plan = fl_demo_products[product].plan;
        }
      else
        product = ctx->hardware_order[_fl_demo_below (ctx, ctx->n_hardware)];

      /* Nobody bought a product before its first release. */
      purchased_at = _fl_demo_between (ctx, MAX (ctx->now - 6 * FL_DEMO_USEC_PER_YEAR,
                                                 ctx->products[product].release_at[0]),
                                       ctx->now - 2 * FL_USEC_PER_DAY);

      add_ownership (ctx, product, version_for_purchase (ctx, product, purchased_at), purchased_at);
    }
  fl_customer_set_plan (customer, plan);
}

gboolean
_fl_demo_write_customers (FlDemoContext  *ctx,
                          GError        **error)
{
  g_autoptr(FlCustomer) customer = fl_customer_new ();

  ctx->customer_ids = g_new (FlDemoId, ctx->n_customers);
  ctx->first_ownership = g_new (guint32, ctx->n_customers + 1);
  reserve_ownerships (ctx, 0);

  for (guint32 c = 0; c < ctx->n_customers; c++)
    {
      gint64 since = G_MAXINT64;

      _fl_demo_set_id (ctx, FL_ENTITY (customer), &ctx->customer_ids[c]);
      ctx->first_ownership[c] = ctx->n_ownerships;

      if (c == ctx->showcase_customer)
        {
          write_showcase_fields (ctx, customer);
          plan_showcase_ownerships (ctx);
        }
      else
        write_random_fields (ctx, customer);

      for (guint32 o = ctx->first_ownership[c]; o < ctx->n_ownerships; o++)
        since = MIN (since, ctx->ownership_purchased_at[o]);
      fl_entity_set_created_at (FL_ENTITY (customer), since);
      fl_entity_set_updated_at (FL_ENTITY (customer), since);

      if (!_fl_demo_put (ctx, FL_ENTITY (customer), error))
        return FALSE;
    }
  ctx->first_ownership[ctx->n_customers] = ctx->n_ownerships;

  return TRUE;
}

static void
make_serial (FlDemoContext *ctx,
             guint          product,
             gint64         purchased_at,
             GString       *out)
{
  static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  guint year = 1970 + (guint) (purchased_at / (FL_USEC_PER_DAY * 36524 / 100));

  g_string_truncate (out, 0);
  for (const char *p = fl_demo_products[product].sku; *p; p++)
    if (*p != '-')
      g_string_append_c (out, *p);
  g_string_append_printf (out, "-%02u", year % 100);
  for (guint i = 0; i < 8; i++)
    g_string_append_c (out, alphabet[_fl_demo_below (ctx, sizeof alphabet - 1)]);
}

gboolean
_fl_demo_write_ownerships (FlDemoContext  *ctx,
                           GError        **error)
{
  g_autoptr(FlOwnership) ownership = fl_ownership_new ();
  char customer_id[37];
  char product_id[37];

  for (guint32 c = 0; c < ctx->n_customers; c++)
    {
      _fl_demo_format_id (&ctx->customer_ids[c], customer_id);

      for (guint32 o = ctx->first_ownership[c]; o < ctx->first_ownership[c + 1]; o++)
        {
          guint product = ctx->ownership_product[o];
          gint64 purchased_at = ctx->ownership_purchased_at[o];
          FlDemoId id;

          _fl_demo_set_id (ctx, FL_ENTITY (ownership), &id);
          fl_ownership_set_customer_id (ownership, customer_id);
          fl_ownership_set_product_id (ownership,
                                       _fl_demo_format_id (&ctx->products[product].id, product_id));
          make_serial (ctx, product, purchased_at, ctx->text);
          fl_ownership_set_serial (ownership, ctx->text->str);
          fl_ownership_set_version (ownership,
                                    ctx->products[product].versions[ctx->ownership_version[o]]);
          fl_ownership_set_purchased_at (ownership, purchased_at);
          fl_entity_set_created_at (FL_ENTITY (ownership), purchased_at);
          fl_entity_set_updated_at (FL_ENTITY (ownership), purchased_at);

          if (!_fl_demo_put (ctx, FL_ENTITY (ownership), error))
            return FALSE;
        }
    }

  return TRUE;
}

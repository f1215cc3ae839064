/* fl-demo-catalog.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the demo company sells and what goes wrong with it: the product catalog, per
 * product line the phrases known flaws and customer questions are built from, and
 * the upsell rules. Fixed tables; all variation comes from the generator's GRand.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  FL_DEMO_LINE_MONITORS,
  FL_DEMO_LINE_GRAPHICS_CARDS,
  FL_DEMO_LINE_LAPTOPS,
  FL_DEMO_LINE_DOCKS,
  FL_DEMO_LINE_PRINTERS,
  FL_DEMO_LINE_ROUTERS,
  FL_DEMO_LINE_HEADSETS,
  FL_DEMO_LINE_KEYBOARDS,
  FL_DEMO_LINE_PLANS,
  FL_DEMO_N_LINES
} FlDemoLineId;

/* The lines before this one are hardware, which has firmware and known flaws. */
#define FL_DEMO_N_HARDWARE_LINES FL_DEMO_LINE_PLANS

typedef struct
{
  const char *text;    /* as it reads inside a sentence: "flickers", "after waking from sleep" */
  const char *detail;  /* symptom: what the customer sees; condition: the workaround;
                        * trigger: the reproduction step; question: the case description */
} FlDemoPhrase;

/* A known flaw's title is symptom + condition + trigger: "Flickers" "at 144 Hz over
 * DisplayPort" "after waking from sleep". */
typedef struct
{
  const char         *name;          /* "Monitors" */
  const FlDemoPhrase *symptoms;
  guint               n_symptoms;
  const FlDemoPhrase *conditions;
  guint               n_conditions;
  const FlDemoPhrase *triggers;
  guint               n_triggers;
  const FlDemoPhrase *questions;     /* cases that are not about a flaw: subject, description */
  guint               n_questions;
} FlDemoLine;

#define FL_DEMO_MAX_VERSIONS 12

typedef struct
{
  const char   *sku;
  const char   *name;
  const char   *noun;         /* "monitor": how a customer calls it */
  FlDemoLineId  line;
  gint64        price_cents;
  const char   *versions;     /* oldest first, space-separated; the last is current */
  const char   *plan;         /* support plans: the plan a customer then has */
} FlDemoProduct;

typedef struct
{
  const char *title;
  const char *sku;             /* the product suggested */
  const char *pitch;
  const char *reason;
  const char *owned_line;      /* fits owners of this line… */
  const char *owned_skus[4];   /* …or of these products */
  const char *keywords[5];     /* fits cases mentioning these */
  const char *flaws_of_sku;    /* fits cases linked to this product's flaws */
  gboolean    active;
} FlDemoOfferRule;

extern const FlDemoLine      fl_demo_lines[FL_DEMO_N_LINES];

#define FL_DEMO_N_PRODUCTS 60
extern const FlDemoProduct   fl_demo_products[FL_DEMO_N_PRODUCTS];

/* Cases about the account rather than a product. */
extern const FlDemoPhrase    fl_demo_account_questions[];
extern const guint           fl_demo_n_account_questions;

#define FL_DEMO_N_OFFERS 25
extern const FlDemoOfferRule fl_demo_offer_rules[FL_DEMO_N_OFFERS];

int fl_demo_catalog_find_sku (const char *sku);

G_END_DECLS

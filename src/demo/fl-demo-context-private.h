/* fl-demo-context-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What one run of the demo generator shares between its phases: the store and its
 * write batches, the random source, and compact arrays of what earlier phases
 * wrote (ids, products owned, cases), so later phases can refer to it without
 * reading anything back. Private to src/demo/.
 */
#pragma once

#include "fl-store.h"
#include "fl-demo-catalog.h"
#include "fl-demo-generator.h"
#include "fl-demo-names.h"

G_BEGIN_DECLS

#define FL_DEMO_NO_INDEX 0xff

/* A record id as 16 bytes; formatted as a version-4 UUID only when written. */
typedef struct
{
  guint8 bytes[16];
} FlDemoId;

typedef struct
{
  FlDemoId  id;
  gint64    release_at[FL_DEMO_MAX_VERSIONS];
  char     *versions[FL_DEMO_MAX_VERSIONS + 1];
  guint     n_versions;
  guint     n_flaws;        /* flaws f = flaw_slot + k * n_hardware, k < n_flaws */
  guint     flaw_slot;
  guint32   offers;         /* bit i: offer rule i fits owners of this product */
} FlDemoProductState;

typedef struct
{
  FlDemoId  id;
  gint64    first_seen_at;
  guint8    product;
  guint8    symptom;
  guint8    condition;
  guint8    trigger;
  guint8    first_version;
  guint8    last_version;
  guint8    status;         /* FlFlawStatus */
  guint8    severity;       /* FlFlawSeverity */
} FlDemoFlawState;

typedef struct
{
  FlDemoId  id;
  gint64    opened_at;
  gint64    resolved_at;    /* 0 while the case is active */
  guint32   customer;
  gint32    flaw;           /* the known flaw it is about, or -1 */
  guint16   n_interactions; /* 0: let the interaction phase choose */
  guint8    product;        /* FL_DEMO_NO_INDEX: about the account */
  guint8    version;
  guint8    question;       /* when not about a flaw */
  guint8    status;         /* FlCaseStatus */
  guint8    priority;       /* FlCasePriority */
  guint8    tier;           /* FlCaseTier */
  guint8    assignee;       /* agent index, or FL_DEMO_NO_INDEX */
  guint8    creator;        /* agent index */
  guint8    complaint : 1;
  guint8    linked : 1;
  guint8    showcase_case : 1;
} FlDemoCaseState;

typedef struct
{
  guint32   case_index;
  gint64    at;
  guint8    offer;
  guint8    result;         /* FlOfferResult */
  guint8    agent;
} FlDemoOutcomeState;

typedef void (*FlDemoRowsFunc) (guint64 rows, gpointer user_data);

typedef struct
{
  FlStore             *store;
  GRand               *rand;
  guint64              seed;
  guint                n_customers;
  gint64               now;          /* the reference time everything is relative to */
  guint                queue_percent;  /* of the cases resolved by now, how many stay open */

  FlDemoRowsFunc       rows_func;
  gpointer             rows_data;
  guint64              rows;
  guint                in_batch;
  guint                validated;    /* records of the current phase's type checked so far */

  GString             *text;         /* scratch buffers, reused row after row */
  GString             *text2;
  char                 id_text[37];
  guint64              id_sequence;  /* the growing front of the next id */

  FlDemoId             agent_ids[FL_DEMO_N_AGENTS];
  FlDemoProductState   products[FL_DEMO_N_PRODUCTS];
  guint8               hardware_order[FL_DEMO_N_PRODUCTS];
  guint                n_hardware;

  FlDemoId            *customer_ids;
  guint32             *first_ownership;     /* n_customers + 1 entries */
  guint8              *ownership_product;
  guint8              *ownership_version;
  gint64              *ownership_purchased_at;
  guint32              n_ownerships;
  guint32              ownership_capacity;

  FlDemoFlawState     *flaws;
  guint                n_flaws;

  FlDemoId             offer_ids[FL_DEMO_N_OFFERS];

  FlDemoCaseState     *cases;
  guint32              n_cases;
  guint32              case_capacity;
  GArray              *outcomes;            /* of FlDemoOutcomeState */

  guint32              showcase_customer;
  gint64               showcase_case;       /* index into cases, or -1 */
} FlDemoContext;

#define FL_DEMO_SHOWCASE_INTERACTIONS 5000
#define FL_DEMO_SHOWCASE_CASES 150

#define FL_DEMO_USEC_PER_MINUTE (G_USEC_PER_SEC * G_GINT64_CONSTANT (60))
#define FL_DEMO_USEC_PER_HOUR (G_USEC_PER_SEC * G_GINT64_CONSTANT (3600))
#define FL_DEMO_USEC_PER_YEAR (FL_USEC_PER_DAY * 365)

/* fl-demo-context.c */
void         _fl_demo_context_init     (FlDemoContext   *ctx);
void         _fl_demo_context_clear    (FlDemoContext   *ctx);
void         _fl_demo_begin_phase      (FlDemoContext   *ctx,
                                        guint            phase);
gboolean     _fl_demo_put              (FlDemoContext   *ctx,
                                        FlEntity        *entity,
                                        GError         **error);
gboolean     _fl_demo_flush            (FlDemoContext   *ctx,
                                        GError         **error);
void         _fl_demo_new_id           (FlDemoContext   *ctx,
                                        FlDemoId        *id);
int          _fl_demo_compare_times    (const void      *a,
                                        const void      *b);
const char  *_fl_demo_format_id        (const FlDemoId  *id,
                                        char             out[37]);
void         _fl_demo_set_id           (FlDemoContext   *ctx,
                                        FlEntity        *entity,
                                        FlDemoId        *id);
guint        _fl_demo_below            (FlDemoContext   *ctx,
                                        guint            n);
gboolean     _fl_demo_chance           (FlDemoContext   *ctx,
                                        guint            percent);
gint64       _fl_demo_between          (FlDemoContext   *ctx,
                                        gint64           low,
                                        gint64           high);
guint        _fl_demo_weighted         (FlDemoContext   *ctx,
                                        const guint     *weights,
                                        guint            n_weights);
void         _fl_demo_append_capitalised (GString       *out,
                                          const char    *text);
guint        _fl_demo_pick_agent       (FlDemoContext   *ctx,
                                        FlCaseTier       tier,
                                        gint64           at);
const char  *_fl_demo_agent_id_text    (FlDemoContext   *ctx,
                                        guint            agent,
                                        char             out[37]);

/* fl-demo-people.c */
gboolean     _fl_demo_write_agents     (FlDemoContext   *ctx,
                                        GError         **error);
gboolean     _fl_demo_write_customers  (FlDemoContext   *ctx,
                                        GError         **error);
gboolean     _fl_demo_write_ownerships (FlDemoContext   *ctx,
                                        GError         **error);

/* fl-demo-products.c */
gboolean     _fl_demo_write_products   (FlDemoContext   *ctx,
                                        GError         **error);
gboolean     _fl_demo_write_flaws      (FlDemoContext   *ctx,
                                        GError         **error);
gboolean     _fl_demo_write_offers     (FlDemoContext   *ctx,
                                        GError         **error);
void         _fl_demo_append_flaw_title (FlDemoContext         *ctx,
                                         GString               *out,
                                         const FlDemoFlawState *flaw);
gboolean     _fl_demo_pick_flaw        (FlDemoContext   *ctx,
                                        guint            product,
                                        guint            version,
                                        gint32          *flaw);

/* fl-demo-cases.c */
gboolean     _fl_demo_write_cases      (FlDemoContext   *ctx,
                                        GError         **error);

/* fl-demo-conversations.c */
gboolean     _fl_demo_write_interactions   (FlDemoContext   *ctx,
                                            GError         **error);
gboolean     _fl_demo_write_offer_outcomes (FlDemoContext   *ctx,
                                            GError         **error);

G_END_DECLS

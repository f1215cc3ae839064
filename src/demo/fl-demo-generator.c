/* fl-demo-generator.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The generator object: its settings, and the order of the phases that write the
 * data set (each record type after the types it refers to). The phases live in
 * fl-demo-people.c, fl-demo-products.c, fl-demo-cases.c and
 * fl-demo-conversations.c.
 */
#define G_LOG_DOMAIN "Frontline-Demo"

#include "config.h"

#include "fl-demo-context-private.h"
#include "fl-demo-generator.h"

struct _FlDemoGenerator
{
  GObject             parent_instance;

  guint64             seed;
  guint               n_customers;
  gint64              reference_time;
  guint               queue_percent;

  FlDemoProgressCallback progress_callback;
  gpointer               progress_data;

  guint64             rows_written;
  char               *showcase_customer_id;
  char               *showcase_case_id;
};

G_DEFINE_FINAL_TYPE (FlDemoGenerator, fl_demo_generator, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SEED,
  PROP_N_CUSTOMERS,
  PROP_REFERENCE_TIME,
  PROP_QUEUE_PERCENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef gboolean (*FlDemoPhaseFunc) (FlDemoContext  *ctx,
                                     GError        **error);

/* Dependency order: foreign keys are checked at each commit. */
static const FlDemoPhaseFunc phases[] = {
  _fl_demo_write_agents,
  _fl_demo_write_products,
  _fl_demo_write_customers,
  _fl_demo_write_ownerships,
  _fl_demo_write_flaws,
  _fl_demo_write_offers,
  _fl_demo_write_cases,
  _fl_demo_write_interactions,
  _fl_demo_write_offer_outcomes,
};

static void
fl_demo_generator_finalize (GObject *object)
{
  FlDemoGenerator *self = (FlDemoGenerator *) object;

  g_clear_pointer (&self->showcase_customer_id, g_free);
  g_clear_pointer (&self->showcase_case_id, g_free);

  G_OBJECT_CLASS (fl_demo_generator_parent_class)->finalize (object);
}

static void
fl_demo_generator_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FlDemoGenerator *self = FL_DEMO_GENERATOR (object);

  switch (prop_id)
    {
    case PROP_SEED:
      g_value_set_uint64 (value, self->seed);
      break;
    case PROP_N_CUSTOMERS:
      g_value_set_uint (value, self->n_customers);
      break;
    case PROP_REFERENCE_TIME:
      g_value_set_int64 (value, self->reference_time);
      break;
    case PROP_QUEUE_PERCENT:
      g_value_set_uint (value, self->queue_percent);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_demo_generator_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FlDemoGenerator *self = FL_DEMO_GENERATOR (object);

  switch (prop_id)
    {
    case PROP_SEED:
      fl_demo_generator_set_seed (self, g_value_get_uint64 (value));
      break;
    case PROP_N_CUSTOMERS:
      fl_demo_generator_set_n_customers (self, g_value_get_uint (value));
      break;
    case PROP_REFERENCE_TIME:
      fl_demo_generator_set_reference_time (self, g_value_get_int64 (value));
      break;
    case PROP_QUEUE_PERCENT:
      fl_demo_generator_set_queue_percent (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_demo_generator_class_init (FlDemoGeneratorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fl_demo_generator_finalize;
  object_class->get_property = fl_demo_generator_get_property;
  object_class->set_property = fl_demo_generator_set_property;

  properties[PROP_SEED] =
    g_param_spec_uint64 ("seed", NULL, NULL,
                         0, G_MAXUINT64, 1,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* The upper bound keeps every per-customer array index in 32 bits. */
  properties[PROP_N_CUSTOMERS] =
    g_param_spec_uint ("n-customers", NULL, NULL,
                       1, 100000000, 300,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_REFERENCE_TIME] =
    g_param_spec_int64 ("reference-time", NULL, NULL,
                        20 * FL_DEMO_USEC_PER_YEAR, FL_TIMESTAMP_MAX - FL_DEMO_USEC_PER_YEAR,
                        FL_DEMO_DEFAULT_REFERENCE_TIME,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_QUEUE_PERCENT] =
    g_param_spec_uint ("queue-percent", NULL, NULL,
                       0, 100, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fl_demo_generator_init (FlDemoGenerator *self)
{
  self->seed = 1;
  self->n_customers = 300;
  self->reference_time = FL_DEMO_DEFAULT_REFERENCE_TIME;
}

FlDemoGenerator *
fl_demo_generator_new (void)
{
  return g_object_new (FL_TYPE_DEMO_GENERATOR, NULL);
}

guint64
fl_demo_generator_get_seed (FlDemoGenerator *self)
{
  g_return_val_if_fail (FL_IS_DEMO_GENERATOR (self), 0);
  return self->seed;
}

void
fl_demo_generator_set_seed (FlDemoGenerator *self,
                            guint64          seed)
{
  g_return_if_fail (FL_IS_DEMO_GENERATOR (self));

  if (self->seed == seed)
    return;
  self->seed = seed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEED]);
}

guint
fl_demo_generator_get_n_customers (FlDemoGenerator *self)
{
  g_return_val_if_fail (FL_IS_DEMO_GENERATOR (self), 0);
  return self->n_customers;
}

void
fl_demo_generator_set_n_customers (FlDemoGenerator *self,
                                   guint            n_customers)
{
  g_return_if_fail (FL_IS_DEMO_GENERATOR (self));
  g_return_if_fail (n_customers >= 1 && n_customers <= 100000000);

  if (self->n_customers == n_customers)
    return;
  self->n_customers = n_customers;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CUSTOMERS]);
}

gint64
fl_demo_generator_get_reference_time (FlDemoGenerator *self)
{
  g_return_val_if_fail (FL_IS_DEMO_GENERATOR (self), 0);
  return self->reference_time;
}

/**
 * fl_demo_generator_set_reference_time:
 * @reference_time: microseconds since the epoch, UTC
 *
 * The "now" of the data set: histories end here, open cases are due around it.
 * Pass the real current time to make SLAs look live.
 */
void
fl_demo_generator_set_reference_time (FlDemoGenerator *self,
                                      gint64           reference_time)
{
  g_return_if_fail (FL_IS_DEMO_GENERATOR (self));
  g_return_if_fail (reference_time >= 20 * FL_DEMO_USEC_PER_YEAR);
  g_return_if_fail (reference_time <= FL_TIMESTAMP_MAX - FL_DEMO_USEC_PER_YEAR);

  if (self->reference_time == reference_time)
    return;
  self->reference_time = reference_time;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFERENCE_TIME]);
}

guint
fl_demo_generator_get_queue_percent (FlDemoGenerator *self)
{
  g_return_val_if_fail (FL_IS_DEMO_GENERATOR (self), 0);
  return self->queue_percent;
}

/**
 * fl_demo_generator_set_queue_percent:
 * @queue_percent: 0 to 100
 *
 * Keeps this share of the cases that would have been resolved by the reference
 * time open instead, opened in its last two weeks: a desk under a backlog, as a
 * benchmark of the queue wants it. 0, the default, leaves every case to its
 * dates (a few percent are open) and the data the same as without it.
 */
void
fl_demo_generator_set_queue_percent (FlDemoGenerator *self,
                                     guint            queue_percent)
{
  g_return_if_fail (FL_IS_DEMO_GENERATOR (self));
  g_return_if_fail (queue_percent <= 100);

  if (self->queue_percent == queue_percent)
    return;
  self->queue_percent = queue_percent;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE_PERCENT]);
}

/**
 * fl_demo_generator_set_progress_callback:
 * @callback: (nullable): called after each committed batch
 *
 * The callback runs on the thread that called fl_demo_generator_run().
 */
void
fl_demo_generator_set_progress_callback (FlDemoGenerator        *self,
                                         FlDemoProgressCallback  callback,
                                         gpointer                user_data)
{
  g_return_if_fail (FL_IS_DEMO_GENERATOR (self));

  self->progress_callback = callback;
  self->progress_data = user_data;
}

/**
 * fl_demo_generator_estimate_rows:
 *
 * Returns: about how many records a run writes, for a progress bar
 */
guint64
fl_demo_generator_estimate_rows (FlDemoGenerator *self)
{
  guint64 n;

  g_return_val_if_fail (FL_IS_DEMO_GENERATOR (self), 0);

  n = self->n_customers;
  /* Per customer: itself, 1.5 ownerships, 1.05 cases, 3 interactions and 0.1
   * offer outcomes; then the flaws, the fixed tables and the showcase's history. */
  return n * 667 / 100 + MAX (40, n / 20) + FL_DEMO_N_AGENTS + FL_DEMO_N_PRODUCTS
         + FL_DEMO_N_OFFERS + FL_DEMO_SHOWCASE_CASES + FL_DEMO_SHOWCASE_INTERACTIONS;
}

static void
report_rows (guint64  rows,
             gpointer user_data)
{
  FlDemoGenerator *self = user_data;

  self->rows_written = rows;
  if (self->progress_callback != NULL)
    self->progress_callback (rows, self->progress_data);
}

/**
 * fl_demo_generator_run:
 * @store: an empty store
 *
 * Writes the whole data set as a bulk load (see fl_store_begin_bulk_load()),
 * committing every few thousand records. On failure the batch in progress is
 * rolled back; what earlier batches wrote stays.
 */
gboolean
fl_demo_generator_run (FlDemoGenerator  *self,
                       FlStore          *store,
                       GError          **error)
{
  FlDemoContext ctx;
  gboolean bulk_load;
  gboolean ok;
  char id[37];

  g_return_val_if_fail (FL_IS_DEMO_GENERATOR (self), FALSE);
  g_return_val_if_fail (FL_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_clear_pointer (&self->showcase_customer_id, g_free);
  g_clear_pointer (&self->showcase_case_id, g_free);
  self->rows_written = 0;

  _fl_demo_context_init (&ctx);
  ctx.store = store;
  ctx.seed = self->seed;
  ctx.n_customers = self->n_customers;
  ctx.now = self->reference_time;
  ctx.queue_percent = self->queue_percent;
  /* Ids start at the reference time in milliseconds, as a version 7 UUID would. */
  ctx.id_sequence = (guint64) (self->reference_time / 1000);
  ctx.rows_func = report_rows;
  ctx.rows_data = self;
  ctx.showcase_customer = 0;

  /* Search indexes are built once at the end rather than row by row. */
  ok = bulk_load = fl_store_begin_bulk_load (store, error);

  for (guint i = 0; ok && i < G_N_ELEMENTS (phases); i++)
    {
      _fl_demo_begin_phase (&ctx, i + 1);
      ok = phases[i] (&ctx, error);
    }

  if (ok)
    ok = _fl_demo_flush (&ctx, error);
  else if (ctx.in_batch > 0)
    fl_store_rollback (store);

  /* After a failure what was committed stays, so it is made searchable too; the
   * first error is the one to report. */
  if (bulk_load && ok)
    ok = fl_store_end_bulk_load (store, error);
  else if (bulk_load)
    fl_store_end_bulk_load (store, NULL);

  if (ok)
    {
      self->rows_written = ctx.rows;
      self->showcase_customer_id =
        g_strdup (_fl_demo_format_id (&ctx.customer_ids[ctx.showcase_customer], id));
      g_assert (ctx.showcase_case >= 0);
      self->showcase_case_id = g_strdup (_fl_demo_format_id (&ctx.cases[ctx.showcase_case].id, id));
    }

  _fl_demo_context_clear (&ctx);
  return ok;
}

guint64
fl_demo_generator_get_rows_written (FlDemoGenerator *self)
{
  g_return_val_if_fail (FL_IS_DEMO_GENERATOR (self), 0);
  return self->rows_written;
}

/**
 * fl_demo_generator_get_showcase_customer_id:
 *
 * The customer with the long history (150 cases, 5,000 interactions) and the
 * phone number %FL_DEMO_SHOWCASE_PHONE.
 *
 * Returns: (nullable): the id, or %NULL before a successful run
 */
const char *
fl_demo_generator_get_showcase_customer_id (FlDemoGenerator *self)
{
  g_return_val_if_fail (FL_IS_DEMO_GENERATOR (self), NULL);
  return self->showcase_customer_id;
}

/**
 * fl_demo_generator_get_showcase_case_id:
 *
 * An open case of the showcase customer about a known flaw that flaw matching
 * finds (the case is not linked to it yet).
 *
 * Returns: (nullable): the id, or %NULL before a successful run
 */
const char *
fl_demo_generator_get_showcase_case_id (FlDemoGenerator *self)
{
  g_return_val_if_fail (FL_IS_DEMO_GENERATOR (self), NULL);
  return self->showcase_case_id;
}

/* fl-demo-generator.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlDemoGenerator writes a believable support organisation into a store: agents,
 * a product catalog with known flaws and upsell rules, customers with what they
 * own, and years of cases and conversations. The same seed and customer count
 * always give the same records, ids included.
 */
#pragma once

#include "fl-store.h"

G_BEGIN_DECLS

/* 2026-11-01T00:00:00Z: the default reference time, so that output is reproducible. */
#define FL_DEMO_DEFAULT_REFERENCE_TIME G_GINT64_CONSTANT (1793491200000000)

/* The showcase customer's phone number, fixed so tools and benchmarks can find them. */
#define FL_DEMO_SHOWCASE_PHONE "+1 555 0100"

#define FL_TYPE_DEMO_GENERATOR (fl_demo_generator_get_type ())
G_DECLARE_FINAL_TYPE (FlDemoGenerator, fl_demo_generator, FL, DEMO_GENERATOR, GObject)

/* Called after each committed batch with the number of records written so far. */
typedef void (*FlDemoProgressCallback) (guint64  rows_written,
                                        gpointer user_data);

FlDemoGenerator *fl_demo_generator_new                      (void);

guint64          fl_demo_generator_get_seed                 (FlDemoGenerator    *self);
void             fl_demo_generator_set_seed                 (FlDemoGenerator    *self,
                                                             guint64             seed);
guint            fl_demo_generator_get_n_customers          (FlDemoGenerator    *self);
void             fl_demo_generator_set_n_customers          (FlDemoGenerator    *self,
                                                             guint               n_customers);
gint64           fl_demo_generator_get_reference_time       (FlDemoGenerator    *self);
void             fl_demo_generator_set_reference_time       (FlDemoGenerator    *self,
                                                             gint64              reference_time);
guint            fl_demo_generator_get_queue_percent        (FlDemoGenerator    *self);
void             fl_demo_generator_set_queue_percent        (FlDemoGenerator    *self,
                                                             guint               queue_percent);
void             fl_demo_generator_set_progress_callback    (FlDemoGenerator        *self,
                                                             FlDemoProgressCallback  callback,
                                                             gpointer                user_data);

guint64          fl_demo_generator_estimate_rows            (FlDemoGenerator    *self);

gboolean         fl_demo_generator_run                      (FlDemoGenerator    *self,
                                                             FlStore            *store,
                                                             GError            **error);

guint64          fl_demo_generator_get_rows_written         (FlDemoGenerator    *self);
const char      *fl_demo_generator_get_showcase_customer_id (FlDemoGenerator    *self);
const char      *fl_demo_generator_get_showcase_case_id     (FlDemoGenerator    *self);

G_END_DECLS

/* bench-stats.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every benchmark prints with: a monotonic clock in nanoseconds and a
 * line of percentiles for a set of samples.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gint64 bench_now_ns (void);
/* The @p quantile (0..1) of @samples_ns in milliseconds, 0 if empty; sorts
 * @samples_ns. */
double bench_percentile_ms (GArray *samples_ns,
                            double  p);
/* "what  n=…  p50 … ms  p99 … ms  max … ms  (target …)"; sorts @samples_ns. */
void   bench_report (const char *what,
                     GArray     *samples_ns,
                     const char *target);

G_END_DECLS

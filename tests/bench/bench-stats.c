/* bench-stats.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <time.h>

#include "bench-stats.h"

gint64
bench_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
percentile_ms (GArray *sorted_ns,
               double  p)
{
  guint index = (guint) (p * (sorted_ns->len - 1) + 0.5);

  return g_array_index (sorted_ns, gint64, index) / 1e6;
}

double
bench_percentile_ms (GArray *samples_ns,
                     double  p)
{
  if (samples_ns->len == 0)
    return 0;
  g_array_sort (samples_ns, compare_gint64);
  return percentile_ms (samples_ns, p);
}

void
bench_report (const char *what,
              GArray     *samples_ns,
              const char *target)
{
  g_array_sort (samples_ns, compare_gint64);
  g_print ("%-44s n=%-6u p50 %7.3f ms   p99 %7.3f ms   max %7.3f ms   (target %s)\n",
           what, samples_ns->len, percentile_ms (samples_ns, 0.50),
           percentile_ms (samples_ns, 0.99), percentile_ms (samples_ns, 1.0), target);
}

/* fl-sync-backoff.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How long FlSyncLive waits before trying a lost connection again: capped
 * exponential backoff with full jitter, apart from the connection's logic so
 * that it can be tested with a fixed seed.
 */
#define G_LOG_DOMAIN "Frontline-Sync"

#include "config.h"

#include "fl-sync-live.h"

guint
fl_sync_live_backoff_ceiling_ms (guint attempt)
{
  guint64 ceiling = FL_SYNC_LIVE_BACKOFF_BASE_MS;

  /* Stops at the cap: doubling on to attempt 1,000 would overflow. */
  for (guint i = 0; i < attempt && ceiling < FL_SYNC_LIVE_BACKOFF_CAP_MS; i++)
    ceiling *= 2;
  return (guint) MIN (ceiling, FL_SYNC_LIVE_BACKOFF_CAP_MS);
}

guint
fl_sync_live_backoff_delay_ms (guint  attempt,
                               GRand *rand)
{
  g_return_val_if_fail (rand != NULL, 0);
  return (guint) g_rand_int_range (rand, 0, (gint32) fl_sync_live_backoff_ceiling_ms (attempt) + 1);
}

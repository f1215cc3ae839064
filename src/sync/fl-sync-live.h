/* fl-sync-live.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlSyncLive keeps an FlSyncEngine up to date while it runs: a JMAP WebSocket
 * with push (RFC 8887) pulls when the server says something changed, local
 * changes are pushed a moment after they are made, and a lost connection comes
 * back with capped exponential backoff. The engine owns one and drives it
 * through fl_sync_engine_start_live() and fl_sync_engine_stop_live(); the rest
 * of this header is for the engine and the tests.
 */
#pragma once

#include <gio/gio.h>

#include "fl-sync-engine.h"

G_BEGIN_DECLS

/* The first retry waits up to half a second, each next one up to twice as
 * long, never more than a minute. */
#define FL_SYNC_LIVE_BACKOFF_BASE_MS 500
#define FL_SYNC_LIVE_BACKOFF_CAP_MS  60000
/* How long a local change waits for others to go up with it. */
#define FL_SYNC_LIVE_PUSH_DELAY_MS   5

#define FL_TYPE_SYNC_LIVE (fl_sync_live_get_type ())
G_DECLARE_FINAL_TYPE (FlSyncLive, fl_sync_live, FL, SYNC_LIVE, GObject)

/* The longest wait before retry number @attempt (0 for the first). */
guint       fl_sync_live_backoff_ceiling_ms (guint         attempt);
/* "Full jitter": uniform in [0, ceiling], so that desktops a restart cut off
 * at the same moment do not come back at the same moment. */
guint       fl_sync_live_backoff_delay_ms   (guint         attempt,
                                             GRand        *rand);

/* @engine is not referenced: it owns the FlSyncLive and stops it in dispose. */
FlSyncLive *_fl_sync_live_new               (FlSyncEngine *engine);
void        _fl_sync_live_start             (FlSyncLive   *self);
/* Closes the connection and forgets the engine's pending live work; the
 * outbox keeps what was not pushed. */
void        _fl_sync_live_stop              (FlSyncLive   *self);
/* Stops, and forgets the engine, which is going away; callbacks still in
 * flight then find nothing to do. */
void        _fl_sync_live_detach            (FlSyncLive   *self);
gboolean    _fl_sync_live_is_started        (FlSyncLive   *self);
/* How often to ping (15 s); three times as long without a word from the
 * server and the connection counts as lost. For the next connection. */
void        _fl_sync_live_set_keepalive     (FlSyncLive   *self,
                                             guint         seconds);
/* Connection attempts failed in a row (for the tests). */
guint       _fl_sync_live_get_attempt       (FlSyncLive   *self);
/* The profile was signed in again or pointed elsewhere: connect afresh, and
 * start again if a refused token or no sign-in at all had stopped us. */
void        _fl_sync_live_settings_changed  (FlSyncLive   *self);
/* The engine queued a local change. */
void        _fl_sync_live_local_change      (FlSyncLive   *self);
/* An engine operation (ours or anybody's) ended: the engine is free again. */
void        _fl_sync_live_engine_idle       (FlSyncLive   *self);
/* What GNetworkMonitor says, also callable by the tests. */
void        _fl_sync_live_network_changed   (FlSyncLive   *self,
                                             gboolean      available);

G_END_DECLS

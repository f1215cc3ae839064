/* fl-timestamp.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Record times are microseconds since the Unix epoch in UTC (as g_get_real_time()),
 * 0 meaning "not set"; on the wire they are JMAP UTCDate strings.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 9999-12-31T23:59:59Z: the last instant a UTCDate can spell. */
#define FL_TIMESTAMP_MAX G_GINT64_CONSTANT (253402300799999999)

#define FL_USEC_PER_DAY (G_USEC_PER_SEC * G_GINT64_CONSTANT (86400))

gint64    fl_timestamp_now       (void);
char     *fl_timestamp_format    (gint64       timestamp);
gboolean  fl_timestamp_parse     (const char  *text,
                                  gint64      *timestamp);

G_END_DECLS

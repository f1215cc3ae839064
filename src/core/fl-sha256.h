/* fl-sha256.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SHA-256 of gigabytes: a first-sync snapshot is hashed by the server that
 * builds it and by the desktop that downloads it. GLib's GChecksum is portable
 * C (about 370 MB/s here); GnuTLS uses the processor's SHA instructions where
 * it has them (about 1,800 MB/s here), so a 1.5 GB file costs under a second
 * of processor rather than four.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FlSha256 FlSha256;

FlSha256 *fl_sha256_new       (void);
void      fl_sha256_update    (FlSha256      *self,
                               gconstpointer  data,
                               gsize          size);
/* The digest in lower-case hex, as GChecksum spells it; @self is freed. */
char     *fl_sha256_finish    (FlSha256      *self);
void      fl_sha256_free      (FlSha256      *self);

char     *fl_sha256_for_data  (gconstpointer  data,
                               gsize          size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlSha256, fl_sha256_free)

G_END_DECLS

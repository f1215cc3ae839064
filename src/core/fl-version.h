/* fl-version.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Product versions as support staff write them ("2.1", "2.10", "3.0-beta2"):
 * compared part by part, numbers as numbers, so that "fixed in 2.10" is newer
 * than the customer's 2.9.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int fl_version_compare (const char *a,
                        const char *b);

G_END_DECLS

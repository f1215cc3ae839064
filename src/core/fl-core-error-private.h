/* fl-core-error-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Helpers for building FL_CORE_ERROR messages inside the core library.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *_fl_core_error_quote (const char *text,
                            guint       max_chars);

G_END_DECLS

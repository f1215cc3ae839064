/* fl-wrapped-label.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A label for free text (a message, a workaround, an offer's pitch) that
 * wraps anywhere, also inside long words and serial numbers.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Its narrowest is this many characters wide, which costs it nothing here:
 * the panels that hold such text are wider. */
#define FL_WRAPPED_LABEL_MIN_CHARS 12

GtkWidget *fl_wrapped_label_new (const char *text);

G_END_DECLS

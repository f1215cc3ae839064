/* fl-export.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every record of the store as one JSON document, {"Agent": […], "Product": […],
 * …}, in the model's order, each record in the codec's form; written record by
 * record, so a million customers never sit in memory at once. Passwords and
 * sessions are not records and are never written.
 */
#pragma once

#include "fl-store.h"

G_BEGIN_DECLS

/* @n_records, when not NULL, receives how many records were written. */
gboolean fl_export_to_stream (FlStore        *store,
                              GOutputStream  *stream,
                              guint64        *n_records,
                              GCancellable   *cancellable,
                              GError        **error);

G_END_DECLS

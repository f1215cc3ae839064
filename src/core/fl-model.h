/* fl-model.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The data model as a whole: every record type, found by its JMAP name. Include this
 * (or frontline-core.h) to get all nine types.
 */
#pragma once

#include "fl-agent.h"
#include "fl-case.h"
#include "fl-customer.h"
#include "fl-flaw.h"
#include "fl-interaction.h"
#include "fl-offer.h"
#include "fl-offer-outcome.h"
#include "fl-ownership.h"
#include "fl-product.h"

G_BEGIN_DECLS

const GType *fl_model_get_types      (guint      *n_types);
GType        fl_model_type_from_name (const char *type_name);

G_END_DECLS

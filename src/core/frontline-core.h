/* frontline-core.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The core library in one include: the data model, its JSON codec and validation.
 */
#pragma once

#include "fl-core-error.h"
#include "fl-entity.h"
#include "fl-enum-types.h"
#include "fl-enums.h"
#include "fl-json-codec.h"
#include "fl-model.h"
#include "fl-timestamp.h"
#include "fl-version.h"

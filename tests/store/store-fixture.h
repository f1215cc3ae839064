/* store-fixture.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fresh store in a temporary folder for each test, and small builders for the
 * records the store tests need.
 */
#pragma once

#include "fl-store.h"

typedef struct
{
  char    *dir;
  char    *path;
  FlStore *store;
} StoreFixture;

void        store_fixture_setup     (StoreFixture  *fixture,
                                     gconstpointer  data);
void        store_fixture_teardown  (StoreFixture  *fixture,
                                     gconstpointer  data);
void        store_fixture_reopen    (StoreFixture  *fixture);

/* Each builder puts the record (asserting success) and returns it. */
FlAgent    *make_agent              (FlStore       *store,
                                     const char    *login,
                                     FlAgentRole    role);
FlProduct  *make_product            (FlStore       *store,
                                     const char    *name,
                                     const char    *line,
                                     const char    *version);
FlCustomer *make_customer           (FlStore       *store,
                                     const char    *name,
                                     const char    *email,
                                     const char    *phone);
FlCase     *make_case               (FlStore       *store,
                                     FlCustomer    *customer,
                                     FlProduct     *product,
                                     const char    *version,
                                     const char    *subject,
                                     gint64         created_at);
FlInteraction *make_interaction     (FlStore       *store,
                                     FlCase        *the_case,
                                     FlInteractionKind kind,
                                     const char    *body,
                                     gint64         at);
FlFlaw     *make_flaw               (FlStore       *store,
                                     FlProduct     *product,
                                     const char    *title,
                                     const char    *symptoms,
                                     const char * const *versions,
                                     FlFlawStatus   status);

/* A fixed instant (2025-01-01T00:00:00Z) plus @days, so tests need no clock. */
gint64      test_time               (double         days);

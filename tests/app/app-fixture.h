/* app-fixture.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A console's local copy for widget tests: the demo generator's data in a
 * profile folder, opened by a real sync engine with no server (changes wait in
 * its outbox), and the showcase case, its customer and the demo agent.
 */
#pragma once

#include "fl-sync-engine.h"

typedef struct
{
  char         *dir;
  FlStore      *store;   /* for the expected answers, on the test's thread */
  FlSyncEngine *engine;
  char         *case_id;
  char         *customer_id;
  char         *agent_id;
} AppFixture;

void app_fixture_set_up    (AppFixture *fixture);
void app_fixture_tear_down (AppFixture *fixture);

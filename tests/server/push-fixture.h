/* push-fixture.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the push tests share: a real server with the lead and an agent signed
 * in, a libsoup session for WebSockets and streams, and writes made over
 * plain HTTP from another connection, as another agent's desktop would.
 */
#pragma once

#include "push-client.h"
#include "server-fixture.h"

G_BEGIN_DECLS

/* How long a push may take to arrive before a test says it did not. */
#define FL_TEST_PUSH_TIMEOUT_MS 2000

typedef struct
{
  FlTestServer *server;
  SoupSession  *session;   /* for WebSockets and streams; the server fixture's blocks */
  char         *lead;
  char         *agent;
  char         *customer;
} FlTestPushFixture;

/* @data: extra server arguments (NULL-terminated), or NULL. */
void        fl_test_push_fixture_set_up       (FlTestPushFixture *fixture,
                                               gconstpointer      data);
void        fl_test_push_fixture_tear_down    (FlTestPushFixture *fixture,
                                               gconstpointer      data);
/* Creates a case as the lead; returns Case's new state, and its id in
 * @case_id unless that is NULL. */
char       *fl_test_push_create_case          (FlTestPushFixture *fixture,
                                               char             **case_id);
/* Adds a note to @case_id as the lead; returns Interaction's new state. */
char       *fl_test_push_create_interaction   (FlTestPushFixture *fixture,
                                               const char        *case_id);
/* The account's "changed" map in a StateChange (asserts there is one account). */
JsonObject *fl_test_push_changed_types        (JsonObject        *state_change);

G_END_DECLS

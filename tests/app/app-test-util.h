/* app-test-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the console's widget tests share: a console's local copy to run
 * against (the demo generator's data in a profile folder, opened by a real
 * sync engine with no server, so changes wait in its outbox), waiting on the
 * main loop for what pool threads bring back, and finding widgets.
 */
#pragma once

#include <gtk/gtk.h>

#include "fl-demo-generator.h"
#include "fl-sync-engine.h"

G_BEGIN_DECLS

/* The showcase case, its customer and the demo agent, in a fresh profile. */
typedef struct
{
  char         *dir;
  FlStore      *store;   /* for the expected answers, on the test's thread */
  FlSyncEngine *engine;
  char         *case_id;
  char         *customer_id;
  char         *agent_id;
} AppFixture;

void     app_fixture_set_up       (AppFixture   *fixture);
void     app_fixture_tear_down    (AppFixture   *fixture);

gboolean app_test_on_timeout      (gpointer      what);

/* The first widget of @type under @root (whose label is @text, for a label),
 * not counting popovers: what is on screen. */
GtkWidget *app_test_find_widget   (GtkWidget    *root,
                                   GType         type,
                                   const char   *text);
/* Runs the main loop for @ms, as time passing while the agent types or looks. */
void       app_test_pause         (guint         ms);
/* The first label under @root whose text contains @text, or NULL. */
GtkWidget *app_test_find_label_containing (GtkWidget  *root,
                                           const char *text);

/* Runs the main loop until @condition holds; more than 20 s is a failure. */
#define APP_TEST_WAIT_FOR(condition) G_STMT_START { \
    guint timeout = g_timeout_add_seconds (20, app_test_on_timeout, (gpointer) #condition); \
    while (!(condition)) \
      g_main_context_iteration (NULL, TRUE); \
    g_source_remove (timeout); \
  } G_STMT_END

G_END_DECLS

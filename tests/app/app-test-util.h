/* app-test-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the console's widget tests share: a demo store file to run against, and
 * waiting on the main loop for what pool threads bring back.
 */
#pragma once

#include <gtk/gtk.h>

#include "fl-demo-generator.h"
#include "fl-store-pool.h"

G_BEGIN_DECLS

/* The demo generator's data set every widget test reads: seed 7, 300 customers. */
typedef struct
{
  char        *dir;
  char        *path;
  FlStore     *store;   /* for the expected answers, on the test's thread */
  FlStorePool *pool;
  char        *showcase_customer_id;
  char        *showcase_case_id;
} AppTestStore;

void     app_test_store_set_up    (AppTestStore *store);
void     app_test_store_tear_down (AppTestStore *store);

gboolean app_test_on_timeout      (gpointer      what);

/* The first widget of @type under @root (whose label is @text, for a label),
 * not counting popovers: what is on screen. */
GtkWidget *app_test_find_widget   (GtkWidget    *root,
                                   GType         type,
                                   const char   *text);
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

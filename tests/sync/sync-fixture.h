/* sync-fixture.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Desktops for the sync tests: profiles in a temporary folder, each an
 * FlSyncEngine signed in to the real frontline-server of server-fixture.h, and
 * a way to wait on the engine's async calls from a test.
 */
#pragma once

#include "fl-sync-engine.h"
#include "server-fixture.h"

typedef struct
{
  FlTestServer *server;
  char         *dir;     /* the profiles live here */
  char         *lead;    /* a token, for changes made "by someone else" */
} SyncFixture;

/* @data: the server's extra arguments (NULL-terminated), or NULL. */
void          sync_fixture_setup        (SyncFixture   *fixture,
                                         gconstpointer  data);
void          sync_fixture_teardown     (SyncFixture   *fixture,
                                         gconstpointer  data);

/* A new profile folder @name, signed in as @login. Its first sync copies
 * everything (scope-days 0): set a scope to test the scope. */
FlSyncEngine *sync_fixture_desktop      (SyncFixture   *fixture,
                                         const char    *name,
                                         const char    *login);
/* The same, signed in through @url (a proxy in front of the server). */
FlSyncEngine *sync_fixture_desktop_at   (SyncFixture   *fixture,
                                         const char    *name,
                                         const char    *login,
                                         const char    *url);
/* Opens the profile again, as a restarted desktop does. */
FlSyncEngine *sync_fixture_reopen       (SyncFixture   *fixture,
                                         const char    *name);
/* A connection of the test's own to a profile's local copy. */
FlStore      *sync_fixture_open_copy    (FlSyncEngine  *engine);

/* Signs @engine in as @login with the demo password. */
gboolean      sync_run_login            (SyncFixture   *fixture,
                                         FlSyncEngine  *engine,
                                         const char    *login,
                                         GError       **error);
gboolean      sync_run_set_server_url   (FlSyncEngine  *engine,
                                         const char    *server_url,
                                         GError       **error);
gboolean      sync_run_logout           (FlSyncEngine  *engine,
                                         GError       **error);
/* Signs @engine in at @url (asserted) with the demo password. */
void          sync_login_at             (FlSyncEngine  *engine,
                                         const char    *url,
                                         const char    *login);
gboolean      sync_run_sync             (FlSyncEngine  *engine,
                                         GCancellable  *cancellable,
                                         GError       **error);
gboolean      sync_run_pull             (FlSyncEngine  *engine,
                                         GError       **error);
gboolean      sync_run_push             (FlSyncEngine  *engine,
                                         GError       **error);
gboolean      sync_run_create           (FlSyncEngine  *engine,
                                         FlEntity      *entity,
                                         GError       **error);
/* Creates @entity through the engine (asserted) and returns its id. */
char         *sync_create               (FlSyncEngine  *engine,
                                         FlEntity      *entity);
/* Creates a case for @customer_id through the engine (local copy + outbox). */
char         *sync_create_case          (FlSyncEngine  *engine,
                                         const char    *customer_id,
                                         const char    *subject);
gboolean      sync_run_update           (FlSyncEngine  *engine,
                                         GType          type,
                                         const char    *id,
                                         const char    *patch_json,
                                         GError       **error);
gboolean      sync_run_resolve          (FlSyncEngine  *engine,
                                         gint64         seq,
                                         FlConflictResolution resolution,
                                         GError       **error);
/* The engine's conflicts (FlConflict), oldest first. */
GPtrArray    *sync_list_conflicts       (FlSyncEngine  *engine);

gboolean      sync_run_fetch_customer   (FlSyncEngine  *engine,
                                         const char    *customer_id,
                                         GError       **error);
GPtrArray    *sync_run_lookup_customers (FlSyncEngine  *engine,
                                         const char    *phone_or_email,
                                         GError       **error);

/* Runs the frontlinectl meson built (FRONTLINECTL) as
 * frontlinectl --profile @profile ARGS… (NULL-terminated), with @input on
 * standard input, $XDG_DATA_HOME at @data_home and, unless NULL, the session
 * bus at @bus. Returns the exit status; the output in @out and @err. */
int           sync_run_ctlv             (const char    *data_home,
                                         const char    *bus,
                                         const char    *profile,
                                         const char    *input,
                                         char         **out,
                                         char         **err,
                                         va_list        args);

/* Starts live updates and waits (asserted, 30 s at most) until the
 * connection is up and the catching up after it is done. */
void          sync_start_live           (FlSyncEngine  *engine);
/* Iterates the main context until @engine is live and ONLINE, or @timeout_ms
 * pass; returns whether it got there. */
gboolean      sync_wait_live            (FlSyncEngine  *engine,
                                         guint          timeout_ms);
/* Whether @copy holds the record. */
gboolean      sync_copy_has             (FlStore       *copy,
                                         GType          type,
                                         const char    *id);

/* The server's count of @type_name records. */
gint64        sync_server_count         (SyncFixture   *fixture,
                                         const char    *type_name);
char         *sync_showcase_customer    (SyncFixture   *fixture);
/* The subject of case @case_id on the server, NULL if it has none. */
char         *sync_server_case_subject  (SyncFixture   *fixture,
                                         const char    *case_id);

/* sync-fixture.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fl-test-util.h"
#include "push-client.h"
#include "sync-fixture.h"

void
sync_fixture_setup (SyncFixture   *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* @data: the server's extra arguments, as for fl_test_server_start(). */
  fixture->server = fl_test_server_start ((const char * const *) data);
  fixture->dir = g_dir_make_tmp ("frontline-sync-test-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->lead = fl_test_server_login (fixture->server, "lead", FL_TEST_DEMO_PASSWORD, NULL);
  g_assert_nonnull (fixture->lead);
}

void
sync_fixture_teardown (SyncFixture   *fixture,
                       gconstpointer  data)
{
  fl_test_server_stop (fixture->server);
  g_clear_pointer (&fixture->server, fl_test_server_free);
  fl_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->lead, g_free);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

FlSyncEngine *
sync_fixture_reopen (SyncFixture *fixture,
                     const char  *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = g_build_filename (fixture->dir, name, NULL);
  FlSyncEngine *engine = fl_sync_engine_new (profile, &error);

  g_assert_no_error (error);
  g_assert_nonnull (engine);
  /* These desktops copy everything, so a test can compare them with the
   * server record for record; the scope has tests of its own. */
  fl_sync_engine_set_scope_days (engine, 0);
  /* And page them in, as a server without snapshots has them do: the snapshot
   * has tests of its own (test-sync-snapshot.c). */
  fl_sync_engine_set_use_snapshot (engine, FALSE);
  return engine;
}

gboolean
sync_run_login (SyncFixture   *fixture,
                FlSyncEngine  *engine,
                const char    *login,
                GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fl_sync_engine_login_async (engine, fixture->server->url, login, FL_TEST_DEMO_PASSWORD, NULL,
                              store_result, &result);
  return fl_sync_engine_login_finish (engine, wait_for (&result), error);
}

gboolean
sync_run_set_server_url (FlSyncEngine  *engine,
                         const char    *server_url,
                         GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fl_sync_engine_set_server_url_async (engine, server_url, NULL, store_result, &result);
  return fl_sync_engine_set_server_url_finish (engine, wait_for (&result), error);
}

gboolean
sync_run_logout (FlSyncEngine  *engine,
                 GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fl_sync_engine_logout_async (engine, NULL, store_result, &result);
  return fl_sync_engine_logout_finish (engine, wait_for (&result), error);
}

void
sync_login_at (FlSyncEngine *engine,
               const char   *url,
               const char   *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  fl_sync_engine_login_async (engine, url, login, FL_TEST_DEMO_PASSWORD, NULL, store_result, &result);
  g_assert_true (fl_sync_engine_login_finish (engine, wait_for (&result), &error));
  g_assert_no_error (error);
}

FlSyncEngine *
sync_fixture_desktop_at (SyncFixture *fixture,
                         const char  *name,
                         const char  *login,
                         const char  *url)
{
  FlSyncEngine *engine = sync_fixture_reopen (fixture, name);

  sync_login_at (engine, url, login);
  return engine;
}

FlSyncEngine *
sync_fixture_desktop (SyncFixture *fixture,
                      const char  *name,
                      const char  *login)
{
  return sync_fixture_desktop_at (fixture, name, login, fixture->server->url);
}

static gboolean
is_live_and_online (gpointer data)
{
  FlSyncEngine *engine = data;

  return fl_sync_engine_get_live (engine) && fl_sync_engine_get_state (engine) == FL_SYNC_STATE_ONLINE;
}

gboolean
sync_wait_live (FlSyncEngine *engine,
                guint         timeout_ms)
{
  return fl_test_wait_until (is_live_and_online, engine, timeout_ms);
}

void
sync_start_live (FlSyncEngine *engine)
{
  fl_sync_engine_start_live (engine);
  g_assert_true (sync_wait_live (engine, 30000));
}

gboolean
sync_copy_has (FlStore    *copy,
               GType       type,
               const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlEntity) entity = fl_store_get (copy, type, id, &error);

  /* "Not found" is an answer here, anything else a failure. */
  if (entity == NULL && !g_error_matches (error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND))
    g_assert_no_error (error);
  return entity != NULL;
}

FlStore *
sync_fixture_open_copy (FlSyncEngine *engine)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fl_sync_engine_get_profile_dir (engine), "frontline.db", NULL);
  FlStore *store = fl_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

gboolean
sync_run_sync (FlSyncEngine  *engine,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fl_sync_engine_sync_async (engine, cancellable, store_result, &result);
  return fl_sync_engine_sync_finish (engine, wait_for (&result), error);
}

gboolean
sync_run_pull (FlSyncEngine  *engine,
               GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fl_sync_engine_pull_async (engine, NULL, store_result, &result);
  return fl_sync_engine_pull_finish (engine, wait_for (&result), error);
}

gboolean
sync_run_push (FlSyncEngine  *engine,
               GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fl_sync_engine_push_async (engine, NULL, store_result, &result);
  return fl_sync_engine_push_finish (engine, wait_for (&result), error);
}

gboolean
sync_run_create (FlSyncEngine  *engine,
                 FlEntity      *entity,
                 GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fl_sync_engine_create_async (engine, entity, NULL, store_result, &result);
  return fl_sync_engine_change_finish (engine, wait_for (&result), error);
}

char *
sync_create (FlSyncEngine *engine,
             FlEntity     *entity)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sync_run_create (engine, entity, &error));
  g_assert_no_error (error);
  g_assert_nonnull (fl_entity_get_id (entity));
  return g_strdup (fl_entity_get_id (entity));
}

char *
sync_create_case (FlSyncEngine *engine,
                  const char   *customer_id,
                  const char   *subject)
{
  g_autoptr(FlCase) the_case = fl_case_new ();

  fl_case_set_customer_id (the_case, customer_id);
  fl_case_set_subject (the_case, subject);
  return sync_create (engine, FL_ENTITY (the_case));
}

gboolean
sync_run_update (FlSyncEngine  *engine,
                 GType          type,
                 const char    *id,
                 const char    *patch_json,
                 GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) patch = json_from_string (patch_json, NULL);

  g_assert_nonnull (patch);
  fl_sync_engine_update_async (engine, type, id, json_node_get_object (patch), NULL, store_result, &result);
  return fl_sync_engine_change_finish (engine, wait_for (&result), error);
}

gboolean
sync_run_resolve (FlSyncEngine          *engine,
                  gint64                 seq,
                  FlConflictResolution   resolution,
                  GError               **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fl_sync_engine_resolve_conflict_async (engine, seq, resolution, NULL, store_result, &result);
  return fl_sync_engine_resolve_conflict_finish (engine, wait_for (&result), error);
}

GPtrArray *
sync_list_conflicts (FlSyncEngine *engine)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *conflicts;

  fl_sync_engine_list_conflicts_async (engine, NULL, store_result, &result);
  conflicts = fl_sync_engine_list_conflicts_finish (engine, wait_for (&result), &error);
  g_assert_no_error (error);
  return conflicts;
}

gint64
sync_server_count (SyncFixture *fixture,
                   const char  *type_name)
{
  g_autofree char *method = g_strconcat (type_name, "/query", NULL);
  g_autoptr(JsonObject) result =
    fl_test_server_call_ok (fixture->server, fixture->lead, method, "{\"limit\": 1, \"calculateTotal\": true}");

  return json_object_get_int_member (result, "total");
}

char *
sync_showcase_customer (SyncFixture *fixture)
{
  g_autoptr(JsonObject) result =
    fl_test_server_call_ok (fixture->server, fixture->lead, "Customer/query",
                            "{\"filter\": {\"phone\": \"+1 555 0100\"}}");
  JsonArray *ids = json_object_get_array_member (result, "ids");

  g_assert_cmpuint (json_array_get_length (ids), ==, 1);
  return g_strdup (json_array_get_string_element (ids, 0));
}

char *
sync_server_case_subject (SyncFixture *fixture,
                          const char  *case_id)
{
  g_autoptr(JsonObject) got =
    fl_test_server_call_okf (fixture->server, fixture->lead, "Case/get", "{\"ids\": [\"%s\"]}", case_id);
  JsonArray *list = json_object_get_array_member (got, "list");

  if (json_array_get_length (list) == 0)
    return NULL;
  return g_strdup (json_object_get_string_member (json_array_get_object_element (list, 0), "subject"));
}

gboolean
sync_run_fetch_customer (FlSyncEngine  *engine,
                         const char    *customer_id,
                         GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fl_sync_engine_fetch_customer_async (engine, customer_id, NULL, store_result, &result);
  return fl_sync_engine_fetch_customer_finish (engine, wait_for (&result), error);
}

GPtrArray *
sync_run_lookup_customers (FlSyncEngine  *engine,
                           const char    *phone_or_email,
                           GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fl_sync_engine_lookup_customers_async (engine, phone_or_email, NULL, store_result, &result);
  return fl_sync_engine_lookup_customers_finish (engine, wait_for (&result), error);
}

int
sync_run_ctlv (const char  *data_home,
               const char  *bus,
               const char  *profile,
               const char  *input,
               char       **out,
               char       **err,
               va_list      args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                                                       | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                       | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  const char *arg;

  g_assert_nonnull (g_getenv ("FRONTLINECTL"));
  g_ptr_array_add (argv, (gpointer) g_getenv ("FRONTLINECTL"));
  g_ptr_array_add (argv, (gpointer) "--profile");
  g_ptr_array_add (argv, (gpointer) profile);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);

  /* Nothing of the user's: the data folder is the test's. */
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  if (bus != NULL)
    g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", bus, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input != NULL ? input : "", NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);
  g_test_message ("frontlinectl %s → %d\n%s%s", (const char *) argv->pdata[3],
                  g_subprocess_get_exit_status (process), stdout_text, stderr_text);
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  return g_subprocess_get_exit_status (process);
}

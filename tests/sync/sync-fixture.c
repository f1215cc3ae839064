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

  fixture->server = fl_test_server_start (NULL);
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
  return engine;
}

void
sync_run_login (FlSyncEngine *engine,
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

  sync_run_login (engine, url, login);
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

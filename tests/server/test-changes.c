/* test-changes.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * X/changes against the real server: paging with maxChanges, what a record
 * written several times since a state counts as, tombstones, and the states
 * the server can no longer answer for (before the demo's bulk load, or older
 * than the retention window once the log is purged).
 */
#include "config.h"

#include "server-fixture.h"

typedef struct
{
  FlTestFixture base;
  char         *case_id;    /* a case of the test's own, for interactions */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(JsonObject) created = NULL;

  fl_test_fixture_set_up (&fixture->base, data);
  created = fl_test_server_call_okf (fixture->base.server, fixture->base.token, "Case/set",
                                     "{\"create\": {\"k\": {\"customerId\": \"%s\", \"subject\": \"Changes\"}}}",
                                     fixture->base.customer);
  fixture->case_id = g_strdup (fl_test_created_id (created, "k"));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  fl_test_fixture_tear_down (&fixture->base, data);
  g_free (fixture->case_id);
}

/* Creates @n notes on the fixture's case in one Interaction/set; returns their ids. */
static GPtrArray *
create_notes (Fixture *fixture,
              guint    n)
{
  g_autoptr(GString) create = g_string_new ("{\"create\": {");
  g_autoptr(JsonObject) result = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (create,
                            "%s\"n%u\": {\"caseId\": \"%s\", \"kind\": \"note\", \"body\": \"Note %u\"}",
                            i > 0 ? ", " : "", i, fixture->case_id, i);
  g_string_append (create, "}}");
  result = fl_test_server_call_ok (fixture->base.server, fixture->base.token, "Interaction/set",
                                   create->str);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (result, "created")), ==,
                    n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = g_strdup_printf ("n%u", i);

      g_ptr_array_add (ids, g_strdup (fl_test_created_id (result, key)));
    }
  return ids;
}

static void set_interactions (Fixture    *fixture,
                              const char *format,
                              ...) G_GNUC_PRINTF (2, 3);

static void
set_interactions (Fixture    *fixture,
                  const char *format,
                  ...)
{
  g_autofree char *args = NULL;
  g_autoptr(JsonObject) result = NULL;
  va_list ap;

  va_start (ap, format);
  args = g_strdup_vprintf (format, ap);
  va_end (ap);
  result = fl_test_server_call_ok (fixture->base.server, fixture->base.token, "Interaction/set",
                                   args);

  g_assert_true (json_object_get_null_member (result, "notUpdated"));
  g_assert_true (json_object_get_null_member (result, "notDestroyed"));
}

/* What a client collects paging through X/changes. */
typedef struct
{
  GHashTable *created;
  GHashTable *updated;
  GHashTable *destroyed;
  char       *more;       /* each page's hasMoreChanges, in order: "TTF" */
} Seen;

static void
seen_clear (Seen *seen)
{
  g_clear_pointer (&seen->created, g_hash_table_unref);
  g_clear_pointer (&seen->updated, g_hash_table_unref);
  g_clear_pointer (&seen->destroyed, g_hash_table_unref);
  g_clear_pointer (&seen->more, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Seen, seen_clear)

static void
assert_seen (Seen       *seen,
             const char *more,
             guint       n_created,
             guint       n_updated,
             guint       n_destroyed)
{
  g_assert_cmpstr (seen->more, ==, more);
  g_assert_cmpuint (g_hash_table_size (seen->created), ==, n_created);
  g_assert_cmpuint (g_hash_table_size (seen->updated), ==, n_updated);
  g_assert_cmpuint (g_hash_table_size (seen->destroyed), ==, n_destroyed);
}

/* Pages through Interaction/changes from @since, @max_changes at a time,
 * asserting that each id comes once and that the last page lands on the
 * type's state. */
static void
page_through (Fixture    *fixture,
              const char *since,
              guint       max_changes,
              Seen       *seen)
{
  g_autoptr(GString) more = g_string_new (NULL);
  g_autofree char *state = g_strdup (since);
  g_autofree char *final_state = fl_test_server_state (fixture->base.server, fixture->base.token,
                                                       "Interaction");
  gboolean has_more = TRUE;

  seen->created = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  seen->updated = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  seen->destroyed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  while (has_more)
    {
      g_autoptr(JsonObject) page =
        fl_test_server_call_okf (fixture->base.server, fixture->base.token, "Interaction/changes",
                                 "{\"sinceState\": \"%s\", \"maxChanges\": %u}", state, max_changes);
      GHashTable *sets[] = { seen->created, seen->updated, seen->destroyed };
      const char *members[] = { "created", "updated", "destroyed" };
      guint n_ids = 0;

      g_assert_cmpstr (json_object_get_string_member (page, "oldState"), ==, state);
      for (guint m = 0; m < G_N_ELEMENTS (members); m++)
        {
          JsonArray *ids = json_object_get_array_member (page, members[m]);

          n_ids += json_array_get_length (ids);
          for (guint i = 0; i < json_array_get_length (ids); i++)
            {
              const char *id = json_array_get_string_element (ids, i);

              for (guint other = 0; other < G_N_ELEMENTS (sets); other++)
                g_assert_false (g_hash_table_contains (sets[other], id));
              g_hash_table_add (sets[m], g_strdup (id));
            }
        }
      g_assert_cmpuint (n_ids, <=, max_changes);

      has_more = json_object_get_boolean_member (page, "hasMoreChanges");
      g_string_append_c (more, has_more ? 'T' : 'F');
      /* Each page moves the state on, and the last lands on the type's. */
      g_assert_cmpint (g_ascii_strtoll (json_object_get_string_member (page, "newState"), NULL,
                                        10), >,
                       g_ascii_strtoll (state, NULL, 10));
      g_free (state);
      state = g_strdup (json_object_get_string_member (page, "newState"));
      g_assert_cmpuint (more->len, <, 100);
    }
  g_assert_cmpstr (state, ==, final_state);
  seen->more = g_string_free (g_steal_pointer (&more), FALSE);
}

static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *since = fl_test_server_state (fixture->base.server, fixture->base.token,
                                                 "Interaction");
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_auto(Seen) seen = { 0 };

  /* 25 notes in three writes, with cases written in between: other types'
   * changes are not this type's. */
  for (guint batch = 0; batch < 3; batch++)
    {
      g_autoptr(GPtrArray) some = create_notes (fixture, batch < 2 ? 10 : 5);
      g_autoptr(JsonObject) other = NULL;

      for (guint i = 0; i < some->len; i++)
        g_ptr_array_add (ids, g_strdup (g_ptr_array_index (some, i)));
      other = fl_test_server_call_okf (fixture->base.server, fixture->base.token, "Case/set",
                                       "{\"update\": {\"%s\": {\"priority\": \"high\"}}}", fixture->case_id);
    }
  g_assert_cmpuint (ids->len, ==, 25);

  page_through (fixture, since, 10, &seen);
  assert_seen (&seen, "TTF", 25, 0, 0);
  for (guint i = 0; i < ids->len; i++)
    g_assert_true (g_hash_table_contains (seen.created, g_ptr_array_index (ids, i)));
}

static void
test_updated_then_destroyed (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) before = create_notes (fixture, 3);
  g_autofree char *since = fl_test_server_state (fixture->base.server, fixture->base.token,
                                                 "Interaction");
  g_auto(Seen) seen = { 0 };
  const char *doomed = g_ptr_array_index (before, 0);
  const char *edited = g_ptr_array_index (before, 1);

  set_interactions (fixture, "{\"update\": {\"%s\": {\"body\": \"Edited, then deleted\"}}}",
                    doomed);
  set_interactions (fixture, "{\"update\": {\"%s\": {\"body\": \"Edited\"}}}", edited);
  set_interactions (fixture, "{\"update\": {\"%s\": {\"body\": \"Edited twice\"}}}", doomed);
  set_interactions (fixture, "{\"destroy\": [\"%s\"]}", doomed);

  page_through (fixture, since, 50, &seen);
  assert_seen (&seen, "F", 0, 1, 1);
  g_assert_true (g_hash_table_contains (seen.updated, edited));
  g_assert_true (g_hash_table_contains (seen.destroyed, doomed));
}

static void
test_created_then_destroyed (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *since = fl_test_server_state (fixture->base.server, fixture->base.token,
                                                 "Interaction");
  g_autoptr(GPtrArray) made = create_notes (fixture, 3);
  g_auto(Seen) seen = { 0 };
  const char *fleeting = g_ptr_array_index (made, 0);
  const char *edited = g_ptr_array_index (made, 1);
  const char *kept = g_ptr_array_index (made, 2);

  set_interactions (fixture, "{\"update\": {\"%s\": {\"body\": \"Soon gone\"}}}", fleeting);
  set_interactions (fixture, "{\"update\": {\"%s\": {\"body\": \"Edited after creation\"}}}",
                    edited);
  set_interactions (fixture, "{\"destroy\": [\"%s\"]}", fleeting);

  page_through (fixture, since, 50, &seen);
  /* Created and updated since: created. Created and destroyed since: nothing. */
  assert_seen (&seen, "F", 2, 0, 0);
  g_assert_true (g_hash_table_contains (seen.created, edited));
  g_assert_true (g_hash_table_contains (seen.created, kept));
}

static void
test_tombstones (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(JsonObject) demo = fl_test_server_call_ok (fixture->base.server, fixture->base.token,
                                                       "Interaction/query",
                                                       "{\"limit\": 1}");
  g_autofree char *doomed = g_strdup (json_array_get_string_element (json_object_get_array_member (demo, "ids"), 0));
  g_autofree char *before = fl_test_server_state (fixture->base.server, fixture->base.token,
                                                  "Interaction");
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) later = NULL;

  /* A record from the bulk-loaded demo: its creation is not in the log, its
   * destruction is. */
  set_interactions (fixture, "{\"destroy\": [\"%s\"]}", doomed);
  after = fl_test_server_state (fixture->base.server, fixture->base.token, "Interaction");
  later = create_notes (fixture, 12);

  /* Twice: the tombstone is on disk, not in the server's memory. */
  for (guint round = 0; round < 2; round++)
    {
      g_auto(Seen) seen = { 0 };
      g_auto(Seen) seen_after = { 0 };

      page_through (fixture, before, 5, &seen);
      assert_seen (&seen, "TTF", 12, 0, 1);
      g_assert_true (g_hash_table_contains (seen.destroyed, doomed));

      /* A client that synced after the destroy is not told again. */
      page_through (fixture, after, 5, &seen_after);
      assert_seen (&seen_after, "TTF", 12, 0, 0);

      if (round == 0)
        {
          fl_test_server_stop (fixture->base.server);
          fl_test_server_restart (fixture->base.server);
        }
    }
}

static void
test_cannot_calculate (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char * const types[] = { "Customer", "Case", "Interaction", "Flaw", "Product" };
  g_autofree char *state = fl_test_server_state (fixture->base.server, fixture->base.token, "Case");
  g_autofree char *ahead = g_strdup_printf ("%" G_GINT64_FORMAT,
                                            g_ascii_strtoll (state, NULL, 10) + 1000);

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autofree char *method = g_strconcat (types[t], "/changes", NULL);
      /* The demo is bulk-loaded: the log starts after it, not at 0. */
      g_autofree char *from_zero = fl_test_server_call_error (fixture->base.server,
                                                              fixture->base.token, method,
                                                              "{\"sinceState\": \"0\"}");
      g_autofree char *not_a_state = fl_test_server_call_error (fixture->base.server,
                                                                fixture->base.token, method,
                                                                "{\"sinceState\": \"yesterday\"}");
      /* From another database, or a server that lost its data. */
      g_autofree char *from_the_future = fl_test_server_call_errorf (fixture->base.server,
                                                                     fixture->base.token, method,
                                                                     "{\"sinceState\": \"%s\"}", ahead);
      g_autofree char *no_state = fl_test_server_call_error (fixture->base.server,
                                                             fixture->base.token, method, "{}");
      g_autofree char *zero_max = fl_test_server_call_errorf (fixture->base.server,
                                                              fixture->base.token, method,
                                                              "{\"sinceState\": \"%s\", \"maxChanges\": 0}", state);

      g_assert_cmpstr (from_zero, ==, "cannotCalculateChanges");
      g_assert_cmpstr (not_a_state, ==, "cannotCalculateChanges");
      g_assert_cmpstr (from_the_future, ==, "cannotCalculateChanges");
      g_assert_cmpstr (no_state, ==, "invalidArguments");
      g_assert_cmpstr (zero_max, ==, "invalidArguments");
    }
}

static const char * const short_retention[] = { "--retention-seconds", "1", NULL };

static void
test_retention (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *old_state = fl_test_server_state (fixture->base.server, fixture->base.token,
                                                     "Interaction");
  g_autofree char *new_state = NULL;
  g_autofree char *error = NULL;
  g_autoptr(GPtrArray) old_notes = create_notes (fixture, 2);
  g_autoptr(GPtrArray) new_notes = NULL;
  g_autoptr(JsonObject) changes = NULL;
  gint64 deadline;

  /* Before the purge, the old state is answered. */
  changes = fl_test_server_call_okf (fixture->base.server, fixture->base.token,
                                     "Interaction/changes",
                                     "{\"sinceState\": \"%s\"}", old_state);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (changes, "created")), ==,
                    2);
  g_clear_pointer (&changes, json_object_unref);

  /* Older than the window by the time the server starts again, which is when
   * it purges. */
  g_usleep (1500 * G_TIME_SPAN_MILLISECOND);
  fl_test_server_stop (fixture->base.server);
  fl_test_server_restart (fixture->base.server);

  /* The purge runs in the writer as the server starts: wait for it. */
  deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  for (;;)
    {
      g_autofree char *args = g_strdup_printf ("{\"sinceState\": \"%s\"}", old_state);
      g_autoptr(JsonNode) response = fl_test_server_call (fixture->base.server,
                                                          fixture->base.token, "Interaction/changes",
                                                          args);
      JsonArray *triple = json_node_get_array (response);

      if (g_str_equal (json_array_get_string_element (triple, 0), "error"))
        {
          error = g_strdup (json_object_get_string_member (json_array_get_object_element (triple, 1), "type"));
          break;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * G_TIME_SPAN_MILLISECOND);
    }
  g_assert_cmpstr (error, ==, "cannotCalculateChanges");

  /* A state from after the purge still works. */
  new_state = fl_test_server_state (fixture->base.server, fixture->base.token, "Interaction");
  new_notes = create_notes (fixture, 2);
  changes = fl_test_server_call_okf (fixture->base.server, fixture->base.token,
                                     "Interaction/changes",
                                     "{\"sinceState\": \"%s\"}", new_state);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (changes, "created")), ==,
                    2);
  g_assert_false (json_object_get_boolean_member (changes, "hasMoreChanges"));
  g_assert_cmpuint (old_notes->len, ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
  g_test_add ("/server/changes/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("paging-with-max-changes", NULL, test_paging);
  ADD ("updated-then-destroyed-is-destroyed", NULL, test_updated_then_destroyed);
  ADD ("created-then-destroyed-is-nothing", NULL, test_created_then_destroyed);
  ADD ("tombstones-survive-a-restart", NULL, test_tombstones);
  ADD ("cannot-calculate-changes", NULL, test_cannot_calculate);
  ADD ("cannot-calculate-after-retention-purge", short_retention, test_retention);
#undef ADD

  return g_test_run ();
}

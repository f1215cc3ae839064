/* test-sync-outbox.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The outbox under weight and under a crash: ten thousand changes made offline
 * reach the server in the order they were made, and a frontlinectl killed
 * with SIGKILL in the middle of a push leaves every change applied once.
 */
#include "config.h"

#include <signal.h>

#include "fl-test-util.h"
#include "sync-fixture.h"

#define N_QUEUED 10000
#define N_KILLED 3000

static FlInteraction *
new_note (const char *case_id,
          const char *customer_id,
          guint       step)
{
  FlInteraction *note = fl_interaction_new ();
  g_autofree char *body = g_strdup_printf ("note %u", step);

  fl_interaction_set_case_id (note, case_id);
  fl_interaction_set_customer_id (note, customer_id);
  fl_interaction_set_kind (note, FL_INTERACTION_KIND_NOTE);
  fl_interaction_set_body (note, body);
  fl_interaction_set_at (note, fl_timestamp_now ());
  return note;
}

/* Every note of @case_id on the server, as (step → modseq). */
static GHashTable *
server_notes (SyncFixture *fixture,
              const char  *case_id)
{
  GHashTable *notes = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint position = 0;; position += 1000)
    {
      g_autoptr(JsonObject) page =
        fl_test_server_call_okf (fixture->server, fixture->lead, "Interaction/query",
                                 "{\"filter\": {\"caseId\": \"%s\"}, \"position\": %u, \"limit\": 1000}",
                                 case_id, position);
      JsonArray *ids = json_object_get_array_member (page, "ids");
      g_autoptr(JsonArray) wanted = json_array_new ();
      g_autoptr(JsonNode) wanted_node = json_node_new (JSON_NODE_ARRAY);
      g_autofree char *wanted_text = NULL;
      g_autoptr(JsonObject) got = NULL;
      JsonArray *list;

      if (json_array_get_length (ids) == 0)
        break;
      for (guint i = 0; i < json_array_get_length (ids); i++)
        json_array_add_string_element (wanted, json_array_get_string_element (ids, i));
      json_node_set_array (wanted_node, wanted);
      wanted_text = json_to_string (wanted_node, FALSE);
      got = fl_test_server_call_okf (fixture->server, fixture->lead, "Interaction/get",
                                     "{\"ids\": %s, \"properties\": [\"body\", \"modseq\"]}", wanted_text);
      list = json_object_get_array_member (got, "list");
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonObject *note = json_array_get_object_element (list, i);
          guint64 step = 0;

          g_assert_true (g_str_has_prefix (json_object_get_string_member (note, "body"), "note "));
          g_assert_true (g_ascii_string_to_unsigned (json_object_get_string_member (note, "body") + 5, 10,
                                                     0, G_MAXUINT, &step, NULL));
          /* Twice would be a change applied twice. */
          g_assert_false (g_hash_table_contains (notes, GUINT_TO_POINTER (step)));
          g_hash_table_insert (notes, GUINT_TO_POINTER (step),
                               GSIZE_TO_POINTER (json_object_get_int_member (note, "modseq")));
        }
    }
  return notes;
}

/* One case, then notes on it and edits of its subject by turns: ten thousand
 * changes queued while nothing is pushed, then one push. The server must hold
 * each note once, in the order written (its modseqs rise with the steps), and
 * the subject of the last edit. */
static void
test_ten_thousand_changes_drain_in_order (SyncFixture   *fixture,
                                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSyncEngine) desktop = sync_fixture_desktop (fixture, "busy", "lead");
  g_autofree char *customer = sync_showcase_customer (fixture);
  g_autofree char *case_id = NULL;
  g_autofree char *subject = NULL;
  g_autoptr(GHashTable) notes = NULL;
  guint n_notes = 0;
  guint last_edit = 0;
  gint64 started;
  gint64 queued;
  gint64 drained;
  gint64 previous_modseq = 0;

  g_assert_true (sync_run_sync (desktop, NULL, &error));
  g_assert_no_error (error);

  started = g_get_monotonic_time ();
  case_id = sync_create_case (desktop, customer, "step 0");
  for (guint step = 1; step < N_QUEUED; step++)
    {
      if (step % 2 == 1)
        {
          g_autoptr(FlInteraction) note = new_note (case_id, customer, step);

          g_assert_true (sync_run_create (desktop, FL_ENTITY (note), &error));
          n_notes++;
        }
      else
        {
          g_autofree char *patch = g_strdup_printf ("{\"subject\": \"step %u\"}", step);

          g_assert_true (sync_run_update (desktop, FL_TYPE_CASE, case_id, patch, &error));
          last_edit = step;
        }
      g_assert_no_error (error);
    }
  queued = g_get_monotonic_time ();
  g_assert_cmpint (fl_sync_engine_get_pending (desktop), ==, N_QUEUED);

  g_assert_true (sync_run_push (desktop, &error));
  g_assert_no_error (error);
  drained = g_get_monotonic_time ();
  g_test_message ("%d changes queued in %.1f s, pushed in %.1f s (%.0f changes/s)", N_QUEUED,
                  (queued - started) / 1e6, (drained - queued) / 1e6,
                  N_QUEUED / ((drained - queued) / 1e6));
  g_assert_cmpint (fl_sync_engine_get_pending (desktop), ==, 0);
  g_assert_cmpint (fl_sync_engine_get_conflicts (desktop), ==, 0);

  subject = sync_server_case_subject (fixture, case_id);
  {
    g_autofree char *expected = g_strdup_printf ("step %u", last_edit);

    g_assert_cmpstr (subject, ==, expected);
  }
  notes = server_notes (fixture, case_id);
  g_assert_cmpuint (g_hash_table_size (notes), ==, n_notes);
  for (guint step = 1; step < N_QUEUED; step += 2)
    {
      gint64 modseq = GPOINTER_TO_SIZE (g_hash_table_lookup (notes, GUINT_TO_POINTER (step)));

      g_assert_cmpint (modseq, >, previous_modseq);
      previous_modseq = modseq;
    }
}

/* frontlinectl sync is killed (SIGKILL) while the server is taking its
 * outbox; the next push sends the rest, and what was already taken is not
 * made twice, nor turned into a conflict. */
static void
test_client_killed_mid_push_applies_each_change_once (SyncFixture   *fixture,
                                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSyncEngine) desktop = sync_fixture_desktop (fixture, "killed", "lead");
  g_autofree char *customer = sync_showcase_customer (fixture);
  g_autofree char *profile = g_strdup (fl_sync_engine_get_profile_dir (desktop));
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) ctl = NULL;
  gint64 before = sync_server_count (fixture, "Case");
  gint64 at_kill;

  g_assert_true (sync_run_sync (desktop, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < N_KILLED; i++)
    {
      g_autofree char *subject = g_strdup_printf ("killed push %u", i);
      g_autofree char *id = sync_create_case (desktop, customer, subject);
    }
  g_assert_cmpint (fl_sync_engine_get_pending (desktop), ==, N_KILLED);
  /* The profile is frontlinectl's from here. */
  g_clear_object (&desktop);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", fixture->dir, TRUE);
  ctl = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("FRONTLINECTL"), "--profile", profile, "sync",
                                     NULL);
  g_assert_no_error (error);
  while ((at_kill = sync_server_count (fixture, "Case")) == before)
    g_usleep (2000);
  g_subprocess_send_signal (ctl, SIGKILL);
  g_subprocess_wait (ctl, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (ctl));
  at_kill = sync_server_count (fixture, "Case");
  g_test_message ("killed with %" G_GINT64_FORMAT " of %d cases on the server", at_kill - before, N_KILLED);
  /* Killed in the middle, or the test proves nothing. */
  g_assert_cmpint (at_kill - before, <, N_KILLED);

  desktop = sync_fixture_reopen (fixture, "killed");
  g_assert_true (sync_run_push (desktop, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fl_sync_engine_get_pending (desktop), ==, 0);
  g_assert_cmpint (fl_sync_engine_get_conflicts (desktop), ==, 0);
  g_assert_cmpint (sync_server_count (fixture, "Case"), ==, before + N_KILLED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, SyncFixture, NULL, sync_fixture_setup, fn, sync_fixture_teardown)
  ADD ("/sync/outbox/ten-thousand-changes-drain-in-order", test_ten_thousand_changes_drain_in_order);
  ADD ("/sync/outbox/client-killed-mid-push-applies-each-change-once",
       test_client_killed_mid_push_applies_each_change_once);
#undef ADD

  return g_test_run ();
}

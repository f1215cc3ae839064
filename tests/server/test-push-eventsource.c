/* test-push-eventsource.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Push as server-sent events (RFC 8620 §7.3) against the real server: the
 * stream read with libsoup as a plain chunked HTTP body, parsed into events.
 * The curl side is in test-eventsource-curl.sh.
 */
#include "config.h"

#include <string.h>

#include "push-fixture.h"

typedef FlTestPushFixture Fixture;

typedef struct
{
  SoupMessage  *msg;
  GInputStream *stream;
  GCancellable *cancellable;
  GString      *buffer;
  gboolean      sent;
  gboolean      reading;
  gboolean      eof;
  char          chunk[4096];
} Stream;

static void stream_read_more (Stream *stream);

static void
stream_read_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Stream *stream = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  stream->reading = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_assert_no_error (error);
  if (n == 0)
    {
      stream->eof = TRUE;
      return;
    }
  g_string_append_len (stream->buffer, stream->chunk, n);
  stream_read_more (stream);
}

static void
stream_read_more (Stream *stream)
{
  stream->reading = TRUE;
  g_input_stream_read_async (stream->stream, stream->chunk, sizeof stream->chunk, G_PRIORITY_DEFAULT,
                             stream->cancellable, stream_read_done, stream);
}

static void
stream_sent (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Stream *stream = user_data;
  g_autoptr(GError) error = NULL;

  stream->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  stream->sent = TRUE;
  if (soup_message_get_status (stream->msg) == SOUP_STATUS_OK)
    stream_read_more (stream);
}

static gboolean
stream_is_sent (gpointer data)
{
  return ((Stream *) data)->sent;
}

static Stream *
stream_open (Fixture    *fixture,
             const char *token,
             const char *query,
             const char *last_event_id)
{
  Stream *stream = g_new0 (Stream, 1);
  g_autofree char *uri = g_strconcat (fixture->server->url, "/jmap/eventsource?", query, NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

  stream->msg = soup_message_new ("GET", uri);
  stream->cancellable = g_cancellable_new ();
  stream->buffer = g_string_new (NULL);
  soup_message_headers_replace (soup_message_get_request_headers (stream->msg), "Authorization", authorization);
  if (last_event_id != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (stream->msg), "Last-Event-ID", last_event_id);
  soup_session_send_async (fixture->session, stream->msg, G_PRIORITY_DEFAULT, stream->cancellable,
                           stream_sent, stream);
  g_assert_true (fl_test_wait_until (stream_is_sent, stream, FL_TEST_PUSH_TIMEOUT_MS));
  return stream;
}

static gboolean
stream_is_idle (gpointer data)
{
  return !((Stream *) data)->reading;
}

static void
stream_free (Stream *stream)
{
  g_cancellable_cancel (stream->cancellable);
  g_assert_true (fl_test_wait_until (stream_is_idle, stream, FL_TEST_PUSH_TIMEOUT_MS));
  g_clear_object (&stream->stream);
  g_object_unref (stream->msg);
  g_object_unref (stream->cancellable);
  g_string_free (stream->buffer, TRUE);
  g_free (stream);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Stream, stream_free)

static gboolean
stream_has_event (gpointer data)
{
  Stream *stream = data;

  return strstr (stream->buffer->str, "\n\n") != NULL || stream->eof;
}

typedef struct
{
  char     *name;
  char     *id;
  JsonNode *data;
} Event;

static void
event_free (Event *event)
{
  g_free (event->name);
  g_free (event->id);
  g_clear_pointer (&event->data, json_node_unref);
  g_free (event);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Event, event_free)

/* The next event, or NULL if the stream ends or none comes in time. */
static Event *
stream_next (Stream *stream,
             guint   timeout_ms)
{
  g_autofree char *block = NULL;
  g_auto(GStrv) lines = NULL;
  const char *end;
  Event *event;

  fl_test_wait_until (stream_has_event, stream, timeout_ms);
  end = strstr (stream->buffer->str, "\n\n");
  if (end == NULL)
    return NULL;

  block = g_strndup (stream->buffer->str, end - stream->buffer->str);
  lines = g_strsplit (block, "\n", -1);
  g_string_erase (stream->buffer, 0, end - stream->buffer->str + 2);
  event = g_new0 (Event, 1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (g_str_has_prefix (lines[i], "event: "))
        event->name = g_strdup (lines[i] + strlen ("event: "));
      else if (g_str_has_prefix (lines[i], "id: "))
        event->id = g_strdup (lines[i] + strlen ("id: "));
      else if (g_str_has_prefix (lines[i], "data: "))
        {
          event->data = json_from_string (lines[i] + strlen ("data: "), &error);
          g_assert_no_error (error);
        }
      else
        g_error ("Unexpected line in the event stream: “%s”", lines[i]);
    }
  g_assert_nonnull (event->name);
  g_assert_nonnull (event->data);
  return event;
}

static JsonObject *
event_changed (Event *event)
{
  JsonObject *object;

  g_assert_cmpstr (event->name, ==, "state");
  object = json_node_get_object (event->data);
  g_assert_cmpstr (json_object_get_string_member (object, "@type"), ==, "StateChange");
  return fl_test_push_changed_types (object);
}

static void
test_es_state_event_after_write (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(Stream) stream = stream_open (fixture, fixture->agent, "types=Case,Interaction&closeafter=no&ping=0", NULL);
  g_autoptr(Event) initial = NULL;
  g_autoptr(Event) pushed = NULL;
  g_autofree char *state = NULL;
  SoupMessageHeaders *headers = soup_message_get_response_headers (stream->msg);
  JsonObject *changed;

  g_assert_cmpuint (soup_message_get_status (stream->msg), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "text/event-stream");
  g_assert_cmpint (soup_message_headers_get_encoding (headers), ==, SOUP_ENCODING_CHUNKED);

  /* The current state first, for the types asked for only. */
  initial = stream_next (stream, FL_TEST_PUSH_TIMEOUT_MS);
  g_assert_nonnull (initial);
  changed = event_changed (initial);
  g_assert_cmpuint (json_object_get_size (changed), ==, 2);
  g_assert_true (json_object_has_member (changed, "Case"));
  g_assert_true (json_object_has_member (changed, "Interaction"));

  state = fl_test_push_create_case (fixture, NULL);
  pushed = stream_next (stream, FL_TEST_PUSH_TIMEOUT_MS);
  g_assert_nonnull (pushed);
  changed = event_changed (pushed);
  g_assert_cmpstr (json_object_get_string_member (changed, "Case"), ==, state);
  g_assert_cmpstr (pushed->id, ==, json_object_get_string_member (json_node_get_object (pushed->data), "pushState"));
}

static void
test_es_last_event_id_gets_missed_changes (Fixture       *fixture,
                                           gconstpointer  data)
{
  g_autofree char *last_id = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *case_state = NULL;
  g_autofree char *interaction_state = NULL;

  {
    g_autoptr(Stream) stream = stream_open (fixture, fixture->agent, "types=*&closeafter=no&ping=0", NULL);
    g_autoptr(Event) initial = stream_next (stream, FL_TEST_PUSH_TIMEOUT_MS);

    g_assert_nonnull (initial);
    g_assert_cmpuint (json_object_get_size (event_changed (initial)), >=, 9);
    last_id = g_strdup (initial->id);
  }
  case_state = fl_test_push_create_case (fixture, &case_id);
  interaction_state = fl_test_push_create_interaction (fixture, case_id);

  {
    g_autoptr(Stream) stream = stream_open (fixture, fixture->agent, "types=*&closeafter=no&ping=0", last_id);
    g_autoptr(Event) missed = stream_next (stream, FL_TEST_PUSH_TIMEOUT_MS);
    JsonObject *changed;

    g_assert_nonnull (missed);
    changed = event_changed (missed);
    g_assert_cmpstr (json_object_get_string_member (changed, "Case"), ==, case_state);
    g_assert_cmpstr (json_object_get_string_member (changed, "Interaction"), ==, interaction_state);
    g_assert_false (json_object_has_member (changed, "Product"));
  }
}

static void
test_es_close_after_state (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(Stream) stream = stream_open (fixture, fixture->agent, "types=*&closeafter=state&ping=0", NULL);
  g_autoptr(Event) event = NULL;
  g_autofree char *state = NULL;

  g_assert_cmpuint (soup_message_get_status (stream->msg), ==, 200);
  /* Nothing yet: answering at once with the current state would only set the
   * client polling. */
  g_assert_null (stream_next (stream, 300));

  state = fl_test_push_create_case (fixture, NULL);
  event = stream_next (stream, FL_TEST_PUSH_TIMEOUT_MS);
  g_assert_nonnull (event);
  g_assert_cmpstr (json_object_get_string_member (event_changed (event), "Case"), ==, state);
  g_assert_true (fl_test_wait_until (stream_has_event, stream, FL_TEST_PUSH_TIMEOUT_MS) && stream->eof);
  g_assert_cmpuint (stream->buffer->len, ==, 0);
}

static void
test_es_ping (Fixture       *fixture,
              gconstpointer  data)
{
  /* 1 s is below the floor of 5. */
  g_autoptr(Stream) stream = stream_open (fixture, fixture->agent, "types=Flaw&ping=1", NULL);
  g_autoptr(Event) initial = stream_next (stream, FL_TEST_PUSH_TIMEOUT_MS);
  g_autoptr(Event) ping = NULL;
  gint64 started = g_get_monotonic_time ();

  g_assert_nonnull (initial);
  g_assert_cmpstr (initial->name, ==, "state");
  ping = stream_next (stream, 8000);
  g_assert_nonnull (ping);
  g_assert_cmpstr (ping->name, ==, "ping");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (ping->data), "interval"), ==, 5);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 3 * G_USEC_PER_SEC);
}

static void
test_es_refusals (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *bad[] = { "types=", "types=Case&closeafter=maybe", "ping=-3", "ping=soon" };
  guint status;

  {
    g_autoptr(JsonNode) answer = fl_test_server_request (fixture->server, "GET", "/jmap/eventsource?types=*",
                                                         NULL, NULL, 0, &status);

    g_assert_cmpuint (status, ==, SOUP_STATUS_UNAUTHORIZED);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "type"), ==, "unauthorized");
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strconcat ("/jmap/eventsource?", bad[i], NULL);
      g_autoptr(JsonNode) answer = fl_test_server_request (fixture->server, "GET", path, fixture->agent,
                                                           NULL, 0, &status);

      g_assert_cmpuint (status, ==, SOUP_STATUS_BAD_REQUEST);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "type"), ==,
                       "invalidArguments");
    }
  {
    g_autoptr(JsonNode) answer = fl_test_server_request (fixture->server, "POST", "/jmap/eventsource",
                                                         fixture->agent, "{}", -1, &status);

    g_assert_cmpuint (status, ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fl_test_push_fixture_set_up, fn, fl_test_push_fixture_tear_down)
  ADD ("/server/push/eventsource/state-event-after-write", test_es_state_event_after_write);
  ADD ("/server/push/eventsource/last-event-id-gets-missed-changes", test_es_last_event_id_gets_missed_changes);
  ADD ("/server/push/eventsource/closeafter-state-ends-after-one-event", test_es_close_after_state);
  ADD ("/server/push/eventsource/ping-has-a-floor", test_es_ping);
  ADD ("/server/push/eventsource/refusals", test_es_refusals);
#undef ADD

  return g_test_run ();
}

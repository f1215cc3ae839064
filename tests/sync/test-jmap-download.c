/* test-jmap-download.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * fl_jmap_client_download_async() writes what it receives byte for byte, and
 * hashes it, whatever the length: the file goes around the page cache in
 * whole aligned pieces (O_DIRECT) and its last piece, seldom a whole number
 * of blocks, through the cache. frontline-server only ever sends database
 * files, whose lengths are whole pages, so the odd lengths come from a
 * server in this test that sends bytes of any length.
 */
#include "config.h"

#include <libsoup/soup.h>

#include "fl-jmap-client.h"
#include "fl-sha256.h"
#include "fl-test-util.h"

/* Deterministic bytes, different at every offset of a block. */
static GBytes *
make_body (gsize length)
{
  guint8 *data = g_malloc (MAX (length, 1));
  guint32 state = (guint32) length * 2654435761u + 1;

  for (gsize i = 0; i < length; i++)
    {
      state = state * 1664525u + 1013904223u;
      data[i] = (guint8) (state >> 24);
    }
  return g_bytes_new_take (data, length);
}

static void
serve_bytes (SoupServer        *server,
             SoupServerMessage *message,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  guint64 length = g_ascii_strtoull (path + strlen ("/bytes/"), NULL, 10);
  g_autoptr(GBytes) body = make_body ((gsize) length);

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  if (length > 0)
    soup_message_body_append_bytes (soup_server_message_get_response_body (message), body);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_lengths (gconstpointer data)
{
  const char *folder_base = data;
  /* Around the 4 KiB block and the 1 MiB piece the client reads at once. */
  static const gsize lengths[] = {
    0, 1, 4095, 4096, 4097, 1024 * 1024 - 1, 1024 * 1024, 1024 * 1024 + 1, 3 * 1024 * 1024 + 12345,
  };
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(FlJmapClient) client = NULL;
  GSList *uris;

  if (!g_file_test (folder_base, G_FILE_TEST_IS_DIR))
    folder_base = g_get_tmp_dir ();
  folder = g_build_filename (folder_base, "frontline-test-download-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (folder));

  soup_server_add_handler (server, "/bytes/", serve_bytes, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base_url = g_uri_to_string_partial (uris->data, G_URI_HIDE_PASSWORD);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  /* "http://127.0.0.1:PORT/": the paths below bring their own slash. */
  base_url[strlen (base_url) - 1] = '\0';
  client = fl_jmap_client_new (base_url);

  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autofree char *path = g_strdup_printf ("/bytes/%" G_GSIZE_FORMAT, lengths[i]);
      g_autofree char *destination = g_strdup_printf ("%s/download-%u", folder, i);
      g_autoptr(GBytes) expected = make_body (lengths[i]);
      g_autofree char *expected_sha256 = fl_sha256_for_data (g_bytes_get_data (expected, NULL), lengths[i]);
      g_autofree char *written = NULL;
      g_autofree char *sha256 = NULL;
      GAsyncResult *result = NULL;
      SoupMessageHeaders *headers;
      gsize written_length = 0;

      fl_jmap_client_download_async (client, path, destination, NULL, NULL, NULL, store_result, &result);
      FL_TEST_WAIT_FOR (result != NULL);
      headers = fl_jmap_client_download_finish (client, result, &sha256, &error);
      g_object_unref (result);
      g_assert_no_error (error);
      g_assert_nonnull (headers);
      soup_message_headers_unref (headers);

      g_assert_true (g_file_get_contents (destination, &written, &written_length, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (written_length, ==, lengths[i]);
      g_assert_true (memcmp (written, g_bytes_get_data (expected, NULL), lengths[i]) == 0);
      g_assert_cmpstr (sha256, ==, expected_sha256);
    }

  fl_test_remove_tree (folder);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* A disk file system takes O_DIRECT; tmpfs did not before Linux 6.6 and
   * the client then writes through the cache. */
  g_test_add_data_func ("/jmap-client/download/lengths", g_get_tmp_dir (), test_lengths);
  g_test_add_data_func ("/jmap-client/download/lengths-tmpfs", "/dev/shm", test_lengths);
  return g_test_run ();
}

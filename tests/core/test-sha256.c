/* test-sha256.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlSha256 must spell exactly what GChecksum spells: the server's snapshot
 * header and the desktop's check of it are compared as text.
 */
#include "config.h"

#include "fl-sha256.h"

static void
test_known_digests (void)
{
  g_autofree char *empty = fl_sha256_for_data ("", 0);
  g_autofree char *abc = fl_sha256_for_data ("abc", 3);

  /* FIPS 180-2's examples. */
  g_assert_cmpstr (empty, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  g_assert_cmpstr (abc, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* Pieces of every size, as a download's reads come, agree with GChecksum
 * over the whole. */
static void
test_pieces_agree_with_gchecksum (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);
  gsize size = 3 * 1024 * 1024 + 17;
  g_autofree guint8 *data = g_malloc (size);
  g_autoptr(FlSha256) sha256 = fl_sha256_new ();
  g_autofree char *pieces = NULL;
  g_autofree char *reference = NULL;
  gsize done = 0;

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_rand_int (rand);
  while (done < size)
    {
      gsize piece = MIN ((gsize) g_rand_int_range (rand, 0, 200000), size - done);

      fl_sha256_update (sha256, data + done, piece);
      done += piece;
    }
  pieces = fl_sha256_finish (g_steal_pointer (&sha256));
  reference = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);
  g_assert_cmpstr (pieces, ==, reference);
}

/* Freed unfinished: nothing leaks or crashes (valgrind and ASan see it). */
static void
test_free_unfinished (void)
{
  g_autoptr(FlSha256) sha256 = fl_sha256_new ();

  fl_sha256_update (sha256, "abc", 3);
  g_assert_nonnull (sha256);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/sha256/known-digests", test_known_digests);
  g_test_add_func ("/core/sha256/pieces-agree-with-gchecksum", test_pieces_agree_with_gchecksum);
  g_test_add_func ("/core/sha256/free-unfinished", test_free_unfinished);
  return g_test_run ();
}

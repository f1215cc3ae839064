/* fl-sha256.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gnutls/crypto.h>

#include "fl-sha256.h"

#define SHA256_SIZE 32

struct _FlSha256
{
  gnutls_hash_hd_t  hash;      /* NULL if GnuTLS refused (a policy may) */
  GChecksum        *fallback;  /* then GLib's */
};

FlSha256 *
fl_sha256_new (void)
{
  FlSha256 *self = g_new0 (FlSha256, 1);

  if (gnutls_hash_init (&self->hash, GNUTLS_DIG_SHA256) < 0)
    {
      self->hash = NULL;
      self->fallback = g_checksum_new (G_CHECKSUM_SHA256);
    }
  return self;
}

void
fl_sha256_update (FlSha256      *self,
                  gconstpointer  data,
                  gsize          size)
{
  g_return_if_fail (self != NULL);

  if (self->hash != NULL)
    gnutls_hash (self->hash, data, size);
  else
    g_checksum_update (self->fallback, data, (gssize) size);
}

char *
fl_sha256_finish (FlSha256 *self)
{
  guint8 digest[SHA256_SIZE];
  char *hex;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->hash == NULL)
    {
      hex = g_strdup (g_checksum_get_string (self->fallback));
      fl_sha256_free (self);
      return hex;
    }
  gnutls_hash_deinit (self->hash, digest);
  self->hash = NULL;
  hex = g_malloc (SHA256_SIZE * 2 + 1);
  for (guint i = 0; i < SHA256_SIZE; i++)
    {
      hex[2 * i] = "0123456789abcdef"[digest[i] >> 4];
      hex[2 * i + 1] = "0123456789abcdef"[digest[i] & 0xf];
    }
  hex[SHA256_SIZE * 2] = '\0';
  fl_sha256_free (self);
  return hex;
}

void
fl_sha256_free (FlSha256 *self)
{
  if (self == NULL)
    return;
  if (self->hash != NULL)
    gnutls_hash_deinit (self->hash, NULL);
  g_clear_pointer (&self->fallback, g_checksum_free);
  g_free (self);
}

char *
fl_sha256_for_data (gconstpointer data,
                    gsize         size)
{
  FlSha256 *sha256 = fl_sha256_new ();

  fl_sha256_update (sha256, data, size);
  return fl_sha256_finish (sha256);
}

/* fl-version.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Version comparison for "fixed in 2.4 — customer has 2.1".
 */
#define G_LOG_DOMAIN "Frontline-Core"

#include "config.h"

#include <string.h>

#include "fl-version.h"

static gboolean
is_separator (char c)
{
  return c == '.' || c == '-' || c == '_' || c == '+' || c == ' ';
}

/**
 * fl_version_compare:
 * @a: (nullable): a version
 * @b: (nullable): a version
 *
 * Runs of digits compare numerically, other runs alphabetically (ignoring case),
 * separators only separate. A missing part sorts first ("2.1" < "2.1.1"), except
 * that a pre-release suffix sorts before the release ("3.0-beta" < "3.0").
 * %NULL and "" are older than anything.
 *
 * Returns: negative, zero or positive as @a is older than, the same as or newer than @b
 */
int
fl_version_compare (const char *a,
                    const char *b)
{
  if (a == NULL || *a == '\0')
    return (b == NULL || *b == '\0') ? 0 : -1;
  if (b == NULL || *b == '\0')
    return 1;

  while (*a != '\0' || *b != '\0')
    {
      while (is_separator (*a))
        a++;
      while (is_separator (*b))
        b++;

      if (*a == '\0' || *b == '\0')
        {
          /* One ran out. A trailing letter part is a pre-release: older. */
          const char *rest = *a != '\0' ? a : b;
          int sign = *a != '\0' ? 1 : -1;

          if (*rest == '\0')
            return 0;
          return g_ascii_isalpha (*rest) ? -sign : sign;
        }

      if (g_ascii_isdigit (*a) && g_ascii_isdigit (*b))
        {
          /* Compared as digit strings, so a run of any length cannot overflow:
           * without leading zeros, the longer run is the bigger number. */
          const char *da;
          const char *db;
          size_t la, lb;
          int cmp;

          while (*a == '0' && g_ascii_isdigit (a[1]))
            a++;
          while (*b == '0' && g_ascii_isdigit (b[1]))
            b++;
          for (da = a; g_ascii_isdigit (*a); a++)
            ;
          for (db = b; g_ascii_isdigit (*b); b++)
            ;
          la = (size_t) (a - da);
          lb = (size_t) (b - db);
          if (la != lb)
            return la < lb ? -1 : 1;
          cmp = memcmp (da, db, la);
          if (cmp != 0)
            return cmp < 0 ? -1 : 1;
        }
      else if (g_ascii_isdigit (*a) != g_ascii_isdigit (*b))
        {
          /* "2.1" against "2.beta": the number is the release, newer. */
          return g_ascii_isdigit (*a) ? 1 : -1;
        }
      else
        {
          while (*a != '\0' && *b != '\0' && !is_separator (*a) && !is_separator (*b)
                 && !g_ascii_isdigit (*a) && !g_ascii_isdigit (*b))
            {
              char ca = g_ascii_tolower (*a++);
              char cb = g_ascii_tolower (*b++);

              if (ca != cb)
                return ca < cb ? -1 : 1;
            }
          if (g_ascii_isalpha (*a) != g_ascii_isalpha (*b))
            return g_ascii_isalpha (*a) ? 1 : -1;
        }
    }

  return 0;
}

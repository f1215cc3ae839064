/* fl-timestamp.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * UTCDate (RFC 8620 §1.4) formatting and parsing for record times.
 */
#define G_LOG_DOMAIN "Frontline-Core"

#include "config.h"

#include <string.h>

#include "fl-timestamp.h"

gint64
fl_timestamp_now (void)
{
  return g_get_real_time ();
}

/**
 * fl_timestamp_format:
 *
 * "2024-05-01T10:00:00Z", with a fraction only when the time has one, as
 * UTCDate requires.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL for an unset time
 */
char *
fl_timestamp_format (gint64 timestamp)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *seconds = NULL;
  int usec;

  if (timestamp <= 0 || timestamp > FL_TIMESTAMP_MAX)
    return NULL;

  dt = g_date_time_new_from_unix_utc (timestamp / G_USEC_PER_SEC);
  if (dt == NULL)
    return NULL;

  seconds = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  usec = (int) (timestamp % G_USEC_PER_SEC);
  if (usec == 0)
    return g_strconcat (seconds, "Z", NULL);
  if (usec % 1000 == 0)
    return g_strdup_printf ("%s.%03dZ", seconds, usec / 1000);
  return g_strdup_printf ("%s.%06dZ", seconds, usec);
}

/**
 * fl_timestamp_parse:
 *
 * Accepts RFC 3339 date-times with a time zone ("Z" or an offset) and converts
 * them to UTC. A date-time without a zone is refused: guessing the zone of a
 * support case is how SLA clocks end up an hour wrong.
 */
gboolean
fl_timestamp_parse (const char *text,
                    gint64     *timestamp)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) utc = NULL;
  g_autofree char *upper = NULL;
  gint64 value;

  g_return_val_if_fail (text != NULL, FALSE);

  /* g_date_time_new_from_iso8601() accepts forms RFC 3339 does not (week dates,
   * ordinal dates); insist on the YYYY-MM-DDTHH:MM:SS shape first. */
  if (strlen (text) < 20 || text[4] != '-' || text[7] != '-'
      || (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':')
    return FALSE;

  /* RFC 3339 allows a lower-case "t" and "z"; GLib only takes "Z". */
  upper = g_ascii_strup (text, -1);
  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (upper, utc);
  if (dt == NULL)
    return FALSE;

  /* A string with no zone takes the default we passed; detect that by its end. */
  {
    char last = text[strlen (text) - 1];
    gboolean has_zone = last == 'Z' || last == 'z'
                        || (strlen (text) >= 6 && (text[strlen (text) - 6] == '+'
                                                   || text[strlen (text) - 6] == '-'));
    if (!has_zone)
      return FALSE;
  }

  value = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
  if (value <= 0 || value > FL_TIMESTAMP_MAX)
    return FALSE;

  if (timestamp != NULL)
    *timestamp = value;
  return TRUE;
}

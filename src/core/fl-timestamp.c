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

/* Days since 1970-01-01 to a proleptic Gregorian date and back, with 400-year
 * eras (Howard Hinnant's algorithms). Every record's times pass through here
 * on the server's X/get and the desktop's decode; GDateTime's allocations and
 * time-zone lookups were a few per cent of both. */
static void
civil_from_days (gint64  days,
                 int    *year,
                 int    *month,
                 int    *day)
{
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  gint64 d = doy - (153 * mp + 2) / 5 + 1;
  gint64 m = mp < 10 ? mp + 3 : mp - 9;

  *year = (int) (yoe + era * 400 + (m <= 2));
  *month = (int) m;
  *day = (int) d;
}

static gint64
days_from_civil (int year,
                 int month,
                 int day)
{
  gint64 y = year - (month <= 2);
  gint64 era = (y >= 0 ? y : y - 399) / 400;
  gint64 yoe = y - era * 400;
  gint64 doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  gint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
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
  gint64 seconds;
  int year, month, day, usec, second_of_day;

  if (timestamp <= 0 || timestamp > FL_TIMESTAMP_MAX)
    return NULL;

  seconds = timestamp / G_USEC_PER_SEC;
  usec = (int) (timestamp % G_USEC_PER_SEC);
  second_of_day = (int) (seconds % 86400);
  civil_from_days (seconds / 86400, &year, &month, &day);

  if (usec == 0)
    return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day,
                            second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60);
  if (usec % 1000 == 0)
    return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", year, month, day,
                            second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60, usec / 1000);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", year, month, day,
                          second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60, usec);
}

/* @n digits at @text as a number; -1 if any is not a digit. */
static int
digits (const char *text,
        int         n)
{
  int value = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return -1;
      value = value * 10 + (text[i] - '0');
    }
  return value;
}

/* The form this code writes — "YYYY-MM-DDTHH:MM:SS[.fff|.ffffff]Z" — read
 * without GDateTime. FALSE for anything else (other fractions, offsets, a
 * leap second, lower case), which the general parser then takes. */
static gboolean
parse_canonical (const char *text,
                 gint64     *timestamp)
{
  static const int month_days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  size_t length = strlen (text);
  int year, month, day, hour, minute, second, fraction = 0;

  if ((length != 20 && length != 24 && length != 27) || text[length - 1] != 'Z'
      || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':')
    return FALSE;
  year = digits (text, 4);
  month = digits (text + 5, 2);
  day = digits (text + 8, 2);
  hour = digits (text + 11, 2);
  minute = digits (text + 14, 2);
  second = digits (text + 17, 2);
  if (length > 20)
    {
      if (text[19] != '.')
        return FALSE;
      fraction = digits (text + 20, (int) length - 21);
      if (fraction < 0)
        return FALSE;
      if (length == 24)
        fraction *= 1000;
    }
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > month_days[month - 1]
      || (month == 2 && day == 29 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
      || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
    return FALSE;

  *timestamp = ((days_from_civil (year, month, day) * 86400 + hour * 3600 + minute * 60 + second)
                * G_USEC_PER_SEC) + fraction;
  return TRUE;
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

  if (parse_canonical (text, &value))
    {
      if (value <= 0 || value > FL_TIMESTAMP_MAX)
        return FALSE;
      if (timestamp != NULL)
        *timestamp = value;
      return TRUE;
    }

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

/* test-timestamp.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * UTCDate text and back. The formatter and the fast parser do their own
 * calendar arithmetic; GDateTime is the reference they must agree with.
 */
#include "config.h"

#include "fl-timestamp.h"

/* What fl_timestamp_format() must write, by way of GDateTime. */
static char *
reference_format (gint64 timestamp)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (timestamp / G_USEC_PER_SEC);
  g_autofree char *seconds = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  int usec = (int) (timestamp % G_USEC_PER_SEC);

  if (usec == 0)
    return g_strconcat (seconds, "Z", NULL);
  if (usec % 1000 == 0)
    return g_strdup_printf ("%s.%03dZ", seconds, usec / 1000);
  return g_strdup_printf ("%s.%06dZ", seconds, usec);
}

static void
test_format_and_parse_agree_with_gdatetime (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);

  for (guint i = 0; i < 200000; i++)
    {
      /* Whole seconds, milliseconds and microseconds, across the whole range. */
      gint64 timestamp = (gint64) (g_rand_double (rand) * (double) FL_TIMESTAMP_MAX);
      g_autofree char *text = NULL;
      g_autofree char *expected = NULL;
      gint64 back = 0;

      if (i % 3 == 0)
        timestamp -= timestamp % G_USEC_PER_SEC;
      else if (i % 3 == 1)
        timestamp -= timestamp % 1000;
      timestamp = MAX (timestamp, 1);
      text = fl_timestamp_format (timestamp);
      expected = reference_format (timestamp);
      g_assert_cmpstr (text, ==, expected);
      g_assert_true (fl_timestamp_parse (text, &back));
      g_assert_cmpint (back, ==, timestamp);
    }
}

static void
test_calendar_edges (void)
{
  static const struct
  {
    const char *text;
    gboolean    valid;
    gint64      seconds;
  } cases[] = {
    { "1970-01-01T00:00:01Z", TRUE, 1 },
    { "2000-02-29T12:00:00Z", TRUE, 951825600 },
    { "2024-02-29T00:00:00Z", TRUE, 1709164800 },
    { "1900-02-29T00:00:00Z", FALSE, 0 },
    { "2100-02-29T00:00:00Z", FALSE, 0 },
    { "2023-02-29T00:00:00Z", FALSE, 0 },
    { "2024-04-31T00:00:00Z", FALSE, 0 },
    { "2024-13-01T00:00:00Z", FALSE, 0 },
    { "2024-00-10T00:00:00Z", FALSE, 0 },
    { "2024-05-01T24:00:00Z", FALSE, 0 },
    { "2024-05-01T10:60:00Z", FALSE, 0 },
    { "2024-05-01T10:00:00", FALSE, 0 },       /* no zone: refused, not guessed */
    { "2024-05-01T1O:00:00Z", FALSE, 0 },
    { "1970-01-01T00:00:00Z", FALSE, 0 },      /* not after the epoch: "unset" */
    { "9999-12-31T23:59:59Z", TRUE, 253402300799 },
    /* The general parser's forms still work. */
    { "2024-05-01t10:00:00z", TRUE, 1714557600 },
    { "2024-05-01T12:00:00+02:00", TRUE, 1714557600 },
    { "2024-05-01T10:00:00.5Z", TRUE, 1714557600 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 value = 0;
      gboolean valid = fl_timestamp_parse (cases[i].text, &value);

      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (valid, ==, cases[i].valid);
      if (valid)
        g_assert_cmpint (value / G_USEC_PER_SEC, ==, cases[i].seconds);
    }
  {
    gint64 half = 0;

    g_assert_true (fl_timestamp_parse ("2024-05-01T10:00:00.5Z", &half));
    g_assert_cmpint (half % G_USEC_PER_SEC, ==, 500000);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/timestamp/format-and-parse-agree-with-gdatetime",
                   test_format_and_parse_agree_with_gdatetime);
  g_test_add_func ("/core/timestamp/calendar-edges", test_calendar_edges);
  return g_test_run ();
}

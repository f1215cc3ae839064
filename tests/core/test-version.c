/* test-version.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Product versions as support staff write them, and record times as UTCDate text:
 * the two small formats every "fixed in" and every SLA clock depends on.
 */
#include "config.h"

#include "frontline-core.h"

/* 2024-05-01T10:00:00Z */
#define MAY_FIRST G_GINT64_CONSTANT (1714557600000000)

static int
sign (int value)
{
  return value < 0 ? -1 : value > 0 ? 1 : 0;
}

static void
test_version_compare_table (void)
{
  static const struct
  {
    const char *a;
    const char *b;
    int         expected;
  } rows[] = {
    { "2.1", "2.4", -1 },
    { "2.9", "2.10", -1 },
    { "2.10", "10.0", -1 },
    { "2.1", "2.1.1", -1 },
    /* A missing part sorts first, even when the extra part is zero. */
    { "2.1", "2.1.0", -1 },
    { "3.0-beta", "3.0", -1 },
    { "3.0-rc1", "3.0", -1 },
    { "3.0-alpha", "3.0-beta", -1 },
    { "3.0-beta", "3.0-beta1", -1 },
    { "3.0-beta2", "3.0-beta1", 1 },
    { "3.0-beta10", "3.0-beta2", 1 },
    { "3.0-rc1", "3.0.1", -1 },
    { "2.1 build 5", "2.1 build 12", -1 },
    { "2.1", "2.1", 0 },
    { "2.10.3", "2.10.3", 0 },
    { "2.01", "2.1", 0 },
    /* Separators only separate. */
    { "2_1-3", "2.1.3", 0 },
    { "3.0-BETA2", "3.0-beta2", 0 },
    { "3.0-Beta", "3.0-beta1", -1 },
    { "V2.1", "v2.1", 0 },
    { "3.0-RC1", "3.0-beta1", 1 },
    { NULL, NULL, 0 },
    { NULL, "", 0 },
    { "", "", 0 },
    { NULL, "0.1", -1 },
    { "", "0", -1 },
    { "0.1", NULL, 1 },
    { "1.0", "", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_test_message ("“%s” against “%s”", rows[i].a, rows[i].b);
      g_assert_cmpint (sign (fl_version_compare (rows[i].a, rows[i].b)), ==, rows[i].expected);
      /* …and the other way round. */
      g_assert_cmpint (sign (fl_version_compare (rows[i].b, rows[i].a)), ==, -rows[i].expected);
    }
}

/* A list in ascending order must compare consistently pair by pair, or sorting by
 * version gives different answers depending on where a version started. */
static void
test_version_compare_orders_a_list (void)
{
  static const char * const ascending[] = {
    "", "0.9", "1.0-alpha", "1.0-beta", "1.0-beta2", "1.0-beta10", "1.0-rc1", "1.0",
    "1.0.1", "1.2", "1.2.1-beta", "1.2.1", "1.10", "2.0", "10.0",
  };

  for (guint i = 0; i < G_N_ELEMENTS (ascending); i++)
    for (guint j = 0; j < G_N_ELEMENTS (ascending); j++)
      {
        int expected = i < j ? -1 : i > j ? 1 : 0;

        g_test_message ("“%s” against “%s”", ascending[i], ascending[j]);
        g_assert_cmpint (sign (fl_version_compare (ascending[i], ascending[j])), ==, expected);
      }
}

/* Build numbers can be long (date stamps, CI counters); a run of digits is a
 * number of any size, never one that silently wraps around. */
static void
test_version_compare_long_digit_runs (void)
{
  /* 2^64 + 1 would wrap to 1 in a 64-bit accumulator. */
  g_assert_cmpint (sign (fl_version_compare ("1.18446744073709551617", "1.2")), ==, 1);
  /* 2^65 would wrap to 0. */
  g_assert_cmpint (sign (fl_version_compare ("1.36893488147419103232", "1.0")), ==, 1);
  g_assert_cmpint (sign (fl_version_compare ("1.000000000000000000000002", "1.2")), ==, 0);
}

static const struct
{
  gint64      timestamp;
  const char *text;
} formatted[] = {
  { MAY_FIRST, "2024-05-01T10:00:00Z" },
  { MAY_FIRST + 123000, "2024-05-01T10:00:00.123Z" },
  { MAY_FIRST + 123456, "2024-05-01T10:00:00.123456Z" },
  { MAY_FIRST + 100000, "2024-05-01T10:00:00.100Z" },
  { MAY_FIRST + 1000, "2024-05-01T10:00:00.001Z" },
  { MAY_FIRST + 1, "2024-05-01T10:00:00.000001Z" },
  { MAY_FIRST + 999999, "2024-05-01T10:00:00.999999Z" },
  { G_GINT64_CONSTANT (951782400000000), "2000-02-29T00:00:00Z" },
  { 1, "1970-01-01T00:00:00.000001Z" },
  { FL_TIMESTAMP_MAX, "9999-12-31T23:59:59.999999Z" },
};

static void
test_timestamp_format (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (formatted); i++)
    {
      g_autofree char *text = fl_timestamp_format (formatted[i].timestamp);

      g_assert_cmpstr (text, ==, formatted[i].text);
    }
}

static void
test_timestamp_format_unset (void)
{
  static const gint64 unset[] = { 0, -1, -MAY_FIRST, FL_TIMESTAMP_MAX + 1, G_MAXINT64 };

  for (guint i = 0; i < G_N_ELEMENTS (unset); i++)
    {
      g_autofree char *text = fl_timestamp_format (unset[i]);

      g_assert_null (text);
    }
}

static void
test_timestamp_parse (void)
{
  static const struct
  {
    const char *text;
    gint64      timestamp;
  } parsed[] = {
    { "2024-05-01T12:00:00+02:00", MAY_FIRST },
    { "2024-05-01T05:30:00-04:30", MAY_FIRST },
    { "2024-05-01T10:00:00+00:00", MAY_FIRST },
    { "2024-05-01t10:00:00Z", MAY_FIRST },
    { "2024-05-01T01:00:00+02:00", MAY_FIRST - 11 * G_TIME_SPAN_HOUR },
    { "2024-05-01T12:00:00.123+02:00", MAY_FIRST + 123000 },
    { "2024-05-01T10:00:00.5Z", MAY_FIRST + 500000 },
    { "2024-05-01T10:00:59.999999Z", MAY_FIRST + 59999999 },
  };

  /* Everything the formatter writes reads back as the same instant. */
  for (guint i = 0; i < G_N_ELEMENTS (formatted); i++)
    {
      gint64 value = 0;

      g_assert_true (fl_timestamp_parse (formatted[i].text, &value));
      g_assert_cmpint (value, ==, formatted[i].timestamp);
    }

  for (guint i = 0; i < G_N_ELEMENTS (parsed); i++)
    {
      gint64 value = 0;
      g_autofree char *utc = NULL;

      g_test_message ("%s", parsed[i].text);
      g_assert_true (fl_timestamp_parse (parsed[i].text, &value));
      g_assert_cmpint (value, ==, parsed[i].timestamp);

      /* Offsets are converted, so the text written back is always UTC. */
      utc = fl_timestamp_format (value);
      g_assert_true (g_str_has_suffix (utc, "Z"));
    }
}

/* RFC 3339 §5.6 lets "T" and "Z" be written in lower case, and the parser means to
 * take both: it checks for 't' and 'z' itself before handing the text to GLib. */
static void
test_timestamp_parse_lower_case_letters (void)
{
  static const char * const texts[] = {
    "2024-05-01t10:00:00Z",
    "2024-05-01T10:00:00z",
    "2024-05-01t10:00:00z",
    "2024-05-01t10:00:00.000z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      gint64 value = 0;

      g_test_message ("%s", texts[i]);
      g_assert_true (fl_timestamp_parse (texts[i], &value));
      g_assert_cmpint (value, ==, MAY_FIRST);
    }
}

static void
test_timestamp_round_trip_across_the_range (void)
{
  /* A prime stride reaches every microsecond digit and most of the calendar. */
  const gint64 stride = G_GINT64_CONSTANT (25340230079987);

  for (gint64 value = 1; value <= FL_TIMESTAMP_MAX; value += stride)
    {
      g_autofree char *text = fl_timestamp_format (value);
      gint64 back = 0;

      g_assert_nonnull (text);
      g_assert_true (fl_timestamp_parse (text, &back));
      g_assert_cmpint (back, ==, value);
    }
}

static void
test_timestamp_parse_rejects (void)
{
  static const char * const rejected[] = {
    "",
    "yesterday",
    "2024-05-01",
    "2024-05-01T10:00Z",
    "2024-05-01T10:00:00",
    "2024-05-01T10:00:00.123456",
    "2024-05-01 10:00:00Z",
    "2024-05-01T10:00:00+0200",
    "2024-05-01T10:00:00Zjunk",
    "2024-13-01T00:00:00Z",
    "2024-00-10T00:00:00Z",
    "2024-02-30T00:00:00Z",
    "2023-02-29T00:00:00Z",
    "2024-05-01T25:00:00Z",
    "2024-05-01T10:60:00Z",
    "2024-W18-3T10:00:00Z",
    "2024-122T10:00:00Z",
    "1969-12-31T23:59:59Z",
    /* The epoch itself is how an unset time is stored, so it cannot be a time. */
    "1970-01-01T00:00:00Z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (rejected); i++)
    {
      gint64 value = 42;

      g_test_message ("“%s”", rejected[i]);
      g_assert_false (fl_timestamp_parse (rejected[i], &value));
      /* A refused text leaves the caller's value alone. */
      g_assert_cmpint (value, ==, 42);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/version/compare/table", test_version_compare_table);
  g_test_add_func ("/core/version/compare/orders-a-list-consistently",
                   test_version_compare_orders_a_list);
  g_test_add_func ("/core/version/compare/long-digit-runs-do-not-wrap",
                   test_version_compare_long_digit_runs);
  g_test_add_func ("/core/timestamp/format/fraction-only-when-there-is-one", test_timestamp_format);
  g_test_add_func ("/core/timestamp/format/unset-is-null", test_timestamp_format_unset);
  g_test_add_func ("/core/timestamp/parse/converts-offsets-to-utc", test_timestamp_parse);
  g_test_add_func ("/core/timestamp/parse/accepts-lower-case-t-and-z",
                   test_timestamp_parse_lower_case_letters);
  g_test_add_func ("/core/timestamp/parse/round-trips-across-the-range",
                   test_timestamp_round_trip_across_the_range);
  g_test_add_func ("/core/timestamp/parse/rejects-what-is-not-a-utc-date",
                   test_timestamp_parse_rejects);

  return g_test_run ();
}

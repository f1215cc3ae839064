/* test-labels.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The words the console puts on a case: here the SLA countdown in its
 * header, which an agent reads to decide what to answer first.
 */
#define G_LOG_DOMAIN "Frontline-Test"

#include "config.h"

#include "fl-labels.h"

#define MINUTE ((gint64) G_USEC_PER_SEC * 60)
#define HOUR (60 * MINUTE)
#define DAY (24 * HOUR)

/* Any fixed instant will do: only the differences are shown. */
#define NOW ((gint64) 1795000000 * G_USEC_PER_SEC)

static void
assert_sla (gint64      due_at,
            const char *expected,
            gboolean    expected_pressing)
{
  gboolean pressing = !expected_pressing;
  g_autofree char *text = fl_label_sla (due_at, NOW, &pressing);

  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpint (pressing, ==, expected_pressing);
}

static void
test_sla_counts_down (void)
{
  assert_sla (NOW + 3 * DAY + 4 * HOUR, "SLA: 3 d 4 h left", FALSE);
  assert_sla (NOW + 2 * HOUR + 5 * MINUTE, "SLA: 2 h 05 min left", FALSE);
  assert_sla (NOW + HOUR, "SLA: 1 h 00 min left", FALSE);
  /* Under an hour it is pressing; part of a minute still counts as one. */
  assert_sla (NOW + 35 * MINUTE, "SLA: 35 min left", TRUE);
  assert_sla (NOW + 10 * G_USEC_PER_SEC, "SLA: 1 min left", TRUE);
}

static void
test_sla_says_when_it_is_breached (void)
{
  assert_sla (NOW, "SLA breached 1 min ago", TRUE);
  assert_sla (NOW - 10 * G_USEC_PER_SEC, "SLA breached 1 min ago", TRUE);
  assert_sla (NOW - 35 * MINUTE, "SLA breached 35 min ago", TRUE);
  assert_sla (NOW - 2 * DAY - HOUR, "SLA breached 2 d 1 h ago", TRUE);
}

static void
test_no_sla_no_label (void)
{
  gboolean pressing = TRUE;

  g_assert_null (fl_label_sla (0, NOW, &pressing));
  g_assert_false (pressing);
  g_assert_null (fl_label_sla (0, NOW, NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/labels/sla-counts-down", test_sla_counts_down);
  g_test_add_func ("/app/labels/sla-says-when-it-is-breached", test_sla_says_when_it_is_breached);
  g_test_add_func ("/app/labels/no-sla-no-label", test_no_sla_no_label);

  return g_test_run ();
}

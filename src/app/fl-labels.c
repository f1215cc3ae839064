/* fl-labels.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Enum values as agents say them. The nicks are protocol words ("tier2"); these
 * are for people, so they go through gettext.
 */
#define G_LOG_DOMAIN "Frontline-App"

#include "config.h"

#include <glib/gi18n.h>

#include "fl-labels.h"

const char *
fl_label_case_status (FlCaseStatus status)
{
  switch (status)
    {
    case FL_CASE_STATUS_NEW: return _("New");
    case FL_CASE_STATUS_OPEN: return _("Open");
    case FL_CASE_STATUS_PENDING: return _("Pending");
    case FL_CASE_STATUS_ESCALATED: return _("Escalated");
    case FL_CASE_STATUS_RESOLVED: return _("Resolved");
    case FL_CASE_STATUS_CLOSED: return _("Closed");
    default: return "";
    }
}

const char *
fl_label_case_priority (FlCasePriority priority)
{
  switch (priority)
    {
    case FL_CASE_PRIORITY_LOW: return _("Low priority");
    case FL_CASE_PRIORITY_NORMAL: return _("Normal priority");
    case FL_CASE_PRIORITY_HIGH: return _("High priority");
    case FL_CASE_PRIORITY_URGENT: return _("Urgent");
    default: return "";
    }
}

const char *
fl_label_case_tier (FlCaseTier tier)
{
  switch (tier)
    {
    case FL_CASE_TIER_TIER1: return _("Tier 1");
    case FL_CASE_TIER_TIER2: return _("Tier 2");
    case FL_CASE_TIER_ENGINEERING: return _("Engineering");
    default: return "";
    }
}

const char *
fl_label_interaction_kind (FlInteractionKind kind)
{
  switch (kind)
    {
    case FL_INTERACTION_KIND_CALL: return _("Call");
    case FL_INTERACTION_KIND_EMAIL: return _("E-mail");
    case FL_INTERACTION_KIND_NOTE: return _("Note");
    case FL_INTERACTION_KIND_STATUS: return _("Status change");
    case FL_INTERACTION_KIND_ESCALATION: return _("Escalation");
    case FL_INTERACTION_KIND_OFFER: return _("Offer");
    default: return "";
    }
}

const char *
fl_label_flaw_status (FlFlawStatus status)
{
  switch (status)
    {
    case FL_FLAW_STATUS_INVESTIGATING: return _("Investigating");
    case FL_FLAW_STATUS_WORKAROUND: return _("Workaround known");
    case FL_FLAW_STATUS_FIXED: return _("Fixed");
    case FL_FLAW_STATUS_RETIRED: return _("Retired");
    default: return "";
    }
}

char *
fl_label_time (gint64 timestamp)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (timestamp <= 0)
    return g_strdup ("");
  utc = g_date_time_new_from_unix_utc (timestamp / G_USEC_PER_SEC);
  if (utc == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (utc);
  /* Translators: a date and time in a case's conversation; see g_date_time_format() */
  return g_date_time_format (local, _("%e %b %Y, %H:%M"));
}

/* Whole minutes, rounded so that a countdown never says "0 min left" while
 * time remains, and a breach shows from its first minute. */
static char *
format_span (gint64 span)
{
  gint64 minute = (gint64) G_USEC_PER_SEC * 60;
  gint64 minutes = (span + minute - 1) / minute;
  gint64 hours = minutes / 60;
  gint64 days = hours / 24;

  if (days > 0)
    /* Translators: a span of time, days and hours, as in "2 d 5 h" */
    return g_strdup_printf (_("%d d %d h"), (int) days, (int) (hours % 24));
  if (hours > 0)
    /* Translators: a span of time, hours and minutes, as in "2 h 05 min" */
    return g_strdup_printf (_("%d h %02d min"), (int) hours, (int) (minutes % 60));
  /* Translators: a span of time in minutes, as in "35 min" */
  return g_strdup_printf (_("%d min"), (int) minutes);
}

char *
fl_label_sla (gint64    due_at,
              gint64    now,
              gboolean *pressing)
{
  g_autofree char *span = NULL;

  if (pressing != NULL)
    *pressing = FALSE;
  if (due_at <= 0)
    return NULL;
  if (due_at <= now)
    {
      if (pressing != NULL)
        *pressing = TRUE;
      span = format_span (MAX (now - due_at, 1));
      /* Translators: in a case's header: the answer promised is late by this long */
      return g_strdup_printf (_("SLA breached %s ago"), span);
    }
  if (pressing != NULL)
    *pressing = due_at - now < (gint64) G_USEC_PER_SEC * 60 * 60;
  span = format_span (due_at - now);
  /* Translators: in a case's header: the time left to answer as promised */
  return g_strdup_printf (_("SLA: %s left"), span);
}

/* fl-conflict-details.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A conflict as an agent reads it: which record (by its subject or name, not
 * its id), which fields, my value and the server's in words, and when. Read on
 * a pool thread from the local copy, which has the server's current version.
 */
#pragma once

#include "fl-store.h"

G_BEGIN_DECLS

typedef struct
{
  char *label;    /* "Status" */
  char *mine;     /* "Pending" */
  char *theirs;   /* "Escalated" */
} FlConflictField;

typedef struct
{
  gint64     seq;
  char      *name;     /* "Printer jams on tray 2" */
  char      *title;    /* "Case “Printer jams on tray 2” — Status" */
  char      *why;      /* what happened, in a sentence */
  gboolean   can_keep_mine;  /* FALSE when sending mine again can only be refused again */
  char      *when;     /* when each version was made, if known */
  GPtrArray *fields;   /* of FlConflictField, the ones that differ */
} FlConflictDetails;

void        fl_conflict_details_free  (FlConflictDetails *details);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlConflictDetails, fl_conflict_details_free)

/* Every conflict of the local copy, oldest first: a GPtrArray of
 * FlConflictDetails. Safe from any thread; blocks on SQLite. */
GPtrArray  *fl_conflict_details_read  (FlStore  *store,
                                       GError  **error);

G_END_DECLS

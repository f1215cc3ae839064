/* fl-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The console's window: sign-in, the first sync, then the lists (sidebar, list,
 * detail in an AdwLeaflet that folds down to one pane on a phone-width window).
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FL_TYPE_WINDOW (fl_window_get_type ())
G_DECLARE_FINAL_TYPE (FlWindow, fl_window, FL, WINDOW, AdwApplicationWindow)

FlWindow *fl_window_new           (GtkApplication *application);
/* Opens the signed-in profile and syncs in the background, or shows the
 * sign-in with @server_url (may be NULL) filled in. */
void      fl_window_start         (FlWindow       *self,
                                   const char     *server_url);
/* Screen pop: finds the customer with this phone number or e-mail address
 * in the local copy and opens them, a new case ready. */
void      fl_window_lookup_caller (FlWindow       *self,
                                   const char     *phone_or_email);
/* Opens case @case_id of the local copy (from a notification, app.open-case). */
void      fl_window_open_case     (FlWindow       *self,
                                   const char     *case_id);

G_END_DECLS

/* fl-application.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlApplication is the console's single instance: it reads the command line
 * (--server, FRONTLINE_SERVER), opens the window and exports app.lookup-caller
 * on the session bus for screen pops from phone systems and frontlinectl.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FL_TYPE_APPLICATION (fl_application_get_type ())
G_DECLARE_FINAL_TYPE (FlApplication, fl_application, FL, APPLICATION, AdwApplication)

FlApplication *fl_application_new (void);

G_END_DECLS

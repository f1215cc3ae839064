/* fl-sign-in-page.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sign-in form: server address, login and password. It only collects and
 * checks what was typed; the window signs in and tells it how that went.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FL_TYPE_SIGN_IN_PAGE (fl_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (FlSignInPage, fl_sign_in_page, FL, SIGN_IN_PAGE, AdwBin)

void fl_sign_in_page_set_server (FlSignInPage *self,
                                 const char   *server_url);
void fl_sign_in_page_set_login  (FlSignInPage *self,
                                 const char   *login);
/* While busy the form is insensitive and a spinner turns. */
void fl_sign_in_page_set_busy   (FlSignInPage *self,
                                 gboolean      busy);
/* NULL hides the message. */
void fl_sign_in_page_set_error  (FlSignInPage *self,
                                 const char   *message);
void fl_sign_in_page_focus      (FlSignInPage *self);

G_END_DECLS

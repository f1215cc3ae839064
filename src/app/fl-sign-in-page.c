/* fl-sign-in-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Emits ::sign-in with what was typed once all three fields have something;
 * the window does the signing in, so this page never holds a password longer
 * than the signal.
 */
#define G_LOG_DOMAIN "Frontline-App"

#include "config.h"

#include <glib/gi18n.h>

#include "fl-sign-in-page.h"

struct _FlSignInPage
{
  AdwBin        parent_instance;

  GtkEntry     *server_entry;
  GtkEntry     *login_entry;
  GtkWidget    *password_entry;
  GtkLabel     *error_label;
  GtkButton    *sign_in_button;
  GtkSpinner   *spinner;
  gboolean      busy;
};

G_DEFINE_FINAL_TYPE (FlSignInPage, fl_sign_in_page, ADW_TYPE_BIN)

enum {
  SIGN_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
entry_text (GtkWidget *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static gboolean
complete (FlSignInPage *self)
{
  return *entry_text (GTK_WIDGET (self->server_entry)) != '\0'
         && *entry_text (GTK_WIDGET (self->login_entry)) != '\0'
         && *entry_text (self->password_entry) != '\0';
}

static void
on_changed (FlSignInPage *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), complete (self) && !self->busy);
}

/* A bare host name is what people type; the server speaks HTTP(S). */
static char *
normalise_server (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (g_str_has_suffix (stripped, "/"))
    stripped[strlen (stripped) - 1] = '\0';
  if (strstr (stripped, "://") == NULL)
    return g_strconcat ("https://", stripped, NULL);
  return g_steal_pointer (&stripped);
}

static void
on_activate (FlSignInPage *self)
{
  g_autofree char *server = NULL;
  g_autofree char *login = NULL;

  if (!complete (self) || self->busy)
    return;
  server = normalise_server (entry_text (GTK_WIDGET (self->server_entry)));
  login = g_strstrip (g_strdup (entry_text (GTK_WIDGET (self->login_entry))));
  g_signal_emit (self, signals[SIGN_IN], 0, server, login, entry_text (self->password_entry));
}

static void
fl_sign_in_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_SIGN_IN_PAGE);

  G_OBJECT_CLASS (fl_sign_in_page_parent_class)->dispose (object);
}

static void
fl_sign_in_page_class_init (FlSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_sign_in_page_dispose;

  /**
   * FlSignInPage::sign-in:
   * @server_url: with a scheme, without a trailing slash
   */
  signals[SIGN_IN] = g_signal_new ("sign-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                   G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/frontlinedesk/Frontline/fl-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlSignInPage, server_entry);
  gtk_widget_class_bind_template_child (widget_class, FlSignInPage, login_entry);
  gtk_widget_class_bind_template_child (widget_class, FlSignInPage, password_entry);
  gtk_widget_class_bind_template_child (widget_class, FlSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, FlSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, FlSignInPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);
}

static void
fl_sign_in_page_init (FlSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
fl_sign_in_page_set_server (FlSignInPage *self,
                            const char   *server_url)
{
  g_return_if_fail (FL_IS_SIGN_IN_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->server_entry), server_url != NULL ? server_url : "");
}

void
fl_sign_in_page_set_login (FlSignInPage *self,
                           const char   *login)
{
  g_return_if_fail (FL_IS_SIGN_IN_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->login_entry), login != NULL ? login : "");
}

void
fl_sign_in_page_set_busy (FlSignInPage *self,
                          gboolean      busy)
{
  g_return_if_fail (FL_IS_SIGN_IN_PAGE (self));

  self->busy = busy;
  /* An entry made insensitive while it has the focus never gets its focus-out
   * (GTK warns); drop the focus first, fl_sign_in_page_focus() puts it back. */
  if (busy && gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    gtk_root_set_focus (gtk_widget_get_root (GTK_WIDGET (self)), NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_entry), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->login_entry), !busy);
  gtk_widget_set_sensitive (self->password_entry, !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  if (!busy)
    gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  on_changed (self);
}

void
fl_sign_in_page_set_error (FlSignInPage *self,
                           const char   *message)
{
  g_return_if_fail (FL_IS_SIGN_IN_PAGE (self));

  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_label),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, message, -1);
}

void
fl_sign_in_page_focus (FlSignInPage *self)
{
  g_return_if_fail (FL_IS_SIGN_IN_PAGE (self));

  if (*entry_text (GTK_WIDGET (self->server_entry)) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->server_entry));
  else if (*entry_text (GTK_WIDGET (self->login_entry)) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->login_entry));
  else
    gtk_widget_grab_focus (self->password_entry);
}

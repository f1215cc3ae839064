/* fl-window-new-case.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlWindow's "New Case" (Ctrl+N, the menu, the list's "+" and the customer
 * view's quick subject): one form for every new case, so each one has its
 * customer and product. The customer on screen, or the open case's, is filled
 * in; the new case opens once the outbox has it.
 */
#define G_LOG_DOMAIN "Frontline-App"

#include "config.h"

#include "fl-new-case-window.h"
#include "fl-window-private.h"

static void
on_new_case_created (FlWindow   *self,
                     const char *case_id)
{
  _fl_window_show_new_case (self, case_id);
}

static FlNewCaseWindow *
open_new_case_window (FlWindow   *self,
                      const char *customer_id)
{
  FlNewCaseWindow *window = fl_new_case_window_new (GTK_WINDOW (self), self->engine);

  if (customer_id != NULL)
    fl_new_case_window_set_customer (window, customer_id);
  g_signal_connect_object (window, "case-created", G_CALLBACK (on_new_case_created), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* The customer the agent is looking at: theirs, or the open case's. */
static const char *
shown_customer (FlWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->detail_stack);

  if (g_strcmp0 (page, "customer") == 0)
    return fl_customer_view_get_customer_id (self->customer_view);
  if (g_strcmp0 (page, "case") == 0)
    return fl_case_view_get_customer_id (self->case_view);
  return NULL;
}

void
_fl_window_new_case_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  FlWindow *self = FL_WINDOW (widget);

  /* Before the first sync there is nobody to pick from. */
  if (self->engine == NULL || self->model == NULL)
    return;
  open_new_case_window (self, shown_customer (self));
}

void
_fl_window_on_customer_new_case (FlWindow   *self,
                                 const char *subject)
{
  FlNewCaseWindow *window;

  g_return_if_fail (FL_IS_WINDOW (self));

  window = open_new_case_window (self, fl_customer_view_get_customer_id (self->customer_view));
  fl_new_case_window_set_subject (window, subject);
}

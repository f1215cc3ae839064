/* fl-window-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlWindow's instance, shared by the files it is split into: the lists and
 * syncing (fl-window.c), signing in (fl-window-sign-in.c), a flaw's or an
 * offer's details (fl-window-record.c) and new cases (fl-window-new-case.c).
 */
#pragma once

#include "fl-case-actions.h"
#include "fl-case-watcher.h"
#include "fl-case-view.h"
#include "fl-conflicts-page.h"
#include "fl-customer-view.h"
#include "fl-record-list-model.h"
#include "fl-sign-in-page.h"
#include "fl-sync-engine.h"
#include "fl-sync-indicator.h"
#include "fl-window.h"

G_BEGIN_DECLS

struct _FlWindow
{
  AdwApplicationWindow  parent_instance;

  FlSyncEngine       *engine;
  FlRecordListModel  *model;
  GCancellable       *cancellable;
  GCancellable       *record_cancellable;   /* the flaw or offer being read */
  guint               section;
  char               *agent_id;
  char               *agent_name;
  gboolean            asking_who;     /* until then "My cases" cannot be known empty */
  guint               sync_timer;
  guint               busy_retry;     /* a sync asked for while the engine was busy */
  gboolean            syncing;
  gboolean            sync_again;
  char               *pending_lookup;
  gboolean            first_frame_reported;
  guint               trim_id;
  FlCaseWatcher      *case_watcher;

  AdwToastOverlay    *toast_overlay;
  GtkStack           *stack;
  FlSignInPage       *sign_in_page;
  GtkProgressBar     *first_sync_progress;
  AdwLeaflet         *leaflet;
  GtkListBox         *sidebar_list;
  GtkWidget          *list_pane;
  GtkWidget          *detail_pane;
  AdwWindowTitle     *list_title;
  AdwWindowTitle     *detail_title;
  FlSyncIndicator    *sync_indicator;
  GtkLabel           *count_label;
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  AdwStatusPage      *empty_page;
  GtkStack           *detail_stack;
  FlCaseView         *case_view;
  FlCaseActions      *case_actions;
  FlCustomerView     *customer_view;
  AdwStatusPage      *record_page;
  FlConflictsPage    *conflicts_page;
};

/* fl-window.c */
void     _fl_window_toast            (FlWindow     *self,
                                      const char   *message);
void     _fl_window_start_first_sync (FlWindow     *self);
/* Shows detail page @page ("case", "conflicts"…) titled @title. */
void     _fl_window_show_detail      (FlWindow     *self,
                                      const char   *page,
                                      const char   *title);

/* fl-window-sync-events.c: conflicts to review, notifications of cases
 * assigned or escalated to me */
void     _fl_window_sync_events_class_init (GtkWidgetClass *widget_class);
void     _fl_window_sync_events_init       (FlWindow       *self);
/* The engine is there: follow it. */
void     _fl_window_sync_events_start      (FlWindow       *self);
void     _fl_window_sync_events_dispose    (FlWindow       *self);
/* The notification for a case event: title, the case's subject, and opening
 * the case as its default action. */
GNotification *_fl_window_case_notification (FlCaseEvent  event,
                                             const char  *case_id,
                                             const char  *subject);

/* A case just created: open it, and send it. */
void     _fl_window_show_new_case    (FlWindow     *self,
                                      const char   *case_id);

/* fl-window-new-case.c: the New Case window, from win.new-case or the
 * customer view's quick subject */
void     _fl_window_new_case_action  (GtkWidget    *widget,
                                      const char   *action_name,
                                      GVariant     *parameter);
void     _fl_window_on_customer_new_case (FlWindow   *self,
                                          const char *subject);

/* fl-window-record.c: shows a flaw's or an offer's details in the record page */
void     _fl_window_read_record_details (FlWindow   *self,
                                         GType       type,
                                         const char *id);

/* fl-window-sign-in.c */
void     _fl_window_show_sign_in     (FlWindow     *self,
                                      const char   *server_url,
                                      const char   *message);
void     _fl_window_on_sign_in       (FlWindow     *self,
                                      const char   *server_url,
                                      const char   *login,
                                      const char   *password);
/* The profile the last sign-in left signed in (it has a token), or NULL. */
char    *_fl_window_signed_in_profile (void);

G_END_DECLS

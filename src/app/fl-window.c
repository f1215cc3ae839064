/* fl-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window owns the sync engine of the signed-in profile. Every list and
 * view reads the engine's local copy through its pool, so nothing on screen
 * waits for the network; syncs run in the background and the lists reload
 * when one has finished.
 */
#define G_LOG_DOMAIN "Frontline-App"

#include "config.h"

#include <glib/gi18n.h>
#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

#include "fl-jmap-client.h"
#include "fl-record-item.h"
#include "fl-record-row.h"
#include "fl-store-server.h"
#include "fl-store-sync.h"
#include "fl-window-private.h"

/* How often the console asks the server for changes on its own. */
#define SYNC_INTERVAL_SECONDS 60
/* After "busy": the engine's own sync (a live push or pull) takes milliseconds. */
#define BUSY_RETRY_MS 300

/* How long after the last list or case was read the heap is trimmed. */
#define TRIM_DELAY_MS 500

typedef enum
{
  MINE_NO,
  MINE_YES,
} Mine;

typedef struct
{
  const char       *title;
  FlRecordListKind  kind;
  guint             statuses;
  Mine              mine;
  const char       *empty;
} Section;

static const Section sections[] = {
  { N_("My cases"), FL_RECORD_LIST_CASES, FL_CASE_STATUSES_ACTIVE, MINE_YES,
    N_("No open cases are assigned to you") },
  { N_("Team queue"), FL_RECORD_LIST_CASES, FL_CASE_STATUSES_ACTIVE, MINE_NO,
    N_("The team has no open cases") },
  { N_("Escalated"), FL_RECORD_LIST_CASES, FL_CASE_STATUS_MASK (FL_CASE_STATUS_ESCALATED), MINE_NO,
    N_("No case is escalated") },
  { N_("Customers"), FL_RECORD_LIST_CUSTOMERS, 0, MINE_NO, N_("No customers yet") },
  { N_("Known flaws"), FL_RECORD_LIST_FLAWS, 0, MINE_NO, N_("No known flaws") },
  { N_("Offers"), FL_RECORD_LIST_OFFERS, 0, MINE_NO, N_("No offers") },
};

#define SECTION_CUSTOMERS 3

/* "My cases" before we know who "my" is: an assignee no case has. */
#define NOBODY_YET "-"


G_DEFINE_FINAL_TYPE (FlWindow, fl_window, ADW_TYPE_APPLICATION_WINDOW)

static void request_sync (FlWindow *self);
static gboolean on_busy_retry (gpointer user_data);
static void update_list_state (FlWindow *self);
static void show_section (FlWindow *self,
                          guint     section);

void
_fl_window_toast (FlWindow   *self,
                  const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* --- who is signed in ----------------------------------------------------------- */

typedef struct
{
  char    *login;
  FlAgent *agent;
} Who;

static void
who_free (gpointer data)
{
  Who *who = data;

  g_free (who->login);
  g_clear_object (&who->agent);
  g_free (who);
}

static gpointer
who_job (FlStore       *store,
         gpointer       job_data,
         GCancellable  *cancellable,
         GError       **error)
{
  Who *who = g_new0 (Who, 1);
  g_autoptr(GError) local = NULL;

  who->login = fl_store_sync_get (store, "login", &local);
  if (who->login != NULL)
    who->agent = fl_store_find_agent_by_login (store, who->login, NULL);
  return who;
}

static void
set_my_agent (FlWindow   *self,
              const char *agent_id,
              const char *name)
{
  gboolean changed = g_strcmp0 (agent_id, self->agent_id) != 0;

  g_free (self->agent_id);
  self->agent_id = g_strdup (agent_id);
  g_free (self->agent_name);
  self->agent_name = g_strdup (name);
  fl_case_view_set_author (self->case_view, agent_id, name);
  fl_case_actions_set_agent (self->case_actions, agent_id, name);
  if (changed && sections[self->section].mine == MINE_YES)
    show_section (self, self->section);
}

static void
on_who (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(FlWindow) self = user_data;
  Who *who = fl_store_pool_finish (FL_STORE_POOL (source), result, NULL);

  self->asking_who = FALSE;
  if (who == NULL)
    return;
  if (who->agent != NULL)
    set_my_agent (self, fl_entity_get_id (FL_ENTITY (who->agent)),
                  fl_agent_get_display_name (who->agent));
  else
    set_my_agent (self, NULL, who->login);
  who_free (who);
  if (self->model != NULL)
    update_list_state (self);
}

static void
find_who (FlWindow *self)
{
  self->asking_who = TRUE;
  fl_store_pool_read_async (fl_sync_engine_get_pool (self->engine), who_job, NULL, NULL, who_free,
                            self->cancellable, on_who, g_object_ref (self));
}

/* --- memory ---------------------------------------------------------------------- */

/* Rows and cases are read on pool threads and freed here, so the heap ends up
 * with holes that the C library keeps for later: after scrolling a long queue
 * and opening cases, about 15 MB of the console's memory was free but not
 * given back. Once reading settles, give it back (a few milliseconds, once). */
static gboolean
trim_heap (gpointer user_data)
{
  FlWindow *self = user_data;

  self->trim_id = 0;
#ifdef HAVE_MALLOC_TRIM
  malloc_trim (0);
#endif
  return G_SOURCE_REMOVE;
}

static void
trim_heap_when_settled (FlWindow *self)
{
  g_clear_handle_id (&self->trim_id, g_source_remove);
  self->trim_id = g_timeout_add_full (G_PRIORITY_LOW, TRIM_DELAY_MS, trim_heap, self, NULL);
}

static void
on_case_view_loading (FlWindow *self)
{
  if (!fl_case_view_get_loading (self->case_view))
    trim_heap_when_settled (self);
}

/* --- the startup benchmark's hook ----------------------------------------------- */

/* FRONTLINE_REPORT_FIRST_FRAME=PATH: once the list first has rows, the window
 * writes to PATH the time (g_get_monotonic_time (), CLOCK_MONOTONIC, in µs) at
 * which the first frame showing them was painted, so that
 * tests/bench/frontline-bench-console can time a start against its own clock. */
#define REPORT_FIRST_FRAME_ENV "FRONTLINE_REPORT_FIRST_FRAME"

static void
on_first_rows_painted (GdkFrameClock *clock,
                       FlWindow      *self)
{
  g_autofree char *line = g_strdup_printf ("%" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_autoptr(GError) error = NULL;

  g_signal_handlers_disconnect_by_func (clock, on_first_rows_painted, self);
  if (!g_file_set_contents (g_getenv (REPORT_FIRST_FRAME_ENV), line, -1, &error))
    g_warning ("Cannot report the first frame: %s", error->message);
}

static void
report_first_frame (FlWindow *self)
{
  GdkFrameClock *clock;

  if (self->first_frame_reported || g_getenv (REPORT_FIRST_FRAME_ENV) == NULL)
    return;
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  if (clock == NULL)
    return;
  self->first_frame_reported = TRUE;
  /* The rows are laid out and drawn in the next frame the change asked for. */
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_first_rows_painted), self, 0);
}

/* --- the lists -------------------------------------------------------------- */

static void
update_list_state (FlWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  /* "My cases" read before the window knows who is signed in is nobody's:
   * saying "no open cases are assigned to you" then would be untrue. */
  gboolean loading = fl_record_list_model_get_loading (self->model)
                     || (sections[self->section].mine == MINE_YES && self->asking_who);
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *count = NULL;

  if (!loading)
    switch (sections[self->section].kind)
      {
      case FL_RECORD_LIST_CASES:
        count = g_strdup_printf (ngettext ("%u case", "%u cases", n), n);
        break;
      case FL_RECORD_LIST_CUSTOMERS:
        count = g_strdup_printf (ngettext ("%u customer", "%u customers", n), n);
        break;
      case FL_RECORD_LIST_FLAWS:
        count = g_strdup_printf (ngettext ("%u flaw", "%u flaws", n), n);
        break;
      case FL_RECORD_LIST_OFFERS:
        count = g_strdup_printf (ngettext ("%u offer", "%u offers", n), n);
        break;
      default:
        g_assert_not_reached ();
      }
  gtk_label_set_label (self->count_label, count != NULL ? count : "");
  if (n == 0 && !loading)
    {
      if (*search != '\0')
        {
          adw_status_page_set_title (self->empty_page, _("No Matches"));
          adw_status_page_set_description (self->empty_page, _("Try other words, a phone number or an e-mail address"));
        }
      else
        {
          adw_status_page_set_title (self->empty_page, _("Nothing Here"));
          adw_status_page_set_description (self->empty_page, _(sections[self->section].empty));
        }
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  if (n > 0 && !loading)
    report_first_frame (self);
  if (!loading)
    trim_heap_when_settled (self);
}

static void
show_section (FlWindow *self,
              guint     section)
{
  const Section *spec = &sections[section];
  const char *assignee = NULL;

  g_assert (FL_IS_WINDOW (self));
  g_assert (section < G_N_ELEMENTS (sections));

  self->section = section;
  if (spec->mine == MINE_YES)
    assignee = self->agent_id != NULL ? self->agent_id : NOBODY_YET;
  adw_window_title_set_title (self->list_title, _(spec->title));
  fl_record_list_model_set_query (self->model, spec->kind, spec->statuses, assignee, NULL);
  gtk_list_box_select_row (self->sidebar_list, gtk_list_box_get_row_at_index (self->sidebar_list, (int) section));
}

static void
on_sidebar_row_activated (FlWindow      *self,
                          GtkListBoxRow *row)
{
  show_section (self, (guint) gtk_list_box_row_get_index (row));
  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
}

/* Alt+1 … Alt+6: the sidebar's lists from the keyboard, wherever the focus is. */
static void
show_section_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FlWindow *self = FL_WINDOW (widget);
  guint section = g_variant_get_uint32 (parameter);

  if (self->model == NULL || section >= G_N_ELEMENTS (sections))
    return;
  show_section (self, section);
  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
on_search_changed (FlWindow *self)
{
  fl_record_list_model_set_search_text (self->model, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_stop_search (FlWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
show_detail (FlWindow   *self,
             const char *page,
             const char *title)
{
  gtk_stack_set_visible_child_name (self->detail_stack, page);
  if (!g_str_equal (page, "case"))
    fl_case_actions_set_case (self->case_actions, NULL);
  adw_window_title_set_title (self->detail_title, title);
  adw_leaflet_set_visible_child (self->leaflet, self->detail_pane);
}

static void
open_case (FlWindow   *self,
           const char *case_id)
{
  /* The actions wait for the case to be on screen ("case-shown"), so that
   * they act on what the agent sees. */
  fl_case_actions_set_case (self->case_actions, NULL);
  fl_case_view_set_case (self->case_view, case_id);
  show_detail (self, "case", _("Case"));
}

void
_fl_window_show_detail (FlWindow   *self,
                        const char *page,
                        const char *title)
{
  show_detail (self, page, title);
}

void
fl_window_open_case (FlWindow   *self,
                     const char *case_id)
{
  g_return_if_fail (FL_IS_WINDOW (self));
  g_return_if_fail (case_id != NULL);

  if (self->model == NULL)
    return;
  open_case (self, case_id);
}

static void
open_customer (FlWindow   *self,
               const char *customer_id)
{
  fl_customer_view_set_customer (self->customer_view, customer_id);
  show_detail (self, "customer", _("Customer"));
}

static void
on_list_activate (FlWindow *self,
                  guint     position)
{
  g_autoptr(FlRecordItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (item == NULL || !fl_record_item_get_loaded (item))
    return;
  switch (fl_record_list_model_get_kind (self->model))
    {
    case FL_RECORD_LIST_CASES:
      open_case (self, fl_record_item_get_id (item));
      break;
    case FL_RECORD_LIST_CUSTOMERS:
      open_customer (self, fl_record_item_get_id (item));
      break;
    case FL_RECORD_LIST_FLAWS:
    case FL_RECORD_LIST_OFFERS:
      adw_status_page_set_title (self->record_page, fl_record_item_get_title (item));
      adw_status_page_set_description (self->record_page, NULL);
      show_detail (self, "record", fl_record_list_model_get_kind (self->model) == FL_RECORD_LIST_FLAWS
                                   ? _("Known flaw") : _("Offer"));
      _fl_window_read_record_details (self, fl_record_list_model_get_kind (self->model) == FL_RECORD_LIST_FLAWS
                                            ? FL_TYPE_FLAW : FL_TYPE_OFFER,
                                      fl_record_item_get_id (item));
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
on_customer_case_activated (FlWindow   *self,
                            const char *case_id)
{
  open_case (self, case_id);
}

/* A case just made (fl-window-new-case.c): open it to note the call. */
void
_fl_window_show_new_case (FlWindow   *self,
                          const char *case_id)
{
  open_case (self, case_id);
  fl_case_view_focus_note (self->case_view);
  request_sync (self);
}

static void
on_case_shown (FlWindow *self,
               FlCase   *the_case)
{
  if (g_str_equal (gtk_stack_get_visible_child_name (self->detail_stack), "case"))
    fl_case_actions_set_case (self->case_actions, the_case);
}

static void
on_note_added (FlWindow *self)
{
  request_sync (self);
}

/* An action changed the case: show it as it is now, and send the change. */
static void
on_case_changed (FlWindow   *self,
                 const char *case_id)
{
  if (g_strcmp0 (fl_case_view_get_case_id (self->case_view), case_id) == 0)
    fl_case_view_reload (self->case_view);
  request_sync (self);
}

static void
on_case_change_failed (FlWindow   *self,
                       const char *case_id,
                       const char *message)
{
  _fl_window_toast (self, message);
}

static void
build_sidebar (FlWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      GtkWidget *label = gtk_label_new (_(sections[i].title));
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(sections[i].title), -1);
      gtk_list_box_append (self->sidebar_list, row);
    }
}

/* --- syncing ---------------------------------------------------------------- */

static void
on_first_sync_progress (FlWindow *self)
{
  guint64 total = fl_sync_engine_get_progress_total (self->engine);
  guint64 done = fl_sync_engine_get_progress_done (self->engine);

  if (total > 0)
    {
      /* Translators: the first sync's progress, records copied of all */
      g_autofree char *text = g_strdup_printf (_("%u of %u records"),
                                               (guint) MIN (done, G_MAXUINT), (guint) MIN (total, G_MAXUINT));

      gtk_progress_bar_set_fraction (self->first_sync_progress, (double) done / (double) total);
      gtk_progress_bar_set_text (self->first_sync_progress, text);
    }
  else
    gtk_progress_bar_pulse (self->first_sync_progress);
}

static void
on_engine_synced (FlWindow *self)
{
  if (self->model != NULL && fl_case_view_get_case_id (self->case_view) != NULL
      && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "main") == 0)
    fl_case_view_refresh (self->case_view);
}

static void
show_main (FlWindow *self)
{
  g_autoptr(GtkSelectionModel) selection = NULL;

  if (self->model == NULL)
    {
      self->model = fl_record_list_model_new (fl_sync_engine_get_pool (self->engine));
      g_signal_connect_swapped (self->model, "notify::n-items", G_CALLBACK (update_list_state), self);
      g_signal_connect_swapped (self->model, "notify::loading", G_CALLBACK (update_list_state), self);
      selection = GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model))));
      gtk_single_selection_set_autoselect (GTK_SINGLE_SELECTION (selection), FALSE);
      gtk_single_selection_set_can_unselect (GTK_SINGLE_SELECTION (selection), TRUE);
      gtk_list_view_set_model (self->list_view, selection);
      fl_case_view_set_engine (self->case_view, self->engine);
      fl_case_actions_set_engine (self->case_actions, self->engine);
      fl_customer_view_set_engine (self->customer_view, self->engine);
      fl_sync_indicator_set_engine (self->sync_indicator, self->engine);
      _fl_window_sync_events_start (self);
      show_section (self, 0);
      /* Other agents' work arrives as it happens: each pull the engine makes
       * on its own refreshes the open case. The lists follow at the next sync
       * the window asks for, so they never move under the agent's pointer. */
      g_signal_connect_swapped (self->engine, "notify::last-sync", G_CALLBACK (on_engine_synced), self);
      fl_sync_engine_start_live (self->engine);
    }
  gtk_stack_set_visible_child_name (self->stack, "main");
  find_who (self);
  if (self->pending_lookup != NULL)
    {
      g_autofree char *lookup = g_steal_pointer (&self->pending_lookup);

      fl_window_lookup_caller (self, lookup);
    }
}

static gboolean
is_signed_out (const GError *error)
{
  return g_error_matches (error, FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_UNAUTHORIZED)
         || g_error_matches (error, FL_SYNC_ERROR, FL_SYNC_ERROR_NOT_SIGNED_IN)
         || g_error_matches (error, FL_SYNC_ERROR, FL_SYNC_ERROR_SIGNED_OUT);
}

static void
on_synced (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FlWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean first = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "first-sync") == 0;

  self->syncing = FALSE;
  g_signal_handlers_disconnect_by_func (source, on_first_sync_progress, self);
  if (!fl_sync_engine_sync_finish (FL_SYNC_ENGINE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (is_signed_out (error))
        {
          if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "sign-in") == 0)
            return;
          _fl_window_show_sign_in (self, NULL, _("Your session has ended. Sign in again to keep your copy up to date."));
          return;
        }
      if (g_error_matches (error, FL_SYNC_ERROR, FL_SYNC_ERROR_BUSY))
        {
          /* The engine is syncing on its own (live updates): nothing has
           * changed here, so nothing is read again; ask once more shortly,
           * not at once, or the two would spin against each other. */
          if (self->busy_retry == 0)
            self->busy_retry = g_timeout_add (BUSY_RETRY_MS, on_busy_retry, self);
          return;
        }
      if (!g_error_matches (error, FL_JMAP_CLIENT_ERROR, FL_JMAP_CLIENT_ERROR_NETWORK))
        _fl_window_toast (self, _("Sync failed; your changes are kept and will be sent later"));
      g_debug ("Sync: %s", error->message);
    }
  if (first)
    show_main (self);
  else if (self->model != NULL)
    {
      fl_record_list_model_reload (self->model);
      if (fl_case_view_get_case_id (self->case_view) != NULL)
        fl_case_view_reload (self->case_view);
      if (self->agent_id == NULL)
        find_who (self);
    }
  if (self->sync_again)
    {
      self->sync_again = FALSE;
      request_sync (self);
    }
}

static gboolean
on_busy_retry (gpointer user_data)
{
  FlWindow *self = user_data;

  self->busy_retry = 0;
  request_sync (self);
  return G_SOURCE_REMOVE;
}

static void
request_sync (FlWindow *self)
{
  g_assert (FL_IS_WINDOW (self));

  if (self->engine == NULL || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "sign-in") == 0)
    return;
  if (self->syncing)
    {
      /* A note added during a sync waits for the next one, straight after. */
      self->sync_again = TRUE;
      return;
    }
  self->syncing = TRUE;
  fl_sync_engine_sync_async (self->engine, self->cancellable, on_synced, g_object_ref (self));
}

static gboolean
on_sync_timer (gpointer user_data)
{
  request_sync (FL_WINDOW (user_data));
  return G_SOURCE_CONTINUE;
}

void
_fl_window_start_first_sync (FlWindow *self)
{
  gtk_progress_bar_set_fraction (self->first_sync_progress, 0);
  gtk_progress_bar_set_text (self->first_sync_progress, _("Connecting…"));
  gtk_stack_set_visible_child_name (self->stack, "first-sync");
  g_signal_connect_swapped (self->engine, "notify::progress-done", G_CALLBACK (on_first_sync_progress), self);
  request_sync (self);
}

/* --- screen pop ------------------------------------------------------------- */

static gpointer
lookup_job (FlStore       *store,
            gpointer       job_data,
            GCancellable  *cancellable,
            GError       **error)
{
  return fl_store_lookup_customers (store, job_data, 10, error);
}

typedef struct
{
  FlWindow *self;
  char     *text;
  gboolean  asked_server;
} Lookup;

static void lookup_locally (Lookup *lookup);

static void
lookup_free (Lookup *lookup)
{
  g_object_unref (lookup->self);
  g_free (lookup->text);
  g_free (lookup);
}

/* The server has copied any customer it knows with that number or address
 * into the local copy: look there again. */
static void
on_server_looked_up (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = fl_sync_engine_lookup_customers_finish (FL_SYNC_ENGINE (source), result, &error);
  g_autofree char *message = NULL;

  if (ids != NULL && ids->len > 0)
    {
      lookup->asked_server = TRUE;
      lookup_locally (lookup);
      return;
    }
  if (ids != NULL)
    message = g_strdup_printf (_("No customer with “%s”, here or on the server"), lookup->text);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("Caller lookup on the server: %s", error->message);
      message = g_strdup_printf (_("No customer with “%s” in the local copy, and the server cannot be reached"),
                                 lookup->text);
    }
  if (message != NULL)
    _fl_window_toast (lookup->self, message);
  lookup_free (lookup);
}

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Lookup *lookup = user_data;
  FlWindow *self = lookup->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);

  if (found == NULL)
    g_warning ("Caller lookup failed: %s", error->message);
  else if (found->len == 0 && !lookup->asked_server)
    {
      fl_sync_engine_lookup_customers_async (self->engine, lookup->text, self->cancellable,
                                             on_server_looked_up, lookup);
      return;
    }
  else if (found->len == 0)
    {
      g_autofree char *message = g_strdup_printf (_("No customer with “%s” in the local copy"), lookup->text);

      _fl_window_toast (self, message);
    }
  else
    {
      /* The customers list shows everyone who matches; the first opens. */
      show_section (self, SECTION_CUSTOMERS);
      gtk_search_bar_set_search_mode (self->search_bar, TRUE);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), lookup->text);
      fl_record_list_model_set_search_text (self->model, lookup->text);
      open_customer (self, fl_entity_get_id (g_ptr_array_index (found, 0)));
      fl_customer_view_focus_new_case (self->customer_view);
      if (found->len > 1)
        {
          g_autofree char *message = g_strdup_printf (ngettext ("%u customer matches “%s”",
                                                                "%u customers match “%s”", found->len),
                                                      found->len, lookup->text);

          _fl_window_toast (self, message);
        }
    }
  lookup_free (lookup);
}

static void
lookup_locally (Lookup *lookup)
{
  fl_store_pool_read_async (fl_sync_engine_get_pool (lookup->self->engine), lookup_job, g_strdup (lookup->text),
                            g_free, (GDestroyNotify) g_ptr_array_unref, lookup->self->cancellable,
                            on_looked_up, lookup);
}

void
fl_window_lookup_caller (FlWindow   *self,
                         const char *phone_or_email)
{
  Lookup *lookup;

  g_return_if_fail (FL_IS_WINDOW (self));
  g_return_if_fail (phone_or_email != NULL);

  gtk_window_present (GTK_WINDOW (self));
  if (self->model == NULL || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "main") != 0)
    {
      /* Still signing in or on the first sync: pop when the lists are there. */
      g_free (self->pending_lookup);
      self->pending_lookup = g_strdup (phone_or_email);
      return;
    }
  lookup = g_new0 (Lookup, 1);
  lookup->self = g_object_ref (self);
  lookup->text = g_strdup (phone_or_email);
  lookup_locally (lookup);
}

/* --- actions and the class ---------------------------------------------------- */

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FlWindow *self = FL_WINDOW (widget);

  if (self->model == NULL)
    return;
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  request_sync (FL_WINDOW (widget));
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FlWindow *self = FL_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, gtk_widget_get_first_child (GTK_WIDGET (self->leaflet)));
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FlWindow *self = FL_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
}

static void
fl_window_dispose (GObject *object)
{
  FlWindow *self = FL_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->record_cancellable);
  g_clear_object (&self->record_cancellable);
  g_clear_handle_id (&self->sync_timer, g_source_remove);
  g_clear_handle_id (&self->busy_retry, g_source_remove);
  g_clear_handle_id (&self->trim_id, g_source_remove);
  _fl_window_sync_events_dispose (self);
  if (self->engine != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->engine, self);
      /* Live work holds the engine: stop it, or the engine outlives us. */
      fl_sync_engine_stop_live (self->engine);
    }
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_WINDOW);
  g_clear_object (&self->model);
  g_clear_object (&self->engine);
  g_clear_object (&self->case_actions);

  G_OBJECT_CLASS (fl_window_parent_class)->dispose (object);
}

static void
fl_window_finalize (GObject *object)
{
  FlWindow *self = FL_WINDOW (object);

  g_clear_pointer (&self->agent_id, g_free);
  g_clear_pointer (&self->agent_name, g_free);
  g_clear_pointer (&self->pending_lookup, g_free);

  G_OBJECT_CLASS (fl_window_parent_class)->finalize (object);
}

static void
fl_window_class_init (FlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_window_dispose;
  object_class->finalize = fl_window_finalize;

  g_type_ensure (FL_TYPE_SIGN_IN_PAGE);
  g_type_ensure (FL_TYPE_SYNC_INDICATOR);
  g_type_ensure (FL_TYPE_CASE_VIEW);
  g_type_ensure (FL_TYPE_CUSTOMER_VIEW);
  g_type_ensure (FL_TYPE_RECORD_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/frontlinedesk/Frontline/fl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FlWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, first_sync_progress);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, list_pane);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, detail_pane);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, list_title);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, detail_title);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, case_view);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, customer_view);
  gtk_widget_class_bind_template_child (widget_class, FlWindow, record_page);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_sign_in", G_CALLBACK (_fl_window_on_sign_in));
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_note_added);
  gtk_widget_class_bind_template_callback (widget_class, on_case_shown);
  gtk_widget_class_bind_template_callback (widget_class, on_customer_case_activated);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_customer_new_case",
                                                G_CALLBACK (_fl_window_on_customer_new_case));
  _fl_window_sync_events_class_init (widget_class);

  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.show-list", NULL, show_list_action);
  gtk_widget_class_install_action (widget_class, "win.new-case", NULL, _fl_window_new_case_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-case", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.sync-now", NULL);
  gtk_widget_class_install_action (widget_class, "win.show-section", "u", show_section_action);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK, "win.show-section", "u", i);
}

static void
fl_window_init (FlWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  build_sidebar (self);
  self->case_actions = fl_case_actions_new ();
  fl_case_actions_attach (self->case_actions, GTK_WIDGET (self));
  _fl_window_sync_events_init (self);
  g_signal_connect_object (self->case_actions, "changed", G_CALLBACK (on_case_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->case_actions, "failed", G_CALLBACK (on_case_change_failed), self,
                           G_CONNECT_SWAPPED);
  factory = fl_record_row_factory_new ();
  gtk_list_view_set_factory (self->list_view, factory);
  g_signal_connect_object (self->case_view, "notify::loading", G_CALLBACK (on_case_view_loading), self,
                           G_CONNECT_SWAPPED);
}

FlWindow *
fl_window_new (GtkApplication *application)
{
  return g_object_new (FL_TYPE_WINDOW, "application", application, NULL);
}

void
fl_window_start (FlWindow   *self,
                 const char *server_url)
{
  g_autofree char *profile = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FL_IS_WINDOW (self));

  if (self->engine == NULL && (profile = _fl_window_signed_in_profile ()) != NULL)
    {
      self->engine = fl_sync_engine_new (profile, &error);
      if (self->engine == NULL)
        g_warning ("Cannot open the profile %s: %s", profile, error->message);
    }
  if (self->sync_timer == 0)
    self->sync_timer = g_timeout_add_seconds (SYNC_INTERVAL_SECONDS, on_sync_timer, self);
  if (self->engine == NULL)
    {
      _fl_window_show_sign_in (self, server_url, NULL);
      return;
    }
  /* Signed in already: the local copy is usable at once; the sync catches up. */
  show_main (self);
  request_sync (self);
}

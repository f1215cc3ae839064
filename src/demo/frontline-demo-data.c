/* frontline-demo-data.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * frontline-demo-data: fills a new Frontline database with the demo data set, and
 * with --tour shows what the store can answer about it: the caller-ID lookup, a
 * customer's history, flaw matching and case search.
 */
#define G_LOG_DOMAIN "Frontline-Demo"

#include "config.h"

#include <locale.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "fl-demo-generator.h"

#define HISTORY_PAGE 15
#define TOUR_SEARCH "second monitor"

static char *opt_db;
static guint64 opt_seed = 1;
static guint opt_customers = 300;
static gboolean opt_now;
static gboolean opt_tour;
static gboolean opt_quiet;
static char *opt_showcase_file;

typedef struct
{
  GTimer *timer;
  guint64 estimate;
} Progress;

static gboolean
parse_seed (const char  *option,
            const char  *value,
            gpointer     data,
            GError     **error)
{
  if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64, &opt_seed, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The seed must be a whole number from 0 up, not “%s”"), value);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_customers (const char  *option,
                 const char  *value,
                 gpointer     data,
                 GError     **error)
{
  guint64 n;

  if (!g_ascii_string_to_unsigned (value, 10, 1, 100000000, &n, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The number of customers must be from 1 to 100000000, not “%s”"), value);
      return FALSE;
    }
  opt_customers = (guint) n;
  return TRUE;
}

static const GOptionEntry entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db,
    N_("The database to create and fill"), N_("PATH") },
  { "seed", 0, 0, G_OPTION_ARG_CALLBACK, parse_seed,
    N_("Seed of the random generator; the same seed gives the same data (default 1)"), N_("N") },
  { "customers", 0, 0, G_OPTION_ARG_CALLBACK, parse_customers,
    N_("How many customers to create (default 300)"), N_("N") },
  { "now", 0, 0, G_OPTION_ARG_NONE, &opt_now,
    N_("Centre the data on the current time instead of 2026-11-01, so SLAs look live"), NULL },
  { "tour", 0, 0, G_OPTION_ARG_NONE, &opt_tour,
    N_("Afterwards, show what the store can answer about the data"), NULL },
  { "quiet", 0, 0, G_OPTION_ARG_NONE, &opt_quiet,
    N_("Print nothing but errors (and the tour, if asked for)"), NULL },
  { "showcase-case-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_showcase_file,
    N_("Write the id of the showcase case (history, a known flaw and offers) to PATH, for a demo to open it"),
    N_("PATH") },
  { NULL }
};

static char *
format_count (guint64 n)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, n);
}

static void
show_progress (guint64  rows,
               gpointer user_data)
{
  Progress *progress = user_data;
  double elapsed = g_timer_elapsed (progress->timer, NULL);
  g_autofree char *done = format_count (rows);
  g_autofree char *total = format_count (MAX (rows, progress->estimate));
  g_autofree char *rate = format_count (elapsed > 0 ? (guint64) (rows / elapsed) : 0);

  /* \033[K clears what a longer previous line left behind. */
  g_printerr ("\r");
  g_printerr (_("Writing demo data: %s of about %s records (%s records/s)"), done, total, rate);
  g_printerr ("\033[K");
}

static const struct
{
  GType       (*get_type) (void);
  const char   *label;
} type_labels[] = {
  { fl_agent_get_type, N_("Agents") },
  { fl_product_get_type, N_("Products") },
  { fl_customer_get_type, N_("Customers") },
  { fl_ownership_get_type, N_("Ownerships") },
  { fl_flaw_get_type, N_("Known flaws") },
  { fl_offer_get_type, N_("Offers") },
  { fl_case_get_type, N_("Cases") },
  { fl_interaction_get_type, N_("Interactions") },
  { fl_offer_outcome_get_type, N_("Offer outcomes") },
};

static gboolean
print_counts (FlStore  *store,
              GError  **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (type_labels); i++)
    {
      gint64 n = fl_store_count (store, type_labels[i].get_type (), error);
      g_autofree char *count = NULL;

      if (n < 0)
        return FALSE;
      count = format_count ((guint64) n);
      g_print ("  %-16s %12s\n", _(type_labels[i].label), count);
    }
  return TRUE;
}

/* The tour ------------------------------------------------------------------ */

static char *
format_time (gint64 at)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (at / G_USEC_PER_SEC);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : g_strdup ("?");
}

/* The first line of @text, cut to @max characters. */
static char *
one_line (const char *text,
          glong       max)
{
  g_autofree char *line = g_strdup (text != NULL ? text : "");
  char *newline = strchr (line, '\n');

  if (newline != NULL)
    *newline = '\0';
  if (g_utf8_strlen (line, -1) <= max)
    return g_steal_pointer (&line);
  {
    g_autofree char *cut = g_utf8_substring (line, 0, max - 1);

    return g_strconcat (cut, "…", NULL);
  }
}

static const char *
interaction_label (FlInteractionKind kind)
{
  switch (kind)
    {
    case FL_INTERACTION_KIND_CALL: return _("Call");
    case FL_INTERACTION_KIND_EMAIL: return _("E-mail");
    case FL_INTERACTION_KIND_NOTE: return _("Note");
    case FL_INTERACTION_KIND_STATUS: return _("Status");
    case FL_INTERACTION_KIND_ESCALATION: return _("Escalation");
    case FL_INTERACTION_KIND_OFFER: return _("Offer");
    default: return "?";
    }
}

static char *
summarize (FlStore       *store,
           FlHistoryItem *item)
{
  FlEntity *entity = fl_history_item_get_entity (item);

  switch (fl_history_item_get_kind (item))
    {
    case FL_HISTORY_KIND_CASE:
      return g_strdup_printf ("%-11s %s [%s]", _("Case"), fl_case_get_subject (FL_CASE (entity)),
                              fl_enum_to_nick (FL_TYPE_CASE_STATUS,
                                               fl_case_get_status (FL_CASE (entity))));

    case FL_HISTORY_KIND_INTERACTION:
      {
        FlInteraction *interaction = FL_INTERACTION (entity);
        g_autofree char *body = one_line (fl_interaction_get_body (interaction), 64);

        return g_strdup_printf ("%-11s %s (%s)",
                                interaction_label (fl_interaction_get_kind (interaction)),
                                body, fl_interaction_get_author_name (interaction));
      }

    case FL_HISTORY_KIND_PURCHASE:
      {
        FlOwnership *ownership = FL_OWNERSHIP (entity);
        g_autoptr(FlEntity) product = fl_store_get (store, FL_TYPE_PRODUCT,
                                                    fl_ownership_get_product_id (ownership), NULL);
        g_autofree char *what = NULL;

        /* TRANSLATORS: a purchase in a customer's history: product name, version */
        what = g_strdup_printf (_("%s, version %s"),
                                product != NULL ? fl_product_get_name (FL_PRODUCT (product)) : "?",
                                fl_ownership_get_version (ownership));
        return g_strdup_printf ("%-11s %s", _("Purchase"), what);
      }

    case FL_HISTORY_KIND_OFFER:
      {
        FlOfferOutcome *outcome = FL_OFFER_OUTCOME (entity);
        g_autoptr(FlEntity) offer = fl_store_get (store, FL_TYPE_OFFER,
                                                  fl_offer_outcome_get_offer_id (outcome), NULL);

        return g_strdup_printf ("%-11s %s: %s", _("Offer"),
                                offer != NULL ? fl_offer_get_title (FL_OFFER (offer)) : "?",
                                fl_enum_to_nick (FL_TYPE_OFFER_RESULT,
                                                 fl_offer_outcome_get_result (outcome)));
      }

    default:
      return g_strdup ("?");
    }
}

static gboolean
tour_history (FlStore     *store,
              const char  *customer_id,
              GError     **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *next = NULL;

  items = fl_store_get_customer_history (store, customer_id, FL_HISTORY_ALL, NULL, HISTORY_PAGE,
                                         &next, error);
  if (items == NULL)
    return FALSE;

  g_print ("\n%s\n", _("The first page of their history, newest first:"));
  for (guint i = 0; i < items->len; i++)
    {
      FlHistoryItem *item = g_ptr_array_index (items, i);
      g_autofree char *when = format_time (fl_history_item_get_at (item));
      g_autofree char *what = summarize (store, item);

      g_print ("  %s  %s\n", when, what);
    }
  if (next != NULL)
    g_print ("  %s\n", _("… and more pages."));
  return TRUE;
}

static gboolean
tour_flaws (FlStore     *store,
            const char  *case_id,
            GError     **error)
{
  g_autoptr(FlEntity) found = fl_store_get (store, FL_TYPE_CASE, case_id, error);
  g_autoptr(GPtrArray) matches = NULL;

  if (found == NULL)
    return FALSE;

  g_print ("\n");
  g_print (_("Their open case “%s”"), fl_case_get_subject (FL_CASE (found)));
  g_print ("\n%s\n", _("matches these known flaws:"));

  matches = fl_store_match_flaws_for_case (store, case_id, 5, error);
  if (matches == NULL)
    return FALSE;
  if (matches->len == 0)
    g_print ("  %s\n", _("(none)"));

  for (guint i = 0; i < matches->len; i++)
    {
      FlFlawMatch *match = g_ptr_array_index (matches, i);
      FlFlaw *flaw = fl_flaw_match_get_flaw (match);
      const char *fixed_in = fl_flaw_get_fixed_in (flaw);
      gint64 n_linked = fl_flaw_match_get_linked_case_count (match);
      g_autofree char *linked = format_count ((guint64) MAX (n_linked, 0));

      const char *status = fl_enum_to_nick (FL_TYPE_FLAW_STATUS, fl_flaw_get_status (flaw));

      g_print ("  %u. %s\n     ", i + 1, fl_flaw_get_title (flaw));
      if (fixed_in != NULL)
        g_print (_("%s, fixed in %s; %s cases linked"), status, fixed_in, linked);
      else
        g_print (_("%s, not fixed yet; %s cases linked"), status, linked);
      g_print ("\n");
    }
  return TRUE;
}

static gboolean
tour_search (FlStore  *store,
             GError  **error)
{
  g_autoptr(GPtrArray) cases = fl_store_search_cases (store, TOUR_SEARCH, 5, error);

  if (cases == NULL)
    return FALSE;

  g_print ("\n");
  g_print (_("Full-text search of all cases for “%s”:"), TOUR_SEARCH);
  g_print ("\n");
  for (guint i = 0; i < cases->len; i++)
    {
      FlCase *found = g_ptr_array_index (cases, i);

      g_print ("  %s [%s]\n", fl_case_get_subject (found),
               fl_enum_to_nick (FL_TYPE_CASE_STATUS, fl_case_get_status (found)));
    }
  return TRUE;
}

static gboolean
tour (FlStore     *store,
      const char  *case_id,
      GError     **error)
{
  g_autoptr(GPtrArray) customers = NULL;
  FlCustomer *customer;
  const char *organisation;

  g_print ("\n%s\n", _("A tour of the demo data"));

  customers = fl_store_find_customers_by_phone (store, FL_DEMO_SHOWCASE_PHONE, 5, error);
  if (customers == NULL)
    return FALSE;
  if (customers->len == 0)
    {
      g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND,
                   _("Nobody answers to the showcase phone number %s"), FL_DEMO_SHOWCASE_PHONE);
      return FALSE;
    }

  customer = g_ptr_array_index (customers, 0);
  organisation = fl_customer_get_organisation (customer);
  g_print ("\n");
  if (organisation != NULL)
    g_print (_("A call from %s: it is %s of %s."), FL_DEMO_SHOWCASE_PHONE,
             fl_customer_get_name (customer), organisation);
  else
    g_print (_("A call from %s: it is %s."), FL_DEMO_SHOWCASE_PHONE,
             fl_customer_get_name (customer));
  g_print ("\n");

  return tour_history (store, fl_entity_get_id (FL_ENTITY (customer)), error)
         && tour_flaws (store, case_id, error)
         && tour_search (store, error);
}

/* Main ---------------------------------------------------------------------- */

static gboolean
run (GError **error)
{
  g_autoptr(FlStore) store = NULL;
  g_autoptr(FlDemoGenerator) generator = NULL;
  g_autoptr(GTimer) timer = NULL;
  Progress progress = { NULL, 0 };
  gboolean show = !opt_quiet && isatty (STDERR_FILENO);
  gint64 existing;
  double elapsed;

  store = fl_store_open (opt_db, error);
  if (store == NULL)
    return FALSE;

  existing = fl_store_count (store, FL_TYPE_CUSTOMER, error);
  if (existing < 0)
    return FALSE;
  if (existing > 0)
    {
      g_autofree char *count = format_count ((guint64) existing);

      g_set_error (error, FL_STORE_ERROR, FL_STORE_ERROR_CONSTRAINT,
                   _("%s already holds %s customers. Demo data goes into a new database: "
                     "choose another path, or delete this file first."), opt_db, count);
      return FALSE;
    }

  generator = fl_demo_generator_new ();
  fl_demo_generator_set_seed (generator, opt_seed);
  fl_demo_generator_set_n_customers (generator, opt_customers);
  if (opt_now)
    fl_demo_generator_set_reference_time (generator, g_get_real_time ());

  timer = g_timer_new ();
  progress.timer = timer;
  progress.estimate = fl_demo_generator_estimate_rows (generator);
  if (show)
    fl_demo_generator_set_progress_callback (generator, show_progress, &progress);

  if (!fl_demo_generator_run (generator, store, error))
    {
      if (show)
        g_printerr ("\n");
      return FALSE;
    }
  elapsed = g_timer_elapsed (timer, NULL);
  if (show)
    g_printerr ("\r\033[K");

  if (!opt_quiet)
    {
      guint64 rows = fl_demo_generator_get_rows_written (generator);
      g_autofree char *total = format_count (rows);
      g_autofree char *rate = format_count (elapsed > 0 ? (guint64) (rows / elapsed) : 0);
      g_autofree char *seconds = g_strdup_printf ("%.1f", elapsed);

      g_print (_("Wrote the demo data set into %s:"), opt_db);
      g_print ("\n");
      if (!print_counts (store, error))
        return FALSE;
      g_print (_("%s records in %s s: %s records/s."), total, seconds, rate);
      g_print ("\n");
    }

  if (opt_tour && !tour (store, fl_demo_generator_get_showcase_case_id (generator), error))
    return FALSE;
  if (opt_showcase_file != NULL
      && !g_file_set_contents (opt_showcase_file, fl_demo_generator_get_showcase_case_id (generator), -1, error))
    return FALSE;

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Fills a new Frontline database with a believable support "
                                  "organisation: agents, products, known flaws, customers and "
                                  "years of cases."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("frontline-demo-data: %s\n", error->message);
      return 2;
    }
  if (opt_db == NULL)
    {
      g_printerr ("frontline-demo-data: %s\n", _("Say where the database goes with --db PATH."));
      return 2;
    }

  if (!run (&error))
    {
      g_printerr ("frontline-demo-data: %s\n", error->message);
      g_clear_pointer (&opt_db, g_free);
      return 1;
    }

  g_clear_pointer (&opt_db, g_free);
  return 0;
}

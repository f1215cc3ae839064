/* test-offers.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Offer suggestions against the demo generator's data: the showcase case (a
 * customer with a monitor calling about a second one) gets the graphics card
 * that drives both; a complaint or an open flaw of the product on offer holds an
 * offer back with its reason; an offer answered once is not made again.
 */
#include "config.h"

#include <string.h>

#include "fl-demo-generator.h"
#include "fl-store.h"
#include "fl-test-util.h"

#define SECOND_MONITOR_OFFER "Radiant 4070 Super for a second monitor"

typedef struct
{
  char            *dir;
  FlStore         *store;
  FlDemoGenerator *generator;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("frontline-offers-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "demo.db", NULL);
  fixture->store = fl_store_open (path, &error);
  g_assert_no_error (error);
  fixture->generator = fl_demo_generator_new ();
  fl_demo_generator_set_n_customers (fixture->generator, 200);
  g_assert_true (fl_demo_generator_run (fixture->generator, fixture->store, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->generator);
  g_assert_finalize_object (fixture->store);
  fl_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static const char *
showcase_case (Fixture *fixture)
{
  return fl_demo_generator_get_showcase_case_id (fixture->generator);
}

static GPtrArray *
suggest (Fixture    *fixture,
         const char *case_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *suggestions = fl_store_suggest_offers (fixture->store, case_id, 10, &error);

  g_assert_no_error (error);
  g_assert_nonnull (suggestions);
  for (guint i = 0; i < suggestions->len; i++)
    {
      FlOfferSuggestion *s = g_ptr_array_index (suggestions, i);

      g_test_message ("%s — %s%s%s", fl_offer_get_title (fl_offer_suggestion_get_offer (s)),
                      fl_offer_suggestion_get_reason (s),
                      fl_offer_suggestion_get_suppressed (s) ? " — " : "",
                      fl_offer_suggestion_get_suppressed (s)
                      ? fl_offer_suggestion_get_suppressed_reason (s) : "");
    }
  return suggestions;
}

static FlOfferSuggestion *
find_suggestion (GPtrArray  *suggestions,
                 const char *title)
{
  for (guint i = 0; i < suggestions->len; i++)
    {
      FlOfferSuggestion *s = g_ptr_array_index (suggestions, i);

      if (g_strcmp0 (fl_offer_get_title (fl_offer_suggestion_get_offer (s)), title) == 0)
        return s;
    }
  return NULL;
}

static FlCase *
get_case (Fixture    *fixture,
          const char *case_id)
{
  g_autoptr(GError) error = NULL;
  FlEntity *entity = fl_store_get (fixture->store, FL_TYPE_CASE, case_id, &error);

  g_assert_no_error (error);
  return FL_CASE (entity);
}

static void
put (Fixture  *fixture,
     gpointer  entity)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fl_store_put (fixture->store, FL_ENTITY (entity), FL_STORE_PUT_ASSIGN_MODSEQ, &error));
  g_assert_no_error (error);
}

static void
test_second_monitor_case_suggests_the_card_that_drives_both (Fixture       *fixture,
                                                             gconstpointer  data)
{
  g_autoptr(GPtrArray) suggestions = suggest (fixture, showcase_case (fixture));
  FlOfferSuggestion *card = find_suggestion (suggestions, SECOND_MONITOR_OFFER);

  g_assert_nonnull (card);
  g_assert_false (fl_offer_suggestion_get_suppressed (card));
  g_assert_null (fl_offer_suggestion_get_suppressed_reason (card));
  g_assert_false (fl_offer_suggestion_get_result (card, NULL));
  /* One sentence that names what fits: the monitor they own, the case's words. */
  g_assert_nonnull (strstr (fl_offer_suggestion_get_reason (card), "second monitor"));
  g_assert_true (g_str_has_suffix (fl_offer_suggestion_get_reason (card), "."));
  /* What can be offered now comes before what is held back. */
  g_assert_false (fl_offer_suggestion_get_suppressed (g_ptr_array_index (suggestions, 0)));
}

static void
test_offers_fit_what_the_customer_owns_and_the_case_is_about (Fixture       *fixture,
                                                              gconstpointer  data)
{
  g_autoptr(FlCase) the_case = get_case (fixture, showcase_case (fixture));
  g_autoptr(GPtrArray) suggestions = NULL;

  /* The same customer, about something else: no keyword of the card fits. */
  fl_case_set_subject (the_case, "Where is my invoice?");
  fl_case_set_description (the_case, "I need the invoice for the company accounts.");
  put (fixture, the_case);
  suggestions = suggest (fixture, showcase_case (fixture));
  g_assert_null (find_suggestion (suggestions, SECOND_MONITOR_OFFER));
  /* The words fit an offer open to anyone who asks about them. */
  for (guint i = 0; i < suggestions->len; i++)
    g_assert_nonnull (strstr (fl_offer_suggestion_get_reason (g_ptr_array_index (suggestions, i)),
                              "“"));
}

static void
test_an_offer_needs_the_owned_product_it_names (Fixture       *fixture,
                                                gconstpointer  data)
{
  g_autoptr(FlCase) the_case = get_case (fixture, showcase_case (fixture));
  g_autoptr(FlCustomer) stranger = fl_customer_new ();
  g_autoptr(GPtrArray) suggestions = NULL;

  /* A new customer who owns nothing, calling about the same thing. */
  fl_entity_set_id (FL_ENTITY (stranger), "c0ffee00-0000-4000-8000-000000000001");
  fl_customer_set_name (stranger, "Nobody Owns-Nothing");
  put (fixture, stranger);
  fl_case_set_customer_id (the_case, fl_entity_get_id (FL_ENTITY (stranger)));
  put (fixture, the_case);

  suggestions = suggest (fixture, showcase_case (fixture));
  g_assert_null (find_suggestion (suggestions, SECOND_MONITOR_OFFER));
}

static void
test_a_complaint_holds_every_offer_back_with_the_reason (Fixture       *fixture,
                                                         gconstpointer  data)
{
  g_autoptr(FlCase) the_case = get_case (fixture, showcase_case (fixture));
  g_autoptr(GPtrArray) suggestions = NULL;

  fl_case_set_complaint (the_case, TRUE);
  put (fixture, the_case);
  suggestions = suggest (fixture, showcase_case (fixture));

  g_assert_cmpuint (suggestions->len, >, 0);
  g_assert_nonnull (find_suggestion (suggestions, SECOND_MONITOR_OFFER));
  for (guint i = 0; i < suggestions->len; i++)
    {
      FlOfferSuggestion *s = g_ptr_array_index (suggestions, i);

      g_assert_true (fl_offer_suggestion_get_suppressed (s));
      g_assert_nonnull (strstr (fl_offer_suggestion_get_suppressed_reason (s), "complaint"));
    }
}

static void
test_an_open_flaw_of_the_offered_product_holds_it_back (Fixture       *fixture,
                                                        gconstpointer  data)
{
  g_autoptr(GPtrArray) before = suggest (fixture, showcase_case (fixture));
  FlOffer *offer = fl_offer_suggestion_get_offer (find_suggestion (before, SECOND_MONITOR_OFFER));
  g_autoptr(FlFlaw) flaw = fl_flaw_new ();
  g_autoptr(FlFlaw) fixed = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) after_fix = NULL;
  FlOfferSuggestion *card;

  /* The customer owns the card on offer; a new flaw hits every version of it. */
  fl_entity_set_id (FL_ENTITY (flaw), "f1a30000-0000-4000-8000-000000000001");
  fl_flaw_set_product_id (flaw, fl_offer_get_product_id (offer));
  fl_flaw_set_title (flaw, "Fans spin at full speed after a driver update");
  fl_flaw_set_status (flaw, FL_FLAW_STATUS_INVESTIGATING);
  fl_flaw_set_severity (flaw, FL_FLAW_SEVERITY_HIGH);
  put (fixture, flaw);

  after = suggest (fixture, showcase_case (fixture));
  card = find_suggestion (after, SECOND_MONITOR_OFFER);
  g_assert_nonnull (card);
  g_assert_true (fl_offer_suggestion_get_suppressed (card));
  g_assert_nonnull (strstr (fl_offer_suggestion_get_suppressed_reason (card),
                            "Fans spin at full speed after a driver update"));
  g_assert_true (card == g_ptr_array_index (after, after->len - 1)
                 || fl_offer_suggestion_get_suppressed (g_ptr_array_index (after, after->len - 1)));

  /* Once fixed it no longer counts. */
  fixed = FL_FLAW (fl_store_get (fixture->store, FL_TYPE_FLAW, fl_entity_get_id (FL_ENTITY (flaw)), NULL));
  fl_flaw_set_status (fixed, FL_FLAW_STATUS_FIXED);
  put (fixture, fixed);
  after_fix = suggest (fixture, showcase_case (fixture));
  g_assert_false (fl_offer_suggestion_get_suppressed (find_suggestion (after_fix, SECOND_MONITOR_OFFER)));
}

static void
record_outcome (Fixture       *fixture,
                const char    *case_id,
                FlOffer       *offer,
                FlOfferResult  result,
                const char    *id)
{
  g_autoptr(FlCase) the_case = get_case (fixture, case_id);
  g_autoptr(FlOfferOutcome) outcome = fl_offer_outcome_new ();

  fl_entity_set_id (FL_ENTITY (outcome), id);
  fl_offer_outcome_set_case_id (outcome, case_id);
  fl_offer_outcome_set_customer_id (outcome, fl_case_get_customer_id (the_case));
  fl_offer_outcome_set_offer_id (outcome, fl_entity_get_id (FL_ENTITY (offer)));
  fl_offer_outcome_set_result (outcome, result);
  fl_offer_outcome_set_at (outcome, FL_DEMO_DEFAULT_REFERENCE_TIME + 1000);
  put (fixture, outcome);
}

static void
test_an_answered_offer_is_not_made_again (Fixture       *fixture,
                                          gconstpointer  data)
{
  g_autoptr(GPtrArray) before = suggest (fixture, showcase_case (fixture));
  FlOffer *offer = fl_offer_suggestion_get_offer (find_suggestion (before, SECOND_MONITOR_OFFER));
  g_autoptr(GPtrArray) offered = NULL;
  g_autoptr(GPtrArray) accepted = NULL;
  g_autoptr(GPtrArray) next_case = NULL;
  g_autoptr(FlCase) other = NULL;
  FlOfferResult result;

  /* "Offered" alone is not an answer: the suggestion stays, showing it. */
  record_outcome (fixture, showcase_case (fixture), offer, FL_OFFER_RESULT_OFFERED,
                  "0ff00000-0000-4000-8000-000000000001");
  offered = suggest (fixture, showcase_case (fixture));
  g_assert_true (fl_offer_suggestion_get_result (find_suggestion (offered, SECOND_MONITOR_OFFER), &result));
  g_assert_cmpint (result, ==, FL_OFFER_RESULT_OFFERED);

  /* Accepted: this case still shows it, with the answer… */
  record_outcome (fixture, showcase_case (fixture), offer, FL_OFFER_RESULT_ACCEPTED,
                  "0ff00000-0000-4000-8000-000000000002");
  accepted = suggest (fixture, showcase_case (fixture));
  g_assert_true (fl_offer_suggestion_get_result (find_suggestion (accepted, SECOND_MONITOR_OFFER), &result));
  g_assert_cmpint (result, ==, FL_OFFER_RESULT_ACCEPTED);

  /* …and the customer's next case about the same thing does not offer it again. */
  other = get_case (fixture, showcase_case (fixture));
  fl_entity_set_id (FL_ENTITY (other), "ca5e0000-0000-4000-8000-000000000001");
  put (fixture, other);
  next_case = suggest (fixture, fl_entity_get_id (FL_ENTITY (other)));
  g_assert_null (find_suggestion (next_case, SECOND_MONITOR_OFFER));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/store/offers/second-monitor-case-suggests-the-card-that-drives-both",
       test_second_monitor_case_suggests_the_card_that_drives_both);
  ADD ("/store/offers/fit-what-the-customer-owns-and-the-case-is-about",
       test_offers_fit_what_the_customer_owns_and_the_case_is_about);
  ADD ("/store/offers/an-offer-needs-the-owned-product-it-names",
       test_an_offer_needs_the_owned_product_it_names);
  ADD ("/store/offers/a-complaint-holds-every-offer-back-with-the-reason",
       test_a_complaint_holds_every_offer_back_with_the_reason);
  ADD ("/store/offers/an-open-flaw-of-the-offered-product-holds-it-back",
       test_an_open_flaw_of_the_offered_product_holds_it_back);
  ADD ("/store/offers/an-answered-offer-is-not-made-again",
       test_an_answered_offer_is_not_made_again);
#undef ADD

  return g_test_run ();
}

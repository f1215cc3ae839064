/* test-search.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Customer lookup, full-text search and flaw matching — including every kind of
 * text a person (or a cat on the keyboard) can type.
 */
#include "config.h"

#include "fl-search-text.h"
#include "fl-store-private.h"
#include "store-fixture.h"

typedef struct
{
  StoreFixture  base;
  FlProduct    *monitor;
  FlProduct    *laptop;
  FlCustomer   *zoe;
  FlCustomer   *brien;
  FlCustomer   *london;
  FlCase       *flicker_case;
  FlFlaw       *flicker;
  FlFlaw       *flicker_other_version;
  FlFlaw       *flicker_retired;
  FlFlaw       *flicker_laptop;
  FlFlaw       *power_button;
} SearchFixture;

static void
search_fixture_setup (SearchFixture *fixture,
                      gconstpointer  data)
{
  FlStore *store;
  const char *v20_21[] = { "2.0", "2.1", NULL };
  const char *v23[] = { "2.3", NULL };
  const char *all[] = { NULL };
  g_autoptr(FlInteraction) note = NULL;

  store_fixture_setup (&fixture->base, data);
  store = fixture->base.store;

  fixture->monitor = make_product (store, "Aurora 27", "Monitors", "2.4");
  fixture->laptop = make_product (store, "Atlas 14", "Laptops", "1.2");
  fixture->zoe = make_customer (store, "Zoë Smith", "Zoe.Smith@Example.COM", "(555) 010-1234");
  fixture->brien = make_customer (store, "Near O'Brien", "obrien@example.net", "+1 555 010 9999");
  fixture->london = make_customer (store, "Ann Jones", "ann@example.co.uk", "+44 20 7946 0123");

  fixture->flicker = make_flaw (store, fixture->monitor, "Screen flickers at 144 Hz after sleep",
                                "The display flickers and goes black after waking from sleep "
                                "over DisplayPort", v20_21, FL_FLAW_STATUS_WORKAROUND);
  fixture->flicker_other_version = make_flaw (store, fixture->monitor,
                                              "Flickers at 144 Hz in HDR mode",
                                              "Flicker after sleep with HDR on", v23,
                                              FL_FLAW_STATUS_INVESTIGATING);
  fixture->flicker_retired = make_flaw (store, fixture->monitor, "Old flicker after sleep report",
                                        "flickers after sleep", all, FL_FLAW_STATUS_RETIRED);
  fixture->flicker_laptop = make_flaw (store, fixture->laptop, "Laptop screen flickers after sleep",
                                       "flickers after sleep at 144 Hz", all,
                                       FL_FLAW_STATUS_INVESTIGATING);
  fixture->power_button = make_flaw (store, fixture->monitor, "Power button sticks",
                                     "The power button stays pressed in cold rooms", all,
                                     FL_FLAW_STATUS_FIXED);

  fixture->flicker_case = make_case (store, fixture->zoe, fixture->monitor, "2.1",
                                     "Monitor goes dark every morning", test_time (3));
  note = make_interaction (store, fixture->flicker_case, FL_INTERACTION_KIND_NOTE,
                           "Flickers after waking from sleep, 144 Hz over DisplayPort; "
                           "she also mentions the kettle", test_time (3.1));
}

static void
search_fixture_teardown (SearchFixture *fixture,
                         gconstpointer  data)
{
  g_clear_object (&fixture->monitor);
  g_clear_object (&fixture->laptop);
  g_clear_object (&fixture->zoe);
  g_clear_object (&fixture->brien);
  g_clear_object (&fixture->london);
  g_clear_object (&fixture->flicker_case);
  g_clear_object (&fixture->flicker);
  g_clear_object (&fixture->flicker_other_version);
  g_clear_object (&fixture->flicker_retired);
  g_clear_object (&fixture->flicker_laptop);
  g_clear_object (&fixture->power_button);
  store_fixture_teardown (&fixture->base, data);
}

static gboolean
contains_id (GPtrArray *records,
             gpointer   wanted)
{
  for (guint i = 0; i < records->len; i++)
    {
      gpointer item = g_ptr_array_index (records, i);
      FlEntity *entity = FL_IS_FLAW_MATCH (item) ? FL_ENTITY (fl_flaw_match_get_flaw (item))
                                                 : FL_ENTITY (item);

      if (g_strcmp0 (fl_entity_get_id (entity), fl_entity_get_id (FL_ENTITY (wanted))) == 0)
        return TRUE;
    }
  return FALSE;
}

static GPtrArray *
lookup (FlStore    *store,
        const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *found = fl_store_lookup_customers (store, text, 10, &error);

  g_assert_no_error (error);
  g_assert_nonnull (found);
  return found;
}

static void
test_phone_lookup_ignores_formatting (SearchFixture *fixture,
                                      gconstpointer  data)
{
  const char *zoe_forms[] = { "+1 555 010 1234", "5550101234", "555-010-1234", "(555) 0101234",
                              "+15550101234", "001 555 010 1234" };
  const char *london_forms[] = { "+44 20 7946 0123", "020 7946 0123", "0044 20 7946 0123" };

  for (guint i = 0; i < G_N_ELEMENTS (zoe_forms); i++)
    {
      g_autoptr(GPtrArray) found = lookup (fixture->base.store, zoe_forms[i]);

      g_test_message ("looking up %s", zoe_forms[i]);
      g_assert_cmpuint (found->len, ==, 1);
      g_assert_true (contains_id (found, fixture->zoe));
    }

  for (guint i = 0; i < G_N_ELEMENTS (london_forms); i++)
    {
      g_autoptr(GPtrArray) found = lookup (fixture->base.store, london_forms[i]);

      g_test_message ("looking up %s", london_forms[i]);
      g_assert_cmpuint (found->len, ==, 1);
      g_assert_true (contains_id (found, fixture->london));
    }

  {
    /* A different number with the same last four digits is not a match. */
    g_autoptr(GPtrArray) found = lookup (fixture->base.store, "+1 999 888 1234");
    g_assert_cmpuint (found->len, ==, 0);
  }
}

static void
test_email_and_name_lookup (SearchFixture *fixture,
                            gconstpointer  data)
{
  struct { const char *text; gpointer expected; guint count; } cases[] = {
    { "zoe.smith@example.com", fixture->zoe, 1 },
    { "ZOE.SM", fixture->zoe, 1 },       /* no @: read as the words of a name */
    { "zoe.sm@", NULL, 0 },
    { "obrien@", fixture->brien, 1 },
    { "zoe", fixture->zoe, 1 },          /* accent optional */
    { "Zoë", fixture->zoe, 1 },
    { "smi", fixture->zoe, 1 },          /* any word of the name */
    { "smith zo", fixture->zoe, 1 },     /* several words, any order */
    { "zoe jones", NULL, 0 },
    { "brien", fixture->brien, 1 },
    { "o brien", fixture->brien, 1 },
    { "obrien", fixture->brien, 1 },     /* names nobody: the start of an address */
    { "obrien@example.org", NULL, 0 },
    { "", NULL, 0 },
    { "   ", NULL, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) found = lookup (fixture->base.store, cases[i].text);

      g_test_message ("looking up “%s”", cases[i].text);
      g_assert_cmpuint (found->len, ==, cases[i].count);
      if (cases[i].expected != NULL)
        g_assert_true (contains_id (found, cases[i].expected));
    }
}

static void
test_full_text_search (SearchFixture *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) flaws = NULL;

  /* "NEAR" is an FTS5 operator; typed by a user it is just a word. */
  customers = fl_store_search_customers (fixture->base.store, "NEAR", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (customers->len, ==, 1);
  g_assert_true (contains_id (customers, fixture->brien));

  /* Interactions count as the case's text; the last word is a prefix. */
  cases = fl_store_search_cases (fixture->base.store, "kett", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 1);
  g_assert_true (contains_id (cases, fixture->flicker_case));
  g_clear_pointer (&cases, g_ptr_array_unref);
  cases = fl_store_search_cases (fixture->base.store, "dark morning", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 1);

  /* An unbalanced quote does not stop the word from being found; stemming
   * finds "flickers" for "flickering". */
  flaws = fl_store_search_flaws (fixture->base.store, "\"flickering HDR", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flaws->len, ==, 1);
  g_assert_true (contains_id (flaws, fixture->flicker_other_version));
}

static guint
count_cases (FlStore    *store,
             const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = fl_store_search_cases (store, text, 10, &error);

  g_assert_no_error (error);
  return cases->len;
}

/* New records are indexed when their transaction commits (migration 4); a
 * search inside the transaction, an edit or a delete before then, and a
 * rollback must all leave the index as if every write had been indexed at
 * once. */
static void
test_index_follows_a_transaction (SearchFixture *fixture,
                                  gconstpointer  data)
{
  FlStore *store = fixture->base.store;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlCase) kettle = NULL;
  g_autoptr(FlCase) router = NULL;
  g_autoptr(FlCase) toaster = NULL;
  g_autoptr(FlCase) fridge = NULL;
  g_autoptr(FlInteraction) note = NULL;
  gint64 pending = -1;

  g_assert_true (fl_store_begin (store, &error));
  kettle = make_case (store, fixture->zoe, NULL, NULL, "Kettle trips the breaker", test_time (4));
  /* Found inside the transaction that wrote it. */
  g_assert_cmpuint (count_cases (store, "breaker"), ==, 1);

  router = make_case (store, fixture->zoe, NULL, NULL, "Router blinks amber", test_time (4.1));
  note = make_interaction (store, router, FL_INTERACTION_KIND_NOTE, "Asked her to try the blue cable",
                           test_time (4.2));
  fl_case_set_subject (router, "Router blinks green");
  g_assert_true (fl_store_put (store, FL_ENTITY (router), FL_STORE_PUT_ASSIGN_MODSEQ, &error));
  g_assert_no_error (error);

  toaster = make_case (store, fixture->zoe, NULL, NULL, "Toaster hums loudly", test_time (4.3));
  g_assert_true (fl_store_destroy (store, FL_TYPE_CASE, fl_entity_get_id (FL_ENTITY (toaster)),
                                   FL_STORE_PUT_ASSIGN_MODSEQ, &error));
  g_assert_true (fl_store_commit (store, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (count_cases (store, "breaker"), ==, 1);
  g_assert_cmpuint (count_cases (store, "amber"), ==, 0);
  g_assert_cmpuint (count_cases (store, "green"), ==, 1);
  g_assert_cmpuint (count_cases (store, "cable"), ==, 1);
  g_assert_cmpuint (count_cases (store, "toaster"), ==, 0);

  /* Edited after its commit: the ordinary update trigger takes over. */
  fl_case_set_subject (router, "Router blinks red");
  g_assert_true (fl_store_put (store, FL_ENTITY (router), FL_STORE_PUT_ASSIGN_MODSEQ, &error));
  g_assert_cmpuint (count_cases (store, "green"), ==, 0);
  g_assert_cmpuint (count_cases (store, "red"), ==, 1);

  g_assert_true (fl_store_begin (store, &error));
  fridge = make_case (store, fixture->zoe, NULL, NULL, "Fridge light stays on", test_time (4.4));
  fl_store_rollback (store);
  g_assert_cmpuint (count_cases (store, "fridge"), ==, 0);

  g_assert_true (_fl_store_query_int (store, "SELECT count (*) FROM fts_pending", &pending, &error));
  g_assert_cmpint (pending, ==, 0);
  /* With rank 1, FTS5 also checks the index against the records' text. */
  g_assert_cmpint (sqlite3_exec (_fl_store_get_db (store),
                                 "INSERT INTO case_fts (case_fts, rank) VALUES ('integrity-check', 1);"
                                 "INSERT INTO interaction_fts (interaction_fts, rank) VALUES ('integrity-check', 1);"
                                 "INSERT INTO customer_fts (customer_fts, rank) VALUES ('integrity-check', 1);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
test_flaw_match_filters_product_version_and_status (SearchFixture *fixture,
                                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  FlFlawMatch *best;

  matches = fl_store_match_flaws_for_case (fixture->base.store,
                                           fl_entity_get_id (FL_ENTITY (fixture->flicker_case)),
                                           10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (matches->len, >=, 1);

  best = g_ptr_array_index (matches, 0);
  g_assert_cmpstr (fl_entity_get_id (FL_ENTITY (fl_flaw_match_get_flaw (best))), ==,
                   fl_entity_get_id (FL_ENTITY (fixture->flicker)));
  g_assert_cmpfloat (fl_flaw_match_get_score (best), >, 0.0);
  g_assert_false (contains_id (matches, fixture->flicker_other_version)); /* 2.3 only */
  g_assert_false (contains_id (matches, fixture->flicker_retired));
  g_assert_false (contains_id (matches, fixture->flicker_laptop));        /* other product */
  g_assert_false (contains_id (matches, fixture->power_button));          /* no shared word */

  /* Without a version, every version's flaws are candidates. */
  g_clear_pointer (&matches, g_ptr_array_unref);
  matches = fl_store_match_flaws (fixture->base.store,
                                  fl_entity_get_id (FL_ENTITY (fixture->monitor)), NULL,
                                  "flicker in HDR", 10, &error);
  g_assert_no_error (error);
  g_assert_true (contains_id (matches, fixture->flicker_other_version));
  g_assert_true (contains_id (matches, fixture->flicker));
  g_assert_false (contains_id (matches, fixture->flicker_laptop));

  /* No usable words: the product's flaws, most severe first. */
  g_clear_pointer (&matches, g_ptr_array_unref);
  matches = fl_store_match_flaws (fixture->base.store,
                                  fl_entity_get_id (FL_ENTITY (fixture->monitor)), "2.1",
                                  "the and of", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (matches->len, ==, 2);
}

static void
test_flaw_match_counts_linked_cases (SearchFixture *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  const char *ids[] = { fl_entity_get_id (FL_ENTITY (fixture->flicker)), NULL };

  fl_case_set_flaw_ids (fixture->flicker_case, ids);
  fl_store_put (fixture->base.store, FL_ENTITY (fixture->flicker_case), 0, &error);
  g_assert_no_error (error);

  matches = fl_store_match_flaws_for_case (fixture->base.store,
                                           fl_entity_get_id (FL_ENTITY (fixture->flicker_case)),
                                           10, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fl_flaw_match_get_linked_case_count (g_ptr_array_index (matches, 0)), ==, 1);

  /* Unlinking updates the count. */
  fl_case_set_flaw_ids (fixture->flicker_case, NULL);
  fl_store_put (fixture->base.store, FL_ENTITY (fixture->flicker_case), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fl_store_count_cases_for_flaw (fixture->base.store, ids[0], &error), ==, 0);
}

static void
test_flaw_match_without_product_uses_owned_products (SearchFixture *fixture,
                                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlOwnership) ownership = fl_ownership_new ();
  g_autoptr(FlCase) vague = NULL;
  g_autoptr(GPtrArray) matches = NULL;

  fl_ownership_set_customer_id (ownership, fl_entity_get_id (FL_ENTITY (fixture->zoe)));
  fl_ownership_set_product_id (ownership, fl_entity_get_id (FL_ENTITY (fixture->monitor)));
  fl_ownership_set_version (ownership, "2.1");
  g_assert_true (fl_store_put (fixture->base.store, FL_ENTITY (ownership), 0, &error));

  /* No product picked yet: the flaws of the monitor she owns, at her version. */
  vague = make_case (fixture->base.store, fixture->zoe, NULL, NULL,
                     "Screen flickering after sleep", test_time (5));
  matches = fl_store_match_flaws_for_case (fixture->base.store,
                                           fl_entity_get_id (FL_ENTITY (vague)), 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (matches->len, >=, 1);
  g_assert_cmpstr (fl_entity_get_id (FL_ENTITY (fl_flaw_match_get_flaw (g_ptr_array_index (matches, 0)))),
                   ==, fl_entity_get_id (FL_ENTITY (fixture->flicker)));
  g_assert_false (contains_id (matches, fixture->flicker_laptop));         /* not owned */
  g_assert_false (contains_id (matches, fixture->flicker_other_version));  /* not her version */
}

/* Every search entry point must take @text without an error reaching the user. */
static void
assert_safe_everywhere (SearchFixture *fixture,
                        const char    *text)
{
  FlStore *store = fixture->base.store;
  const char *product_id = fl_entity_get_id (FL_ENTITY (fixture->monitor));
  g_autoptr(GError) error = NULL;
  GPtrArray *results[8];

  results[0] = fl_store_lookup_customers (store, text, 5, &error);
  g_assert_no_error (error);
  results[1] = fl_store_find_customers_by_phone (store, text, 5, &error);
  g_assert_no_error (error);
  results[2] = fl_store_find_customers_by_email (store, text, 5, &error);
  g_assert_no_error (error);
  results[3] = fl_store_find_customers_by_name (store, text, 5, &error);
  g_assert_no_error (error);
  results[4] = fl_store_search_customers (store, text, 5, &error);
  g_assert_no_error (error);
  results[5] = fl_store_search_cases (store, text, 5, &error);
  g_assert_no_error (error);
  results[6] = fl_store_search_flaws (store, text, 5, &error);
  g_assert_no_error (error);
  results[7] = fl_store_match_flaws (store, product_id, text, text, 5, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_assert_nonnull (results[i]);
      g_ptr_array_unref (results[i]);
    }
}

static void
test_hostile_text_is_always_safe (SearchFixture *fixture,
                                  gconstpointer  data)
{
  static const char * const nasty[] = {
    "\"", "\"\"", "\"unbalanced", "'", "''", "(", ")", "((a", "a))", "a OR", "OR", "AND AND",
    "NOT", "NOT a", "a NOT", "NEAR", "NEAR(", "NEAR(a b", "NEAR(a b, 5)", "*", "**", "a*b*",
    "*a", "^", "^a", "a^", "-", "--", "+", "name:", "name:zoe", "{name}: x", "{name", ":",
    "subject : flicker", "a:b:c", "';DROP TABLE customers;--", "\\", "\\\"", "%", "_", "%_%",
    "😀", "😀🔥 flicker", "👩‍👩‍👧", "\xe2\x80\x8b", "مرحبا", "שלום flicker", "ǅ", "ﬁ",
    "İstanbul", "ß", "x\ty\nz", "\x01\x02", "\xff\xfe", "\xc3", "a\xe2\x82", "flicker\xff",
    "0", "00000000", "+", "+++", "()()", "[]", "{}", "<>", "&&", "||", "!", "~", "`", "\x7f",
  };

  for (guint i = 0; i < G_N_ELEMENTS (nasty); i++)
    {
      g_test_message ("hostile text #%u", i);
      assert_safe_everywhere (fixture, nasty[i]);
    }

  {
    /* Very long input: 20,000 characters of mixed words and operators. */
    GString *s = g_string_new (NULL);

    while (s->len < 20000)
      g_string_append (s, "flicker \"OR NEAR( * ^ 😀 ");
    assert_safe_everywhere (fixture, s->str);
    g_string_free (s, TRUE);
  }
}

static void
test_random_text_is_always_safe (SearchFixture *fixture,
                                 gconstpointer  data)
{
  static const char * const pieces[] = {
    "\"", "'", "(", ")", "*", "^", ":", "{", "}", "-", "+", " ", " OR ", " AND ", " NOT ",
    "NEAR", ",", "flicker", "sleep", "zoe", "😀", "é", "\xff", "\xc3", "0", "5", "@", "\\",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

  for (guint round = 0; round < 300; round++)
    {
      GString *s = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 1, 12);

      for (guint i = 0; i < n; i++)
        {
          if (g_rand_int_range (rand, 0, 4) == 0)
            {
              /* Any Unicode scalar value outside the surrogates. */
              gunichar c;

              do
                c = g_rand_int_range (rand, 1, 0x10ffff);
              while (c >= 0xd800 && c <= 0xdfff);
              g_string_append_unichar (s, c);
            }
          else
            g_string_append (s, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
        }
      assert_safe_everywhere (fixture, s->str);
      g_string_free (s, TRUE);
    }
}

static void
test_query_builder_quotes_every_word (void)
{
  struct { const char *text; FlSearchMode mode; const char *expected; } cases[] = {
    { "flicker sleep", FL_SEARCH_ALL_WORDS_PREFIX, "\"flicker\" \"sleep\"*" },
    { "NEAR(a OR b)", FL_SEARCH_ALL_WORDS_PREFIX, "\"near\" \"a\" \"or\" \"b\"*" },
    { "\"quoted", FL_SEARCH_ALL_WORDS_PREFIX, "\"quoted\"*" },
    { "Zoë", FL_SEARCH_ALL_WORDS_PREFIX, "\"zoe\"*" },
    { "😀 ^ * ( )", FL_SEARCH_ALL_WORDS_PREFIX, NULL },
    { "The screen flickers and the screen goes dark", FL_SEARCH_ANY_WORD,
      "\"screen\" OR \"flickers\" OR \"goes\" OR \"dark\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *match = fl_search_build_match (cases[i].text, cases[i].mode);

      g_assert_cmpstr (match, ==, cases[i].expected);
    }
}

/* Plain ASCII takes a short cut through fl_search_fold(): it must fold every
 * character as the Unicode path does (case-fold, decompose, drop marks). */
static void
test_fold_ascii_as_unicode (void)
{
  char text[128];
  g_autofree char *folded = NULL;
  g_autofree char *casefolded = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *accented = NULL;

  for (guint i = 0; i < 127; i++)
    text[i] = (char) (i + 1);
  text[127] = '\0';

  folded = fl_search_fold (text);
  casefolded = g_utf8_casefold (text, -1);
  expected = g_utf8_normalize (casefolded, -1, G_NORMALIZE_NFKD);
  g_assert_cmpstr (folded, ==, expected);

  /* And text with a letter beyond ASCII still goes the long way. */
  accented = fl_search_fold ("Zo\xc3\xab O'BRIEN");
  g_assert_cmpstr (accented, ==, "zoe o'brien");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, SearchFixture, NULL, search_fixture_setup, fn, search_fixture_teardown)
  ADD ("/store/lookup/phone-ignores-formatting-and-country-codes", test_phone_lookup_ignores_formatting);
  ADD ("/store/lookup/email-prefix-and-name-words", test_email_and_name_lookup);
  ADD ("/store/search/customers-cases-and-flaws", test_full_text_search);
  ADD ("/store/search/index-follows-a-transaction", test_index_follows_a_transaction);
  ADD ("/store/flaws/match-filters-product-version-and-status", test_flaw_match_filters_product_version_and_status);
  ADD ("/store/flaws/match-counts-linked-cases", test_flaw_match_counts_linked_cases);
  ADD ("/store/flaws/case-without-product-matches-owned-products", test_flaw_match_without_product_uses_owned_products);
  ADD ("/store/search/hostile-text-is-always-safe", test_hostile_text_is_always_safe);
  ADD ("/store/search/random-text-is-always-safe", test_random_text_is_always_safe);
#undef ADD
  g_test_add_func ("/store/search/query-builder-quotes-every-word", test_query_builder_quotes_every_word);
  g_test_add_func ("/store/search/fold-ascii-as-unicode", test_fold_ascii_as_unicode);

  return g_test_run ();
}

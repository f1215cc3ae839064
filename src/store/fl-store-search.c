/* fl-store-search.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Customer lookup (phone, e-mail, name), full-text search, and matching a case
 * against the known flaws of its product. All user text goes through
 * fl-search-text.c first, so nothing a person types reaches SQLite as syntax; and
 * should SQLite still refuse a query, the caller gets a GError, never a crash.
 */
#define G_LOG_DOMAIN "Frontline-Store"

#include "config.h"

#include <string.h>

#include "fl-search-text.h"
#include "fl-store-private.h"

/* The exclusive upper bound of a prefix range: "abc" -> "abd". Keys are UTF-8,
 * so bumping the last byte that is not 0xff is enough. */
static char *
prefix_upper_bound (const char *prefix)
{
  char *upper = g_strdup (prefix);
  gssize i = (gssize) strlen (upper) - 1;

  while (i >= 0 && (guchar) upper[i] == 0xff)
    upper[i--] = '\0';
  if (i >= 0)
    upper[i] = (char) ((guchar) upper[i] + 1);
  return upper;
}

/* "r.id, r.modseq, …": the record's columns when its table is joined. */
static char *
qualified_columns (FlStore    *self,
                   GType       type,
                   const char *alias)
{
  g_auto(GStrv) names = g_strsplit (_fl_store_columns (self, type), ", ", -1);
  g_autofree char *separator = g_strdup_printf (", %s.", alias);
  g_autofree char *joined = g_strjoinv (separator, names);

  return g_strconcat (alias, ".", joined, NULL);
}

static GPtrArray *
new_result_array (void)
{
  return g_ptr_array_new_with_free_func (g_object_unref);
}

/* Most keys one lookup reads before giving up on filling the page: a bound on
 * the work a vague prefix can cause, far above what a person scrolls through. */
#define MAX_KEYS_SCANNED 500

/* Appends the customers whose key lies in [lower, upper), skipping any already in
 * @seen, until @out holds @limit. When @also_lower is given, a customer must
 * also have a key in [also_lower, also_upper). */
static gboolean
collect_customers_by_key_range (FlStore     *self,
                                const char  *lower,
                                const char  *upper,
                                const char  *also_lower,
                                const char  *also_upper,
                                guint        limit,
                                GHashTable  *seen,
                                GPtrArray   *out,
                                GError     **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *columns = qualified_columns (self, FL_TYPE_CUSTOMER, "c");
  guint n_fields;
  int rc;

  sql = g_strdup_printf ("SELECT %s, c.pk FROM"
                         " (SELECT customer_pk FROM customer_keys"
                         "  WHERE key >= ?1 AND key < ?2 LIMIT %d) k"
                         " JOIN customers c ON c.pk = k.customer_pk %s",
                         columns, MAX_KEYS_SCANNED,
                         also_lower != NULL
                         ? "WHERE EXISTS (SELECT 1 FROM customer_keys k2 "
                           "WHERE k2.customer_pk = c.pk AND k2.key >= ?3 AND k2.key < ?4)"
                         : "");
  stmt = _fl_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, lower, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, upper, -1, SQLITE_STATIC);
  if (also_lower != NULL)
    {
      sqlite3_bind_text (stmt, 3, also_lower, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, also_upper, -1, SQLITE_STATIC);
    }

  fl_entity_class_get_fields (g_type_class_peek (FL_TYPE_CUSTOMER), &n_fields);
  while (out->len < limit && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 pk = sqlite3_column_int64 (stmt, (int) n_fields);

      if (g_hash_table_contains (seen, &pk))
        continue;
      g_hash_table_add (seen, g_memdup2 (&pk, sizeof pk));
      g_ptr_array_add (out, _fl_store_read_entity (self, FL_TYPE_CUSTOMER, stmt, 0));
    }

  if (out->len < limit && rc != SQLITE_DONE)
    return _fl_store_set_error (self, rc, "Could not look up customers", error);
  return TRUE;
}

static GHashTable *
new_pk_set (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

/**
 * fl_store_find_customers_by_phone:
 * @phone: a number in any format ("+1 (555) 010-1234", "5550101234")
 *
 * Matches on trailing digits both ways: a caller ID with a country code finds a
 * number saved without one, and a number typed without the country code finds
 * one saved with it. At least 7 digits must agree.
 *
 * Returns: (transfer full) (element-type FlCustomer): the customers
 */
GPtrArray *
fl_store_find_customers_by_phone (FlStore     *self,
                                  const char  *phone,
                                  guint        limit,
                                  GError     **error)
{
  g_autoptr(GPtrArray) out = new_result_array ();
  g_autoptr(GHashTable) seen = new_pk_set ();
  g_autofree char *digits = NULL;
  gsize n_digits;

  g_return_val_if_fail (FL_IS_STORE (self), NULL);
  g_return_val_if_fail (phone != NULL, NULL);

  digits = fl_search_phone_key (phone);
  if (digits == NULL)
    return g_steal_pointer (&out);
  n_digits = strlen (digits);

  /* Saved numbers that end with all the digits given. */
  {
    g_autofree char *lower = g_strconcat ("p:", digits, NULL);
    g_autofree char *upper = prefix_upper_bound (lower);

    if (!collect_customers_by_key_range (self, lower, upper, NULL, NULL, limit, seen, out, error))
      return NULL;
  }

  /* Saved numbers that are a shorter tail of the digits given (no country code). */
  for (gsize len = n_digits - 1; len >= 7 && out->len < limit; len--)
    {
      g_autofree char *key = g_strdup_printf ("p:%.*s", (int) len, digits);
      g_autofree char *upper = g_strconcat (key, "\x01", NULL);

      /* [key, key + "\x01") is exactly the key itself. */
      if (!collect_customers_by_key_range (self, key, upper, NULL, NULL, limit, seen, out, error))
        return NULL;
    }

  return g_steal_pointer (&out);
}

/**
 * fl_store_find_customers_by_email:
 * @email_prefix: the start of an address, any case
 *
 * Returns: (transfer full) (element-type FlCustomer): the customers
 */
GPtrArray *
fl_store_find_customers_by_email (FlStore     *self,
                                  const char  *email_prefix,
                                  guint        limit,
                                  GError     **error)
{
  g_autoptr(GPtrArray) out = new_result_array ();
  g_autoptr(GHashTable) seen = new_pk_set ();
  g_autofree char *folded = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *upper = NULL;

  g_return_val_if_fail (FL_IS_STORE (self), NULL);
  g_return_val_if_fail (email_prefix != NULL, NULL);

  folded = g_strstrip (fl_search_fold (email_prefix));
  if (*folded == '\0')
    return g_steal_pointer (&out);

  lower = g_strconcat ("e:", folded, NULL);
  upper = prefix_upper_bound (lower);
  if (!collect_customers_by_key_range (self, lower, upper, NULL, NULL, limit, seen, out, error))
    return NULL;

  return g_steal_pointer (&out);
}

/* [lower, upper) of the keys starting with @prefix + @a (+ " " + @b). */
static void
key_range (const char  *prefix,
           const char  *a,
           const char  *b,
           char       **lower,
           char       **upper)
{
  *lower = b != NULL ? g_strconcat (prefix, a, " ", b, NULL) : g_strconcat (prefix, a, NULL);
  *upper = prefix_upper_bound (*lower);
}

/**
 * fl_store_find_customers_by_name:
 * @name_prefix: words the name's words start with, in any order and case,
 *   accents optional ("zoe sm" finds "Zoë Smith")
 *
 * With two or more words, the first two as typed are looked up as a pair (the
 * second as a prefix), which is one narrow index range; customers where both
 * words are only prefixes are found after those.
 *
 * Returns: (transfer full) (element-type FlCustomer): the customers
 */
GPtrArray *
fl_store_find_customers_by_name (FlStore     *self,
                                 const char  *name_prefix,
                                 guint        limit,
                                 GError     **error)
{
  g_autoptr(GPtrArray) out = new_result_array ();
  g_autoptr(GHashTable) seen = new_pk_set ();
  g_autoptr(GPtrArray) words = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *also_lower = NULL;
  g_autofree char *also_upper = NULL;
  const char *first;
  const char *second;
  const char *third;

  g_return_val_if_fail (FL_IS_STORE (self), NULL);
  g_return_val_if_fail (name_prefix != NULL, NULL);

  words = fl_search_split_words (name_prefix, 8);
  if (words->len == 0)
    return g_steal_pointer (&out);

  first = g_ptr_array_index (words, 0);
  if (words->len == 1)
    {
      key_range ("n:", first, NULL, &lower, &upper);
      if (!collect_customers_by_key_range (self, lower, upper, NULL, NULL, limit, seen, out, error))
        return NULL;
      return g_steal_pointer (&out);
    }

  /* "helena mar": the pair key; a third word, if any, must match too. */
  second = g_ptr_array_index (words, 1);
  third = words->len > 2 ? g_ptr_array_index (words, 2) : NULL;
  key_range ("m:", first, second, &lower, &upper);
  if (third != NULL)
    key_range ("n:", third, NULL, &also_lower, &also_upper);
  if (!collect_customers_by_key_range (self, lower, upper, also_lower, also_upper,
                                       limit, seen, out, error))
    return NULL;

  /* "hel mar": both words only prefixes; scan by the second, check the first.
   * Only when the pair found nobody: that scan is the slow path. */
  if (out->len == 0 && third == NULL)
    {
      g_clear_pointer (&lower, g_free);
      g_clear_pointer (&upper, g_free);
      key_range ("n:", second, NULL, &lower, &upper);
      key_range ("n:", first, NULL, &also_lower, &also_upper);
      if (!collect_customers_by_key_range (self, lower, upper, also_lower, also_upper,
                                           limit, seen, out, error))
        return NULL;
    }

  return g_steal_pointer (&out);
}

/**
 * fl_store_lookup_customers:
 * @text: a phone number, an e-mail address or a name, as typed
 *
 * The one box of the customer picker: decides which lookup fits the text. A
 * single word that names nobody is also tried as the start of an e-mail address.
 *
 * Returns: (transfer full) (element-type FlCustomer): the customers
 */
GPtrArray *
fl_store_lookup_customers (FlStore     *self,
                           const char  *text,
                           guint        limit,
                           GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (FL_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));

  if (fl_search_is_phone (text))
    return fl_store_find_customers_by_phone (self, text, limit, error);
  if (strchr (text, '@') != NULL)
    return fl_store_find_customers_by_email (self, text, limit, error);

  /* One word with a dot, a digit, an underscore or a plus reads as the start of
   * an address ("soren.m"): try that first, then names. */
  if (strpbrk (trimmed, " \t\n") == NULL && strpbrk (trimmed, "._+0123456789") != NULL)
    {
      found = fl_store_find_customers_by_email (self, trimmed, limit, error);
      if (found == NULL || found->len > 0)
        return g_steal_pointer (&found);
      g_clear_pointer (&found, g_ptr_array_unref);
    }

  found = fl_store_find_customers_by_name (self, text, limit, error);
  if (found == NULL)
    return NULL;

  /* One word that names nobody may still be the start of an address. */
  if (found->len < limit && strpbrk (trimmed, " \t\n") == NULL)
    {
      g_autoptr(GPtrArray) by_email = fl_store_find_customers_by_email (self, text,
                                                                        limit, error);
      if (by_email == NULL)
        return NULL;
      for (guint i = 0; i < by_email->len && found->len < limit; i++)
        {
          FlEntity *candidate = g_ptr_array_index (by_email, i);
          gboolean already = FALSE;

          for (guint j = 0; j < found->len && !already; j++)
            already = g_strcmp0 (fl_entity_get_id (g_ptr_array_index (found, j)),
                                 fl_entity_get_id (candidate)) == 0;
          if (!already)
            g_ptr_array_add (found, g_object_ref (candidate));
        }
    }

  return g_steal_pointer (&found);
}

/* Full-text search ---------------------------------------------------------- */

static GPtrArray *
search_simple (FlStore     *self,
               GType        type,
               const char  *fts_table,
               const char  *rank,
               const char  *text,
               guint        limit,
               GError     **error)
{
  g_autoptr(GPtrArray) out = new_result_array ();
  g_autoptr(FlCachedStmt) stmt = NULL;
  g_autofree char *match = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *columns = NULL;

  match = fl_search_build_match (text, FL_SEARCH_ALL_WORDS_PREFIX);
  if (match == NULL)
    return g_steal_pointer (&out);

  columns = qualified_columns (self, type, "r");

  sql = g_strdup_printf ("SELECT %s FROM %s JOIN %s r ON r.pk = %s.rowid "
                         "WHERE %s MATCH ?1 ORDER BY %s LIMIT ?2",
                         columns, fts_table,
                         fl_entity_class_get_table_name (g_type_class_peek (type)),
                         fts_table, fts_table, rank);
  stmt = _fl_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, (int) MIN (limit, G_MAXINT));
  if (!_fl_store_collect (self, type, stmt, out, error))
    return NULL;

  return g_steal_pointer (&out);
}

/**
 * fl_store_search_customers:
 *
 * Returns: (transfer full) (element-type FlCustomer): best matches first
 */
GPtrArray *
fl_store_search_customers (FlStore     *self,
                           const char  *text,
                           guint        limit,
                           GError     **error)
{
  g_return_val_if_fail (FL_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  return search_simple (self, FL_TYPE_CUSTOMER, "customer_fts",
                        "bm25 (customer_fts, 10.0, 5.0, 3.0, 3.0)", text, limit, error);
}

/**
 * fl_store_search_flaws:
 *
 * Returns: (transfer full) (element-type FlFlaw): best matches first
 */
GPtrArray *
fl_store_search_flaws (FlStore     *self,
                       const char  *text,
                       guint        limit,
                       GError     **error)
{
  g_return_val_if_fail (FL_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  return search_simple (self, FL_TYPE_FLAW, "flaw_fts",
                        "bm25 (flaw_fts, 10.0, 5.0, 2.0, 2.0, 0.0)", text, limit, error);
}

/**
 * fl_store_search_cases:
 *
 * Searches subjects, descriptions and every interaction of every case; a case
 * ranks by its best-matching text.
 *
 * Returns: (transfer full) (element-type FlCase): best matches first
 */
GPtrArray *
fl_store_search_cases (FlStore     *self,
                       const char  *text,
                       guint        limit,
                       GError     **error)
{
  g_autoptr(GPtrArray) out = new_result_array ();
  g_autoptr(FlCachedStmt) stmt = NULL;
  g_autofree char *match = NULL;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  match = fl_search_build_match (text, FL_SEARCH_ALL_WORDS_PREFIX);
  if (match == NULL)
    return g_steal_pointer (&out);

  stmt = _fl_store_prepare (self,
                            "SELECT case_pk, min (score) AS best FROM ("
                            "  SELECT rowid AS case_pk, bm25 (case_fts, 3.0, 1.0) AS score"
                            "  FROM case_fts WHERE case_fts MATCH ?1"
                            "  UNION ALL"
                            "  SELECT c.pk, bm25 (interaction_fts) FROM interaction_fts"
                            "  JOIN interactions i ON i.pk = interaction_fts.rowid"
                            "  JOIN cases c ON c.id = i.case_id"
                            "  WHERE interaction_fts MATCH ?1"
                            ") GROUP BY case_pk ORDER BY best LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, (int) MIN (limit, G_MAXINT));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(FlEntity) found = _fl_store_get_by_pk (self, FL_TYPE_CASE,
                                                       sqlite3_column_int64 (stmt, 0), error);
      if (found == NULL)
        return NULL;
      g_ptr_array_add (out, g_steal_pointer (&found));
    }
  if (rc != SQLITE_DONE)
    {
      _fl_store_set_error (self, rc, "Could not search cases", error);
      return NULL;
    }

  return g_steal_pointer (&out);
}

/* Flaw matching ------------------------------------------------------------- */

static char *
product_name_and_line (FlStore    *self,
                       const char *product_id)
{
  g_autoptr(FlCachedStmt) stmt = NULL;

  if (product_id == NULL)
    return NULL;

  stmt = _fl_store_prepare (self, "SELECT name || ' ' || line FROM products WHERE id = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, product_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

typedef struct
{
  char   *term;
  gint64  documents;
} ScopedTerm;

static void
scoped_term_clear (gpointer data)
{
  g_free (((ScopedTerm *) data)->term);
}

static int
compare_scoped_terms (gconstpointer a,
                      gconstpointer b)
{
  const ScopedTerm *x = a;
  const ScopedTerm *y = b;

  return x->documents < y->documents ? -1 : x->documents > y->documents;
}

/* Most words a flaw match ranks on, and the share of a product's flaws a word may
 * appear in and still count as telling them apart. */
#define MAX_RANKED_WORDS 8
#define COMMON_WORD_SHARE 5

/* Picks the words of @text that are rare among the product's flaws (looked up in
 * flaw_words_vocab, one index probe each) and builds an OR of their scoped terms.
 * A word every other flaw has only slows the ranking and blurs it; a word no flaw
 * has cannot match. Sets @any_word to FALSE when no word of @text occurs in the
 * product's flaws at all (then there is nothing to rank). */
static char *
scoped_match (FlStore     *self,
              const char  *product_id,
              const char  *text,
              gboolean    *any_word,
              GError     **error)
{
  g_autofree char *product_words = product_name_and_line (self, product_id);
  g_autoptr(GPtrArray) words = fl_search_match_words (text, product_words, FL_SEARCH_MAX_WORDS);
  g_autoptr(GArray) terms = g_array_new (FALSE, FALSE, sizeof (ScopedTerm));
  g_autoptr(FlCachedStmt) vocab = NULL;
  g_autoptr(FlCachedStmt) count = NULL;
  gint64 n_flaws = 0;
  gint64 common;
  GString *match;
  guint kept = 0;
  int rc;

  g_array_set_clear_func (terms, scoped_term_clear);
  *any_word = FALSE;

  vocab = _fl_store_prepare (self, "SELECT doc FROM flaw_words_vocab WHERE term = ?1", error);
  count = _fl_store_prepare (self, "SELECT count(*) FROM flaws WHERE product_id = ?1", error);
  if (vocab == NULL || count == NULL)
    return NULL;

  for (guint i = 0; i < words->len; i++)
    {
      ScopedTerm term = { _fl_store_scope_word (product_id, g_ptr_array_index (words, i)), 0 };

      sqlite3_bind_text (vocab, 1, term.term, -1, SQLITE_STATIC);
      rc = sqlite3_step (vocab);
      if (rc == SQLITE_ROW)
        term.documents = sqlite3_column_int64 (vocab, 0);
      sqlite3_reset (vocab);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          g_free (term.term);
          _fl_store_set_error (self, rc, "Could not match known flaws", error);
          return NULL;
        }

      if (term.documents > 0)
        g_array_append_val (terms, term);
      else
        g_free (term.term);
    }

  if (terms->len == 0)
    return NULL;
  *any_word = TRUE;

  sqlite3_bind_text (count, 1, product_id, -1, SQLITE_STATIC);
  if (sqlite3_step (count) == SQLITE_ROW)
    n_flaws = sqlite3_column_int64 (count, 0);

  g_array_sort (terms, compare_scoped_terms);
  common = MAX (3, n_flaws / COMMON_WORD_SHARE);

  match = g_string_new (NULL);
  for (guint i = 0; i < terms->len && kept < MAX_RANKED_WORDS; i++)
    {
      const ScopedTerm *term = &g_array_index (terms, ScopedTerm, i);

      /* Always keep the three rarest, however common; then only the rare. */
      if (kept >= 3 && term->documents > common)
        break;
      g_string_append_printf (match, "%s\"%s\"", kept > 0 ? " OR " : "", term->term);
      kept++;
    }

  return g_string_free (match, FALSE);
}

/**
 * fl_store_match_flaws:
 * @product_id: (nullable): only flaws of this product
 * @version: (nullable): only flaws affecting this version (or every version)
 * @text: the words to match: a case's subject, description and notes
 *
 * Retired flaws are left out; fixed ones stay, because "fixed in 2.4, customer
 * has 2.1" is the most useful answer of all. With no usable words, the product's
 * flaws come back most severe first.
 *
 * Returns: (transfer full) (element-type FlFlawMatch): best matches first
 */
GPtrArray *
fl_store_match_flaws (FlStore     *self,
                      const char  *product_id,
                      const char  *version,
                      const char  *text,
                      guint        limit,
                      GError     **error)
{
  g_autoptr(GPtrArray) out = new_result_array ();
  g_autoptr(GPtrArray) found = new_result_array ();
  g_autoptr(GArray) scores = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(FlCachedStmt) stmt = NULL;
  g_autofree char *words = NULL;
  g_autofree char *match = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *columns = NULL;
  const char *fts_table = "flaw_fts";
  const char *rank = "bm25 (flaw_fts, 10.0, 4.0, 1.5, 1.0, 0.0)";
  guint n_fields;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), NULL);

  if (text != NULL)
    {
      g_autofree char *product_words = product_name_and_line (self, product_id);

      /* Within one product, its own name ("Quiet 500 Wired") is in every case and
       * every flaw: matching on it would rank nothing and cost a lot. */
      words = fl_search_build_match_excluding (text, FL_SEARCH_ANY_WORD, product_words);
    }

  if (product_id != NULL && fl_is_valid_id (product_id) && words != NULL)
    {
      /* The usual case: rank the product's flaws on the case's rarer words. */
      gboolean any;

      match = scoped_match (self, product_id, text, &any, error);
      if (match == NULL)
        return any ? NULL : g_steal_pointer (&out);
      fts_table = "flaw_words";
      rank = "bm25 (flaw_words, 10.0, 4.0)";
    }
  else if (product_id != NULL && fl_is_valid_id (product_id))
    {
      g_autofree char *key = g_strdup (product_id);

      g_strdelimit (key, "-", ' ');
      {
        g_auto(GStrv) parts = g_strsplit (key, " ", -1);
        g_autofree char *joined = g_strjoinv ("", parts);
        g_autofree char *lowered = g_ascii_strdown (joined, -1);

        /* Once narrowed to the product, the product's own name says nothing
         * about which of its flaws fits; and a customer describes symptoms, not
         * workarounds. Match the flaw's title and symptoms only. */
        match = words != NULL
                ? g_strdup_printf ("product_key : \"p%s\" AND "
                                   "{title symptoms} : (%s)", lowered, words)
                : g_strdup_printf ("product_key : \"p%s\"", lowered);
      }
    }
  else if (words != NULL)
    match = g_strdup_printf ("{title symptoms} : (%s)", words);
  else
    return g_steal_pointer (&out);

  columns = qualified_columns (self, FL_TYPE_FLAW, "f");

  /* Ranked inside FTS5 first and cut to a shortlist, then checked against the
   * flaw records (status, versions) and counted for linked cases: doing that for
   * every matched flaw before the cut cost hundreds of lookups per case. A
   * shortlist of eight times the page leaves room for retired and other-version
   * flaws. */
  sql = g_strdup_printf ("SELECT %s, m.score FROM"
                         " (SELECT rowid AS pk, -%s AS score"
                         "  FROM %s WHERE %s MATCH ?1"
                         "  ORDER BY score DESC LIMIT ?3 * 8) m"
                         " JOIN flaws f ON f.pk = m.pk"
                         " WHERE f.status != 'retired'"
                         "   AND (?2 IS NULL OR f.affected_versions = '[]'"
                         "        OR EXISTS (SELECT 1 FROM json_each (f.affected_versions)"
                         "                   WHERE value = ?2))"
                         " ORDER BY m.score DESC,"
                         "   CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1"
                         "     WHEN 'medium' THEN 2 ELSE 3 END"
                         " LIMIT ?3", columns, rank, fts_table, fts_table);
  stmt = _fl_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  if (version != NULL && *version != '\0')
    sqlite3_bind_text (stmt, 2, version, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_int (stmt, 3, (int) MIN (limit, G_MAXINT));

  fl_entity_class_get_fields (g_type_class_peek (FL_TYPE_FLAW), &n_fields);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(FlEntity) flaw = _fl_store_read_entity (self, FL_TYPE_FLAW, stmt, 0);

      double score = sqlite3_column_double (stmt, (int) n_fields);

      g_ptr_array_add (found, g_steal_pointer (&flaw));
      g_array_append_val (scores, score);
    }
  if (rc != SQLITE_DONE)
    {
      _fl_store_set_error (self, rc, "Could not match known flaws", error);
      return NULL;
    }

  for (guint i = 0; i < found->len; i++)
    {
      FlEntity *flaw = g_ptr_array_index (found, i);
      gint64 linked = fl_store_count_cases_for_flaw (self, fl_entity_get_id (flaw), error);

      if (linked < 0)
        return NULL;
      g_ptr_array_add (out, fl_flaw_match_new (FL_FLAW (flaw),
                                               g_array_index (scores, double, i), linked));
    }

  return g_steal_pointer (&out);
}

static int
compare_matches_by_score (gconstpointer a,
                          gconstpointer b)
{
  double x = fl_flaw_match_get_score (*(FlFlawMatch **) a);
  double y = fl_flaw_match_get_score (*(FlFlawMatch **) b);

  return x > y ? -1 : x < y;
}

/* A case not yet tied to a product: the flaws of what the customer owns, each at
 * the version they run, best first. Someone who owns nothing gets a match over
 * every product's flaws. */
static GPtrArray *
match_flaws_of_owned_products (FlStore     *self,
                               const char  *customer_id,
                               const char  *text,
                               guint        limit,
                               GError     **error)
{
  g_autoptr(FlCachedStmt) owned = NULL;
  g_autoptr(GPtrArray) out = new_result_array ();
  guint n_products = 0;
  int rc;

  owned = _fl_store_prepare (self,
                             "SELECT product_id, max (version) FROM ownerships"
                             " WHERE customer_id = ?1 GROUP BY product_id LIMIT 8", error);
  if (owned == NULL)
    return NULL;

  sqlite3_bind_text (owned, 1, customer_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (owned)) == SQLITE_ROW)
    {
      g_autoptr(GPtrArray) matches =
        fl_store_match_flaws (self, (const char *) sqlite3_column_text (owned, 0),
                              (const char *) sqlite3_column_text (owned, 1), text, limit, error);

      if (matches == NULL)
        return NULL;
      g_ptr_array_extend_and_steal (out, g_steal_pointer (&matches));
      n_products++;
    }
  if (rc != SQLITE_DONE)
    {
      _fl_store_set_error (self, rc, "Could not read what the customer owns", error);
      return NULL;
    }

  if (n_products == 0)
    return fl_store_match_flaws (self, NULL, NULL, text, limit, error);

  g_ptr_array_sort (out, compare_matches_by_score);
  if (out->len > limit)
    g_ptr_array_set_size (out, limit);
  return g_steal_pointer (&out);
}

/**
 * fl_store_match_flaws_for_case:
 *
 * Matches the case's subject, description and its latest notes, calls and
 * e-mails against the flaws of the case's product and version; for a case with
 * no product yet, against the flaws of the products the customer owns.
 *
 * Returns: (transfer full) (element-type FlFlawMatch): best matches first
 */
GPtrArray *
fl_store_match_flaws_for_case (FlStore     *self,
                               const char  *case_id,
                               guint        limit,
                               GError     **error)
{
  g_autoptr(FlEntity) found = NULL;
  g_autoptr(FlCachedStmt) stmt = NULL;
  g_autoptr(GString) text = NULL;
  FlCase *the_case;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  found = fl_store_get (self, FL_TYPE_CASE, case_id, error);
  if (found == NULL)
    return NULL;
  the_case = FL_CASE (found);

  /* The subject first: words early in the text are kept when there are too many. */
  text = g_string_new (fl_case_get_subject (the_case));
  g_string_append_c (text, '\n');
  if (fl_case_get_description (the_case) != NULL)
    g_string_append (text, fl_case_get_description (the_case));

  stmt = _fl_store_prepare (self,
                            "SELECT body FROM interactions WHERE case_id = ?1"
                            " AND kind IN ('note', 'call', 'email') AND body IS NOT NULL"
                            " ORDER BY at DESC LIMIT 10", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, (const char *) sqlite3_column_text (stmt, 0));
    }
  if (rc != SQLITE_DONE)
    {
      _fl_store_set_error (self, rc, "Could not read the case's notes", error);
      return NULL;
    }

  if (fl_case_get_product_id (the_case) != NULL)
    return fl_store_match_flaws (self, fl_case_get_product_id (the_case),
                                 fl_case_get_product_version (the_case), text->str, limit,
                                 error);

  return match_flaws_of_owned_products (self, fl_case_get_customer_id (the_case), text->str,
                                        limit, error);
}

/**
 * fl_store_count_cases_for_flaw:
 *
 * Returns: how many cases are linked to the flaw, or -1 with @error set
 */
gint64
fl_store_count_cases_for_flaw (FlStore     *self,
                               const char  *flaw_id,
                               GError     **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), -1);
  g_return_val_if_fail (flaw_id != NULL, -1);

  stmt = _fl_store_prepare (self, "SELECT count(*) FROM case_flaws WHERE flaw_id = ?1", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, flaw_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _fl_store_set_error (self, rc, "Could not count linked cases", error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

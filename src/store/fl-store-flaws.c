/* fl-store-flaws.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Matching a case against the known flaws of its product and version: the
 * case's rarer words, ranked by bm25 within the product's flaws; for a case
 * with no product yet, within the products the customer owns.
 */
#define G_LOG_DOMAIN "Frontline-Store"

#include "config.h"

#include <string.h>

#include "fl-search-text.h"
#include "fl-store-private.h"

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
 * has cannot match. Returns %NULL without an error when no word of @text occurs
 * in the product's flaws at all (then there is nothing to rank). */
static char *
scoped_match (FlStore     *self,
              const char  *product_id,
              const char  *product_words,
              const char  *text,
              GError     **error)
{
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
  g_autoptr(GPtrArray) out = _fl_store_new_result_array ();
  g_autoptr(GPtrArray) found = _fl_store_new_result_array ();
  g_autoptr(GArray) scores = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(FlCachedStmt) stmt = NULL;
  g_autofree char *words = NULL;
  g_autofree char *product_words = NULL;
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
      product_words = product_name_and_line (self, product_id);

      /* Within one product, its own name ("Quiet 500 Wired") is in every case and
       * every flaw: matching on it would rank nothing and cost a lot. */
      words = fl_search_build_match_excluding (text, FL_SEARCH_ANY_WORD, product_words);
    }

  if (product_id != NULL && fl_is_valid_id (product_id) && words != NULL)
    {
      /* The usual case: rank the product's flaws on the case's rarer words. */
      g_autoptr(GError) local_error = NULL;

      match = scoped_match (self, product_id, product_words, text, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (match == NULL)
        return g_steal_pointer (&out);  /* no word of the case is in any of its flaws */
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

  columns = _fl_store_qualified_columns (self, FL_TYPE_FLAW, "f");

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
  g_autoptr(GPtrArray) out = _fl_store_new_result_array ();
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
  return fl_store_match_flaws_for_draft (self, case_id, NULL, limit, error);
}

/**
 * fl_store_match_flaws_for_draft:
 * @draft: (nullable): what the agent is typing about the case, not saved yet
 *
 * As fl_store_match_flaws_for_case(), with the draft's words matched first:
 * what the agent writes now is the freshest clue to what is wrong.
 *
 * Returns: (transfer full) (element-type FlFlawMatch): best matches first
 */
GPtrArray *
fl_store_match_flaws_for_draft (FlStore     *self,
                                const char  *case_id,
                                const char  *draft,
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
  text = g_string_new (NULL);
  if (draft != NULL)
    {
      g_string_append (text, draft);
      g_string_append_c (text, '\n');
    }
  g_string_append (text, fl_case_get_subject (the_case));
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

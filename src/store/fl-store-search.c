/* fl-store-search.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Customer lookup (phone, e-mail, name) and full-text search (flaw matching is
 * in fl-store-flaws.c). All user text goes through
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

/**
 * _fl_store_qualified_columns:
 *
 * "r.id, r.modseq, …": a record's columns when its table is joined as @alias.
 */
char *
_fl_store_qualified_columns (FlStore    *self,
                             GType       type,
                             const char *alias)
{
  g_auto(GStrv) names = g_strsplit (_fl_store_columns (self, type), ", ", -1);
  g_autofree char *separator = g_strdup_printf (", %s.", alias);
  g_autofree char *joined = g_strjoinv (separator, names);

  return g_strconcat (alias, ".", joined, NULL);
}

GPtrArray *
_fl_store_new_result_array (void)
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
  g_autofree char *columns = _fl_store_qualified_columns (self, FL_TYPE_CUSTOMER, "c");
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
  g_autoptr(GPtrArray) out = _fl_store_new_result_array ();
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
  g_autoptr(GPtrArray) out = _fl_store_new_result_array ();
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
  g_autoptr(GPtrArray) out = _fl_store_new_result_array ();
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
  g_autoptr(GPtrArray) out = _fl_store_new_result_array ();
  g_autoptr(FlCachedStmt) stmt = NULL;
  g_autofree char *match = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *columns = NULL;

  match = fl_search_build_match (text, FL_SEARCH_ALL_WORDS_PREFIX);
  if (match == NULL)
    return g_steal_pointer (&out);
  if (!_fl_store_index_pending_search (self, error))
    return NULL;

  columns = _fl_store_qualified_columns (self, type, "r");

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
  g_autoptr(GPtrArray) out = _fl_store_new_result_array ();
  g_autoptr(FlCachedStmt) stmt = NULL;
  g_autofree char *match = NULL;
  int rc;

  g_return_val_if_fail (FL_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  match = fl_search_build_match (text, FL_SEARCH_ALL_WORDS_PREFIX);
  if (match == NULL)
    return g_steal_pointer (&out);
  if (!_fl_store_index_pending_search (self, error))
    return NULL;

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

/* fl-store-offers.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which offers fit a case: the offer's rules against what the customer owns and
 * the words of the case, held back when the moment is wrong (a complaint, or the
 * customer hit by an open flaw of the very product on offer), and never made
 * again once the customer has said yes or no to it.
 */
#define G_LOG_DOMAIN "Frontline-Store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fl-store-private.h"

typedef struct
{
  char *product_id;
  char *name;
  char *line;
} Owned;

static void
owned_clear (gpointer data)
{
  Owned *owned = data;

  g_free (owned->product_id);
  g_free (owned->name);
  g_free (owned->line);
}

/* " word word … ": lower-cased, every run of anything but letters and digits one
 * space, so a keyword phrase matches on whole words with a plain substring search. */
static char *
normalise_words (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text != NULL ? text : "", -1);
  GString *out = g_string_new (" ");

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (out, c);
      else if (out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
    }
  if (out->str[out->len - 1] != ' ')
    g_string_append_c (out, ' ');
  return g_string_free (out, FALSE);
}

static const char *
matching_keyword (FlOffer    *offer,
                  const char *case_words)
{
  const char * const *keywords = fl_offer_get_case_keywords (offer);

  for (guint i = 0; keywords != NULL && keywords[i] != NULL; i++)
    {
      g_autofree char *keyword = normalise_words (keywords[i]);

      if (strcmp (keyword, " ") != 0 && strstr (case_words, keyword) != NULL)
        return keywords[i];
    }
  return NULL;
}

/* What the customer owns that satisfies the offer's rules; NULL when nothing does.
 * @anyone is set for an offer without ownership rules. */
static const Owned *
matching_ownership (FlOffer  *offer,
                    GArray   *owned,
                    gboolean *anyone)
{
  const char * const *product_ids = fl_offer_get_owned_product_ids (offer);
  const char *line = fl_offer_get_owned_line (offer);

  *anyone = (product_ids == NULL || product_ids[0] == NULL) && line == NULL;
  for (guint i = 0; !*anyone && i < owned->len; i++)
    {
      const Owned *o = &g_array_index (owned, Owned, i);

      if (line != NULL && g_strcmp0 (o->line, line) == 0)
        return o;
      if (product_ids != NULL && g_strv_contains (product_ids, o->product_id))
        return o;
    }
  return NULL;
}

static gboolean
read_owned (FlStore     *self,
            const char  *customer_id,
            GArray      *owned,
            GError     **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;
  int rc;

  stmt = _fl_store_prepare (self,
                            "SELECT DISTINCT o.product_id, p.name, p.line FROM ownerships o"
                            " JOIN products p ON p.id = o.product_id"
                            " WHERE o.customer_id = ?1 ORDER BY o.purchased_at DESC", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, customer_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Owned o = {
        g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
        g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
        g_strdup ((const char *) sqlite3_column_text (stmt, 2)),
      };

      g_array_append_val (owned, o);
    }
  if (rc != SQLITE_DONE)
    return _fl_store_set_error (self, rc, "Could not read what the customer owns", error);
  return TRUE;
}

/* Open flaws (not fixed, not retired) of products the customer owns, at the
 * version they own: product id -> the flaw's title. */
static GHashTable *
read_open_flaws (FlStore     *self,
                 const char  *customer_id,
                 GError     **error)
{
  g_autoptr(GHashTable) flaws = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(FlCachedStmt) stmt = NULL;
  int rc;

  stmt = _fl_store_prepare (self,
                            "SELECT f.product_id, f.title FROM ownerships o"
                            " JOIN flaws f ON f.product_id = o.product_id"
                            " WHERE o.customer_id = ?1"
                            "   AND f.status IN ('investigating', 'workaround')"
                            "   AND (f.affected_versions = '[]'"
                            "        OR EXISTS (SELECT 1 FROM json_each (f.affected_versions)"
                            "                   WHERE value = o.version))"
                            " ORDER BY CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1"
                            "   WHEN 'medium' THEN 2 ELSE 3 END DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, customer_id, -1, SQLITE_STATIC);
  /* Least severe first, so the most severe flaw of a product is the one kept. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_replace (flaws, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                          g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  if (rc != SQLITE_DONE)
    {
      _fl_store_set_error (self, rc, "Could not read the customer's known flaws", error);
      return NULL;
    }
  return g_steal_pointer (&flaws);
}

/* The customer's outcomes: offers answered (accepted or declined) in any case go
 * into @answered; the latest outcome of each offer in this case into @in_case. */
static gboolean
read_outcomes (FlStore     *self,
               const char  *customer_id,
               const char  *case_id,
               GHashTable  *answered,
               GHashTable  *in_case,
               GError     **error)
{
  g_autoptr(FlCachedStmt) stmt = NULL;
  int rc;

  stmt = _fl_store_prepare (self,
                            "SELECT offer_id, case_id, result FROM offer_outcomes"
                            " WHERE customer_id = ?1 OR case_id = ?2 ORDER BY at, id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, customer_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, case_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *offer_id = (const char *) sqlite3_column_text (stmt, 0);
      int result = FL_OFFER_RESULT_OFFERED;

      fl_enum_from_nick (FL_TYPE_OFFER_RESULT, (const char *) sqlite3_column_text (stmt, 2), &result);
      if (result != FL_OFFER_RESULT_OFFERED)
        g_hash_table_add (answered, g_strdup (offer_id));
      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), case_id) == 0)
        g_hash_table_replace (in_case, g_strdup (offer_id), GINT_TO_POINTER (result + 1));
    }
  if (rc != SQLITE_DONE)
    return _fl_store_set_error (self, rc, "Could not read the customer's offers", error);
  return TRUE;
}

static char *
describe_fit (const Owned *owned,
              const char  *keyword)
{
  if (owned != NULL && keyword != NULL)
    /* Translators: why an offer fits: a product the customer owns, words of the case */
    return g_strdup_printf (_("Owns the %s and the case mentions “%s”."), owned->name, keyword);
  if (owned != NULL)
    /* Translators: why an offer fits: a product the customer owns */
    return g_strdup_printf (_("Owns the %s."), owned->name);
  if (keyword != NULL)
    /* Translators: why an offer fits: words of the case */
    return g_strdup_printf (_("The case mentions “%s”."), keyword);
  return g_strdup (_("Open to every customer."));
}

/* Ranks what can be offered now before what is held back, then a fit on the
 * case's own words before a fit on ownership alone. */
static int
compare_suggestions (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  GHashTable *keyword_fits = user_data;
  FlOfferSuggestion *x = *(FlOfferSuggestion **) a;
  FlOfferSuggestion *y = *(FlOfferSuggestion **) b;
  int sx = fl_offer_suggestion_get_suppressed (x);
  int sy = fl_offer_suggestion_get_suppressed (y);
  int kx = g_hash_table_contains (keyword_fits, x);
  int ky = g_hash_table_contains (keyword_fits, y);

  if (sx != sy)
    return sx - sy;
  return ky - kx;
}

static FlOfferSuggestion *
suggest_one (FlOffer     *offer,
             FlCase      *the_case,
             const char  *case_words,
             GArray      *owned,
             GHashTable  *open_flaws,
             gboolean    *keyword_fit)
{
  const char * const *keywords = fl_offer_get_case_keywords (offer);
  const char *keyword = matching_keyword (offer, case_words);
  const char *flaw_title;
  const Owned *owner;
  gboolean anyone;
  g_autofree char *reason = NULL;
  g_autofree char *suppressed = NULL;

  owner = matching_ownership (offer, owned, &anyone);
  if (owner == NULL && !anyone)
    return NULL;
  /* An offer with words to look for fits only a case about them. */
  if (keywords != NULL && keywords[0] != NULL && keyword == NULL)
    return NULL;
  /* Without either rule an offer would fit every call: too much noise. */
  if (anyone && keyword == NULL)
    return NULL;

  reason = describe_fit (owner, keyword);
  flaw_title = g_hash_table_lookup (open_flaws, fl_offer_get_product_id (offer));
  if (fl_case_get_complaint (the_case))
    suppressed = g_strdup (_("Not now: this case is a complaint."));
  else if (flaw_title != NULL)
    /* Translators: why an offer is held back; the flaw's title */
    suppressed = g_strdup_printf (_("Not now: the customer is hit by the open flaw “%s” on this product."),
                                  flaw_title);

  *keyword_fit = keyword != NULL;
  return fl_offer_suggestion_new (offer, reason, suppressed);
}

/**
 * fl_store_suggest_offers:
 * @limit: the most suggestions to return
 *
 * Offers whose rules fit the case: the customer owns one of the products (or a
 * product of the line) the offer names, and the case's subject or description
 * has one of its keywords. Suppressed suggestions (a complaint; an open flaw of
 * the offer's product that hits the customer) stay in the list, with the reason,
 * so the agent knows why not. Offers the customer has accepted or declined in
 * another case are left out; those answered in this case stay, with the answer.
 *
 * Returns: (transfer full) (element-type FlOfferSuggestion): best first
 */
GPtrArray *
fl_store_suggest_offers (FlStore     *self,
                         const char  *case_id,
                         guint        limit,
                         GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) offers = _fl_store_new_result_array ();
  g_autoptr(GArray) owned = g_array_new (FALSE, FALSE, sizeof (Owned));
  g_autoptr(GHashTable) open_flaws = NULL;
  g_autoptr(GHashTable) answered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) in_case = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) keyword_fits = g_hash_table_new (NULL, NULL);
  g_autoptr(FlEntity) found = NULL;
  g_autoptr(FlCachedStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *text = NULL;
  g_autofree char *case_words = NULL;
  const char *customer_id;
  FlCase *the_case;

  g_return_val_if_fail (FL_IS_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  g_array_set_clear_func (owned, owned_clear);

  found = fl_store_get (self, FL_TYPE_CASE, case_id, error);
  if (found == NULL)
    return NULL;
  the_case = FL_CASE (found);
  customer_id = fl_case_get_customer_id (the_case);

  text = g_strconcat (fl_case_get_subject (the_case), "\n",
                      fl_case_get_description (the_case) != NULL ? fl_case_get_description (the_case) : "",
                      NULL);
  case_words = normalise_words (text);

  if (!read_owned (self, customer_id, owned, error)
      || (open_flaws = read_open_flaws (self, customer_id, error)) == NULL
      || !read_outcomes (self, customer_id, case_id, answered, in_case, error))
    return NULL;

  sql = g_strdup_printf ("SELECT %s FROM offers WHERE active != 0 ORDER BY title",
                         _fl_store_columns (self, FL_TYPE_OFFER));
  stmt = _fl_store_prepare (self, sql, error);
  if (stmt == NULL || !_fl_store_collect (self, FL_TYPE_OFFER, stmt, offers, error))
    return NULL;

  for (guint i = 0; i < offers->len; i++)
    {
      FlOffer *offer = g_ptr_array_index (offers, i);
      const char *offer_id = fl_entity_get_id (FL_ENTITY (offer));
      gpointer result = g_hash_table_lookup (in_case, offer_id);
      gboolean keyword_fit = FALSE;
      FlOfferSuggestion *suggestion;

      /* Said yes or no elsewhere: asking again would annoy. */
      if (result == NULL && g_hash_table_contains (answered, offer_id))
        continue;
      suggestion = suggest_one (offer, the_case, case_words, owned, open_flaws, &keyword_fit);
      if (suggestion == NULL)
        continue;
      if (result != NULL)
        fl_offer_suggestion_set_result (suggestion, GPOINTER_TO_INT (result) - 1);
      if (keyword_fit)
        g_hash_table_add (keyword_fits, suggestion);
      g_ptr_array_add (out, suggestion);
    }

  g_ptr_array_sort_with_data (out, compare_suggestions, keyword_fits);
  if (out->len > limit)
    g_ptr_array_set_size (out, limit);
  return g_steal_pointer (&out);
}

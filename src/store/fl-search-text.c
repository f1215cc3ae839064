/* fl-search-text.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Word splitting, folding and FTS5 query building for the store's searches.
 */
#define G_LOG_DOMAIN "Frontline-Store"

#include "config.h"

#include <string.h>

#include "fl-search-text.h"

/* Longest word kept, in characters: longer "words" are pasted hashes or base64,
 * which nobody searches for by hand. */
#define MAX_WORD_CHARS 64

/* Words too common in support text to tell one flaw from another. */
static const char * const stop_words[] = {
  "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
  "be", "been", "before", "but", "by", "can", "cannot", "could", "customer", "did", "do",
  "does", "doesn", "don", "for", "from", "get", "gets", "got", "had", "has", "have", "he",
  "her", "him", "his", "how", "i", "if", "in", "into", "is", "isn", "it", "its", "just",
  "me", "my", "no", "not", "now", "of", "on", "one", "or", "our", "out", "please", "she",
  "so", "some", "still", "than", "that", "the", "their", "them", "then", "there", "they",
  "this", "to", "up", "us", "very", "was", "we", "were", "what", "when", "which", "while",
  "who", "why", "will", "with", "won", "would", "you", "your", "says", "said", "called",
  "calls", "call", "hi", "hello", "thanks", "thank", "issue", "problem", "help",
  "version", "model", "product", "off", "since", "every", "again", "time", "times",
  "which", "want", "wants", "contact", "third", "second", "first", "formal", "complaint",
  "works", "work", "working", "full", "only", "until", "instead", "seen", "report",
  "reported", "confirm", "confirmed", "show", "shows", "tried", "try", "keeps", "keep",
};

/**
 * fl_search_fold:
 * @text: any UTF-8 text
 *
 * Case-folds and removes accents, so "Zoë" and "zoe" compare equal — the way
 * SQLite's unicode61 tokenizer with remove_diacritics sees words.
 *
 * Returns: (transfer full): the folded text
 */
char *
fl_search_fold (const char *text)
{
  g_autofree char *folded = NULL;
  g_autofree char *decomposed = NULL;
  GString *out;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  /* Plain ASCII, most names and every e-mail address: folding is lowering, and
   * there is nothing to decompose. A bulk load folds millions of these. */
  for (p = text; *p != '\0' && (guchar) *p < 0x80; p++)
    ;
  if (*p == '\0')
    return g_ascii_strdown (text, -1);

  if (!g_utf8_validate (text, -1, NULL))
    return g_strdup ("");

  folded = g_utf8_casefold (text, -1);
  decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKD);
  out = g_string_sized_new (strlen (decomposed));

  for (p = decomposed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK
          || type == G_UNICODE_ENCLOSING_MARK)
        continue;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static gboolean
ends_with (const char *word,
           gsize       len,
           const char *suffix)
{
  gsize n = strlen (suffix);

  return len > n && memcmp (word + len - n, suffix, n) == 0;
}

/**
 * fl_search_stem:
 * @word: a folded word, as fl_search_split_words() makes them
 *
 * A light English stemmer for matching a case against flaws: "flickers",
 * "flickering" and "flickered" all become "flicker", "crashes" becomes "crash".
 * Deliberately crude (no dictionary): it only has to treat a case's words and a
 * flaw's words the same way.
 *
 * Returns: (transfer full): the stem
 */
char *
fl_search_stem (const char *word)
{
  gsize len = strlen (word);

  if (len > 5 && ends_with (word, len, "ing"))
    len -= 3;
  else if (len > 4 && ends_with (word, len, "ed"))
    len -= 2;
  else if (len > 4 && (ends_with (word, len, "shes") || ends_with (word, len, "ches")
                       || ends_with (word, len, "xes") || ends_with (word, len, "sses")))
    len -= 2;
  else if (len > 3 && ends_with (word, len, "s") && !ends_with (word, len, "ss")
           && !ends_with (word, len, "us") && !ends_with (word, len, "is"))
    len -= 1;

  return g_strndup (word, len);
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c);
}

/**
 * fl_search_split_words:
 * @text: what the user typed
 * @max_words: the most words to return
 *
 * Cuts @text into runs of letters and digits, folded. Everything else — spaces,
 * punctuation, FTS5 operators, emoji — only separates words.
 *
 * Returns: (transfer full) (element-type utf8): the words, possibly none
 */
GPtrArray *
fl_search_split_words (const char *text,
                       guint       max_words)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *folded = NULL;
  const char *p;

  if (text == NULL)
    return g_steal_pointer (&words);

  folded = fl_search_fold (text);
  p = folded;

  while (*p && words->len < max_words)
    {
      const char *start;
      glong n_chars = 0;

      while (*p && !is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (*p == '\0')
        break;

      start = p;
      while (*p && is_word_char (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          n_chars++;
        }

      if (n_chars <= MAX_WORD_CHARS)
        g_ptr_array_add (words, g_strndup (start, p - start));
    }

  return g_steal_pointer (&words);
}

static gboolean
is_stop_word (const char *word)
{
  for (guint i = 0; i < G_N_ELEMENTS (stop_words); i++)
    if (strcmp (word, stop_words[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
contains_word (GPtrArray  *words,
               const char *word)
{
  for (guint i = 0; i < words->len; i++)
    if (strcmp (g_ptr_array_index (words, i), word) == 0)
      return TRUE;
  return FALSE;
}

/**
 * fl_search_build_match:
 * @text: what the user typed, or the text of a case
 * @mode: how the words combine
 *
 * Words contain only letters and digits, so quoting them is enough to make them
 * plain strings in FTS5's grammar: there is no quote to escape inside.
 *
 * Returns: (transfer full) (nullable): an FTS5 MATCH expression, or %NULL when
 *   the text has no searchable word (the caller then returns no results)
 */
char *
fl_search_build_match (const char   *text,
                       FlSearchMode  mode)
{
  return fl_search_build_match_excluding (text, mode, NULL);
}

/**
 * fl_search_build_match_excluding:
 * @excluded_words: (nullable): text whose words are left out of the query
 *
 * As fl_search_build_match(), without the words of @excluded_words.
 *
 * Returns: (transfer full) (nullable): an FTS5 MATCH expression, or %NULL
 */
char *
fl_search_build_match_excluding (const char   *text,
                                 FlSearchMode  mode,
                                 const char   *excluded_words)
{
  g_autoptr(GPtrArray) kept = NULL;
  GString *query;

  if (mode == FL_SEARCH_ANY_WORD)
    kept = fl_search_match_words (text, excluded_words, FL_SEARCH_MAX_MATCH_WORDS);
  else
    kept = fl_search_split_words (text, FL_SEARCH_MAX_WORDS);

  if (kept->len == 0)
    return NULL;

  query = g_string_new (NULL);
  for (guint i = 0; i < kept->len; i++)
    {
      if (i > 0)
        g_string_append (query, mode == FL_SEARCH_ANY_WORD ? " OR " : " ");
      g_string_append_printf (query, "\"%s\"", (const char *) g_ptr_array_index (kept, i));
      if (mode == FL_SEARCH_ALL_WORDS_PREFIX && i == kept->len - 1)
        g_string_append_c (query, '*');
    }

  return g_string_free (query, FALSE);
}

/**
 * fl_search_match_words:
 * @text: the text of a case
 * @excluded_words: (nullable): text whose words are left out (the product's name)
 * @max_words: the most words to return
 *
 * The words of @text worth matching against known flaws, in order of first
 * appearance: folded, at least three characters, no stop words, no repeats.
 *
 * Returns: (transfer full) (element-type utf8): the words
 */
GPtrArray *
fl_search_match_words (const char *text,
                       const char *excluded_words,
                       guint       max_words)
{
  g_autoptr(GPtrArray) words = fl_search_split_words (text, 400);
  g_autoptr(GPtrArray) excluded = fl_search_split_words (excluded_words, 32);
  GPtrArray *kept = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < words->len && kept->len < max_words; i++)
    {
      const char *word = g_ptr_array_index (words, i);

      if (g_utf8_strlen (word, -1) < 3 || is_stop_word (word) || contains_word (kept, word)
          || contains_word (excluded, word))
        continue;
      g_ptr_array_add (kept, g_strdup (word));
    }

  return kept;
}

/**
 * fl_search_is_phone:
 *
 * Whether @text reads as a phone number: digits with the usual punctuation and at
 * least four digits, so a caller ID or a number read out over the phone both work.
 */
gboolean
fl_search_is_phone (const char *text)
{
  guint digits = 0;

  if (text == NULL)
    return FALSE;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (strchr (" +-().x/", *p) == NULL)
        return FALSE;
    }
  return digits >= 4;
}

/**
 * fl_search_phone_key:
 *
 * The digits of a phone number, reversed. Stored that way, "ends with these
 * digits" becomes "starts with", which a B-tree index answers: a caller ID of
 * +15550101234 finds a customer saved as (555) 010-1234 and the other way round,
 * and 020 7946 0123 finds +44 20 7946 0123.
 *
 * Returns: (transfer full) (nullable): the key, or %NULL with fewer than 4 digits
 */
char *
fl_search_phone_key (const char *phone)
{
  GString *digits;

  g_return_val_if_fail (phone != NULL, NULL);

  digits = g_string_new (NULL);
  for (const char *p = phone; *p; p++)
    {
      /* Leading zeros are trunk or international prefixes ("020 7946…",
       * "0044 20 7946…"), never part of the subscriber number: drop them so the
       * national and international forms share their tail. */
      if (*p == '0' && digits->len == 0)
        continue;
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
    }

  if (digits->len < 4)
    {
      g_string_free (digits, TRUE);
      return NULL;
    }

  g_strreverse (digits->str);
  return g_string_free (digits, FALSE);
}

/* fl-search-text.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Turning what a person typed into something SQLite can search safely. User text is
 * never handed to FTS5 as query syntax: it is cut into words, and each word becomes
 * a quoted string, so quotes, NEAR, *, ^, column filters, unbalanced parentheses or
 * emoji can only ever be searched for, never interpreted.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  /* Every word must match; the last one as a prefix (search as you type). */
  FL_SEARCH_ALL_WORDS_PREFIX,
  /* Any word may match, common words dropped: ranking does the rest (matching a
   * case's text against known flaws). */
  FL_SEARCH_ANY_WORD,
} FlSearchMode;

/* Most words a query keeps; more only slows SQLite down without finding more. */
#define FL_SEARCH_MAX_WORDS 24
/* Most words kept when matching a case's text: the first ones, the subject's. */
#define FL_SEARCH_MAX_MATCH_WORDS 12

GPtrArray *fl_search_split_words  (const char   *text,
                                   guint         max_words);
char      *fl_search_build_match  (const char   *text,
                                   FlSearchMode  mode);
char      *fl_search_build_match_excluding (const char   *text,
                                            FlSearchMode  mode,
                                            const char   *excluded_words);
GPtrArray *fl_search_match_words  (const char   *text,
                                   const char   *excluded_words,
                                   guint         max_words);
char      *fl_search_fold         (const char   *text);
char      *fl_search_stem         (const char   *word);
char      *fl_search_phone_key    (const char   *phone);
gboolean   fl_search_is_phone     (const char   *text);

G_END_DECLS

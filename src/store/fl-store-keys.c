/* fl-store-keys.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Customer lookup keys (phone tails, e-mail and name words, name word pairs):
 * written with each customer, and rebuilt in key order after a bulk load.
 */
#define G_LOG_DOMAIN "Frontline-Store"

#include "config.h"

#include <string.h>

#include "fl-search-text.h"
#include "fl-store-private.h"

/* The lookup keys of a customer (see customer_keys in the schema). */
static GPtrArray *
customer_keys (const char          *name,
               const char * const  *emails,
               const char * const  *phones)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) name_words = fl_search_split_words (name, 8);

  for (guint i = 0; phones[i] != NULL; i++)
    {
      g_autofree char *digits = fl_search_phone_key (phones[i]);

      if (digits != NULL)
        g_ptr_array_add (keys, g_strconcat ("p:", digits, NULL));
    }

  for (guint i = 0; emails[i] != NULL; i++)
    {
      g_autofree char *folded = fl_search_fold (emails[i]);

      if (*folded != '\0')
        g_ptr_array_add (keys, g_strconcat ("e:", folded, NULL));
    }

  for (guint i = 0; i < name_words->len; i++)
    g_ptr_array_add (keys, g_strconcat ("n:", (const char *) g_ptr_array_index (name_words, i),
                                        NULL));

  /* Ordered pairs of name words, both ways round: "helena mar" and "marquez hel"
   * are then one narrow range each, where intersecting every Helena with every
   * Mar… would read thousands of keys. */
  for (guint i = 0; i < MIN (name_words->len, 4); i++)
    for (guint j = 0; j < MIN (name_words->len, 4); j++)
      if (i != j)
        g_ptr_array_add (keys, g_strconcat ("m:", (const char *) g_ptr_array_index (name_words, i),
                                            " ", (const char *) g_ptr_array_index (name_words, j),
                                            NULL));

  return keys;
}

static gboolean
insert_customer_keys (FlStore    *self,
                      const char *sql,
                      gint64      customer_pk,
                      GPtrArray  *keys,
                      GError    **error)
{
  g_autoptr(FlCachedStmt) stmt = _fl_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < keys->len; i++)
    {
      int rc;

      sqlite3_bind_text (stmt, 1, g_ptr_array_index (keys, i), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, customer_pk);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return _fl_store_set_error (self, rc, "Could not index the customer", error);
    }
  return TRUE;
}

gboolean
_fl_store_write_customer_keys (FlStore     *self,
                     FlCustomer  *customer,
                     gboolean     existed,
                     GError     **error)
{
  g_autoptr(GPtrArray) keys = NULL;
  gint64 pk;

  if (existed)
    {
      g_autoptr(FlCachedStmt) find = _fl_store_prepare (self,
                                                        "SELECT pk FROM customers WHERE id = ?1",
                                                        error);
      g_autoptr(FlCachedStmt) clear = NULL;
      int rc;

      if (find == NULL)
        return FALSE;
      sqlite3_bind_text (find, 1, fl_entity_get_id (FL_ENTITY (customer)), -1, SQLITE_STATIC);
      if ((rc = sqlite3_step (find)) != SQLITE_ROW)
        return _fl_store_set_error (self, rc, "Could not find the customer", error);
      pk = sqlite3_column_int64 (find, 0);

      clear = _fl_store_prepare (self, "DELETE FROM customer_keys WHERE customer_pk = ?1", error);
      if (clear == NULL)
        return FALSE;
      sqlite3_bind_int64 (clear, 1, pk);
      if ((rc = sqlite3_step (clear)) != SQLITE_DONE)
        return _fl_store_set_error (self, rc, "Could not index the customer", error);
    }
  else
    pk = sqlite3_last_insert_rowid (self->db);

  keys = customer_keys (fl_customer_get_name (customer), fl_customer_get_emails (customer),
                        fl_customer_get_phones (customer));
  return insert_customer_keys (self,
                               "INSERT OR IGNORE INTO customer_keys (key, customer_pk) "
                               "VALUES (?1, ?2)", pk, keys, error);
}

/* OR IGNORE: a name with a repeated word gives the same key twice. */
#define INSERT_KEY "INSERT OR IGNORE INTO customer_keys (key, customer_pk) VALUES (?, ?)"
#define KEYS_PER_INSERT 256

/* One lookup key of the rebuild: its text lives in a shared arena of
 * NUL-terminated strings, so a million customers' keys cost two big blocks
 * rather than ten million small allocations. */
typedef struct
{
  gsize  offset;
  gint64 customer_pk;
} RebuiltKey;

static int
compare_rebuilt_keys (gconstpointer a,
                      gconstpointer b,
                      gpointer      arena)
{
  const RebuiltKey *ka = a;
  const RebuiltKey *kb = b;
  /* strcmp() orders UTF-8 as SQLite's BINARY collation (memcmp) does. */
  int cmp = strcmp ((const char *) arena + ka->offset, (const char *) arena + kb->offset);

  if (cmp != 0)
    return cmp;
  return (ka->customer_pk > kb->customer_pk) - (ka->customer_pk < kb->customer_pk);
}

/* Inserts @n keys from @first with @stmt, which has 2 * @n parameters. */
static gboolean
insert_rebuilt_keys (FlStore       *self,
                     sqlite3_stmt  *stmt,
                     GArray        *keys,
                     const char    *arena,
                     guint          first,
                     guint          n,
                     GError       **error)
{
  int rc;

  for (guint k = 0; k < n; k++)
    {
      const RebuiltKey *entry = &g_array_index (keys, RebuiltKey, first + k);

      sqlite3_bind_text (stmt, 2 * k + 1, arena + entry->offset, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2 * k + 2, entry->customer_pk);
    }
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _fl_store_set_error (self, rc, "Could not rebuild the customer lookup", error);
  return TRUE;
}

/* Recomputes every customer's lookup keys after a bulk load. They are sorted
 * in memory and inserted in key order, so the table is written front to back
 * instead of at a random page per key; sorting in C rather than through a
 * temporary table and SQLite's sorter saves writing every key twice more. */
gboolean
_fl_store_rebuild_customer_keys (FlStore  *self,
                       GError  **error)
{
  g_autoptr(FlCachedStmt) customers = NULL;
  g_autoptr(FlCachedStmt) insert = NULL;
  g_autoptr(FlCachedStmt) insert_one = NULL;
  guint i;
  g_autoptr(GString) arena = g_string_sized_new (1 << 20);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (RebuiltKey));
  int rc;

  customers = _fl_store_prepare (self, "SELECT pk, name, emails, phones FROM customers", error);
  if (customers == NULL)
    return FALSE;

  while ((rc = sqlite3_step (customers)) == SQLITE_ROW)
    {
      g_auto(GStrv) emails = _fl_store_list_from_json ((const char *) sqlite3_column_text (customers, 2));
      g_auto(GStrv) phones = _fl_store_list_from_json ((const char *) sqlite3_column_text (customers, 3));
      const char *none[] = { NULL };
      gint64 pk = sqlite3_column_int64 (customers, 0);
      g_autoptr(GPtrArray) customer =
        customer_keys ((const char *) sqlite3_column_text (customers, 1),
                       emails != NULL ? (const char * const *) emails : none,
                       phones != NULL ? (const char * const *) phones : none);

      for (guint k = 0; k < customer->len; k++)
        {
          const char *key = g_ptr_array_index (customer, k);
          RebuiltKey entry = { arena->len, pk };

          g_string_append_len (arena, key, strlen (key) + 1);
          g_array_append_val (keys, entry);
        }
    }
  if (rc != SQLITE_DONE)
    return _fl_store_set_error (self, rc, "Could not rebuild the customer lookup", error);
  g_clear_pointer (&customers, _fl_cached_stmt_release);

  g_array_sort_with_data (keys, compare_rebuilt_keys, arena->str);

  if (!_fl_store_exec (self, "DELETE FROM customer_keys;", "Could not rebuild the customer lookup", error))
    return FALSE;

  /* KEYS_PER_INSERT rows a statement: one statement a key cost as much in
   * running and resetting the statement as in the insert itself. */
  {
    g_autoptr(GString) sql = g_string_new (INSERT_KEY);

    for (guint n = 1; n < KEYS_PER_INSERT; n++)
      g_string_append (sql, ", (?, ?)");
    insert = _fl_store_prepare (self, sql->str, error);
    if (insert == NULL)
      return FALSE;
  }

  for (i = 0; i + KEYS_PER_INSERT <= keys->len; i += KEYS_PER_INSERT)
    if (!insert_rebuilt_keys (self, insert, keys, arena->str, i, KEYS_PER_INSERT, error))
      return FALSE;
  /* The last few one at a time. */
  insert_one = _fl_store_prepare (self, INSERT_KEY, error);
  if (insert_one == NULL)
    return FALSE;
  for (; i < keys->len; i++)
    if (!insert_rebuilt_keys (self, insert_one, keys, arena->str, i, 1, error))
      return FALSE;
  return TRUE;
}

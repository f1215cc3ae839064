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
 * rather than ten million small allocations. Its first eight bytes are kept
 * beside it, big-endian, so most comparisons of the sort read no text. */
typedef struct
{
  guint64 prefix;
  gsize   offset;
  gint64  customer_pk;
} RebuiltKey;

/* The keys of many customers, in an arena. */
typedef struct
{
  GString *arena;
  GArray  *keys;
  guint    n_sorted;   /* how many keys the last sort ordered: all of them, nothing to do */
} KeySet;

static void
key_set_init (KeySet *set)
{
  set->arena = g_string_sized_new (1 << 20);
  set->keys = g_array_new (FALSE, FALSE, sizeof (RebuiltKey));
  set->n_sorted = 0;
}

static void
key_set_clear (KeySet *set)
{
  if (set->arena != NULL)
    g_string_free (set->arena, TRUE);
  g_clear_pointer (&set->keys, g_array_unref);
}

static void
key_set_add_customer (KeySet             *set,
                      gint64              customer_pk,
                      const char         *name,
                      const char * const *emails,
                      const char * const *phones)
{
  const char *none[] = { NULL };
  g_autoptr(GPtrArray) keys = customer_keys (name, emails != NULL ? emails : none,
                                             phones != NULL ? phones : none);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      gsize len = strlen (key);
      RebuiltKey entry = { 0, set->arena->len, customer_pk };

      for (guint b = 0; b < 8; b++)
        entry.prefix = (entry.prefix << 8) | (b < len ? (guchar) key[b] : 0);
      g_string_append_len (set->arena, key, len + 1);
      g_array_append_val (set->keys, entry);
    }
}

static int
compare_rebuilt_keys (gconstpointer a,
                      gconstpointer b,
                      gpointer      arena)
{
  const RebuiltKey *ka = a;
  const RebuiltKey *kb = b;
  int cmp;

  /* Bytes as unsigned, shorter first: the order of strcmp(), and of SQLite's
   * BINARY collation (memcmp) on UTF-8. */
  if (ka->prefix != kb->prefix)
    return ka->prefix < kb->prefix ? -1 : 1;
  /* The same eight bytes: if one of them ended the key, both keys are equal. */
  cmp = (ka->prefix & 0xff) == 0
        ? 0
        : strcmp ((const char *) arena + ka->offset + 8, (const char *) arena + kb->offset + 8);
  if (cmp != 0)
    return cmp;
  return (ka->customer_pk > kb->customer_pk) - (ka->customer_pk < kb->customer_pk);
}

static void
key_set_sort (KeySet *set)
{
  if (set->n_sorted == set->keys->len)
    return;
  g_array_sort_with_data (set->keys, compare_rebuilt_keys, set->arena->str);
  set->n_sorted = set->keys->len;
}

/* While the load writes other records: sort now rather than at its end. */
static void
sort_when_idle (gpointer data,
                gpointer unused)
{
  key_set_sort (data);
}

/* Inserts @n keys from @first with @stmt, which has 2 * @n parameters. */
static gboolean
insert_rebuilt_keys (FlStore       *self,
                     sqlite3_stmt  *stmt,
                     const KeySet  *set,
                     guint          first,
                     guint          n,
                     GError       **error)
{
  int rc;

  for (guint k = 0; k < n; k++)
    {
      const RebuiltKey *entry = &g_array_index (set->keys, RebuiltKey, first + k);

      sqlite3_bind_text (stmt, 2 * k + 1, set->arena->str + entry->offset, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2 * k + 2, entry->customer_pk);
    }
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _fl_store_set_error (self, rc, "Could not rebuild the customer lookup", error);
  return TRUE;
}

/* Replaces the table's keys with the sorted @set: written in key order, the
 * table fills front to back instead of at a random page per key. */
static gboolean
key_set_write (FlStore  *self,
               KeySet   *set,
               GError  **error)
{
  g_autoptr(FlCachedStmt) insert = NULL;
  g_autoptr(FlCachedStmt) insert_one = NULL;
  g_autoptr(GString) sql = g_string_new (INSERT_KEY);
  guint i;

  if (!_fl_store_exec (self, "DELETE FROM customer_keys;", "Could not rebuild the customer lookup", error))
    return FALSE;

  /* KEYS_PER_INSERT rows a statement: one statement a key cost as much in
   * running and resetting the statement as in the insert itself. */
  for (guint n = 1; n < KEYS_PER_INSERT; n++)
    g_string_append (sql, ", (?, ?)");
  insert = _fl_store_prepare (self, sql->str, error);
  if (insert == NULL)
    return FALSE;

  for (i = 0; i + KEYS_PER_INSERT <= set->keys->len; i += KEYS_PER_INSERT)
    if (!insert_rebuilt_keys (self, insert, set, i, KEYS_PER_INSERT, error))
      return FALSE;
  /* The last few one at a time. */
  insert_one = _fl_store_prepare (self, INSERT_KEY, error);
  if (insert_one == NULL)
    return FALSE;
  for (; i < set->keys->len; i++)
    if (!insert_rebuilt_keys (self, insert_one, set, i, 1, error))
      return FALSE;
  return TRUE;
}

/* The keys of a bulk load into an empty store are worked out on a thread of
 * their own while the load goes on (folding, splitting and sorting ten
 * million keys is a quarter of the load's time otherwise), from copies of the
 * customers' names, e-mail addresses and phones handed over in chunks. */
#define CUSTOMERS_PER_CHUNK 1000

typedef struct
{
  gint64   pk;
  char    *name;
  char   **emails;
  char   **phones;
} KeySource;

struct _FlKeyBuilder
{
  FlHandover   handover;   /* of KeySource */
  KeySet       set;        /* the thread's until it has finished */
  gboolean     invalid;    /* a customer was changed or deleted: rebuild from the table */
};

static void
key_source_clear (gpointer data)
{
  KeySource *source = data;

  g_free (source->name);
  g_strfreev (source->emails);
  g_strfreev (source->phones);
}

static gpointer
build_keys (gpointer data)
{
  FlKeyBuilder *builder = data;
  GArray *chunk;

  while ((chunk = _fl_handover_take (&builder->handover, sort_when_idle, &builder->set)) != NULL)
    {
      for (guint i = 0; i < chunk->len; i++)
        {
          const KeySource *source = &g_array_index (chunk, KeySource, i);

          key_set_add_customer (&builder->set, source->pk, source->name,
                                (const char * const *) source->emails,
                                (const char * const *) source->phones);
        }
      g_array_unref (chunk);
    }

  key_set_sort (&builder->set);
  return NULL;
}

void
_fl_store_start_key_builder (FlStore *self)
{
  FlKeyBuilder *builder;

  _fl_store_free_key_builder (self);
  builder = g_new0 (FlKeyBuilder, 1);
  key_set_init (&builder->set);
  _fl_handover_start (&builder->handover, "store-keys", sizeof (KeySource), CUSTOMERS_PER_CHUNK,
                      key_source_clear, build_keys, builder);
  self->key_builder = builder;
}

void
_fl_store_free_key_builder (FlStore *self)
{
  FlKeyBuilder *builder = g_steal_pointer (&self->key_builder);

  if (builder == NULL)
    return;
  _fl_handover_clear (&builder->handover);
  key_set_clear (&builder->set);
  g_free (builder);
}

/* A customer written during the bulk load: its keys are worked out on the
 * builder's thread. One that replaces an earlier record, or a deletion, sends
 * the rebuild back to the table. */
static void
key_builder_add (FlStore    *self,
                 FlCustomer *customer,
                 gboolean    existed)
{
  FlKeyBuilder *builder = self->key_builder;
  KeySource source;

  if (existed)
    builder->invalid = TRUE;
  if (builder->invalid)
    return;

  source.pk = sqlite3_last_insert_rowid (self->db);
  source.name = g_strdup (fl_customer_get_name (customer));
  source.emails = g_strdupv ((char **) fl_customer_get_emails (customer));
  source.phones = g_strdupv ((char **) fl_customer_get_phones (customer));
  _fl_handover_give (&builder->handover, &source);
}

void
_fl_store_customer_keys_changed (FlStore    *self,
                                 FlCustomer *customer_or_null,
                                 gboolean    existed)
{
  if (self->key_builder == NULL)
    return;
  if (customer_or_null == NULL)
    self->key_builder->invalid = TRUE;
  else
    key_builder_add (self, customer_or_null, existed);
}

/* Recomputes every customer's lookup keys after a bulk load: from the
 * builder's thread if it saw every customer, else from the table. Sorting in
 * C rather than through a temporary table and SQLite's sorter saves writing
 * every key twice more. */
gboolean
_fl_store_rebuild_customer_keys (FlStore  *self,
                                 GError  **error)
{
  g_autoptr(FlCachedStmt) customers = NULL;
  KeySet set;
  gboolean ok;
  int rc;

  if (self->key_builder != NULL && !self->key_builder->invalid)
    {
      _fl_handover_finish (&self->key_builder->handover);
      ok = key_set_write (self, &self->key_builder->set, error);
      _fl_store_free_key_builder (self);
      return ok;
    }
  _fl_store_free_key_builder (self);

  customers = _fl_store_prepare (self, "SELECT pk, name, emails, phones FROM customers", error);
  if (customers == NULL)
    return FALSE;

  key_set_init (&set);
  while ((rc = sqlite3_step (customers)) == SQLITE_ROW)
    {
      g_auto(GStrv) emails = _fl_store_list_from_json ((const char *) sqlite3_column_text (customers, 2));
      g_auto(GStrv) phones = _fl_store_list_from_json ((const char *) sqlite3_column_text (customers, 3));

      key_set_add_customer (&set, sqlite3_column_int64 (customers, 0),
                            (const char *) sqlite3_column_text (customers, 1),
                            (const char * const *) emails, (const char * const *) phones);
    }
  if (rc != SQLITE_DONE)
    {
      key_set_clear (&set);
      return _fl_store_set_error (self, rc, "Could not rebuild the customer lookup", error);
    }
  g_clear_pointer (&customers, _fl_cached_stmt_release);

  key_set_sort (&set);
  ok = key_set_write (self, &set, error);
  key_set_clear (&set);
  return ok;
}

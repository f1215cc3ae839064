/* fl-jmap-methods.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reading methods of every type: X/get, X/changes, X/query and
 * X/queryChanges (RFC 8620 §5), and AuditEntry/query. X/set is in
 * fl-jmap-set.c.
 */
#define G_LOG_DOMAIN "Frontline-Server"

#include "config.h"

#include <string.h>

#include "fl-access-policy.h"
#include "fl-jmap-private.h"
#include "fl-jmap-service.h"
#include "fl-store-query.h"
#include "fl-store-server.h"

/* Most records a text search ranks for one query page. */
#define MAX_SEARCH_RESULTS 1000
#define DEFAULT_QUERY_LIMIT 100
/* Most ids one X/changes answers, whatever maxChanges asks. */
#define MAX_CHANGES 50000

/* --- Arguments ---------------------------------------------------------- */

static gboolean
invalid_argument (GError     **error,
                  const char  *name,
                  const char  *expected)
{
  g_set_error (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_INVALID_ARGUMENTS,
               "“%s” must be %s", name, expected);
  return FALSE;
}

static gboolean
is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_integer (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

/* A string, or NULL when absent or null. */
static gboolean
optional_string (JsonObject   *args,
                 const char   *name,
                 const char  **value,
                 GError      **error)
{
  JsonNode *node = json_object_get_member (args, name);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!is_string (node))
    return invalid_argument (error, name, "a string");
  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
optional_uint (JsonObject  *args,
               const char  *name,
               gint64       default_value,
               gint64      *value,
               GError     **error)
{
  JsonNode *node = json_object_get_member (args, name);

  *value = default_value;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!is_integer (node) || json_node_get_int (node) < 0)
    return invalid_argument (error, name, "a non-negative integer");
  *value = json_node_get_int (node);
  return TRUE;
}

static gboolean
optional_bool (JsonObject  *args,
               const char  *name,
               gboolean    *value,
               GError     **error)
{
  JsonNode *node = json_object_get_member (args, name);

  *value = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return invalid_argument (error, name, "true or false");
  *value = json_node_get_boolean (node);
  return TRUE;
}

/* An array of strings, or NULL (with no error) when absent or null. */
static gboolean
optional_strings (JsonObject   *args,
                  const char   *name,
                  GStrv        *value,
                  GError      **error)
{
  JsonNode *node = json_object_get_member (args, name);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid_argument (error, name, "an array of strings");
  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!is_string (item))
        return invalid_argument (error, name, "an array of strings");
      g_strv_builder_add (builder, json_node_get_string (item));
    }
  *value = g_strv_builder_end (builder);
  return TRUE;
}

gboolean
fl_jmap_check_account (JsonObject  *args,
                       GError     **error)
{
  const char *account_id;

  if (!optional_string (args, "accountId", &account_id, error))
    return FALSE;
  if (account_id == NULL)
    return invalid_argument (error, "accountId", "given (this server's account is \"" FL_JMAP_ACCOUNT_ID "\")");
  if (!g_str_equal (account_id, FL_JMAP_ACCOUNT_ID))
    {
      g_set_error (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_ACCOUNT_NOT_FOUND,
                   "There is no account “%s” (this server's is \"" FL_JMAP_ACCOUNT_ID "\")",
                   account_id);
      return FALSE;
    }
  return TRUE;
}

void
fl_jmap_propagate_store_error (GError **error,
                               GError  *store_error)
{
  if (g_error_matches (store_error, FL_STORE_ERROR, FL_STORE_ERROR_CANNOT_CALCULATE_CHANGES))
    g_set_error_literal (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_CANNOT_CALCULATE_CHANGES,
                         store_error->message);
  else if (g_error_matches (store_error, FL_STORE_ERROR, FL_STORE_ERROR_INVALID_QUERY))
    g_set_error_literal (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_UNSUPPORTED_SORT,
                         store_error->message);
  else
    g_set_error_literal (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_SERVER_FAIL,
                         store_error->message);
  g_error_free (store_error);
}

char *
fl_jmap_type_state (FlJmapContext  *context,
                    GType           type,
                    GError        **error)
{
  GError *store_error = NULL;
  gint64 modseq = fl_store_get_type_modseq (context->store, type, &store_error);

  if (modseq < 0)
    {
      fl_jmap_propagate_store_error (error, store_error);
      return NULL;
    }
  return g_strdup_printf ("%" G_GINT64_FORMAT, modseq);
}

gboolean
fl_jmap_parse_state (const char *state,
                     gint64     *modseq)
{
  guint64 value;

  if (state == NULL || !g_ascii_string_to_unsigned (state, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;
  *modseq = (gint64) value;
  return TRUE;
}

const char *
fl_jmap_resolve_id (FlJmapContext *context,
                    const char    *id)
{
  if (id != NULL && id[0] == '#')
    return g_hash_table_lookup (context->created_ids, id + 1);
  return id;
}

static JsonArray *
strings_to_array (GPtrArray *strings)
{
  JsonArray *array = json_array_sized_new (strings->len);

  for (guint i = 0; i < strings->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (strings, i));
  return array;
}

/* --- X/get -------------------------------------------------------------- */

static gboolean
check_properties (GType                type,
                  const char * const  *properties,
                  GError             **error)
{
  FlEntityClass *klass = g_type_class_peek (type);

  for (guint i = 0; properties != NULL && properties[i] != NULL; i++)
    if (fl_entity_class_find_field (klass, properties[i]) < 0)
      {
        g_set_error (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_INVALID_ARGUMENTS,
                     "%s has no property “%s”", fl_entity_class_get_type_name (klass), properties[i]);
        return FALSE;
      }
  return TRUE;
}

static JsonNode *
encode_with_properties (FlEntity            *entity,
                        const char * const  *properties)
{
  g_autoptr(JsonNode) full = fl_json_encode (entity);
  JsonObject *object;
  JsonObject *selected;

  if (properties == NULL)
    return g_steal_pointer (&full);

  object = json_node_get_object (full);
  selected = json_object_new ();
  json_object_set_member (selected, "id", json_node_copy (json_object_get_member (object, "id")));
  for (guint i = 0; properties[i] != NULL; i++)
    {
      JsonNode *value = json_object_get_member (object, properties[i]);

      if (value != NULL)
        json_object_set_member (selected, properties[i], json_node_copy (value));
    }
  return json_node_init_object (json_node_alloc (), selected);
}

JsonObject *
fl_jmap_get (FlJmapContext  *context,
             GType           type,
             JsonObject     *args,
             GError        **error)
{
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) properties = NULL;
  g_autofree char *state = NULL;
  g_autoptr(GPtrArray) all_ids = NULL;
  g_autoptr(JsonObject) result = NULL;
  JsonArray *list;
  JsonArray *not_found;
  guint n_ids;

  if (!fl_jmap_check_account (args, error)
      || !optional_strings (args, "ids", &ids, error)
      || !optional_strings (args, "properties", &properties, error)
      || !check_properties (type, (const char * const *) properties, error))
    return NULL;

  /* The state first: a record that changes while we read is then reported again
   * by X/changes, never missed. */
  state = fl_jmap_type_state (context, type, error);
  if (state == NULL)
    return NULL;

  if (ids == NULL)
    {
      GError *store_error = NULL;
      gint64 count = fl_store_count (context->store, type, &store_error);
      g_autoptr(FlStoreQuery) query = NULL;

      if (count < 0)
        {
          fl_jmap_propagate_store_error (error, store_error);
          return NULL;
        }
      if (count > FL_JMAP_MAX_OBJECTS_IN_GET)
        {
          g_set_error (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_REQUEST_TOO_LARGE,
                       "There are %" G_GINT64_FORMAT " %s records, more than one %s/get returns "
                       "(%d): page through %s/query", count,
                       fl_entity_class_get_type_name (g_type_class_peek (type)),
                       fl_entity_class_get_type_name (g_type_class_peek (type)),
                       FL_JMAP_MAX_OBJECTS_IN_GET,
                       fl_entity_class_get_type_name (g_type_class_peek (type)));
          return NULL;
        }
      query = fl_store_query_new (type);
      all_ids = fl_store_query_run (context->store, query, 0, FL_JMAP_MAX_OBJECTS_IN_GET, NULL, &store_error);
      if (all_ids == NULL)
        {
          fl_jmap_propagate_store_error (error, store_error);
          return NULL;
        }
      g_ptr_array_add (all_ids, NULL);
      ids = g_strdupv ((char **) all_ids->pdata);
    }

  n_ids = g_strv_length (ids);
  if (n_ids > FL_JMAP_MAX_OBJECTS_IN_GET)
    {
      g_set_error (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_REQUEST_TOO_LARGE,
                   "%u ids asked for; at most %d per call (maxObjectsInGet)",
                   n_ids, FL_JMAP_MAX_OBJECTS_IN_GET);
      return NULL;
    }

  list = json_array_sized_new (n_ids);
  not_found = json_array_new ();
  for (guint i = 0; i < n_ids; i++)
    {
      const char *id = fl_jmap_resolve_id (context, ids[i]);
      g_autoptr(GError) store_error = NULL;
      g_autoptr(FlEntity) entity = NULL;

      if (id != NULL && fl_is_valid_id (id))
        entity = fl_store_get (context->store, type, id, &store_error);
      if (entity != NULL)
        json_array_add_element (list, encode_with_properties (entity, (const char * const *) properties));
      else if (store_error == NULL || g_error_matches (store_error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND))
        json_array_add_string_element (not_found, ids[i]);
      else
        {
          json_array_unref (list);
          json_array_unref (not_found);
          fl_jmap_propagate_store_error (error, g_steal_pointer (&store_error));
          return NULL;
        }
    }

  result = json_object_new ();
  json_object_set_string_member (result, "accountId", FL_JMAP_ACCOUNT_ID);
  json_object_set_string_member (result, "state", state);
  json_object_set_array_member (result, "list", list);
  json_object_set_array_member (result, "notFound", not_found);
  return g_steal_pointer (&result);
}

/* --- X/changes ---------------------------------------------------------- */

JsonObject *
fl_jmap_changes (FlJmapContext  *context,
                 GType           type,
                 JsonObject     *args,
                 GError        **error)
{
  g_auto(FlStoreChanges) changes = { 0 };
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *new_state = NULL;
  const char *since_state;
  GError *store_error = NULL;
  gint64 since;
  gint64 max_changes;

  if (!fl_jmap_check_account (args, error)
      || !optional_string (args, "sinceState", &since_state, error)
      || !optional_uint (args, "maxChanges", MAX_CHANGES, &max_changes, error))
    return NULL;
  if (since_state == NULL)
    return invalid_argument (error, "sinceState", "given"), NULL;
  if (max_changes == 0)
    return invalid_argument (error, "maxChanges", "a positive integer"), NULL;
  if (!fl_jmap_parse_state (since_state, &since))
    {
      g_set_error (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_CANNOT_CALCULATE_CHANGES,
                   "“%s” is not a state this server gave out", since_state);
      return NULL;
    }

  if (!fl_store_get_changes (context->store, type, since, MIN (max_changes, MAX_CHANGES),
                             &changes, &store_error))
    {
      fl_jmap_propagate_store_error (error, store_error);
      return NULL;
    }

  new_state = g_strdup_printf ("%" G_GINT64_FORMAT, changes.new_modseq);
  result = json_object_new ();
  json_object_set_string_member (result, "accountId", FL_JMAP_ACCOUNT_ID);
  json_object_set_string_member (result, "oldState", since_state);
  json_object_set_string_member (result, "newState", new_state);
  json_object_set_boolean_member (result, "hasMoreChanges", changes.has_more);
  json_object_set_array_member (result, "created", strings_to_array (changes.created));
  json_object_set_array_member (result, "updated", strings_to_array (changes.updated));
  json_object_set_array_member (result, "destroyed", strings_to_array (changes.destroyed));
  return g_steal_pointer (&result);
}

/* --- X/query ------------------------------------------------------------ */

/* The filter conditions each type accepts besides equality on these fields. */
typedef enum
{
  SEARCH_NONE,
  SEARCH_CUSTOMERS,    /* text, phone, email */
  SEARCH_CASES,        /* text */
  SEARCH_FLAWS,        /* text, version (with productId) */
} SearchKind;

static const struct
{
  GType      (*get_type) (void);
  SearchKind   search;
  const char  *equality[6];   /* JSON names */
} filters[] = {
  { fl_customer_get_type, SEARCH_CUSTOMERS, { "plan" } },
  { fl_case_get_type, SEARCH_CASES, { "status", "tier", "assigneeId", "customerId", "productId", "priority" } },
  { fl_flaw_get_type, SEARCH_FLAWS, { "productId", "status", "severity" } },
  { fl_interaction_get_type, SEARCH_NONE, { "caseId", "customerId", "kind", "authorId" } },
  { fl_ownership_get_type, SEARCH_NONE, { "customerId", "productId" } },
  { fl_offer_outcome_get_type, SEARCH_NONE, { "caseId", "customerId", "offerId", "agentId" } },
  { fl_offer_get_type, SEARCH_NONE, { "productId", "active" } },
  { fl_product_get_type, SEARCH_NONE, { "line", "sku" } },
  { fl_agent_get_type, SEARCH_NONE, { "role", "team", "login", "disabled" } },
};

static gboolean
is_equality_filter (guint       row,
                    const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (filters[row].equality) && filters[row].equality[i] != NULL; i++)
    if (g_str_equal (filters[row].equality[i], name))
      return TRUE;
  return FALSE;
}

static gboolean
is_search_filter (SearchKind  search,
                  const char *name)
{
  switch (search)
    {
    case SEARCH_CUSTOMERS:
      return g_str_equal (name, "text") || g_str_equal (name, "phone") || g_str_equal (name, "email");
    case SEARCH_CASES:
      return g_str_equal (name, "text");
    case SEARCH_FLAWS:
      return g_str_equal (name, "text") || g_str_equal (name, "version");
    case SEARCH_NONE:
    default:
      return FALSE;
    }
}

static gboolean
unsupported_filter (GError     **error,
                    const char  *format,
                    ...) G_GNUC_PRINTF (2, 3);

static gboolean
unsupported_filter (GError     **error,
                    const char  *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_UNSUPPORTED_FILTER, message);
  return FALSE;
}

/* Adds an equality condition to @query; a JSON array means any of its values. */
static gboolean
add_equality (FlStoreQuery  *query,
              const char    *name,
              JsonNode      *value,
              GError       **error)
{
  g_autoptr(GError) store_error = NULL;
  gboolean ok;

  if (JSON_NODE_HOLDS_NULL (value))
    ok = fl_store_query_where_text (query, name, NULL, &store_error);
  else if (is_string (value))
    ok = fl_store_query_where_text (query, name, json_node_get_string (value), &store_error);
  else if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    ok = fl_store_query_where_int (query, name, json_node_get_boolean (value), &store_error);
  else if (is_integer (value))
    ok = fl_store_query_where_int (query, name, json_node_get_int (value), &store_error);
  else if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) values = NULL;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (!is_string (json_array_get_element (array, i)))
            return unsupported_filter (error, "“%s” must be a string or an array of strings", name);
          g_strv_builder_add (builder, json_array_get_string_element (array, i));
        }
      values = g_strv_builder_end (builder);
      ok = fl_store_query_where_any_text (query, name, (const char * const *) values, &store_error);
    }
  else
    return unsupported_filter (error, "“%s” has a value of the wrong type", name);

  if (!ok)
    return unsupported_filter (error, "%s", store_error->message);
  return TRUE;
}

/* For text-search results, which come ranked from the full-text index: the
 * other conditions are checked on the records themselves. */
static gboolean
entity_matches (FlEntity   *entity,
                JsonObject *conditions)
{
  g_autoptr(JsonNode) encoded = fl_json_encode (entity);
  JsonObject *object = json_node_get_object (encoded);
  JsonObjectIter iter;
  const char *name;
  JsonNode *wanted;

  json_object_iter_init (&iter, conditions);
  while (json_object_iter_next (&iter, &name, &wanted))
    {
      JsonNode *actual = json_object_get_member (object, name);
      gboolean found = FALSE;

      if (JSON_NODE_HOLDS_ARRAY (wanted))
        {
          JsonArray *array = json_node_get_array (wanted);

          for (guint i = 0; i < json_array_get_length (array) && !found; i++)
            found = actual != NULL && json_node_equal (actual, json_array_get_element (array, i));
        }
      else if (JSON_NODE_HOLDS_NULL (wanted))
        found = actual == NULL || JSON_NODE_HOLDS_NULL (actual);
      else
        found = actual != NULL && json_node_equal (actual, wanted);
      if (!found)
        return FALSE;
    }
  return TRUE;
}

/* Runs the text search of a filter; NULL (no error) when the filter has none. */
static GPtrArray *
run_search (FlJmapContext  *context,
            SearchKind      search,
            JsonObject     *filter,
            guint           cap,
            gboolean       *searched,
            GError        **error)
{
  const char *text = NULL;
  const char *phone = NULL;
  const char *email = NULL;
  const char *version = NULL;
  const char *product_id = NULL;
  GError *store_error = NULL;
  GPtrArray *found = NULL;
  guint given;

  *searched = FALSE;
  if (!optional_string (filter, "text", &text, error)
      || !optional_string (filter, "phone", &phone, error)
      || !optional_string (filter, "email", &email, error)
      || !optional_string (filter, "version", &version, error)
      || !optional_string (filter, "productId", &product_id, error))
    return NULL;

  switch (search)
    {
    case SEARCH_CUSTOMERS:
      given = (text != NULL) + (phone != NULL) + (email != NULL);
      if (given > 1)
        {
          unsupported_filter (error, "Give one of text, phone and email");
          return NULL;
        }
      if (given == 0)
        return NULL;
      *searched = TRUE;
      if (phone != NULL)
        found = fl_store_find_customers_by_phone (context->store, phone, cap, &store_error);
      else if (email != NULL)
        found = fl_store_find_customers_by_email (context->store, email, cap, &store_error);
      else
        {
          /* What an agent types in the picker: a phone, an e-mail or a name;
           * then anything the full-text index finds. */
          found = fl_store_lookup_customers (context->store, text, cap, &store_error);
          if (found != NULL && found->len == 0)
            {
              g_ptr_array_unref (found);
              found = fl_store_search_customers (context->store, text, cap, &store_error);
            }
        }
      break;

    case SEARCH_CASES:
      if (text == NULL)
        return NULL;
      *searched = TRUE;
      found = fl_store_search_cases (context->store, text, cap, &store_error);
      break;

    case SEARCH_FLAWS:
      if (text == NULL && version == NULL)
        return NULL;
      if (version != NULL && product_id == NULL)
        {
          unsupported_filter (error, "“version” needs “productId”");
          return NULL;
        }
      *searched = TRUE;
      {
        g_autoptr(GPtrArray) matches = NULL;

        if (product_id == NULL)
          {
            found = fl_store_search_flaws (context->store, text, cap, &store_error);
            break;
          }
        matches = fl_store_match_flaws (context->store, product_id, version, text, cap, &store_error);
        if (matches == NULL)
          break;
        found = g_ptr_array_new_with_free_func (g_object_unref);
        for (guint i = 0; i < matches->len; i++)
          g_ptr_array_add (found, g_object_ref (fl_flaw_match_get_flaw (g_ptr_array_index (matches, i))));
      }
      break;

    case SEARCH_NONE:
    default:
      return NULL;
    }

  if (found == NULL)
    fl_jmap_propagate_store_error (error, store_error);
  return found;
}

/* Frontline's two conditions for paging a desktop's first sync through big
 * lists (see PROTOCOL.md): "idAfter" (keyset paging, in id order) on every
 * type, and "activeSince" (a UTCDate: cases active, or changed since) on
 * cases. */
static gboolean
add_paging_condition (FlStoreQuery  *query,
                      const char    *name,
                      JsonNode      *value,
                      GError       **error)
{
  g_autoptr(GError) store_error = NULL;
  gboolean ok;

  if (!is_string (value))
    return unsupported_filter (error, "“%s” must be a string", name);
  if (g_str_equal (name, "idAfter"))
    ok = fl_store_query_where_id_after (query, json_node_get_string (value), &store_error);
  else
    {
      gint64 since;

      if (!fl_timestamp_parse (json_node_get_string (value), &since))
        return unsupported_filter (error, "“activeSince” must be a UTCDate, such as 2026-08-25T00:00:00Z");
      ok = fl_store_query_where_case_active_since (query, since, &store_error);
    }
  if (!ok)
    return unsupported_filter (error, "%s", store_error->message);
  return TRUE;
}

JsonObject *
fl_jmap_query (FlJmapContext  *context,
               GType           type,
               JsonObject     *args,
               GError        **error)
{
  g_autoptr(FlStoreQuery) query = fl_store_query_new (type);
  g_autoptr(JsonObject) conditions = json_object_new ();
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *state = NULL;
  JsonNode *filter_node;
  JsonNode *sort_node;
  JsonObject *filter = NULL;
  GError *store_error = NULL;
  gint64 position;
  gint64 limit;
  gint64 total = -1;
  gboolean calculate_total;
  gboolean searched = FALSE;
  gboolean has_search = FALSE;
  gboolean has_paging = FALSE;
  SearchKind search = SEARCH_NONE;
  guint row = G_N_ELEMENTS (filters);

  if (!fl_jmap_check_account (args, error)
      || !optional_uint (args, "position", 0, &position, error)
      || !optional_uint (args, "limit", DEFAULT_QUERY_LIMIT, &limit, error)
      || !optional_bool (args, "calculateTotal", &calculate_total, error))
    return NULL;
  if (json_object_has_member (args, "anchor"))
    {
      invalid_argument (error, "anchor", "left out: this server pages by position");
      return NULL;
    }
  limit = MIN (limit, FL_JMAP_MAX_OBJECTS_IN_GET);

  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    if (filters[i].get_type () == type)
      row = i, search = filters[i].search;

  filter_node = json_object_get_member (args, "filter");
  if (filter_node != NULL && !JSON_NODE_HOLDS_NULL (filter_node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      if (!JSON_NODE_HOLDS_OBJECT (filter_node))
        return unsupported_filter (error, "A filter is an object of conditions"), NULL;
      filter = json_node_get_object (filter_node);
      if (json_object_has_member (filter, "operator"))
        return unsupported_filter (error, "Filter operators (AND, OR, NOT) are not supported: "
                                   "give the conditions in one object, which all must hold"), NULL;

      json_object_iter_init (&iter, filter);
      while (json_object_iter_next (&iter, &name, &value))
        {
          if (is_search_filter (search, name))
            {
              has_search = TRUE;
              continue;
            }
          if (g_str_equal (name, "idAfter") || g_str_equal (name, "activeSince"))
            {
              if (!add_paging_condition (query, name, value, error))
                return NULL;
              has_paging = TRUE;
              continue;
            }
          if (row == G_N_ELEMENTS (filters) || !is_equality_filter (row, name))
            return unsupported_filter (error, "%s/query cannot filter on “%s”",
                                       fl_entity_class_get_type_name (g_type_class_peek (type)),
                                       name), NULL;
          if (is_string (value) && g_str_has_suffix (name, "Id"))
            {
              const char *id = fl_jmap_resolve_id (context, json_node_get_string (value));

              value = json_node_init_string (json_node_alloc (), id != NULL ? id : "");
              json_object_set_member (conditions, name, value);
            }
          else
            json_object_set_member (conditions, name, json_node_copy (value));
          if (!add_equality (query, name, value, error))
            return NULL;
        }
    }

  if (has_search && has_paging)
    return unsupported_filter (error, "idAfter and activeSince page through lists; "
                               "a text search is ranked, page it by position"), NULL;

  sort_node = json_object_get_member (args, "sort");
  if (sort_node != NULL && !JSON_NODE_HOLDS_NULL (sort_node))
    {
      JsonArray *sort;

      if (!JSON_NODE_HOLDS_ARRAY (sort_node))
        return invalid_argument (error, "sort", "an array of comparators"), NULL;
      sort = json_node_get_array (sort_node);
      for (guint i = 0; i < json_array_get_length (sort); i++)
        {
          JsonNode *comparator = json_array_get_element (sort, i);
          const char *property;
          gboolean ascending = TRUE;
          g_autoptr(GError) sort_error = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (comparator)
              || !optional_string (json_node_get_object (comparator), "property", &property, error)
              || property == NULL)
            return invalid_argument (error, "sort", "an array of {\"property\", \"isAscending\"}"), NULL;
          if (json_object_has_member (json_node_get_object (comparator), "isAscending")
              && !optional_bool (json_node_get_object (comparator), "isAscending", &ascending, error))
            return NULL;
          if (!fl_store_query_order_by (query, property, ascending, &sort_error))
            {
              g_set_error_literal (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_UNSUPPORTED_SORT,
                                   sort_error->message);
              return NULL;
            }
        }
    }

  state = fl_jmap_type_state (context, type, error);
  if (state == NULL)
    return NULL;

  if (filter != NULL)
    {
      GError *search_error = NULL;
      /* Only the page itself when the ranking is all there is; a total, or
       * conditions that drop some of the ranked records, need the whole
       * ranking, or the page comes up short and the total is the page's. */
      guint cap = calculate_total || json_object_get_size (conditions) > 0
                  ? MAX_SEARCH_RESULTS : MIN (position + limit, MAX_SEARCH_RESULTS);

      /* Not "found == NULL && searched": a filter refused before searching
       * (two lookups at once, a version without its product) must fail the
       * call, not fall through to an unfiltered query. */
      found = run_search (context, search, filter, cap, &searched, &search_error);
      if (search_error != NULL)
        {
          g_propagate_error (error, search_error);
          return NULL;
        }
    }

  if (searched && found != NULL)
    {
      /* Ranked by relevance; the other conditions filter the ranked list. */
      g_autoptr(GPtrArray) matching = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < found->len; i++)
        if (entity_matches (g_ptr_array_index (found, i), conditions))
          g_ptr_array_add (matching, g_strdup (fl_entity_get_id (g_ptr_array_index (found, i))));
      total = matching->len;
      ids = g_ptr_array_new_with_free_func (g_free);
      for (gint64 i = position; i < matching->len && i < position + limit; i++)
        g_ptr_array_add (ids, g_strdup (g_ptr_array_index (matching, i)));
    }
  else
    {
      ids = fl_store_query_run (context->store, query, position, limit,
                                calculate_total ? &total : NULL, &store_error);
      if (ids == NULL)
        {
          fl_jmap_propagate_store_error (error, store_error);
          return NULL;
        }
    }

  result = json_object_new ();
  json_object_set_string_member (result, "accountId", FL_JMAP_ACCOUNT_ID);
  json_object_set_string_member (result, "queryState", state);
  json_object_set_boolean_member (result, "canCalculateChanges", FALSE);
  json_object_set_int_member (result, "position", position);
  json_object_set_array_member (result, "ids", strings_to_array (ids));
  if (calculate_total && total >= 0)
    json_object_set_int_member (result, "total", total);
  json_object_set_int_member (result, "limit", limit);
  return g_steal_pointer (&result);
}

JsonObject *
fl_jmap_query_changes (FlJmapContext  *context,
                       GType           type,
                       JsonObject     *args,
                       GError        **error)
{
  if (!fl_jmap_check_account (args, error))
    return NULL;

  /* RFC 8620 §5.6 lets a server decline; queries here are cheap to run again. */
  g_set_error_literal (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_CANNOT_CALCULATE_CHANGES,
                       "This server does not track query results: run the query again");
  return NULL;
}

/* --- AuditEntry/query --------------------------------------------------- */

JsonObject *
fl_jmap_audit_query (FlJmapContext  *context,
                     GType           type,
                     JsonObject     *args,
                     GError        **error)
{
  g_autoptr(JsonObject) result = NULL;
  JsonNode *filter_node;
  const char *record_id = NULL;
  const char *agent_id = NULL;
  GError *store_error = NULL;
  JsonNode *list;
  gint64 after;
  gint64 limit;

  if (!fl_jmap_check_account (args, error))
    return NULL;
  if (!fl_access_policy_can_read_audit (context->agent))
    {
      g_set_error_literal (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_FORBIDDEN,
                           "Only leads may read the audit log");
      return NULL;
    }
  if (!optional_uint (args, "afterSeq", 0, &after, error)
      || !optional_uint (args, "limit", DEFAULT_QUERY_LIMIT, &limit, error))
    return NULL;
  filter_node = json_object_get_member (args, "filter");
  if (filter_node != NULL && JSON_NODE_HOLDS_OBJECT (filter_node)
      && (!optional_string (json_node_get_object (filter_node), "recordId", &record_id, error)
          || !optional_string (json_node_get_object (filter_node), "agentId", &agent_id, error)))
    return NULL;

  list = fl_store_read_audit (context->store, after, record_id, agent_id,
                              MIN (limit, FL_JMAP_MAX_OBJECTS_IN_GET), &store_error);
  if (list == NULL)
    {
      fl_jmap_propagate_store_error (error, store_error);
      return NULL;
    }

  result = json_object_new ();
  json_object_set_string_member (result, "accountId", FL_JMAP_ACCOUNT_ID);
  json_object_set_member (result, "list", list);
  return g_steal_pointer (&result);
}

/* fl-jmap-service.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The request level of JMAP (RFC 8620 §3): the envelope, capabilities,
 * back-references and dispatch to the methods in fl-jmap-methods.c and
 * fl-jmap-set.c. Everything here after execute_async() runs on a worker.
 */
#define G_LOG_DOMAIN "Frontline-Server"
/* memmem() */
#define _GNU_SOURCE

#include "config.h"

#include <string.h>

#include "fl-jmap-private.h"
#include "fl-jmap-service.h"

struct _FlJmapService
{
  GObject        parent_instance;

  FlStorePool   *readers;
  FlStorePool   *prefetchers;
  FlCommitQueue *writer;
};

G_DEFINE_FINAL_TYPE (FlJmapService, fl_jmap_service, G_TYPE_OBJECT)

G_DEFINE_QUARK (fl-jmap-error-quark, fl_jmap_error)
G_DEFINE_QUARK (fl-jmap-method-error-quark, fl_jmap_method_error)

const char *
fl_jmap_error_type_uri (FlJmapError code)
{
  switch (code)
    {
    case FL_JMAP_ERROR_NOT_JSON:
      return "urn:ietf:params:jmap:error:notJSON";
    case FL_JMAP_ERROR_NOT_REQUEST:
      return "urn:ietf:params:jmap:error:notRequest";
    case FL_JMAP_ERROR_LIMIT:
      return "urn:ietf:params:jmap:error:limit";
    case FL_JMAP_ERROR_UNKNOWN_CAPABILITY:
      return "urn:ietf:params:jmap:error:unknownCapability";
    case FL_JMAP_ERROR_UNAUTHORIZED:
      return "unauthorized";
    case FL_JMAP_ERROR_UNAVAILABLE:
    default:
      return "serverUnavailable";
    }
}

guint
fl_jmap_error_http_status (FlJmapError code)
{
  switch (code)
    {
    case FL_JMAP_ERROR_UNAUTHORIZED:
      return 401;
    case FL_JMAP_ERROR_UNAVAILABLE:
      return 503;
    case FL_JMAP_ERROR_NOT_JSON:
    case FL_JMAP_ERROR_NOT_REQUEST:
    case FL_JMAP_ERROR_LIMIT:
    case FL_JMAP_ERROR_UNKNOWN_CAPABILITY:
    default:
      return 400;
    }
}

const char *
fl_jmap_method_error_type (FlJmapMethodError code)
{
  static const char * const types[] = {
    [FL_JMAP_METHOD_ERROR_UNKNOWN_METHOD] = "unknownMethod",
    [FL_JMAP_METHOD_ERROR_INVALID_ARGUMENTS] = "invalidArguments",
    [FL_JMAP_METHOD_ERROR_INVALID_RESULT_REFERENCE] = "invalidResultReference",
    [FL_JMAP_METHOD_ERROR_FORBIDDEN] = "forbidden",
    [FL_JMAP_METHOD_ERROR_ACCOUNT_NOT_FOUND] = "accountNotFound",
    [FL_JMAP_METHOD_ERROR_STATE_MISMATCH] = "stateMismatch",
    [FL_JMAP_METHOD_ERROR_CANNOT_CALCULATE_CHANGES] = "cannotCalculateChanges",
    [FL_JMAP_METHOD_ERROR_REQUEST_TOO_LARGE] = "requestTooLarge",
    [FL_JMAP_METHOD_ERROR_UNSUPPORTED_FILTER] = "unsupportedFilter",
    [FL_JMAP_METHOD_ERROR_UNSUPPORTED_SORT] = "unsupportedSort",
    [FL_JMAP_METHOD_ERROR_SERVER_FAIL] = "serverFail",
    [FL_JMAP_METHOD_ERROR_NEEDS_WRITER] = "serverFail",
  };

  if ((guint) code < G_N_ELEMENTS (types))
    return types[code];
  return "serverFail";
}

static void
fl_jmap_service_finalize (GObject *object)
{
  FlJmapService *self = FL_JMAP_SERVICE (object);

  g_clear_object (&self->readers);
  g_clear_object (&self->prefetchers);
  g_clear_object (&self->writer);

  G_OBJECT_CLASS (fl_jmap_service_parent_class)->finalize (object);
}

static void
fl_jmap_service_class_init (FlJmapServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fl_jmap_service_finalize;
}

static void
fl_jmap_service_init (FlJmapService *self)
{
}

FlJmapService *
fl_jmap_service_new (FlStorePool   *readers,
                     FlStorePool   *prefetchers,
                     FlCommitQueue *writer)
{
  FlJmapService *self;

  g_return_val_if_fail (FL_IS_STORE_POOL (readers), NULL);
  g_return_val_if_fail (FL_IS_STORE_POOL (prefetchers), NULL);
  g_return_val_if_fail (FL_IS_COMMIT_QUEUE (writer), NULL);

  /* The methods look classes up with g_type_class_peek() on worker threads:
   * make sure each exists (static types' classes are never freed). */
  {
    guint n_types;
    const GType *types = fl_model_get_types (&n_types);

    for (guint i = 0; i < n_types; i++)
      g_type_class_unref (g_type_class_ref (types[i]));
  }

  self = g_object_new (FL_TYPE_JMAP_SERVICE, NULL);
  self->readers = g_object_ref (readers);
  self->prefetchers = g_object_ref (prefetchers);
  self->writer = g_object_ref (writer);
  return self;
}

/* --- Back-references (RFC 8620 §3.7) ------------------------------------ */

static char *
unescape_token (const char *token)
{
  GString *out = g_string_new (NULL);

  for (const char *p = token; *p != '\0'; p++)
    {
      if (p[0] == '~' && p[1] == '1')
        g_string_append_c (out, '/'), p++;
      else if (p[0] == '~' && p[1] == '0')
        g_string_append_c (out, '~'), p++;
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* A JSON Pointer with JMAP's "*": on an array, apply the rest of the path to
 * every item and flatten arrays of results into one. */
static JsonNode *
evaluate_pointer (JsonNode     *node,
                  char        **tokens,
                  GError      **error)
{
  g_autofree char *token = NULL;

  if (tokens[0] == NULL)
    return json_node_copy (node);

  token = unescape_token (tokens[0]);

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      if (g_str_equal (token, "*"))
        {
          g_autoptr(JsonArray) out = json_array_new ();

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              g_autoptr(JsonNode) item = evaluate_pointer (json_array_get_element (array, i),
                                                           tokens + 1, error);

              if (item == NULL)
                return NULL;
              if (JSON_NODE_HOLDS_ARRAY (item))
                {
                  JsonArray *items = json_node_get_array (item);

                  for (guint j = 0; j < json_array_get_length (items); j++)
                    json_array_add_element (out, json_node_copy (json_array_get_element (items, j)));
                }
              else
                json_array_add_element (out, g_steal_pointer (&item));
            }
          return json_node_init_array (json_node_alloc (), out);
        }
      else
        {
          guint64 index;

          if (g_ascii_string_to_unsigned (token, 10, 0, G_MAXUINT, &index, NULL)
              && index < json_array_get_length (array))
            return evaluate_pointer (json_array_get_element (array, index), tokens + 1, error);
        }
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);

      /* Past RFC 8620, which gives "*" to arrays only: on an object it maps
       * over the values, so that "/created/ * /id" (without the spaces) lists
       * the ids an X/set created. */
      if (g_str_equal (token, "*") && !json_object_has_member (object, token))
        {
          g_autoptr(JsonArray) values = json_array_new ();
          JsonObjectIter iter;
          JsonNode *value;

          json_object_iter_init (&iter, object);
          while (json_object_iter_next (&iter, NULL, &value))
            json_array_add_element (values, json_node_copy (value));
          {
            g_autoptr(JsonNode) as_array = json_node_init_array (json_node_alloc (), values);

            return evaluate_pointer (as_array, tokens, error);
          }
        }
      if (json_object_has_member (object, token))
        return evaluate_pointer (json_object_get_member (object, token), tokens + 1, error);
    }

  g_set_error (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_INVALID_RESULT_REFERENCE,
               "The path reaches nothing at “%s”", token);
  return NULL;
}

static JsonNode *
resolve_reference (JsonArray   *responses,
                   JsonNode    *reference,
                   GError     **error)
{
  JsonObject *object;
  const char *result_of;
  const char *name;
  const char *path;
  g_auto(GStrv) tokens = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (reference))
    goto invalid;
  object = json_node_get_object (reference);
  result_of = json_object_get_string_member_with_default (object, "resultOf", NULL);
  name = json_object_get_string_member_with_default (object, "name", NULL);
  path = json_object_get_string_member_with_default (object, "path", NULL);
  if (result_of == NULL || name == NULL || path == NULL || path[0] != '/')
    goto invalid;

  for (guint i = 0; i < json_array_get_length (responses); i++)
    {
      JsonArray *response = json_array_get_array_element (responses, i);

      if (g_strcmp0 (json_array_get_string_element (response, 2), result_of) != 0)
        continue;
      if (g_strcmp0 (json_array_get_string_element (response, 0), name) != 0)
        {
          g_set_error (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_INVALID_RESULT_REFERENCE,
                       "Call “%s” answered %s, not %s", result_of,
                       json_array_get_string_element (response, 0), name);
          return NULL;
        }
      tokens = g_strsplit (path + 1, "/", -1);
      return evaluate_pointer (json_array_get_element (response, 1), tokens, error);
    }

  g_set_error (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_INVALID_RESULT_REFERENCE,
               "No earlier call has the id “%s”", result_of);
  return NULL;

invalid:
  g_set_error_literal (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_INVALID_RESULT_REFERENCE,
                       "A result reference is an object with resultOf, name and a path starting with /");
  return NULL;
}

/* A copy of @args with every "#name" replaced by the value it refers to. */
static JsonObject *
resolve_arguments (JsonObject  *args,
                   JsonArray   *responses,
                   GError     **error)
{
  g_autoptr(JsonObject) resolved = json_object_new ();
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  json_object_iter_init (&iter, args);
  while (json_object_iter_next (&iter, &member, &value))
    {
      if (member[0] != '#')
        {
          json_object_set_member (resolved, member, json_node_copy (value));
          continue;
        }
      if (json_object_has_member (args, member + 1))
        {
          g_set_error (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_INVALID_ARGUMENTS,
                       "Both “%s” and “%s” are given", member, member + 1);
          return NULL;
        }
      {
        JsonNode *result = resolve_reference (responses, value, error);

        if (result == NULL)
          return NULL;
        json_object_set_member (resolved, member + 1, result);
      }
    }
  return g_steal_pointer (&resolved);
}

/* --- Dispatch ----------------------------------------------------------- */

static const struct
{
  const char   *verb;
  FlJmapMethod  method;
} verbs[] = {
  { "get", fl_jmap_get },
  { "changes", fl_jmap_changes },
  { "set", fl_jmap_set },
  { "query", fl_jmap_query },
  { "queryChanges", fl_jmap_query_changes },
};

static JsonObject *
call_method (FlJmapContext  *context,
             const char     *name,
             JsonObject     *args,
             gboolean        frontline_capability,
             GError        **error)
{
  const char *slash = strchr (name, '/');
  g_autofree char *type_name = NULL;
  GType type;

  if (g_str_equal (name, "Core/echo"))
    return json_object_ref (args);

  if (slash == NULL || !frontline_capability)
    goto unknown;

  if (g_str_equal (name, "AuditEntry/query"))
    return fl_jmap_audit_query (context, G_TYPE_INVALID, args, error);

  type_name = g_strndup (name, slash - name);
  type = fl_model_type_from_name (type_name);
  if (type == G_TYPE_INVALID)
    goto unknown;

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (g_str_equal (slash + 1, verbs[i].verb))
      return verbs[i].method (context, type, args, error);

unknown:
  g_set_error (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_UNKNOWN_METHOD,
               frontline_capability ? "There is no method “%s”"
               : "There is no method “%s” (is " FL_JMAP_CAPABILITY_FRONTLINE " in “using”?)", name);
  return NULL;
}

static JsonNode *
error_response (const GError *error,
                const char   *call_id)
{
  g_autoptr(JsonObject) details = json_object_new ();
  JsonArray *response = json_array_new ();
  const char *type = "serverFail";

  if (error->domain == FL_JMAP_METHOD_ERROR)
    type = fl_jmap_method_error_type (error->code);
  json_object_set_string_member (details, "type", type);
  json_object_set_string_member (details, "description", error->message);

  json_array_add_string_element (response, "error");
  json_array_add_object_element (response, g_steal_pointer (&details));
  json_array_add_string_element (response, call_id);
  return json_node_init_array (json_node_alloc (), response);
}

/* The JSON text of a request into @parser. */
static gboolean
load_request (GBytes      *body,
              JsonParser  *parser,
              GError     **error)
{
  g_autoptr(GError) parse_error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);

  if (length == 0
      || !g_utf8_validate (data, length, NULL)
      || !json_parser_load_from_data (parser, data, length, &parse_error))
    {
      g_set_error (error, FL_JMAP_ERROR, FL_JMAP_ERROR_NOT_JSON,
                   "The request is not valid JSON in UTF-8%s%s",
                   parse_error != NULL ? ": " : "", parse_error != NULL ? parse_error->message
                   : length == 0 ? " (the body is empty)" : "");
      return FALSE;
    }
  return TRUE;
}

/* Whether what @parser holds is a JMAP request: an object with "using" and
 * "methodCalls", each call a [name, arguments, callId]. */
static gboolean
check_request (JsonParser  *parser,
               JsonObject **request,
               JsonArray  **calls,
               GError     **error)
{
  JsonNode *root;
  JsonNode *using;
  JsonNode *method_calls;

  root = json_parser_get_root (parser);
  /* json-glib takes an all-blank text for a document without a root. */
  if (root == NULL)
    {
      g_set_error_literal (error, FL_JMAP_ERROR, FL_JMAP_ERROR_NOT_JSON,
                           "The request is not valid JSON: the body is blank");
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    goto not_request;
  *request = json_node_get_object (root);
  using = json_object_get_member (*request, "using");
  method_calls = json_object_get_member (*request, "methodCalls");
  if (using == NULL || !JSON_NODE_HOLDS_ARRAY (using)
      || method_calls == NULL || !JSON_NODE_HOLDS_ARRAY (method_calls))
    goto not_request;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (using)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (using), i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        goto not_request;
    }

  *calls = json_node_get_array (method_calls);
  for (guint i = 0; i < json_array_get_length (*calls); i++)
    {
      JsonNode *call = json_array_get_element (*calls, i);
      JsonArray *triple;

      if (!JSON_NODE_HOLDS_ARRAY (call))
        goto not_request;
      triple = json_node_get_array (call);
      if (json_array_get_length (triple) != 3
          || !JSON_NODE_HOLDS_VALUE (json_array_get_element (triple, 0))
          || json_node_get_value_type (json_array_get_element (triple, 0)) != G_TYPE_STRING
          || !JSON_NODE_HOLDS_OBJECT (json_array_get_element (triple, 1))
          || !JSON_NODE_HOLDS_VALUE (json_array_get_element (triple, 2))
          || json_node_get_value_type (json_array_get_element (triple, 2)) != G_TYPE_STRING)
        goto not_request;
    }

  if (json_array_get_length (*calls) > FL_JMAP_MAX_CALLS_IN_REQUEST)
    {
      g_set_error (error, FL_JMAP_ERROR, FL_JMAP_ERROR_LIMIT,
                   "A request may hold at most %d method calls (maxCallsInRequest)",
                   FL_JMAP_MAX_CALLS_IN_REQUEST);
      return FALSE;
    }
  return TRUE;

not_request:
  g_set_error_literal (error, FL_JMAP_ERROR, FL_JMAP_ERROR_NOT_REQUEST,
                       "The request must be an object with “using” (an array of capability "
                       "strings) and “methodCalls” (an array of [name, arguments, callId])");
  return FALSE;
}

typedef struct
{
  char       *agent_id;
  GBytes     *body;
  gboolean    writable;
  JsonParser *parsed;     /* the body, parsed by a prefetcher; or NULL */
} RequestJob;

static void
request_job_free (gpointer data)
{
  RequestJob *job = data;

  g_free (job->agent_id);
  g_bytes_unref (job->body);
  g_clear_object (&job->parsed);
  g_free (job);
}

static gpointer
run_request (FlStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  RequestJob *job = data;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(FlEntity) agent = NULL;
  g_autoptr(GHashTable) created_ids = NULL;
  g_autoptr(JsonArray) responses = NULL;
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  JsonObject *request = NULL;
  JsonArray *calls = NULL;
  JsonArray *using;
  gboolean frontline_capability = FALSE;
  FlJmapContext context = { 0 };
  JsonNode *created_ids_node;
  char *text;
  gsize length;

  agent = fl_store_get (store, FL_TYPE_AGENT, job->agent_id, &local_error);
  if (agent == NULL || fl_agent_get_disabled (FL_AGENT (agent)))
    {
      if (local_error != NULL && !g_error_matches (local_error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND))
        g_set_error (error, FL_JMAP_ERROR, FL_JMAP_ERROR_UNAVAILABLE, "%s", local_error->message);
      else
        g_set_error_literal (error, FL_JMAP_ERROR, FL_JMAP_ERROR_UNAUTHORIZED,
                             "This account is disabled or no longer exists");
      return NULL;
    }

  /* Parsed already, off the writer, when a prefetcher read ahead for it (a
   * parser without a root: the text did not parse there, or is blank). */
  if (job->parsed != NULL && json_parser_get_root (job->parsed) != NULL)
    parser = g_object_ref (job->parsed);
  else
    {
      parser = json_parser_new_immutable ();
      if (!load_request (job->body, parser, error))
        return NULL;
    }
  if (!check_request (parser, &request, &calls, error))
    return NULL;

  using = json_object_get_array_member (request, "using");
  for (guint i = 0; i < json_array_get_length (using); i++)
    {
      const char *capability = json_array_get_string_element (using, i);

      if (g_str_equal (capability, FL_JMAP_CAPABILITY_FRONTLINE))
        frontline_capability = TRUE;
      else if (!g_str_equal (capability, FL_JMAP_CAPABILITY_CORE)
               && !g_str_equal (capability, FL_JMAP_CAPABILITY_WEBSOCKET))
        {
          g_set_error (error, FL_JMAP_ERROR, FL_JMAP_ERROR_UNKNOWN_CAPABILITY,
                       "This server does not know the capability “%s”", capability);
          return NULL;
        }
    }

  /* A request that writes must run in the commit queue, where its answer waits
   * for the disk. Found out here rather than guessed from the raw text. */
  if (!job->writable)
    for (guint i = 0; i < json_array_get_length (calls); i++)
      {
        const char *name = json_array_get_string_element (json_array_get_array_element (calls, i), 0);

        if (g_str_has_suffix (name, "/set"))
          {
            g_set_error_literal (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_NEEDS_WRITER,
                                 "The request writes");
            return NULL;
          }
      }

  created_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  created_ids_node = json_object_get_member (request, "createdIds");
  if (created_ids_node != NULL && JSON_NODE_HOLDS_OBJECT (created_ids_node))
    {
      JsonObjectIter iter;
      const char *creation_id;
      JsonNode *id;

      json_object_iter_init (&iter, json_node_get_object (created_ids_node));
      while (json_object_iter_next (&iter, &creation_id, &id))
        if (JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_STRING)
          g_hash_table_insert (created_ids, g_strdup (creation_id), json_node_dup_string (id));
    }

  context.store = store;
  context.agent = FL_AGENT (agent);
  context.writable = job->writable;
  context.created_ids = created_ids;

  /* A reading request sees one snapshot from its first call to its last
   * (and its reader takes SQLite's read lock once, not per record). A writing
   * one runs inside the commit queue's transaction already. */
  if (!job->writable && !fl_store_begin_read (store, error))
    return NULL;

  responses = json_array_new ();
  for (guint i = 0; i < json_array_get_length (calls); i++)
    {
      JsonArray *call = json_array_get_array_element (calls, i);
      const char *name = json_array_get_string_element (call, 0);
      const char *call_id = json_array_get_string_element (call, 2);
      g_autoptr(JsonObject) args = NULL;
      g_autoptr(JsonObject) result = NULL;
      g_autoptr(GError) method_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          if (!job->writable)
            fl_store_end_read (store);
          return NULL;
        }

      args = resolve_arguments (json_array_get_object_element (call, 1), responses, &method_error);
      if (args != NULL)
        result = call_method (&context, name, args, frontline_capability, &method_error);

      if (result != NULL)
        {
          JsonArray *triple = json_array_new ();

          json_array_add_string_element (triple, name);
          json_array_add_object_element (triple, g_steal_pointer (&result));
          json_array_add_string_element (triple, call_id);
          json_array_add_array_element (responses, triple);
        }
      else
        {
          if (method_error == NULL)
            g_set_error_literal (&method_error, FL_JMAP_METHOD_ERROR,
                                 FL_JMAP_METHOD_ERROR_SERVER_FAIL, "The method failed");
          g_debug ("%s failed: %s", name, method_error->message);
          json_array_add_element (responses, error_response (method_error, call_id));
        }
    }

  response = json_object_new ();
  json_object_set_array_member (response, "methodResponses", json_array_ref (responses));
  if (created_ids_node != NULL)
    {
      JsonObject *out = json_object_new ();
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, created_ids);
      while (g_hash_table_iter_next (&iter, &key, &value))
        json_object_set_string_member (out, key, value);
      json_object_set_object_member (response, "createdIds", out);
    }
  {
    g_autofree char *state = g_strdup_printf ("%" G_GINT64_FORMAT, fl_store_get_modseq (store));

    json_object_set_string_member (response, "sessionState", state);
  }
  if (!job->writable)
    fl_store_end_read (store);

  root = json_node_init_object (json_node_alloc (), response);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}

/* --- Reading ahead for the writer ---------------------------------------- */

/* Past this many writes waiting for the writer, new ones go to it directly. */
#define PREFETCH_MAX_WAITING 8

/* The id a "#creationId" stands for, from the creates earlier in the request
 * that give their own id; NULL if it is not known yet. */
static const char *
prefetch_resolve (GHashTable *creations,
                  const char *value)
{
  return value[0] == '#' ? g_hash_table_lookup (creations, value + 1) : value;
}

/* One record to create: decoded as the writer will (ignoring what it cannot
 * decode: the writer refuses that), and the pages its write reads, read. */
static void
prefetch_create (FlStore    *store,
                 GType       type,
                 GHashTable *creations,
                 JsonNode   *value)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(FlEntity) entity = NULL;
  FlEntityClass *klass = g_type_class_peek (type);
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  /* A new object, member by member: json_node_copy() of a parsed object shares
   * it, and the request must reach the writer exactly as it was sent. */
  json_object_iter_init (&iter, json_node_get_object (value));
  while (json_object_iter_next (&iter, &name, &member))
    {
      int field = fl_entity_class_find_field (klass, name);
      const char *id;

      if (field < 0 || fl_entity_class_get_fields (klass, NULL)[field].kind != FL_FIELD_ID
          || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
        json_object_set_member (object, name, json_node_copy (member));
      else if ((id = prefetch_resolve (creations, json_node_get_string (member))) != NULL)
        json_object_set_string_member (object, name, id);
    }

  node = json_node_init_object (json_node_alloc (), object);
  entity = fl_json_decode (type, node, FL_JSON_DECODE_DEFAULT, NULL);
  if (entity != NULL)
    fl_store_prefetch_write (store, entity);
}

typedef struct
{
  FlStore    *store;
  GType       type;
  GHashTable *creations;
} PrefetchSet;

static void
prefetch_create_member (JsonObject  *create,
                        const char  *creation_id,
                        JsonNode    *value,
                        gpointer     data)
{
  PrefetchSet *set = data;
  const char *id;

  if (!JSON_NODE_HOLDS_OBJECT (value))
    return;
  id = json_object_get_string_member_with_default (json_node_get_object (value), "id", NULL);
  if (id != NULL)
    g_hash_table_insert (set->creations, (gpointer) creation_id, (gpointer) id);
  prefetch_create (set->store, set->type, set->creations, value);
}

/* The record as it is, which the writer reads to patch it. */
static void
prefetch_update_member (JsonObject  *update,
                        const char  *id,
                        JsonNode    *patch,
                        gpointer     data)
{
  PrefetchSet *set = data;
  g_autoptr(FlEntity) existing = NULL;

  if (id[0] != '#')
    existing = fl_store_get (set->store, set->type, id, NULL);
}

/* The records an X/set will write or read, read now. */
static void
prefetch_set (FlStore    *store,
              GType       type,
              JsonObject *args,
              GHashTable *creations)
{
  static const struct
  {
    const char           *name;
    JsonObjectForeach     func;
  } members[] = {
    { "create", prefetch_create_member },
    { "update", prefetch_update_member },
  };
  PrefetchSet set = { store, type, creations };

  /* In the order the writer takes them: creates (in the order sent, which
   * creation references rely on), then updates. Not the mutation ledger: a
   * desktop's next mutation goes beside its last one, a page the writer has
   * just written and still holds, and probing it here cost as much CPU as the
   * rest of the prefetch. */
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      JsonNode *node = json_object_get_member (args, members[i].name);

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        json_object_foreach_member (json_node_get_object (node), members[i].func, &set);
    }
}

/* Runs on a prefetcher before a write request goes to the writer: parses it
 * (so that the writer does not) and reads the pages its writes will touch. On
 * a database larger than memory those are random pages of large indexes; the
 * writer, which every write waits for, read them from disk one at a time,
 * while several prefetchers wait for them side by side. Reads only, so it
 * cannot change what the write does: the writer checks everything again. */
static gpointer
prefetch_request (FlStore       *store,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  RequestJob *job = data;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GHashTable) creations = NULL;
  JsonObject *request;
  JsonArray *calls;

  /* Not a request: the writer finds out again and answers what is wrong. */
  if (!load_request (job->body, parser, NULL) || !check_request (parser, &request, &calls, NULL))
    return g_steal_pointer (&parser);

  creations = g_hash_table_new (g_str_hash, g_str_equal);
  if (!fl_store_begin_read (store, NULL))
    return g_steal_pointer (&parser);
  for (guint i = 0; i < json_array_get_length (calls); i++)
    {
      JsonArray *call = json_array_get_array_element (calls, i);
      const char *name = json_array_get_string_element (call, 0);
      const char *slash = strchr (name, '/');
      g_autofree char *type_name = NULL;
      GType type;

      if (slash == NULL || !g_str_equal (slash, "/set"))
        continue;
      type_name = g_strndup (name, slash - name);
      type = fl_model_type_from_name (type_name);
      if (type != G_TYPE_INVALID)
        prefetch_set (store, type, json_array_get_object_element (call, 1), creations);
    }
  fl_store_end_read (store);
  return g_steal_pointer (&parser);
}

static void request_done (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data);

/* Hands the request the task holds to the writer. */
static void
submit_write (FlJmapService *self,
              GTask         *task,
              JsonParser    *parsed)
{
  RequestJob *kept = g_task_get_task_data (task);
  RequestJob *job = g_new0 (RequestJob, 1);

  job->agent_id = g_strdup (kept->agent_id);
  job->body = g_bytes_ref (kept->body);
  job->writable = TRUE;
  job->parsed = parsed != NULL ? g_object_ref (parsed) : NULL;
  fl_commit_queue_submit_async (self->writer, run_request, job, request_job_free,
                                (GDestroyNotify) g_bytes_unref, g_task_get_cancellable (task),
                                request_done, task);
}

static void
prefetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(JsonParser) parsed = fl_store_pool_finish (FL_STORE_POOL (source), result, NULL);

  /* Whatever happened there, the write goes on: reading ahead is only help. */
  submit_write (g_task_get_source_object (task), task, parsed);
}

static void
request_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GBytes *response;

  if (FL_IS_STORE_POOL (source))
    response = fl_store_pool_finish (FL_STORE_POOL (source), result, &error);
  else
    response = fl_commit_queue_submit_finish (FL_COMMIT_QUEUE (source), result, &error);

  if (response == NULL && g_error_matches (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_NEEDS_WRITER))
    {
      submit_write (g_task_get_source_object (task), g_steal_pointer (&task), NULL);
      return;
    }

  if (response == NULL)
    {
      if (error->domain != FL_JMAP_ERROR)
        {
          g_autoptr(GError) unavailable = NULL;

          g_warning ("A request failed: %s", error->message);
          unavailable = g_error_new (FL_JMAP_ERROR, FL_JMAP_ERROR_UNAVAILABLE,
                                     "The server could not run the request: %s", error->message);
          g_task_return_error (task, g_steal_pointer (&unavailable));
        }
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, response, (GDestroyNotify) g_bytes_unref);
}

void
fl_jmap_service_execute_async (FlJmapService       *self,
                               const char          *agent_id,
                               GBytes              *body,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RequestJob *job;
  RequestJob *kept;
  const char *body_data;
  gsize body_length;

  g_return_if_fail (FL_IS_JMAP_SERVICE (self));
  g_return_if_fail (agent_id != NULL);
  g_return_if_fail (body != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fl_jmap_service_execute_async);

  /* The task keeps the request too, in case it has to move to the writer. */
  kept = g_new0 (RequestJob, 1);
  kept->agent_id = g_strdup (agent_id);
  kept->body = g_bytes_ref (body);
  g_task_set_task_data (task, kept, request_job_free);

  job = g_new0 (RequestJob, 1);
  job->agent_id = g_strdup (agent_id);
  job->body = g_bytes_ref (body);

  /* A request that names an X/set goes to the writer, the one thread every
   * write waits for. While few are waiting for it, by way of a prefetcher,
   * which parses it and reads what it will touch (see prefetch_request()), so
   * that the writer does not wait for the disk one read at a time. Under a
   * crowd, straight and unparsed, as the prefetch's CPU (about a sixth of the
   * server's) then costs more than the reads it saves: measured at 64 clients,
   * prefetching every write made the server slower, at 8 clients faster. A
   * read that merely contains the text costs a little writer time; a set
   * written with escapes ("\/set") is found by the reader and moved (see
   * request_done). */
  body_data = g_bytes_get_data (body, &body_length);
  if (memmem (body_data, body_length, "/set\"", 5) != NULL)
    {
      if (fl_commit_queue_get_waiting (self->writer) < PREFETCH_MAX_WAITING)
        {
          fl_store_pool_read_async (self->prefetchers, prefetch_request, job, request_job_free,
                                    g_object_unref, cancellable, prefetched, g_steal_pointer (&task));
          return;
        }
      request_job_free (job);
      submit_write (self, g_steal_pointer (&task), NULL);
      return;
    }

  fl_store_pool_read_async (self->readers, run_request, job, request_job_free,
                            (GDestroyNotify) g_bytes_unref, cancellable,
                            request_done, g_steal_pointer (&task));
}

GBytes *
fl_jmap_service_execute_finish (FlJmapService  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

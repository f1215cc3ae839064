/* fl-jmap-set.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * X/set (RFC 8620 §5.3) for every type, with two things JMAP leaves to us:
 *
 * - Idempotency: a desktop sends clientId (its own UUID) and mutationId (a
 *   number it never reuses). The response is stored with them in the same
 *   transaction as the writes; the same mutation sent again, after a lost
 *   answer or from a second connection, gets the stored response and writes
 *   nothing.
 * - Roles: every record is checked against fl-access-policy before it is
 *   written, and the fields only the server may set (who created a case, who
 *   wrote a note and under what name) are set here, whatever was sent.
 *
 * Runs in the commit queue: each record is written in a savepoint, so a
 * refused record leaves the others of the same call in place.
 */
#define G_LOG_DOMAIN "Frontline-Server"

#include "config.h"

#include <string.h>

#include "fl-access-policy.h"
#include "fl-jmap-private.h"
#include "fl-jmap-service.h"
#include "fl-store-server.h"

typedef struct
{
  FlJmapContext *context;
  GType          type;
  JsonObject    *created;
  JsonObject    *not_created;
  JsonObject    *updated;
  JsonObject    *not_updated;
  JsonArray     *destroyed;
  JsonObject    *not_destroyed;
} SetCall;

/* The JSON name of the field a "Type.field: problem" message names, or NULL.
 * Up to the first ": " (not ":"): an unknown property may have a colon in its
 * name, and it is named back as sent. */
static char *
field_from_message (const char *message)
{
  const char *dot = strchr (message, '.');
  const char *colon = dot != NULL ? strstr (dot, ": ") : NULL;

  if (dot == NULL || colon == NULL)
    return NULL;
  return g_strndup (dot + 1, colon - dot - 1);
}

/* A SetError object (RFC 8620 §5.3). */
static JsonNode *
set_error (const char   *type,
           const char   *description,
           const GError *cause)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "type", type);
  json_object_set_string_member (object, "description", description);
  if (cause != NULL && g_str_equal (type, "invalidProperties"))
    {
      g_autofree char *field = field_from_message (cause->message);

      if (field != NULL)
        {
          JsonArray *properties = json_array_new ();

          json_array_add_string_element (properties, field);
          json_object_set_array_member (object, "properties", properties);
        }
    }
  return json_node_init_object (json_node_alloc (), object);
}

/* The SetError for a failure to validate, authorise or write a record. */
static JsonNode *
set_error_from (const GError *error)
{
  if (error->domain == FL_CORE_ERROR)
    return set_error ("invalidProperties", error->message, error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    return set_error ("forbidden", error->message, NULL);
  if (g_error_matches (error, FL_STORE_ERROR, FL_STORE_ERROR_CONSTRAINT))
    return set_error ("invalidProperties", error->message, error);
  if (g_error_matches (error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND))
    return set_error ("notFound", error->message, NULL);
  return set_error ("serverFail", error->message, NULL);
}

static void
audit (SetCall     *call,
       const char  *action,
       FlEntity    *entity_or_null,
       const char  *id,
       JsonNode    *detail)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *detail_text = detail != NULL ? json_to_string (detail, FALSE) : NULL;
  g_autofree char *what = g_strdup_printf ("%s/set %s",
                                           fl_entity_class_get_type_name (g_type_class_peek (call->type)),
                                           action);

  /* Within the record's savepoint: the audit row lands with the write or not at all. */
  if (!fl_store_append_audit (call->context->store, fl_entity_get_id (FL_ENTITY (call->context->agent)),
                              what, fl_entity_class_get_type_name (g_type_class_peek (call->type)), id,
                              fl_store_get_modseq (call->context->store), detail_text, &error))
    g_warning ("%s", error->message);
}

/* Replaces "#creationId" references in id fields with the ids they stand for. */
static gboolean
resolve_references (SetCall     *call,
                    JsonObject  *object,
                    GError     **error)
{
  FlEntityClass *klass = g_type_class_peek (call->type);
  const FlFieldInfo *fields;
  guint n_fields;

  fields = fl_entity_class_get_fields (klass, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      JsonNode *value = json_object_get_member (object, fields[i].json_name);

      if (value == NULL)
        continue;
      if (fields[i].kind == FL_FIELD_ID && JSON_NODE_HOLDS_VALUE (value)
          && json_node_get_value_type (value) == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (value);

          if (text[0] == '#')
            {
              const char *id = fl_jmap_resolve_id (call->context, text);

              if (id == NULL)
                {
                  g_set_error (error, FL_CORE_ERROR, FL_CORE_ERROR_INVALID,
                               "%s.%s: no record was created as “%s” earlier in this request",
                               klass->type_name, fields[i].json_name, text + 1);
                  return FALSE;
                }
              json_object_set_string_member (object, fields[i].json_name, id);
            }
        }
      else if (fields[i].kind == FL_FIELD_ID_LIST && JSON_NODE_HOLDS_ARRAY (value))
        {
          JsonArray *array = json_node_get_array (value);

          for (guint j = 0; j < json_array_get_length (array); j++)
            {
              JsonNode *item = json_array_get_element (array, j);
              const char *id;

              if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING
                  || json_node_get_string (item)[0] != '#')
                continue;
              id = fl_jmap_resolve_id (call->context, json_node_get_string (item));
              if (id == NULL)
                {
                  g_set_error (error, FL_CORE_ERROR, FL_CORE_ERROR_INVALID,
                               "%s.%s: no record was created as “%s” earlier in this request",
                               klass->type_name, fields[i].json_name, json_node_get_string (item) + 1);
                  return FALSE;
                }
              json_node_set_string (item, id);
            }
        }
    }
  return TRUE;
}

/* What the server decides, whatever the client sent. */
static void
apply_server_fields (SetCall   *call,
                     FlEntity  *entity,
                     gboolean   creating)
{
  FlAgent *agent = call->context->agent;
  const char *agent_id = fl_entity_get_id (FL_ENTITY (agent));
  gint64 now = fl_timestamp_now ();

  if (creating)
    {
      fl_entity_set_created_at (entity, now);
      fl_entity_set_updated_at (entity, now);
    }

  if (FL_IS_CASE (entity) && creating)
    fl_case_set_creator_id (FL_CASE (entity), agent_id);
  else if (FL_IS_INTERACTION (entity) && creating)
    {
      g_autofree char *public_name = fl_access_policy_public_name (agent);

      /* The customer sees this name: the alias, never a lead's name or rank. */
      fl_interaction_set_author_id (FL_INTERACTION (entity), agent_id);
      fl_interaction_set_author_name (FL_INTERACTION (entity), public_name);
      if (fl_interaction_get_at (FL_INTERACTION (entity)) == 0)
        fl_interaction_set_at (FL_INTERACTION (entity), now);
    }
  else if (FL_IS_OFFER_OUTCOME (entity) && creating)
    {
      fl_offer_outcome_set_agent_id (FL_OFFER_OUTCOME (entity), agent_id);
      if (fl_offer_outcome_get_at (FL_OFFER_OUTCOME (entity)) == 0)
        fl_offer_outcome_set_at (FL_OFFER_OUTCOME (entity), now);
    }
}

/* Who opened a case, wrote a note or offered something: apply_server_fields()
 * sets these on create, and after that they are facts, whoever asks (a lead
 * too). Sending the same value back is fine, as the codec allows for immutable
 * fields: clients echo whole records. */
static const struct
{
  GType       (*get_type) (void);
  const char   *fields[2];
} authorship[] = {
  { fl_case_get_type, { "creatorId" } },
  { fl_interaction_get_type, { "authorId", "authorName" } },
  { fl_offer_outcome_get_type, { "agentId" } },
};

static gboolean
check_authorship_kept (FlEntity  *old,
                       FlEntity  *patched,
                       GError   **error)
{
  FlEntityClass *klass = FL_ENTITY_GET_CLASS (old);

  for (guint i = 0; i < G_N_ELEMENTS (authorship); i++)
    {
      if (authorship[i].get_type () != G_OBJECT_TYPE (old))
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (authorship[i].fields) && authorship[i].fields[j] != NULL; j++)
        {
          int field = fl_entity_class_find_field (klass, authorship[i].fields[j]);

          g_assert (field >= 0);
          if (g_strcmp0 (fl_entity_get_text (old, field), fl_entity_get_text (patched, field)) != 0)
            {
              /* "Type.field: …", so that the SetError names the property. */
              g_set_error (error, FL_CORE_ERROR, FL_CORE_ERROR_READ_ONLY,
                           "%s.%s: set by the server when the record is made, never changed",
                           fl_entity_class_get_type_name (klass), authorship[i].fields[j]);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* Writes one record in a savepoint of its own. */
static gboolean
write_record (SetCall      *call,
              FlAccessOp    op,
              FlEntity     *old,
              FlEntity     *entity,
              const char   *id,
              JsonNode     *detail,
              GError      **error)
{
  FlStore *store = call->context->store;
  static const char * const actions[] = { "create", "update", "destroy" };

  if (!fl_access_policy_check_write (call->context->agent, op, old, entity, error))
    return FALSE;

  if (!fl_store_savepoint (store, error))
    return FALSE;

  if (op == FL_ACCESS_DESTROY)
    {
      if (!fl_store_check_unreferenced (store, call->type, id, error)
          || !fl_store_destroy (store, call->type, id, FL_STORE_PUT_ASSIGN_MODSEQ, error))
        goto failed;
    }
  else if (!fl_store_check_references (store, entity, error)
           || !fl_store_put (store, entity, FL_STORE_PUT_ASSIGN_MODSEQ, error))
    goto failed;

  /* A lead disabling an account signs it out everywhere, in the same write. */
  if (op == FL_ACCESS_UPDATE && FL_IS_AGENT (entity)
      && fl_agent_get_disabled (FL_AGENT (entity)) && !fl_agent_get_disabled (FL_AGENT (old))
      && !fl_store_remove_agent_sessions (store, id, error))
    goto failed;

  audit (call, actions[op], entity, id, detail);
  return fl_store_release_savepoint (store, error);

failed:
  fl_store_rollback_to_savepoint (store);
  return FALSE;
}

static void
create_one (SetCall     *call,
            const char  *creation_id,
            JsonNode    *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) copy = NULL;
  g_autoptr(FlEntity) entity = NULL;
  g_autoptr(FlEntity) existing = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (value))
    {
      json_object_set_member (call->not_created, creation_id,
                              set_error ("invalidProperties", "A record to create must be an object", NULL));
      return;
    }

  copy = json_node_copy (value);
  object = json_node_get_object (copy);
  /* Desktops choose their records' ids (UUIDs), so that a record made offline
   * keeps its id; anyone else gets one from the server. */
  if (!json_object_has_member (object, "id"))
    {
      g_autofree char *id = fl_id_new ();

      json_object_set_string_member (object, "id", id);
    }

  /* When it happened defaults to now: a note is written as it is taken. */
  if ((call->type == FL_TYPE_INTERACTION || call->type == FL_TYPE_OFFER_OUTCOME)
      && !json_object_has_member (object, "at"))
    {
      g_autofree char *now = fl_timestamp_format (fl_timestamp_now ());

      json_object_set_string_member (object, "at", now);
    }

  if (!resolve_references (call, object, &error))
    goto refused;
  entity = fl_json_decode (call->type, copy, FL_JSON_DECODE_DEFAULT, &error);
  if (entity == NULL)
    goto refused;

  existing = fl_store_get (call->context->store, call->type, fl_entity_get_id (entity), NULL);
  if (existing != NULL)
    {
      JsonNode *problem = set_error ("alreadyExists", "A record with this id already exists", NULL);

      json_object_set_string_member (json_node_get_object (problem), "existingId",
                                     fl_entity_get_id (entity));
      json_object_set_member (call->not_created, creation_id, problem);
      return;
    }

  apply_server_fields (call, entity, TRUE);
  if (!write_record (call, FL_ACCESS_CREATE, NULL, entity, fl_entity_get_id (entity), NULL, &error))
    goto refused;

  g_hash_table_insert (call->context->created_ids, g_strdup (creation_id),
                       g_strdup (fl_entity_get_id (entity)));
  json_object_set_member (call->created, creation_id, fl_json_encode (entity));
  return;

refused:
  json_object_set_member (call->not_created, creation_id, set_error_from (error));
}

static void
update_one (SetCall     *call,
            const char  *id_or_reference,
            JsonNode    *patch)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlEntity) existing = NULL;
  g_autoptr(FlEntity) patched = NULL;
  g_autoptr(JsonNode) copy = NULL;
  const char *id = fl_jmap_resolve_id (call->context, id_or_reference);

  if (id == NULL || !fl_is_valid_id (id)
      || (existing = fl_store_get (call->context->store, call->type, id, &error)) == NULL)
    {
      if (error != NULL && !g_error_matches (error, FL_STORE_ERROR, FL_STORE_ERROR_NOT_FOUND))
        json_object_set_member (call->not_updated, id_or_reference, set_error_from (error));
      else
        json_object_set_member (call->not_updated, id_or_reference,
                                set_error ("notFound", "There is no such record", NULL));
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (patch))
    {
      json_object_set_member (call->not_updated, id_or_reference,
                              set_error ("invalidPatch", "A patch must be an object", NULL));
      return;
    }

  copy = json_node_copy (patch);
  if (!resolve_references (call, json_node_get_object (copy), &error))
    goto refused;
  patched = fl_json_patch (existing, copy, FL_JSON_DECODE_DEFAULT, &error);
  if (patched == NULL || !check_authorship_kept (existing, patched, &error))
    goto refused;
  if (!write_record (call, FL_ACCESS_UPDATE, existing, patched, id, copy, &error))
    goto refused;

  json_object_set_null_member (call->updated, id);
  return;

refused:
  json_object_set_member (call->not_updated, id_or_reference, set_error_from (error));
}

static void
destroy_one (SetCall     *call,
             const char  *id_or_reference)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlEntity) existing = NULL;
  const char *id = fl_jmap_resolve_id (call->context, id_or_reference);

  if (id == NULL || !fl_is_valid_id (id)
      || (existing = fl_store_get (call->context->store, call->type, id, NULL)) == NULL)
    {
      json_object_set_member (call->not_destroyed, id_or_reference,
                              set_error ("notFound", "There is no such record", NULL));
      return;
    }

  if (!write_record (call, FL_ACCESS_DESTROY, existing, NULL, id, NULL, &error))
    {
      if (g_error_matches (error, FL_STORE_ERROR, FL_STORE_ERROR_CONSTRAINT))
        json_object_set_member (call->not_destroyed, id_or_reference,
                                set_error ("stillReferenced", error->message, NULL));
      else
        json_object_set_member (call->not_destroyed, id_or_reference, set_error_from (error));
      return;
    }
  json_array_add_string_element (call->destroyed, id);
}

static guint
count_members (JsonObject *args,
               const char *name)
{
  JsonNode *node = json_object_get_member (args, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return 0;
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_get_size (json_node_get_object (node));
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_array_get_length (json_node_get_array (node));
  return 0;
}

static gboolean
check_shape (JsonObject  *args,
             GError     **error)
{
  static const struct
  {
    const char *name;
    gboolean    array;
  } members[] = {
    { "create", FALSE },
    { "update", FALSE },
    { "destroy", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      JsonNode *node = json_object_get_member (args, members[i].name);

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (members[i].array ? !JSON_NODE_HOLDS_ARRAY (node) : !JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_INVALID_ARGUMENTS,
                       "“%s” must be %s", members[i].name,
                       members[i].array ? "an array of ids" : "an object");
          return FALSE;
        }
    }

  if (count_members (args, "create") + count_members (args, "update")
      + count_members (args, "destroy") > FL_JMAP_MAX_OBJECTS_IN_SET)
    {
      g_set_error (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_REQUEST_TOO_LARGE,
                   "At most %d records per %s (maxObjectsInSet)", FL_JMAP_MAX_OBJECTS_IN_SET, "set");
      return FALSE;
    }
  return TRUE;
}

/* The mutation's identity, if the caller gave one. */
static gboolean
read_mutation (JsonObject   *args,
               const char  **client_id,
               gint64       *mutation_id,
               GError      **error)
{
  JsonNode *client = json_object_get_member (args, "clientId");
  JsonNode *mutation = json_object_get_member (args, "mutationId");

  *client_id = NULL;
  *mutation_id = -1;
  if ((client == NULL || JSON_NODE_HOLDS_NULL (client)) && (mutation == NULL || JSON_NODE_HOLDS_NULL (mutation)))
    return TRUE;

  if (client == NULL || !JSON_NODE_HOLDS_VALUE (client) || json_node_get_value_type (client) != G_TYPE_STRING
      || !fl_is_valid_id (json_node_get_string (client))
      || mutation == NULL || !JSON_NODE_HOLDS_VALUE (mutation)
      || json_node_get_value_type (mutation) != G_TYPE_INT64 || json_node_get_int (mutation) < 0)
    {
      g_set_error_literal (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_INVALID_ARGUMENTS,
                           "“clientId” (the desktop's UUID) and “mutationId” (a non-negative "
                           "integer) go together");
      return FALSE;
    }
  *client_id = json_node_get_string (client);
  *mutation_id = json_node_get_int (mutation);
  return TRUE;
}

/* The response a replayed mutation got the first time; it also tells later
 * calls in this request what its creation ids stood for. */
static JsonObject *
replay (FlJmapContext  *context,
        const char     *stored,
        GError        **error)
{
  g_autoptr(JsonNode) node = json_from_string (stored, NULL);
  JsonObject *response;
  JsonObject *created;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_SERVER_FAIL,
                           "The stored response of this mutation is damaged");
      return NULL;
    }
  response = json_node_get_object (node);
  created = json_object_get_object_member (response, "created");
  if (created != NULL)
    {
      JsonObjectIter iter;
      const char *creation_id;
      JsonNode *record;

      json_object_iter_init (&iter, created);
      while (json_object_iter_next (&iter, &creation_id, &record))
        if (JSON_NODE_HOLDS_OBJECT (record))
          g_hash_table_insert (context->created_ids, g_strdup (creation_id),
                               g_strdup (json_object_get_string_member_with_default (
                                 json_node_get_object (record), "id", "")));
    }
  return json_object_ref (response);
}

static void
set_member_or_null (JsonObject *result,
                    const char *name,
                    JsonObject *members)
{
  if (json_object_get_size (members) > 0)
    json_object_set_object_member (result, name, json_object_ref (members));
  else
    json_object_set_null_member (result, name);
}

JsonObject *
fl_jmap_set (FlJmapContext  *context,
             GType           type,
             JsonObject     *args,
             GError        **error)
{
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) store_error = NULL;
  g_autofree char *old_state = NULL;
  g_autofree char *new_state = NULL;
  g_autofree char *stored = NULL;
  const char *client_id;
  const char *if_in_state = NULL;
  gint64 mutation_id;
  JsonNode *node;
  SetCall call = { context, type };

  if (!fl_jmap_check_account (args, error)
      || !read_mutation (args, &client_id, &mutation_id, error)
      || !check_shape (args, error))
    return NULL;
  g_return_val_if_fail (context->writable, NULL);

  if (client_id != NULL)
    {
      stored = fl_store_find_mutation (context->store, client_id, mutation_id, &store_error);
      if (store_error != NULL)
        {
          fl_jmap_propagate_store_error (error, g_steal_pointer (&store_error));
          return NULL;
        }
      if (stored != NULL)
        return replay (context, stored, error);
    }

  old_state = fl_jmap_type_state (context, type, error);
  if (old_state == NULL)
    return NULL;

  node = json_object_get_member (args, "ifInState");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error_literal (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_INVALID_ARGUMENTS,
                               "“ifInState” must be a string");
          return NULL;
        }
      if_in_state = json_node_get_string (node);
      if (!g_str_equal (if_in_state, old_state))
        {
          g_set_error (error, FL_JMAP_METHOD_ERROR, FL_JMAP_METHOD_ERROR_STATE_MISMATCH,
                       "%s records have changed since state %s (now %s): fetch the changes first",
                       fl_entity_class_get_type_name (g_type_class_peek (type)), if_in_state, old_state);
          return NULL;
        }
    }

  /* The whole call in one savepoint, so that failing to record the mutation
   * takes its writes back with it: a replay must never write twice. */
  if (!fl_store_savepoint (context->store, &store_error))
    {
      fl_jmap_propagate_store_error (error, g_steal_pointer (&store_error));
      return NULL;
    }

  call.created = json_object_new ();
  call.not_created = json_object_new ();
  call.updated = json_object_new ();
  call.not_updated = json_object_new ();
  call.destroyed = json_array_new ();
  call.not_destroyed = json_object_new ();

  node = json_object_get_member (args, "create");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *creation_id;
      JsonNode *value;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &creation_id, &value))
        create_one (&call, creation_id, value);
    }

  node = json_object_get_member (args, "update");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *id;
      JsonNode *patch;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &id, &patch))
        update_one (&call, id, patch);
    }

  node = json_object_get_member (args, "destroy");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *ids = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (ids); i++)
        {
          JsonNode *item = json_array_get_element (ids, i);

          if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
            destroy_one (&call, json_node_get_string (item));
        }
    }

  new_state = fl_jmap_type_state (context, type, error);
  if (new_state == NULL)
    goto out;

  result = json_object_new ();
  json_object_set_string_member (result, "accountId", FL_JMAP_ACCOUNT_ID);
  json_object_set_string_member (result, "oldState", old_state);
  json_object_set_string_member (result, "newState", new_state);
  set_member_or_null (result, "created", call.created);
  set_member_or_null (result, "updated", call.updated);
  if (json_array_get_length (call.destroyed) > 0)
    json_object_set_array_member (result, "destroyed", json_array_ref (call.destroyed));
  else
    json_object_set_null_member (result, "destroyed");
  set_member_or_null (result, "notCreated", call.not_created);
  set_member_or_null (result, "notUpdated", call.not_updated);
  set_member_or_null (result, "notDestroyed", call.not_destroyed);

  if (client_id != NULL)
    {
      g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), result);
      g_autofree char *text = json_to_string (root, FALSE);

      /* In the same transaction as the writes: both land, or neither. */
      if (!fl_store_record_mutation (context->store, client_id, mutation_id,
                                     fl_entity_class_get_type_name (g_type_class_peek (type)),
                                     text, &store_error))
        {
          fl_jmap_propagate_store_error (error, g_steal_pointer (&store_error));
          g_clear_pointer (&result, json_object_unref);
        }
    }

out:
  if (result != NULL)
    {
      if (!fl_store_release_savepoint (context->store, &store_error))
        {
          fl_store_rollback_to_savepoint (context->store);
          fl_jmap_propagate_store_error (error, g_steal_pointer (&store_error));
          g_clear_pointer (&result, json_object_unref);
        }
    }
  else
    fl_store_rollback_to_savepoint (context->store);

  json_object_unref (call.created);
  json_object_unref (call.not_created);
  json_object_unref (call.updated);
  json_object_unref (call.not_updated);
  json_array_unref (call.destroyed);
  json_object_unref (call.not_destroyed);
  return g_steal_pointer (&result);
}

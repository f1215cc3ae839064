/* fl-conflict-details.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store keeps a conflict as two JSON texts; an agent needs "Status: you
 * set Pending, the server has Escalated". The field table of each type says
 * how to read a value (an enum's words, a date, an agent's name for an id), so
 * this works for every type without a case for each field.
 */
#define G_LOG_DOMAIN "Frontline-App"

#include "config.h"

#include <glib/gi18n.h>

#include "fl-conflict-details.h"
#include "fl-json-codec.h"
#include "fl-labels.h"
#include "fl-store-sync.h"

/* Longer values are cut: the page shows which version is which, not a
 * description in full. */
#define MAX_VALUE_CHARS 160
/* A record's name in a heading and a button's name. */
#define MAX_NAME_CHARS 60

static void
field_free (gpointer data)
{
  FlConflictField *field = data;

  g_free (field->label);
  g_free (field->mine);
  g_free (field->theirs);
  g_free (field);
}

void
fl_conflict_details_free (FlConflictDetails *details)
{
  if (details == NULL)
    return;
  g_free (details->name);
  g_free (details->title);
  g_free (details->why);
  g_free (details->when);
  g_clear_pointer (&details->fields, g_ptr_array_unref);
  g_free (details);
}

/* --- words for a record and its fields --------------------------------------- */

static const char *
type_label (GType type)
{
  if (type == FL_TYPE_CASE)
    return _("Case");
  if (type == FL_TYPE_CUSTOMER)
    return _("Customer");
  if (type == FL_TYPE_INTERACTION)
    return _("Conversation entry");
  if (type == FL_TYPE_FLAW)
    return _("Known flaw");
  if (type == FL_TYPE_OFFER)
    return _("Offer");
  if (type == FL_TYPE_PRODUCT)
    return _("Product");
  if (type == FL_TYPE_AGENT)
    return _("Agent");
  return _("Record");
}

static const char *
field_label (const char *json_name)
{
  static const struct
  {
    const char *json_name;
    const char *label;
  } labels[] = {
    { "subject", N_("Subject") },
    { "description", N_("Description") },
    { "status", N_("Status") },
    { "priority", N_("Priority") },
    { "tier", N_("Tier") },
    { "assigneeId", N_("Assignee") },
    { "creatorId", N_("Created by") },
    { "customerId", N_("Customer") },
    { "productId", N_("Product") },
    { "productVersion", N_("Product version") },
    { "slaDueAt", N_("Due") },
    { "flawIds", N_("Known flaws") },
    { "complaint", N_("Complaint") },
    { "resolvedAt", N_("Resolved") },
    { "name", N_("Name") },
    { "organisation", N_("Organisation") },
    { "emails", N_("E-mail addresses") },
    { "phones", N_("Phone numbers") },
    { "plan", N_("Plan") },
    { "notes", N_("Notes") },
    { "body", N_("Text") },
    { "kind", N_("Kind") },
    { "title", N_("Title") },
    { "workaround", N_("Workaround") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].json_name, json_name))
      return _(labels[i].label);
  return json_name;
}

/* Takes @text; returns it, or its first @max_chars characters and "…". */
static char *
cut (char  *text,
     guint  max_chars)
{
  if (g_utf8_strlen (text, -1) > max_chars)
    {
      char *shorter = g_utf8_substring (text, 0, max_chars - 1);
      char *cut_text = g_strconcat (shorter, "…", NULL);

      g_free (shorter);
      g_free (text);
      return cut_text;
    }
  return text;
}

/* What a record is called: a case by its subject, a customer by their name. */
static char *
record_name (JsonObject *record)
{
  static const char * const members[] = { "subject", "name", "title", "displayName", "body" };
  char *name = NULL;

  if (record == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (members) && name == NULL; i++)
    if (json_object_has_member (record, members[i]) && !json_object_get_null_member (record, members[i]))
      name = g_strdup (json_object_get_string_member_with_default (record, members[i], NULL));
  if (name == NULL)
    return NULL;
  g_strdelimit (name, "\n\r\t", ' ');
  return cut (name, MAX_NAME_CHARS);
}

/* The name of the record an id field points at, or NULL if the copy lacks it. */
static char *
referenced_name (FlStore    *store,
                 const char *json_name,
                 const char *id)
{
  GType type = G_TYPE_INVALID;
  g_autoptr(FlEntity) entity = NULL;

  if (g_str_equal (json_name, "assigneeId") || g_str_equal (json_name, "creatorId")
      || g_str_equal (json_name, "authorId"))
    type = FL_TYPE_AGENT;
  else if (g_str_equal (json_name, "customerId"))
    type = FL_TYPE_CUSTOMER;
  else if (g_str_equal (json_name, "productId"))
    type = FL_TYPE_PRODUCT;
  else if (g_str_equal (json_name, "caseId"))
    type = FL_TYPE_CASE;
  if (type == G_TYPE_INVALID || (entity = fl_store_get (store, type, id, NULL)) == NULL)
    return NULL;
  if (type == FL_TYPE_AGENT)
    return g_strdup (fl_agent_get_display_name (FL_AGENT (entity)));
  {
    g_autoptr(JsonNode) node = fl_json_encode (entity);

    return record_name (json_node_get_object (node));
  }
}

static const char *
enum_label (GType  enum_type,
            int    value,
            const char *nick)
{
  if (enum_type == FL_TYPE_CASE_STATUS)
    return fl_label_case_status (value);
  if (enum_type == FL_TYPE_CASE_PRIORITY)
    return fl_label_case_priority (value);
  if (enum_type == FL_TYPE_CASE_TIER)
    return fl_label_case_tier (value);
  if (enum_type == FL_TYPE_INTERACTION_KIND)
    return fl_label_interaction_kind (value);
  if (enum_type == FL_TYPE_FLAW_STATUS)
    return fl_label_flaw_status (value);
  return nick;
}

static char *
value_words (FlStore           *store,
             const FlFieldInfo *info,
             const char        *json_name,
             JsonNode          *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup (_("None"));

  switch (info != NULL ? info->kind : FL_FIELD_TEXT)
    {
    case FL_FIELD_BOOL:
      return g_strdup (json_node_get_boolean (value) ? _("Yes") : _("No"));

    case FL_FIELD_ENUM:
      {
        const char *nick = json_node_get_string (value);
        int number;

        if (nick != NULL && fl_enum_from_nick (info->enum_type (), nick, &number))
          return g_strdup (enum_label (info->enum_type (), number, nick));
        return g_strdup (nick != NULL ? nick : "");
      }

    case FL_FIELD_TIMESTAMP:
      {
        gint64 timestamp = 0;

        if (json_node_get_string (value) != NULL && fl_timestamp_parse (json_node_get_string (value), &timestamp))
          return fl_label_time (timestamp);
        break;
      }

    case FL_FIELD_ID:
      {
        char *name = json_node_get_string (value) != NULL
                     ? referenced_name (store, json_name, json_node_get_string (value)) : NULL;

        if (name != NULL)
          return name;
        break;
      }

    case FL_FIELD_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));

    case FL_FIELD_TEXT:
    case FL_FIELD_TEXT_LIST:
    case FL_FIELD_ID_LIST:
    default:
      break;
    }

  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    return cut (g_strdup (json_node_get_string (value)), MAX_VALUE_CHARS);
  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) items = NULL;

      if (json_array_get_length (array) == 0)
        return g_strdup (_("None"));
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *name = NULL;
          const char *item = json_array_get_string_element (array, i);

          if (item == NULL)
            continue;
          if (g_str_equal (json_name, "flawIds"))
            {
              g_autoptr(FlEntity) flaw = fl_store_get (store, FL_TYPE_FLAW, item, NULL);

              if (flaw != NULL)
                name = g_strdup (fl_flaw_get_title (FL_FLAW (flaw)));
            }
          g_strv_builder_add (builder, name != NULL ? name : item);
        }
      items = g_strv_builder_end (builder);
      return cut (g_strjoinv (", ", items), MAX_VALUE_CHARS);
    }
  return cut (json_to_string (value, FALSE), MAX_VALUE_CHARS);
}

/* --- one conflict ---------------------------------------------------------------- */

static gboolean
is_bookkeeping (const char *json_name)
{
  return g_str_equal (json_name, "id") || g_str_equal (json_name, "modseq")
         || g_str_equal (json_name, "createdAt") || g_str_equal (json_name, "updatedAt");
}

static const char *
why (const FlConflict *conflict,
     gboolean          on_server)
{
  if (g_strcmp0 (conflict->reason, "forbidden") == 0)
    return _("The server did not allow your change: your role cannot make it. Take the server’s version, and ask a lead if the change is needed.");
  if (!on_server)
    return _("It is not on the server: someone deleted it after you changed it.");
  if (g_strcmp0 (conflict->op, "destroy") == 0)
    return _("You deleted it, but someone changed it on the server first.");
  return _("Someone changed it on the server before your change arrived.");
}

static JsonObject *
object_of (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static FlConflictDetails *
describe (FlStore          *store,
          const FlConflict *conflict)
{
  FlConflictDetails *details = g_new0 (FlConflictDetails, 1);
  GType type = fl_model_type_from_name (conflict->type_name);
  g_autoptr(JsonNode) mine_node = conflict->local != NULL ? json_from_string (conflict->local, NULL) : NULL;
  g_autoptr(JsonNode) server_node = conflict->server != NULL ? json_from_string (conflict->server, NULL) : NULL;
  g_autoptr(JsonNode) now_node = NULL;
  g_autoptr(FlEntity) now = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *name = NULL;
  g_autofree char *mine_at = NULL;
  g_autofree char *theirs_at = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *mine, *theirs;
  FlEntityClass *klass = NULL;
  guint n_fields;

  details->seq = conflict->seq;
  details->fields = g_ptr_array_new_with_free_func (field_free);

  /* What the server has now: the local copy follows it; the conflict's own
   * copy is what it had when it refused us. */
  if (type != G_TYPE_INVALID)
    {
      klass = g_type_class_ref (type);
      now = fl_store_get (store, type, conflict->record_id, NULL);
    }
  if (now != NULL)
    now_node = fl_json_encode (now);
  mine = object_of (mine_node);
  theirs = now_node != NULL ? object_of (now_node) : object_of (server_node);

  name = record_name (theirs);
  if (name == NULL)
    name = record_name (mine);
  details->name = name != NULL ? g_strdup (name) : g_strdup (conflict->record_id);

  members = mine != NULL ? json_object_get_members (mine) : NULL;
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;
      int index = klass != NULL ? fl_entity_class_find_field (klass, member) : -1;
      const FlFieldInfo *info = index >= 0 ? &fl_entity_class_get_fields (klass, &n_fields)[index] : NULL;
      JsonNode *their_value = theirs != NULL ? json_object_get_member (theirs, member) : NULL;
      JsonNode *my_value = json_object_get_member (mine, member);
      FlConflictField *field;

      if (is_bookkeeping (member) || (their_value != NULL && json_node_equal (my_value, their_value)))
        continue;
      field = g_new0 (FlConflictField, 1);
      field->label = g_strdup (field_label (member));
      field->mine = value_words (store, info, member, my_value);
      field->theirs = theirs != NULL ? value_words (store, info, member, their_value)
                                     : g_strdup (_("Not on the server"));
      g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "", field->label);
      g_ptr_array_add (details->fields, field);
    }

  if (g_strcmp0 (conflict->op, "destroy") == 0)
    /* Translators: a conflict's heading: a record's kind and its name, e.g. Case “Printer jams” */
    details->title = g_strdup_printf (_("%s “%s” — deleted"), type_label (type), details->name);
  else if (names->len > 0)
    /* Translators: a conflict's heading: a record's kind, its name and the fields that differ */
    details->title = g_strdup_printf (_("%s “%s” — %s"), type_label (type), details->name, names->str);
  else
    details->title = g_strdup_printf (_("%s “%s”"), type_label (type), details->name);
  details->why = g_strdup (why (conflict, theirs != NULL));
  /* A refusal on permission is not a race: mine sent again is refused again. */
  details->can_keep_mine = g_strcmp0 (conflict->reason, "forbidden") != 0;

  mine_at = fl_label_time (conflict->at);
  if (now != NULL)
    theirs_at = fl_label_time (fl_entity_get_updated_at (now));
  if (theirs_at != NULL && *theirs_at != '\0')
    /* Translators: when the server's version was made, and when the server refused the agent's change */
    details->when = g_strdup_printf (_("Server’s version from %s · yours refused %s"), theirs_at, mine_at);
  else
    /* Translators: when the server refused the agent's change */
    details->when = g_strdup_printf (_("Your change refused %s"), mine_at);

  if (klass != NULL)
    g_type_class_unref (klass);
  return details;
}

GPtrArray *
fl_conflict_details_read (FlStore  *store,
                          GError  **error)
{
  g_autoptr(GPtrArray) conflicts = fl_store_conflict_list (store, error);
  GPtrArray *details;

  if (conflicts == NULL)
    return NULL;
  details = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_conflict_details_free);
  for (guint i = 0; i < conflicts->len; i++)
    g_ptr_array_add (details, describe (store, g_ptr_array_index (conflicts, i)));
  return details;
}

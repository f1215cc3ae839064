/* test-roles.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Who may do what, against the real server. One table gives every type ×
 * method × role its expected outcome, written from the policy documented in
 * src/server/fl-access-policy.h (not from its code), and every cell is run with
 * that role's own sign-in on records the lead made for it. Then the finer rules
 * for cases, the names customers see, and the audit log.
 *
 * One server for the whole program: sign-in costs an argon2 verification, and
 * the cells only ever touch records made for them.
 */
#include "config.h"

#include <string.h>

#include "server-fixture.h"

typedef enum
{
  ROLE_LEAD,
  ROLE_TIER2,
  ROLE_AGENT,
  ROLE_ROTATION,
  ROLE_TRAINEE,
  N_ROLES
} Role;

/* The demo sign-ins, one per role. */
static const char * const role_logins[N_ROLES] = { "lead", "tier2", "agent", "rotation", "trainee" };

#define NOBODY (-1)

typedef enum
{
  OP_GET,
  OP_QUERY,
  OP_CHANGES,
  OP_CREATE,
  OP_UPDATE,
  OP_DESTROY,
  N_OPS
} Op;

static const char * const op_names[N_OPS] = {
  "get", "query", "changes", "set create", "set update", "set destroy",
};

/* 'A' allowed, 'F' forbidden: one letter per role, in the order of Role
 * (lead, tier2, agent, rotation, trainee). */
typedef struct
{
  const char *type;
  const char *field;          /* what an update changes */
  const char *expected[N_OPS];
} MatrixRow;

#define READ_ALL "AAAAA", "AAAAA", "AAAAA"

static const MatrixRow matrix[] = {
  /*                                         get/query/changes  create   update   destroy */
  { "Customer",     "notes",                { READ_ALL,         "AAAAA", "AAAFF", "AFFFF" } },
  { "Product",      "name",                 { READ_ALL,         "AFFFF", "AFFFF", "AFFFF" } },
  { "Ownership",    "serial",               { READ_ALL,         "AAAAA", "AAAFF", "AFFFF" } },
  /* Updates on a case the role holds; the finer case rules are below. */
  { "Case",         "subject",              { READ_ALL,         "AAAAA", "AAAAA", "AFFFF" } },
  { "Interaction",  "body",                 { READ_ALL,         "AAAAA", "AFFFF", "AFFFF" } },
  { "Flaw",         "title",                { READ_ALL,         "AAFFF", "AAFFF", "AFFFF" } },
  { "Offer",        "title",                { READ_ALL,         "AFFFF", "AFFFF", "AFFFF" } },
  { "OfferOutcome", "result",               { READ_ALL,         "AAAFF", "AFFFF", "AFFFF" } },
  { "Agent",        "team",                 { READ_ALL,         "AFFFF", "AFFFF", "AFFFF" } },
};

static struct
{
  FlTestServer *server;
  char         *tokens[N_ROLES];
  char         *agent_ids[N_ROLES];
  char         *customer_id;   /* the demo's showcase customer */
  char         *product_id;
  char         *offer_id;
  char         *case_id;       /* an unassigned case of the lead's, for notes and outcomes */
  guint         serial;        /* makes fixture names unique */
} suite;

/* --- Calls -------------------------------------------------------------- */

static JsonNode *
call_va (Role        role,
         const char *method,
         const char *format,
         va_list     args) G_GNUC_PRINTF (3, 0);

static JsonNode *
call_va (Role        role,
         const char *method,
         const char *format,
         va_list     args)
{
  g_autofree char *json = g_strdup_vprintf (format, args);

  return fl_test_server_call (suite.server, suite.tokens[role], method, json);
}

/* The response [name, arguments, callId] of one call made as @role. */
static JsonNode *
call (Role        role,
      const char *method,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

static JsonNode *
call (Role        role,
      const char *method,
      const char *format,
      ...)
{
  va_list args;
  JsonNode *response;

  va_start (args, format);
  response = call_va (role, method, format, args);
  va_end (args);
  return response;
}

/* The arguments of a call that must succeed. */
static JsonObject *
call_ok (Role        role,
         const char *method,
         const char *format,
         ...) G_GNUC_PRINTF (3, 4);

static JsonObject *
call_ok (Role        role,
         const char *method,
         const char *format,
         ...)
{
  g_autoptr(JsonNode) response = NULL;
  JsonArray *triple;
  va_list args;

  va_start (args, format);
  response = call_va (role, method, format, args);
  va_end (args);

  triple = json_node_get_array (response);
  if (g_strcmp0 (json_array_get_string_element (triple, 0), method) != 0)
    {
      g_autofree char *text = json_to_string (response, FALSE);

      g_error ("%s as %s failed: %s", method, role_logins[role], text);
    }
  return json_object_ref (json_array_get_object_element (triple, 1));
}

static char *
method_name (const char *type,
             const char *verb)
{
  return g_strconcat (type, "/", verb, NULL);
}

/* The record as the lead reads it now, or NULL if there is none. */
static JsonNode *
read_record (const char *type,
             const char *id)
{
  g_autofree char *method = method_name (type, "get");
  g_autoptr(JsonObject) result = call_ok (ROLE_LEAD, method, "{\"ids\": [\"%s\"]}", id);
  JsonArray *list = json_object_get_array_member (result, "list");

  if (json_array_get_length (list) == 0)
    {
      JsonArray *not_found = json_object_get_array_member (result, "notFound");

      g_assert_cmpuint (json_array_get_length (not_found), ==, 1);
      g_assert_cmpstr (json_array_get_string_element (not_found, 0), ==, id);
      return NULL;
    }
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "id"), ==, id);
  return json_node_copy (json_array_get_element (list, 0));
}

static const char *
member_string (JsonNode   *record,
               const char *name)
{
  return json_object_get_string_member_with_default (json_node_get_object (record), name, NULL);
}

/* The type of the SetError @id got in @member ("notCreated"…), or NULL. */
static const char *
set_error_type (JsonObject *result,
                const char *member,
                const char *id)
{
  JsonNode *node = json_object_get_member (result, member);
  JsonObject *problem;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node)
      || !json_object_has_member (json_node_get_object (node), id))
    return NULL;
  problem = json_object_get_object_member (json_node_get_object (node), id);
  /* A refusal says why, in words. */
  g_assert_nonnull (json_object_get_string_member_with_default (problem, "description", NULL));
  return json_object_get_string_member_with_default (problem, "type", NULL);
}

static gboolean
array_has_string (JsonArray  *array,
                  const char *value)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

/* Replaces {lead}, {tier2}, {agent}, {rotation} and {trainee} with the ids of
 * those agents. */
static char *
expand (const char *text)
{
  GString *out = g_string_new (text);

  for (guint i = 0; i < N_ROLES; i++)
    {
      g_autofree char *placeholder = g_strdup_printf ("{%s}", role_logins[i]);

      g_string_replace (out, placeholder, suite.agent_ids[i], 0);
    }
  return g_string_free (out, FALSE);
}

/* --- Records ------------------------------------------------------------ */

/* A valid new @type record with the id @id; a case is held by @holder (a Role,
 * or NOBODY). */
static char *
record_json (const char *type,
             const char *id,
             int         holder)
{
  guint n = ++suite.serial;

  if (g_str_equal (type, "Customer"))
    return g_strdup_printf ("{\"id\": \"%s\", \"name\": \"Role Fixture %u\"}", id, n);
  if (g_str_equal (type, "Product"))
    return g_strdup_printf ("{\"id\": \"%s\", \"sku\": \"ROLE-%u\", \"name\": \"Role fixture %u\","
                            " \"line\": \"Fixtures\"}", id, n, n);
  if (g_str_equal (type, "Ownership"))
    return g_strdup_printf ("{\"id\": \"%s\", \"customerId\": \"%s\", \"productId\": \"%s\","
                            " \"serial\": \"SN-%u\"}", id, suite.customer_id, suite.product_id, n);
  if (g_str_equal (type, "Case"))
    {
      g_autofree char *assignee = holder == NOBODY ? g_strdup ("null")
                                  : g_strdup_printf ("\"%s\"", suite.agent_ids[holder]);

      return g_strdup_printf ("{\"id\": \"%s\", \"customerId\": \"%s\", \"subject\": \"Role fixture case %u\","
                              " \"assigneeId\": %s}", id, suite.customer_id, n, assignee);
    }
  if (g_str_equal (type, "Interaction"))
    return g_strdup_printf ("{\"id\": \"%s\", \"caseId\": \"%s\", \"kind\": \"note\","
                            " \"body\": \"Fixture note %u\"}", id, suite.case_id, n);
  if (g_str_equal (type, "Flaw"))
    return g_strdup_printf ("{\"id\": \"%s\", \"productId\": \"%s\", \"title\": \"Role fixture flaw %u\"}",
                            id, suite.product_id, n);
  if (g_str_equal (type, "Offer"))
    return g_strdup_printf ("{\"id\": \"%s\", \"productId\": \"%s\", \"title\": \"Role fixture offer %u\"}",
                            id, suite.product_id, n);
  if (g_str_equal (type, "OfferOutcome"))
    return g_strdup_printf ("{\"id\": \"%s\", \"caseId\": \"%s\", \"offerId\": \"%s\", \"result\": \"offered\"}",
                            id, suite.case_id, suite.offer_id);
  if (g_str_equal (type, "Agent"))
    return g_strdup_printf ("{\"id\": \"%s\", \"login\": \"role-fixture-%u\", \"displayName\": \"Role Fixture %u\","
                            " \"alias\": \"Fix\", \"role\": \"agent\"}", id, n, n);
  g_assert_not_reached ();
}

/* The value an update writes into the row's field. */
static char *
new_value (const MatrixRow *row)
{
  if (g_str_equal (row->type, "OfferOutcome"))
    return g_strdup ("accepted");
  return g_strdup_printf ("Changed %u", ++suite.serial);
}

/* Makes records with the lead's sign-in: @n_ids new ids, filled in. */
static void
create_as_lead (const char  *type,
                char       **ids,
                const int   *holders,
                guint        n_ids)
{
  g_autofree char *method = method_name (type, "set");
  g_autoptr(GString) create = g_string_new ("{\"create\": {");
  g_autoptr(JsonObject) result = NULL;
  JsonObject *created;

  for (guint i = 0; i < n_ids; i++)
    {
      g_autofree char *record = NULL;

      ids[i] = g_uuid_string_random ();
      record = record_json (type, ids[i], holders != NULL ? holders[i] : NOBODY);
      g_string_append_printf (create, "%s\"r%u\": %s", i > 0 ? ", " : "", i, record);
    }
  g_string_append (create, "}}");

  result = call_ok (ROLE_LEAD, method, "%s", create->str);
  created = json_object_get_object_member (result, "created");
  g_assert_nonnull (created);
  g_assert_cmpuint (json_object_get_size (created), ==, n_ids);
}

/* --- The matrix --------------------------------------------------------- */

/* 'A' if @triple is the answer of @method, 'F' if it is the error "forbidden",
 * '?' (logged) for anything else. */
static char
method_outcome (JsonNode   *triple,
                const char *method)
{
  JsonArray *array = json_node_get_array (triple);
  const char *name = json_array_get_string_element (array, 0);
  g_autofree char *text = NULL;

  if (g_strcmp0 (name, method) == 0)
    return 'A';
  if (g_strcmp0 (name, "error") == 0
      && g_strcmp0 (json_object_get_string_member (json_array_get_object_element (array, 1), "type"),
                    "forbidden") == 0)
    return 'F';
  text = json_to_string (triple, FALSE);
  g_test_message ("%s: unexpected answer %s", method, text);
  return '?';
}

static char
run_read (const MatrixRow *row,
          Op               op,
          Role             role,
          const char      *fixture_id,
          const char      *since_state)
{
  g_autofree char *method = method_name (row->type, op == OP_GET ? "get" : op == OP_QUERY ? "query" : "changes");
  g_autoptr(JsonNode) response = NULL;
  JsonObject *result;
  char outcome;

  switch (op)
    {
    case OP_GET:
      response = call (role, method, "{\"ids\": [\"%s\"]}", fixture_id);
      break;
    case OP_QUERY:
      response = call (role, method, "{\"limit\": 5, \"calculateTotal\": true}");
      break;
    case OP_CHANGES:
      response = call (role, method, "{\"sinceState\": \"%s\", \"maxChanges\": 1000}", since_state);
      break;
    default:
      g_assert_not_reached ();
    }

  outcome = method_outcome (response, method);
  if (outcome != 'A')
    return outcome;

  result = json_array_get_object_element (json_node_get_array (response), 1);
  switch (op)
    {
    case OP_GET:
      {
        JsonArray *list = json_object_get_array_member (result, "list");

        g_assert_cmpuint (json_array_get_length (list), ==, 1);
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "id"), ==,
                         fixture_id);
      }
      break;
    case OP_QUERY:
      {
        JsonArray *ids = json_object_get_array_member (result, "ids");

        g_assert_cmpuint (json_array_get_length (ids), >=, 1);
        g_assert_cmpuint (json_array_get_length (ids), <=, 5);
        g_assert_cmpint (json_object_get_int_member (result, "total"), >=, json_array_get_length (ids));
      }
      break;
    case OP_CHANGES:
      /* The records made for this row since that state are all reported. */
      g_assert_true (array_has_string (json_object_get_array_member (result, "created"), fixture_id));
      break;
    default:
      g_assert_not_reached ();
    }
  return 'A';
}

/* One write of the cell's kind, as @role, on a record of its own (for a
 * create, a new id). Whatever the answer, the record is read back: a refused
 * write left it exactly as it was. */
static char
run_write (const MatrixRow *row,
           Op               op,
           Role             role,
           const char      *fixture_id)
{
  g_autofree char *method = method_name (row->type, "set");
  g_autofree char *new_id = NULL;
  g_autofree char *value = NULL;
  g_autofree char *args = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) response = NULL;
  g_autoptr(JsonNode) after = NULL;
  const char *id = fixture_id;
  const char *key = fixture_id;   /* the record's key in the answer */
  const char *refusals;
  const char *problem;
  JsonObject *result;
  char outcome;

  switch (op)
    {
    case OP_CREATE:
      {
        g_autofree char *record = NULL;

        id = new_id = g_uuid_string_random ();
        key = "k";
        record = record_json (row->type, new_id, NOBODY);
        args = g_strdup_printf ("{\"create\": {\"k\": %s}}", record);
        refusals = "notCreated";
      }
      break;
    case OP_UPDATE:
      value = new_value (row);
      args = g_strdup_printf ("{\"update\": {\"%s\": {\"%s\": \"%s\"}}}", id, row->field, value);
      refusals = "notUpdated";
      break;
    case OP_DESTROY:
      args = g_strdup_printf ("{\"destroy\": [\"%s\"]}", id);
      refusals = "notDestroyed";
      break;
    default:
      g_assert_not_reached ();
    }

  before = read_record (row->type, id);
  g_assert_true ((before == NULL) == (op == OP_CREATE));
  response = call (role, method, "%s", args);
  outcome = method_outcome (response, method);
  if (outcome != 'A')
    return outcome;
  result = json_array_get_object_element (json_node_get_array (response), 1);
  after = read_record (row->type, id);

  problem = set_error_type (result, refusals, key);
  if (problem != NULL)
    {
      /* Refused: nothing written, nothing changed. */
      if (before == NULL)
        g_assert_null (after);
      else
        g_assert_true (after != NULL && json_node_equal (before, after));
      if (g_str_equal (problem, "forbidden"))
        return 'F';
      g_test_message ("%s as %s: %s %s", method, role_logins[role], refusals, problem);
      return '?';
    }

  switch (op)
    {
    case OP_CREATE:
      {
        JsonObject *created = json_object_get_object_member (result, "created");

        g_assert_nonnull (created);
        g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (created, "k"), "id"), ==, id);
        g_assert_nonnull (after);
      }
      break;
    case OP_UPDATE:
      g_assert_true (json_object_has_member (json_object_get_object_member (result, "updated"), id));
      g_assert_nonnull (after);
      g_assert_cmpstr (member_string (after, row->field), ==, value);
      break;
    case OP_DESTROY:
      g_assert_true (array_has_string (json_object_get_array_member (result, "destroyed"), id));
      g_assert_null (after);
      break;
    default:
      g_assert_not_reached ();
    }
  return 'A';
}

static void
print_header (void)
{
  g_test_message ("%-26s %-5s %-5s %-5s %-8s %-7s", "", "lead", "tier2", "agent", "rotation", "trainee");
}

static void
print_row (const char *label,
           const char *observed,
           const char *expected)
{
  g_autoptr(GString) line = g_string_new (NULL);
  static const int widths[N_ROLES] = { 5, 5, 5, 8, 7 };

  g_string_append_printf (line, "%-26s", label);
  for (guint i = 0; i < N_ROLES; i++)
    {
      const char *word = observed[i] == 'A' ? "yes" : observed[i] == 'F' ? "no" : "???";

      g_string_append_printf (line, " %-*s", widths[i], word);
    }
  if (g_strcmp0 (observed, expected) != 0)
    g_string_append_printf (line, "  EXPECTED %s", expected);
  g_test_message ("%s", line->str);
}

static void
test_matrix (gconstpointer data)
{
  const MatrixRow *row = data;
  g_autofree char *get = method_name (row->type, "get");
  g_autoptr(JsonObject) state = call_ok (ROLE_LEAD, get, "{\"ids\": []}");
  g_autofree char *since_state = g_strdup (json_object_get_string_member (state, "state"));
  char *update_ids[N_ROLES];
  char *destroy_ids[N_ROLES];
  char observed[N_OPS][N_ROLES + 1] = { { 0 } };
  const int holders[N_ROLES] = { ROLE_LEAD, ROLE_TIER2, ROLE_AGENT, ROLE_ROTATION, ROLE_TRAINEE };

  /* A record of its own for each cell that changes one; a case to update is
   * held by the role that updates it (the rules about other people's cases
   * are in /server/roles/case-rules). */
  create_as_lead (row->type, update_ids, holders, N_ROLES);
  create_as_lead (row->type, destroy_ids, holders, N_ROLES);

  for (guint op = 0; op < N_OPS; op++)
    for (guint role = 0; role < N_ROLES; role++)
      {
        switch (op)
          {
          case OP_GET:
          case OP_QUERY:
          case OP_CHANGES:
            observed[op][role] = run_read (row, op, role, update_ids[role], since_state);
            break;
          case OP_CREATE:
          case OP_UPDATE:
            observed[op][role] = run_write (row, op, role, update_ids[role]);
            break;
          case OP_DESTROY:
            observed[op][role] = run_write (row, op, role, destroy_ids[role]);
            break;
          default:
            g_assert_not_reached ();
          }
      }

  print_header ();
  for (guint op = 0; op < N_OPS; op++)
    {
      g_autofree char *label = g_strdup_printf ("%s/%s", row->type, op_names[op]);

      print_row (label, observed[op], row->expected[op]);
    }
  for (guint op = 0; op < N_OPS; op++)
    {
      g_autofree char *want = g_strdup_printf ("%s/%s: %s", row->type, op_names[op], row->expected[op]);
      g_autofree char *got = g_strdup_printf ("%s/%s: %s", row->type, op_names[op], observed[op]);

      g_assert_cmpstr (got, ==, want);
    }

  for (guint i = 0; i < N_ROLES; i++)
    {
      g_free (update_ids[i]);
      g_free (destroy_ids[i]);
    }
}

/* The audit log is the one thing not everyone may read. */
static void
test_audit_entry_query (void)
{
  const char expected[] = "AFFFF";
  char observed[N_ROLES + 1] = { 0 };

  for (guint role = 0; role < N_ROLES; role++)
    {
      g_autoptr(JsonNode) response = call (role, "AuditEntry/query", "{\"limit\": 10}");

      observed[role] = method_outcome (response, "AuditEntry/query");
      if (observed[role] == 'A')
        {
          JsonObject *result = json_array_get_object_element (json_node_get_array (response), 1);

          /* The fixtures and sign-ins so far are in it. */
          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "list")), >, 0);
        }
    }
  print_header ();
  print_row ("AuditEntry/query", observed, expected);
  g_assert_cmpstr (observed, ==, expected);
}

/* --- Cases: whose they are ---------------------------------------------- */

typedef struct
{
  const char *what;
  Role        role;        /* who tries */
  gboolean    own;         /* the case is one @role opened (else the lead's) */
  int         holder;      /* who holds it before: a Role or NOBODY */
  const char *before;      /* more fields of the case before, or NULL */
  const char *patch;       /* with {login} placeholders for agent ids */
  char        expected;
} CaseRule;

static const CaseRule case_rules[] = {
  { "trainee resolves a case they hold", ROLE_TRAINEE, FALSE, ROLE_TRAINEE, NULL,
    "{\"status\": \"resolved\"}", 'F' },
  { "trainee closes a case they hold", ROLE_TRAINEE, FALSE, ROLE_TRAINEE, NULL,
    "{\"status\": \"closed\"}", 'F' },
  { "rotation resolves a case they hold", ROLE_ROTATION, FALSE, ROLE_ROTATION, NULL,
    "{\"status\": \"resolved\"}", 'F' },
  { "rotation closes a case they hold", ROLE_ROTATION, FALSE, ROLE_ROTATION, NULL,
    "{\"status\": \"closed\"}", 'F' },
  { "trainee resolves a case they opened", ROLE_TRAINEE, TRUE, NOBODY, NULL,
    "{\"status\": \"resolved\"}", 'F' },
  { "trainee hands their case to agent", ROLE_TRAINEE, FALSE, ROLE_TRAINEE, NULL,
    "{\"assigneeId\": \"{agent}\"}", 'F' },
  { "trainee lets go of their case", ROLE_TRAINEE, FALSE, ROLE_TRAINEE, NULL,
    "{\"assigneeId\": null}", 'F' },
  { "trainee takes a case they opened", ROLE_TRAINEE, TRUE, NOBODY, NULL,
    "{\"assigneeId\": \"{trainee}\"}", 'F' },
  { "rotation hands their case to tier2", ROLE_ROTATION, FALSE, ROLE_ROTATION, NULL,
    "{\"assigneeId\": \"{tier2}\"}", 'F' },
  { "trainee sets their case pending", ROLE_TRAINEE, FALSE, ROLE_TRAINEE, NULL,
    "{\"status\": \"pending\", \"priority\": \"high\"}", 'A' },
  { "trainee edits a case they opened", ROLE_TRAINEE, TRUE, NOBODY, NULL,
    "{\"description\": \"Customer called back\"}", 'A' },
  { "trainee edits agent's case", ROLE_TRAINEE, FALSE, ROLE_AGENT, NULL,
    "{\"description\": \"Not mine\"}", 'F' },
  { "rotation edits an unassigned case", ROLE_ROTATION, FALSE, NOBODY, NULL,
    "{\"description\": \"Not mine either\"}", 'F' },
  { "agent edits tier2's case", ROLE_AGENT, FALSE, ROLE_TIER2, NULL,
    "{\"description\": \"Not mine\"}", 'F' },
  { "agent takes tier2's case", ROLE_AGENT, FALSE, ROLE_TIER2, NULL,
    "{\"assigneeId\": \"{agent}\"}", 'F' },
  { "agent takes an unassigned case", ROLE_AGENT, FALSE, NOBODY, NULL,
    "{\"assigneeId\": \"{agent}\"}", 'A' },
  { "agent assigns an unassigned case to tier2", ROLE_AGENT, FALSE, NOBODY, NULL,
    "{\"assigneeId\": \"{tier2}\"}", 'F' },
  { "agent hands their case to tier2", ROLE_AGENT, FALSE, ROLE_AGENT, NULL,
    "{\"assigneeId\": \"{tier2}\"}", 'F' },
  { "agent lets go of their case", ROLE_AGENT, FALSE, ROLE_AGENT, NULL,
    "{\"assigneeId\": null}", 'A' },
  { "agent resolves their case", ROLE_AGENT, FALSE, ROLE_AGENT, NULL,
    "{\"status\": \"resolved\"}", 'A' },
  { "agent edits an escalated case of tier2's", ROLE_AGENT, FALSE, ROLE_TIER2, ", \"status\": \"escalated\"",
    "{\"priority\": \"urgent\"}", 'F' },
  { "tier2 edits an escalated case of agent's", ROLE_TIER2, FALSE, ROLE_AGENT, ", \"status\": \"escalated\"",
    "{\"priority\": \"urgent\", \"tier\": \"tier2\"}", 'A' },
  { "tier2 edits a tier-2 case of agent's", ROLE_TIER2, FALSE, ROLE_AGENT, ", \"tier\": \"tier2\"",
    "{\"status\": \"pending\"}", 'A' },
  { "tier2 takes an escalated case of agent's", ROLE_TIER2, FALSE, ROLE_AGENT, ", \"status\": \"escalated\"",
    "{\"assigneeId\": \"{tier2}\"}", 'A' },
  { "tier2 edits an open tier-1 case of agent's", ROLE_TIER2, FALSE, ROLE_AGENT, ", \"status\": \"open\"",
    "{\"priority\": \"low\"}", 'F' },
  { "tier2 passes an escalation to rotation", ROLE_TIER2, FALSE, ROLE_AGENT, ", \"status\": \"escalated\"",
    "{\"assigneeId\": \"{rotation}\"}", 'F' },
  { "lead reassigns agent's case to tier2", ROLE_LEAD, FALSE, ROLE_AGENT, NULL,
    "{\"assigneeId\": \"{tier2}\"}", 'A' },
  { "lead closes trainee's case", ROLE_LEAD, FALSE, ROLE_TRAINEE, NULL,
    "{\"status\": \"closed\"}", 'A' },
};

/* A case as @role opens it (the server notes who), held by @holder. */
static char *
open_case (Role        role,
           int         holder,
           const char *more)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *assignee = holder == NOBODY ? g_strdup ("null")
                              : g_strdup_printf ("\"%s\"", suite.agent_ids[holder]);
  g_autoptr(JsonObject) result = NULL;
  JsonObject *created;

  result = call_ok (role, "Case/set",
                    "{\"create\": {\"k\": {\"id\": \"%s\", \"customerId\": \"%s\", \"subject\": "
                    "\"Rule fixture %u\", \"assigneeId\": %s%s}}}",
                    id, suite.customer_id, ++suite.serial, assignee, more != NULL ? more : "");
  created = json_object_get_object_member (result, "created");
  g_assert_nonnull (created);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (created, "k"), "creatorId"), ==,
                   suite.agent_ids[role]);
  return g_steal_pointer (&id);
}

/* Whether every member of @patch has its value in @record (absent = null). */
static gboolean
record_has (JsonNode   *record,
            JsonObject *patch)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, patch);
  while (json_object_iter_next (&iter, &name, &value))
    {
      JsonNode *actual = json_object_get_member (json_node_get_object (record), name);

      if (actual == NULL ? !JSON_NODE_HOLDS_NULL (value) : !json_node_equal (actual, value))
        return FALSE;
    }
  return TRUE;
}

static void
test_case_rules (void)
{
  gboolean all_as_expected = TRUE;

  g_test_message ("%-44s %-8s %s", "Case/set update", "expected", "observed");
  for (guint i = 0; i < G_N_ELEMENTS (case_rules); i++)
    {
      const CaseRule *rule = &case_rules[i];
      g_autofree char *id = open_case (rule->own ? rule->role : ROLE_LEAD, rule->holder, rule->before);
      g_autofree char *patch_text = expand (rule->patch);
      g_autoptr(JsonNode) patch = json_from_string (patch_text, NULL);
      g_autoptr(JsonNode) before = read_record ("Case", id);
      g_autoptr(JsonNode) response = NULL;
      g_autoptr(JsonNode) after = NULL;
      JsonObject *result;
      const char *problem;
      char observed;

      g_assert_nonnull (patch);
      g_assert_false (record_has (before, json_node_get_object (patch)));
      response = call (rule->role, "Case/set", "{\"update\": {\"%s\": %s}}", id, patch_text);
      observed = method_outcome (response, "Case/set");
      g_assert_cmpint (observed, ==, 'A');
      result = json_array_get_object_element (json_node_get_array (response), 1);
      after = read_record ("Case", id);
      problem = set_error_type (result, "notUpdated", id);

      if (problem == NULL)
        {
          g_assert_true (record_has (after, json_node_get_object (patch)));
          observed = 'A';
        }
      else
        {
          g_assert_true (json_node_equal (before, after));
          observed = g_str_equal (problem, "forbidden") ? 'F' : '?';
        }

      g_test_message ("%-44s %-8s %s%s", rule->what, rule->expected == 'A' ? "allowed" : "refused",
                      observed == 'A' ? "allowed" : observed == 'F' ? "refused" : problem,
                      observed == rule->expected ? "" : "   <-- WRONG");
      all_as_expected &= observed == rule->expected;
    }
  g_assert_true (all_as_expected);
}

/* Opening a case already assigned: only to oneself, and never by a learner to
 * someone else, nor already resolved. */
static void
test_case_create_rules (void)
{
  static const struct
  {
    const char *what;
    Role        role;
    const char *fields;
    char        expected;
  } rules[] = {
    { "trainee opens a case for agent", ROLE_TRAINEE, "\"assigneeId\": \"{agent}\"", 'F' },
    { "trainee opens a case for themselves", ROLE_TRAINEE, "\"assigneeId\": \"{trainee}\"", 'A' },
    { "rotation opens a resolved case", ROLE_ROTATION, "\"status\": \"resolved\"", 'F' },
    { "agent opens a case for tier2", ROLE_AGENT, "\"assigneeId\": \"{tier2}\"", 'F' },
    { "agent opens a case for themselves", ROLE_AGENT, "\"assigneeId\": \"{agent}\"", 'A' },
    { "tier2 opens a case for agent", ROLE_TIER2, "\"assigneeId\": \"{agent}\"", 'F' },
    { "lead opens a case for agent", ROLE_LEAD, "\"assigneeId\": \"{agent}\"", 'A' },
  };
  gboolean all_as_expected = TRUE;

  g_test_message ("%-44s %-8s %s", "Case/set create", "expected", "observed");
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *fields = expand (rules[i].fields);
      g_autoptr(JsonObject) result = call_ok (rules[i].role, "Case/set",
                                              "{\"create\": {\"k\": {\"id\": \"%s\", \"customerId\": \"%s\","
                                              " \"subject\": \"Opened assigned\", %s}}}",
                                              id, suite.customer_id, fields);
      g_autoptr(JsonNode) after = read_record ("Case", id);
      const char *problem = set_error_type (result, "notCreated", "k");
      char observed = problem == NULL ? 'A' : g_str_equal (problem, "forbidden") ? 'F' : '?';

      g_assert_true ((after != NULL) == (problem == NULL));
      g_test_message ("%-44s %-8s %s%s", rules[i].what, rules[i].expected == 'A' ? "allowed" : "refused",
                      observed == 'A' ? "allowed" : observed == 'F' ? "refused" : problem,
                      observed == rules[i].expected ? "" : "   <-- WRONG");
      all_as_expected &= observed == rules[i].expected;
    }
  g_assert_true (all_as_expected);
}

/* --- Names customers see ------------------------------------------------ */

/* Writes a note on the shared case as @role, sending @extra fields too; returns
 * the note as the server stored it. */
static JsonNode *
write_note (Role        role,
            const char *extra)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(JsonObject) result = call_ok (role, "Interaction/set",
                                          "{\"create\": {\"n\": {\"id\": \"%s\", \"caseId\": \"%s\", \"kind\": \"email\","
                                          " \"body\": \"We are sending a replacement cable today.\"%s}}}",
                                          id, suite.case_id, extra != NULL ? extra : "");
  JsonObject *created = json_object_get_object_member (result, "created");
  JsonNode *stored;

  g_assert_nonnull (created);
  stored = read_record ("Interaction", id);
  g_assert_nonnull (stored);
  /* What the set answered is what was stored. */
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (created, "n"), "authorName"), ==,
                   member_string (stored, "authorName"));
  return stored;
}

static void
set_alias (const char *agent_id,
           const char *alias_json)
{
  g_autoptr(JsonObject) result = call_ok (ROLE_LEAD, "Agent/set", "{\"update\": {\"%s\": {\"alias\": %s}}}",
                                          agent_id, alias_json);

  g_assert_true (json_object_has_member (json_object_get_object_member (result, "updated"), agent_id));
}

static void
assert_no_lead_identity (JsonNode *note)
{
  g_autofree char *text = json_to_string (note, FALSE);
  g_autofree char *folded = g_utf8_casefold (text, -1);

  g_assert_null (strstr (text, "Margaret"));
  g_assert_null (strstr (text, "Okonkwo"));
  g_assert_null (strstr (folded, "lead"));
}

static void
test_public_names (void)
{
  g_autoptr(JsonNode) by_lead = NULL;
  g_autoptr(JsonNode) spoofed = NULL;
  g_autoptr(JsonNode) by_agent = NULL;
  g_autoptr(JsonNode) by_trainee = NULL;
  g_autoptr(JsonNode) agent_no_alias = NULL;
  g_autoptr(JsonNode) lead_no_alias = NULL;
  g_autoptr(JsonNode) lead_agent = NULL;
  g_autofree char *spoof = NULL;

  /* The lead's alias, never the real name or the rank. */
  by_lead = write_note (ROLE_LEAD, NULL);
  g_assert_cmpstr (member_string (by_lead, "authorName"), ==, "Maggie");
  g_assert_cmpstr (member_string (by_lead, "authorId"), ==, suite.agent_ids[ROLE_LEAD]);
  assert_no_lead_identity (by_lead);
  lead_agent = read_record ("Agent", suite.agent_ids[ROLE_LEAD]);
  g_assert_cmpstr (member_string (lead_agent, "displayName"), ==, "Margaret Okonkwo");

  /* Whatever the client claims, the server says who wrote it. */
  spoof = g_strdup_printf (", \"authorName\": \"Margaret Okonkwo (lead)\", \"authorId\": \"%s\"",
                           suite.agent_ids[ROLE_TRAINEE]);
  spoofed = write_note (ROLE_LEAD, spoof);
  g_assert_cmpstr (member_string (spoofed, "authorName"), ==, "Maggie");
  g_assert_cmpstr (member_string (spoofed, "authorId"), ==, suite.agent_ids[ROLE_LEAD]);
  assert_no_lead_identity (spoofed);
  g_clear_pointer (&spoof, g_free);
  spoof = g_strdup_printf (", \"authorName\": \"Dan\", \"authorId\": \"%s\"", suite.agent_ids[ROLE_TIER2]);
  by_trainee = write_note (ROLE_TRAINEE, spoof);
  g_assert_cmpstr (member_string (by_trainee, "authorName"), ==, "Jonas");
  g_assert_cmpstr (member_string (by_trainee, "authorId"), ==, suite.agent_ids[ROLE_TRAINEE]);

  by_agent = write_note (ROLE_AGENT, NULL);
  g_assert_cmpstr (member_string (by_agent, "authorName"), ==, "Sam");

  /* No alias: an agent goes by the first word of the name… */
  set_alias (suite.agent_ids[ROLE_AGENT], "null");
  agent_no_alias = write_note (ROLE_AGENT, NULL);
  g_assert_cmpstr (member_string (agent_no_alias, "authorName"), ==, "Samantha");
  set_alias (suite.agent_ids[ROLE_AGENT], "\"Sam\"");

  /* …and a lead, who must not be recognisable, as the team. */
  set_alias (suite.agent_ids[ROLE_LEAD], "null");
  lead_no_alias = write_note (ROLE_LEAD, NULL);
  g_assert_cmpstr (member_string (lead_no_alias, "authorName"), ==, "Support team");
  assert_no_lead_identity (lead_no_alias);
  set_alias (suite.agent_ids[ROLE_LEAD], "\"Maggie\"");

  /* Notes written before an alias changed keep the name they were sent with. */
  {
    g_autoptr(JsonNode) again = read_record ("Interaction", member_string (agent_no_alias, "id"));

    g_assert_cmpstr (member_string (again, "authorName"), ==, "Samantha");
  }
}

/* Who opened a case, wrote a note or made an offer is the server's to say, on
 * update too: a change is refused, an echo of the same value is not. */
static void
test_authorship_kept (void)
{
  static const struct
  {
    Role        role;
    const char *type;
    const char *field;
    const char *value;       /* with placeholders */
  } attempts[] = {
    { ROLE_AGENT, "Case", "creatorId", "\"{trainee}\"" },
    { ROLE_TIER2, "Case", "creatorId", "null" },
    { ROLE_LEAD, "Case", "creatorId", "\"{agent}\"" },
    { ROLE_LEAD, "Interaction", "authorName", "\"Margaret Okonkwo\"" },
    { ROLE_LEAD, "Interaction", "authorId", "\"{trainee}\"" },
    { ROLE_LEAD, "OfferOutcome", "agentId", "\"{tier2}\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      g_autofree char *method = method_name (attempts[i].type, "set");
      g_autofree char *id = NULL;
      g_autofree char *value = expand (attempts[i].value);
      g_autoptr(JsonNode) before = NULL;
      g_autoptr(JsonNode) after = NULL;
      g_autoptr(JsonObject) refused = NULL;
      g_autoptr(JsonObject) echoed = NULL;
      JsonObject *problem;
      JsonArray *properties;
      int holders[1] = { attempts[i].role };

      /* The lead makes the record; a case is held by the one who tries. */
      create_as_lead (attempts[i].type, &id, holders, 1);
      before = read_record (attempts[i].type, id);

      refused = call_ok (attempts[i].role, method, "{\"update\": {\"%s\": {\"%s\": %s}}}",
                         id, attempts[i].field, value);
      g_assert_cmpstr (set_error_type (refused, "notUpdated", id), ==, "invalidProperties");
      problem = json_object_get_object_member (json_object_get_object_member (refused, "notUpdated"), id);
      properties = json_object_get_array_member (problem, "properties");
      g_assert_nonnull (properties);
      g_assert_true (array_has_string (properties, attempts[i].field));
      after = read_record (attempts[i].type, id);
      g_assert_true (json_node_equal (before, after));
      g_test_message ("%s as %s changing %s: refused (%s)", method, role_logins[attempts[i].role],
                      attempts[i].field, json_object_get_string_member (problem, "description"));

      /* Sending back what the server set is harmless. */
      {
        JsonNode *current = json_object_get_member (json_node_get_object (before), attempts[i].field);
        g_autofree char *current_text = current != NULL ? json_to_string (current, FALSE) : g_strdup ("null");

        echoed = call_ok (attempts[i].role, method, "{\"update\": {\"%s\": {\"%s\": %s}}}",
                          id, attempts[i].field, current_text);
        g_assert_null (set_error_type (echoed, "notUpdated", id));
        g_assert_true (json_object_has_member (json_object_get_object_member (echoed, "updated"), id));
      }
    }
}

/* --- The audit log ------------------------------------------------------ */

/* The audit entries about @record_id, oldest first. */
static JsonArray *
audit_of (const char *record_id)
{
  g_autoptr(JsonObject) result = call_ok (ROLE_LEAD, "AuditEntry/query",
                                          "{\"filter\": {\"recordId\": \"%s\"}, \"limit\": 50}", record_id);

  return json_array_ref (json_object_get_array_member (result, "list"));
}

static void
assert_entry (JsonArray  *entries,
              guint       index,
              Role        who,
              const char *action,
              const char *type,
              const char *record_id)
{
  JsonObject *entry = json_array_get_object_element (entries, index);

  g_assert_cmpstr (json_object_get_string_member (entry, "agentId"), ==, suite.agent_ids[who]);
  g_assert_cmpstr (json_object_get_string_member (entry, "action"), ==, action);
  g_assert_cmpstr (json_object_get_string_member (entry, "type"), ==, type);
  g_assert_cmpstr (json_object_get_string_member (entry, "recordId"), ==, record_id);
  g_assert_nonnull (json_object_get_string_member (entry, "at"));
}

static void
test_audit_log (void)
{
  g_autofree char *customer = g_uuid_string_random ();
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) refused = NULL;
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(JsonObject) destroyed = NULL;
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(JsonNode) note = NULL;
  g_autoptr(JsonArray) note_entries = NULL;

  /* A trainee creates, is refused a delete, an agent edits, the lead deletes. */
  created = call_ok (ROLE_TRAINEE, "Customer/set",
                     "{\"create\": {\"c\": {\"id\": \"%s\", \"name\": \"Audit Trail Ltd\"}}}", customer);
  g_assert_nonnull (json_object_get_object_member (created, "created"));
  refused = call_ok (ROLE_TRAINEE, "Customer/set", "{\"destroy\": [\"%s\"]}", customer);
  g_assert_cmpstr (set_error_type (refused, "notDestroyed", customer), ==, "forbidden");
  updated = call_ok (ROLE_AGENT, "Customer/set",
                     "{\"update\": {\"%s\": {\"plan\": \"Care+\"}}}", customer);
  g_assert_nonnull (json_object_get_object_member (updated, "updated"));
  destroyed = call_ok (ROLE_LEAD, "Customer/set", "{\"destroy\": [\"%s\"]}", customer);
  g_assert_true (array_has_string (json_object_get_array_member (destroyed, "destroyed"), customer));

  /* Who did what, in order; the refused delete wrote nothing. */
  entries = audit_of (customer);
  g_assert_cmpuint (json_array_get_length (entries), ==, 3);
  assert_entry (entries, 0, ROLE_TRAINEE, "Customer/set create", "Customer", customer);
  assert_entry (entries, 1, ROLE_AGENT, "Customer/set update", "Customer", customer);
  assert_entry (entries, 2, ROLE_LEAD, "Customer/set destroy", "Customer", customer);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (entries, 0), "seq"), <,
                   json_object_get_int_member (json_array_get_object_element (entries, 2), "seq"));

  /* A note: the log names the lead's account, which customers never see. */
  note = write_note (ROLE_LEAD, NULL);
  note_entries = audit_of (member_string (note, "id"));
  g_assert_cmpuint (json_array_get_length (note_entries), ==, 1);
  assert_entry (note_entries, 0, ROLE_LEAD, "Interaction/set create", "Interaction", member_string (note, "id"));

  /* Filtered by agent, the trainee's create is there. */
  {
    g_autoptr(JsonObject) result = call_ok (ROLE_LEAD, "AuditEntry/query",
                                            "{\"filter\": {\"agentId\": \"%s\"}, \"limit\": 1000}",
                                            suite.agent_ids[ROLE_TRAINEE]);
    JsonArray *list = json_object_get_array_member (result, "list");
    gboolean found = FALSE;

    for (guint i = 0; i < json_array_get_length (list); i++)
      {
        JsonObject *entry = json_array_get_object_element (list, i);

        g_assert_cmpstr (json_object_get_string_member (entry, "agentId"), ==, suite.agent_ids[ROLE_TRAINEE]);
        found |= g_strcmp0 (json_object_get_string_member (entry, "recordId"), customer) == 0;
      }
    g_assert_true (found);
  }
}

/* --- Set-up ------------------------------------------------------------- */

static char *
first_id (const char *type)
{
  g_autofree char *method = method_name (type, "query");
  g_autoptr(JsonObject) result = call_ok (ROLE_LEAD, method, "{\"limit\": 1}");
  JsonArray *ids = json_object_get_array_member (result, "ids");

  g_assert_cmpuint (json_array_get_length (ids), ==, 1);
  return g_strdup (json_array_get_string_element (ids, 0));
}

static void
suite_set_up (void)
{
  suite.server = fl_test_server_start (NULL);

  for (guint i = 0; i < N_ROLES; i++)
    {
      g_autoptr(JsonNode) session = NULL;
      JsonObject *account;
      guint status;

      suite.tokens[i] = fl_test_server_login (suite.server, role_logins[i], FL_TEST_DEMO_PASSWORD, &status);
      g_assert_cmpuint (status, ==, 200);
      session = fl_test_server_request (suite.server, "GET", "/.well-known/jmap", suite.tokens[i], NULL, 0, &status);
      g_assert_cmpuint (status, ==, 200);
      account = json_object_get_object_member (json_object_get_object_member (json_node_get_object (session),
                                                                               "accounts"), "org");
      account = json_object_get_object_member (json_object_get_object_member (account, "accountCapabilities"),
                                               "https://frontlinedesk.github.io/jmap/support");
      g_assert_cmpstr (json_object_get_string_member (account, "role"), ==, role_logins[i]);
      suite.agent_ids[i] = g_strdup (json_object_get_string_member (account, "agentId"));
    }

  {
    g_autoptr(JsonObject) result = call_ok (ROLE_LEAD, "Customer/query", "{\"filter\": {\"phone\": \"+1 555 0100\"}}");

    suite.customer_id = g_strdup (json_array_get_string_element (json_object_get_array_member (result, "ids"), 0));
  }
  suite.product_id = first_id ("Product");
  suite.offer_id = first_id ("Offer");
  create_as_lead ("Case", &suite.case_id, NULL, 1);
}

static void
suite_tear_down (void)
{
  fl_test_server_stop (suite.server);
  g_clear_pointer (&suite.server, fl_test_server_free);
  for (guint i = 0; i < N_ROLES; i++)
    {
      g_free (suite.tokens[i]);
      g_free (suite.agent_ids[i]);
    }
  g_free (suite.customer_id);
  g_free (suite.product_id);
  g_free (suite.offer_id);
  g_free (suite.case_id);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (matrix); i++)
    {
      g_autofree char *path = g_strdup_printf ("/server/roles/matrix/%s", matrix[i].type);

      g_test_add_data_func (path, &matrix[i], test_matrix);
    }
  g_test_add_func ("/server/roles/audit-entry-query", test_audit_entry_query);
  g_test_add_func ("/server/roles/case-rules", test_case_rules);
  g_test_add_func ("/server/roles/case-create-rules", test_case_create_rules);
  g_test_add_func ("/server/roles/public-names", test_public_names);
  g_test_add_func ("/server/roles/authorship-kept", test_authorship_kept);
  g_test_add_func ("/server/roles/audit-log", test_audit_log);

  suite_set_up ();
  status = g_test_run ();
  suite_tear_down ();
  return status;
}

/* fl-store-schema.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The schema, as the list of migrations that build it. Migration N takes a database
 * from user_version N to N + 1. A migration that has shipped is never edited: a
 * change is a new migration at the end, so every database out there, server or
 * desktop, walks the same path to the same schema.
 *
 * Column names are the records' field names (see FlFieldInfo), which is how the
 * generic read/write code in fl-store.c maps a record to its row. Tables that are
 * full-text indexed declare `pk INTEGER PRIMARY KEY` so their rowids stay stable
 * across VACUUM, as the external-content FTS5 tables require.
 */
#define G_LOG_DOMAIN "Frontline-Store"

#include "config.h"

#include "fl-store-private.h"

/* 1: the records, their references and the indexes the console's reads need. */
static const char migration_1[] =
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value"
  ") WITHOUT ROWID;"
  "INSERT INTO meta (key, value) VALUES ('modseq', 0);"
  /* Changes at or below this modseq are not in the changelog (a bulk load wrote
   * them): a client that last synced before it must resync. */
  "INSERT INTO meta (key, value) VALUES ('changelog_horizon', 0);"

  "CREATE TABLE agents ("
  "  id TEXT NOT NULL UNIQUE,"
  "  modseq INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER,"
  "  updated_at INTEGER,"
  "  login TEXT NOT NULL UNIQUE,"
  "  display_name TEXT NOT NULL,"
  "  alias TEXT,"
  "  role TEXT NOT NULL,"
  "  team TEXT,"
  "  disabled INTEGER NOT NULL DEFAULT 0"
  ");"

  "CREATE TABLE products ("
  "  id TEXT NOT NULL UNIQUE,"
  "  modseq INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER,"
  "  updated_at INTEGER,"
  "  sku TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  line TEXT NOT NULL,"
  "  version TEXT,"
  "  price_cents INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX products_by_sku ON products (sku);"

  "CREATE TABLE customers ("
  "  pk INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  modseq INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER,"
  "  updated_at INTEGER,"
  "  name TEXT NOT NULL,"
  "  organisation TEXT,"
  "  emails TEXT NOT NULL DEFAULT '[]',"
  "  phones TEXT NOT NULL DEFAULT '[]',"
  "  plan TEXT,"
  "  notes TEXT"
  ");"

  /* Lookup keys of a customer, kept by fl-store.c on every write: "p:" + the phone's
   * digits reversed (suffix match as a prefix scan), "e:" + folded e-mail, "n:" +
   * each folded word of the name, "m:" + each ordered pair of name words. */
  "CREATE TABLE customer_keys ("
  "  key TEXT NOT NULL,"
  /* No foreign key: a bulk load writes millions of keys, and checking each
   * against customers doubled the cost. The trigger below removes a deleted
   * customer's keys. */
  "  customer_pk INTEGER NOT NULL,"
  "  PRIMARY KEY (key, customer_pk)"
  ") WITHOUT ROWID;"
  "CREATE INDEX customer_keys_by_customer ON customer_keys (customer_pk, key);"
  "CREATE TRIGGER customers_keys_ad AFTER DELETE ON customers BEGIN"
  "  DELETE FROM customer_keys WHERE customer_pk = OLD.pk;"
  "END;"

  "CREATE TABLE ownerships ("
  "  id TEXT NOT NULL UNIQUE,"
  "  modseq INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER,"
  "  updated_at INTEGER,"
  "  customer_id TEXT NOT NULL REFERENCES customers (id) DEFERRABLE INITIALLY DEFERRED,"
  "  product_id TEXT NOT NULL REFERENCES products (id) DEFERRABLE INITIALLY DEFERRED,"
  "  serial TEXT,"
  "  version TEXT,"
  "  purchased_at INTEGER"
  ");"
  "CREATE INDEX ownerships_by_customer ON ownerships (customer_id);"
  "CREATE INDEX ownerships_by_product ON ownerships (product_id);"

  "CREATE TABLE flaws ("
  "  pk INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  modseq INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER,"
  "  updated_at INTEGER,"
  "  product_id TEXT NOT NULL REFERENCES products (id) DEFERRABLE INITIALLY DEFERRED,"
  "  affected_versions TEXT NOT NULL DEFAULT '[]',"
  "  title TEXT NOT NULL,"
  "  symptoms TEXT,"
  "  workaround TEXT,"
  "  repro_steps TEXT,"
  "  status TEXT NOT NULL,"
  "  fixed_in TEXT,"
  "  severity TEXT NOT NULL,"
  "  first_seen_at INTEGER"
  ");"
  "CREATE INDEX flaws_by_product ON flaws (product_id);"

  "CREATE TABLE offers ("
  "  id TEXT NOT NULL UNIQUE,"
  "  modseq INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER,"
  "  updated_at INTEGER,"
  "  product_id TEXT NOT NULL REFERENCES products (id) DEFERRABLE INITIALLY DEFERRED,"
  "  title TEXT NOT NULL,"
  "  pitch TEXT,"
  "  reason TEXT,"
  "  owned_product_ids TEXT NOT NULL DEFAULT '[]',"
  "  owned_line TEXT,"
  "  case_keywords TEXT NOT NULL DEFAULT '[]',"
  "  flaw_ids TEXT NOT NULL DEFAULT '[]',"
  "  active INTEGER NOT NULL DEFAULT 1"
  ");"

  "CREATE TABLE cases ("
  "  pk INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  modseq INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER,"
  "  updated_at INTEGER,"
  "  customer_id TEXT NOT NULL REFERENCES customers (id) DEFERRABLE INITIALLY DEFERRED,"
  "  product_id TEXT REFERENCES products (id) DEFERRABLE INITIALLY DEFERRED,"
  "  product_version TEXT,"
  "  subject TEXT NOT NULL,"
  "  description TEXT,"
  "  status TEXT NOT NULL,"
  "  priority TEXT NOT NULL,"
  "  tier TEXT NOT NULL,"
  "  assignee_id TEXT REFERENCES agents (id) DEFERRABLE INITIALLY DEFERRED,"
  "  creator_id TEXT REFERENCES agents (id) DEFERRABLE INITIALLY DEFERRED,"
  "  sla_due_at INTEGER,"
  "  flaw_ids TEXT NOT NULL DEFAULT '[]',"
  "  complaint INTEGER NOT NULL DEFAULT 0,"
  "  resolved_at INTEGER,"
  /* Priority is stored as its nick; the queue sorts by this rank. */
  "  priority_rank INTEGER GENERATED ALWAYS AS ("
  "    CASE priority WHEN 'urgent' THEN 3 WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END"
  "  ) VIRTUAL"
  ");"
  "CREATE INDEX cases_by_customer ON cases (customer_id, created_at, id);"
  "CREATE INDEX cases_by_assignee ON cases (assignee_id, status);"
  "CREATE INDEX cases_by_status ON cases (status, tier);"
  /* The team queue: active cases in queue order, so its first page is read off
   * the index instead of sorting every open case (50 ms at 40,000 of them). No
   * SLA sorts last, hence the coalesce; fl_store_query_cases() orders by exactly
   * these expressions. */
  "CREATE INDEX cases_active_queue ON cases"
  " (priority_rank DESC, coalesce (sla_due_at, 9223372036854775807), created_at, id)"
  " WHERE status IN ('new', 'open', 'pending', 'escalated');"

  /* Which flaws each case is linked to, kept from cases.flaw_ids by triggers so
   * "how many cases hit this flaw" is an index count. */
  "CREATE TABLE case_flaws ("
  "  case_id TEXT NOT NULL,"
  "  flaw_id TEXT NOT NULL,"
  "  PRIMARY KEY (case_id, flaw_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX case_flaws_by_flaw ON case_flaws (flaw_id);"
  "CREATE TRIGGER cases_links_ai AFTER INSERT ON cases BEGIN"
  "  INSERT OR IGNORE INTO case_flaws (case_id, flaw_id)"
  "    SELECT NEW.id, value FROM json_each (NEW.flaw_ids);"
  "END;"
  "CREATE TRIGGER cases_links_au AFTER UPDATE OF flaw_ids ON cases"
  "  WHEN OLD.flaw_ids IS NOT NEW.flaw_ids BEGIN"
  "  DELETE FROM case_flaws WHERE case_id = OLD.id;"
  "  INSERT OR IGNORE INTO case_flaws (case_id, flaw_id)"
  "    SELECT NEW.id, value FROM json_each (NEW.flaw_ids);"
  "END;"
  "CREATE TRIGGER cases_links_ad AFTER DELETE ON cases BEGIN"
  "  DELETE FROM case_flaws WHERE case_id = OLD.id;"
  "END;"

  "CREATE TABLE interactions ("
  "  pk INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  modseq INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER,"
  "  updated_at INTEGER,"
  "  case_id TEXT NOT NULL REFERENCES cases (id) DEFERRABLE INITIALLY DEFERRED,"
  "  customer_id TEXT REFERENCES customers (id) DEFERRABLE INITIALLY DEFERRED,"
  "  kind TEXT NOT NULL,"
  "  author_id TEXT REFERENCES agents (id) DEFERRABLE INITIALLY DEFERRED,"
  "  author_name TEXT,"
  "  body TEXT,"
  "  at INTEGER NOT NULL"
  ");"
  "CREATE INDEX interactions_by_customer ON interactions (customer_id, at, id);"
  "CREATE INDEX interactions_by_case ON interactions (case_id, at);"

  "CREATE TABLE offer_outcomes ("
  "  id TEXT NOT NULL UNIQUE,"
  "  modseq INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER,"
  "  updated_at INTEGER,"
  "  case_id TEXT NOT NULL REFERENCES cases (id) DEFERRABLE INITIALLY DEFERRED,"
  "  offer_id TEXT NOT NULL REFERENCES offers (id) DEFERRABLE INITIALLY DEFERRED,"
  "  customer_id TEXT REFERENCES customers (id) DEFERRABLE INITIALLY DEFERRED,"
  "  result TEXT NOT NULL,"
  "  agent_id TEXT REFERENCES agents (id) DEFERRABLE INITIALLY DEFERRED,"
  "  at INTEGER NOT NULL"
  ");"
  "CREATE INDEX offer_outcomes_by_customer ON offer_outcomes (customer_id, at, id);"
  "CREATE INDEX offer_outcomes_by_case ON offer_outcomes (case_id);"

  /* Every write of the system of record, in modseq order: what X/changes reads.
   * Destroyed records leave their row here as the tombstone. */
  "CREATE TABLE changelog ("
  "  modseq INTEGER PRIMARY KEY,"
  "  type TEXT NOT NULL,"
  "  record_id TEXT NOT NULL,"
  /* Spelled as ORs: an IN list in a CHECK builds a temporary index on every
   * insert, which made logging a change cost more than the write itself. */
  "  op TEXT NOT NULL CHECK (op = 'created' OR op = 'updated' OR op = 'destroyed'),"
  "  at INTEGER NOT NULL"
  ");"
  "CREATE INDEX changelog_by_type ON changelog (type, modseq);";

/* The insert triggers of the full-text indexes, "name AFTER INSERT ON …". A
 * bulk load drops them in the transaction that sets its flag and creates them
 * again in the one that rebuilds the indexes and clears it, so they need no
 * WHEN: running a trigger program on each of a million rows only to skip it
 * cost about 7% of a load. The first three as migration 2 made them; migration
 * 4 replaced them (see there). */
#define CUSTOMERS_FTS_AI_2 \
  "customers_fts_ai AFTER INSERT ON customers BEGIN" \
  "  INSERT INTO customer_fts (rowid, name, organisation, emails, phones)" \
  "    VALUES (NEW.pk, NEW.name, NEW.organisation, NEW.emails, NEW.phones);" \
  "END"

#define CASES_FTS_AI_2 \
  "cases_fts_ai AFTER INSERT ON cases BEGIN" \
  "  INSERT INTO case_fts (rowid, subject, description)" \
  "    VALUES (NEW.pk, NEW.subject, NEW.description);" \
  "END"

#define INTERACTIONS_FTS_AI_2 \
  "interactions_fts_ai AFTER INSERT ON interactions BEGIN" \
  "  INSERT INTO interaction_fts (rowid, body) VALUES (NEW.pk, NEW.body);" \
  "END"

#define FLAWS_FTS_AI \
  "flaws_fts_ai AFTER INSERT ON flaws BEGIN" \
  "  INSERT INTO flaw_fts (rowid, title, symptoms, workaround, product, product_key)" \
  "    SELECT NEW.pk, NEW.title, NEW.symptoms, NEW.workaround," \
  "           (SELECT name || ' ' || line FROM products WHERE id = NEW.product_id)," \
  "           'p' || replace (NEW.product_id, '-', '');" \
  "  INSERT INTO flaw_words (rowid, title, symptoms)" \
  "    VALUES (NEW.pk, fl_scoped_words (NEW.product_id, NEW.title)," \
  "            fl_scoped_words (NEW.product_id, NEW.symptoms));" \
  "END"

/* 2: full-text search. External-content FTS5 tables over customers, cases and
 * interactions (the text lives once, in the records); flaws get their own copy
 * because their index also carries the product's name and a product key token.
 * The triggers stand aside while a bulk load runs (the insert triggers are
 * dropped, the others check meta 'bulk_load'): rebuilding the indexes once at
 * the end is ten times faster than row by row. */
static const char migration_2[] =
  "CREATE VIRTUAL TABLE customer_fts USING fts5 ("
  "  name, organisation, emails, phones,"
  "  content = 'customers', content_rowid = 'pk',"
  "  tokenize = 'unicode61 remove_diacritics 2'"
  ");"
  /* Terms are gathered in memory up to 64 MiB before a segment is written
   * (1 MiB by default): a bulk load's rebuild then writes a few big segments
   * instead of merging hundreds of small ones. Ordinary writes flush at
   * commit, far below it. */
  "INSERT INTO customer_fts (customer_fts, rank) VALUES ('hashsize', 67108864);"
  "CREATE TRIGGER " CUSTOMERS_FTS_AI_2 ";"
  "CREATE TRIGGER customers_fts_ad AFTER DELETE ON customers"
  "  WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'bulk_load') BEGIN"
  "  INSERT INTO customer_fts (customer_fts, rowid, name, organisation, emails, phones)"
  "    VALUES ('delete', OLD.pk, OLD.name, OLD.organisation, OLD.emails, OLD.phones);"
  "END;"
  "CREATE TRIGGER customers_fts_au AFTER UPDATE OF name, organisation, emails, phones ON customers"
  "  WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'bulk_load')"
  "    AND (OLD.name IS NOT NEW.name OR OLD.organisation IS NOT NEW.organisation"
  "    OR OLD.emails IS NOT NEW.emails OR OLD.phones IS NOT NEW.phones) BEGIN"
  "  INSERT INTO customer_fts (customer_fts, rowid, name, organisation, emails, phones)"
  "    VALUES ('delete', OLD.pk, OLD.name, OLD.organisation, OLD.emails, OLD.phones);"
  "  INSERT INTO customer_fts (rowid, name, organisation, emails, phones)"
  "    VALUES (NEW.pk, NEW.name, NEW.organisation, NEW.emails, NEW.phones);"
  "END;"
  "INSERT INTO customer_fts (customer_fts) VALUES ('rebuild');"

  "CREATE VIRTUAL TABLE case_fts USING fts5 ("
  "  subject, description,"
  "  content = 'cases', content_rowid = 'pk',"
  "  tokenize = 'porter unicode61 remove_diacritics 2'"
  ");"
  "INSERT INTO case_fts (case_fts, rank) VALUES ('hashsize', 67108864);"
  "CREATE TRIGGER " CASES_FTS_AI_2 ";"
  "CREATE TRIGGER cases_fts_ad AFTER DELETE ON cases"
  "  WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'bulk_load') BEGIN"
  "  INSERT INTO case_fts (case_fts, rowid, subject, description)"
  "    VALUES ('delete', OLD.pk, OLD.subject, OLD.description);"
  "END;"
  "CREATE TRIGGER cases_fts_au AFTER UPDATE OF subject, description ON cases"
  "  WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'bulk_load')"
  "    AND (OLD.subject IS NOT NEW.subject OR OLD.description IS NOT NEW.description) BEGIN"
  "  INSERT INTO case_fts (case_fts, rowid, subject, description)"
  "    VALUES ('delete', OLD.pk, OLD.subject, OLD.description);"
  "  INSERT INTO case_fts (rowid, subject, description)"
  "    VALUES (NEW.pk, NEW.subject, NEW.description);"
  "END;"
  "INSERT INTO case_fts (case_fts) VALUES ('rebuild');"

  "CREATE VIRTUAL TABLE interaction_fts USING fts5 ("
  "  body,"
  "  content = 'interactions', content_rowid = 'pk',"
  "  tokenize = 'porter unicode61 remove_diacritics 2'"
  ");"
  "INSERT INTO interaction_fts (interaction_fts, rank) VALUES ('hashsize', 67108864);"
  "CREATE TRIGGER " INTERACTIONS_FTS_AI_2 ";"
  "CREATE TRIGGER interactions_fts_ad AFTER DELETE ON interactions"
  "  WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'bulk_load') BEGIN"
  "  INSERT INTO interaction_fts (interaction_fts, rowid, body)"
  "    VALUES ('delete', OLD.pk, OLD.body);"
  "END;"
  "CREATE TRIGGER interactions_fts_au AFTER UPDATE OF body ON interactions"
  "  WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'bulk_load') AND OLD.body IS NOT NEW.body BEGIN"
  "  INSERT INTO interaction_fts (interaction_fts, rowid, body)"
  "    VALUES ('delete', OLD.pk, OLD.body);"
  "  INSERT INTO interaction_fts (rowid, body) VALUES (NEW.pk, NEW.body);"
  "END;"
  "INSERT INTO interaction_fts (interaction_fts) VALUES ('rebuild');"

  /* product_key is "p" + the product id without dashes: one token, so a flaw
   * match can be narrowed to a product inside the FTS query itself. */
  /* The words of each flaw's title and symptoms, each prefixed with its product
   * ("s" + the product id's hex + the word; see fl_scoped_words() in fl-store.c).
   * A term's document list then holds only that product's flaws, so matching a
   * case reads short lists, and fts5vocab tells in a lookup how common a word
   * is within the product — rare words are the ones worth ranking on. No
   * stemming: the terms must be exactly the words fl-search-text.c makes. */
  "CREATE VIRTUAL TABLE flaw_words USING fts5 ("
  "  title, symptoms,"
  "  tokenize = 'unicode61 remove_diacritics 2'"
  ");"
  "CREATE VIRTUAL TABLE flaw_words_vocab USING fts5vocab (flaw_words, 'row');"
  "CREATE VIRTUAL TABLE flaw_fts USING fts5 ("
  "  title, symptoms, workaround, product, product_key,"
  "  tokenize = 'porter unicode61 remove_diacritics 2'"
  ");"
  "CREATE TRIGGER " FLAWS_FTS_AI ";"
  "CREATE TRIGGER flaws_fts_ad AFTER DELETE ON flaws"
  "  WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'bulk_load') BEGIN"
  "  DELETE FROM flaw_fts WHERE rowid = OLD.pk;"
  "  DELETE FROM flaw_words WHERE rowid = OLD.pk;"
  "END;"
  "CREATE TRIGGER flaws_fts_au AFTER UPDATE OF title, symptoms, workaround, product_id ON flaws"
  "  WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'bulk_load')"
  "    AND (OLD.title IS NOT NEW.title OR OLD.symptoms IS NOT NEW.symptoms"
  "    OR OLD.workaround IS NOT NEW.workaround OR OLD.product_id IS NOT NEW.product_id) BEGIN"
  "  DELETE FROM flaw_fts WHERE rowid = OLD.pk;"
  "  INSERT INTO flaw_fts (rowid, title, symptoms, workaround, product, product_key)"
  "    SELECT NEW.pk, NEW.title, NEW.symptoms, NEW.workaround,"
  "           (SELECT name || ' ' || line FROM products WHERE id = NEW.product_id),"
  "           'p' || replace (NEW.product_id, '-', '');"
  "  DELETE FROM flaw_words WHERE rowid = OLD.pk;"
  "  INSERT INTO flaw_words (rowid, title, symptoms)"
  "    VALUES (NEW.pk, fl_scoped_words (NEW.product_id, NEW.title),"
  "            fl_scoped_words (NEW.product_id, NEW.symptoms));"
  "END;"
  "INSERT INTO flaw_fts (rowid, title, symptoms, workaround, product, product_key)"
  "  SELECT f.pk, f.title, f.symptoms, f.workaround,"
  "         (SELECT name || ' ' || line FROM products WHERE id = f.product_id),"
  "         'p' || replace (f.product_id, '-', '')"
  "  FROM flaws f;"
  "INSERT INTO flaw_words (rowid, title, symptoms)"
  "  SELECT pk, fl_scoped_words (product_id, title), fl_scoped_words (product_id, symptoms)"
  "  FROM flaws;";

/* 3: what only the system of record uses. A desktop's copy has these tables too,
 * empty: one schema everywhere is worth four unused tables.
 * - credentials: an agent's password, as libsodium's argon2id string (salt and
 *   cost parameters included, so they can be raised later without a migration);
 * - sessions: sign-in tokens, stored as their SHA-256 only, so a copy of the
 *   database does not sign anyone in;
 * - mutations: the desktops' X/set calls already applied, by (clientId,
 *   mutationId), with the response they got, so a replay answers the same and
 *   writes nothing;
 * - audit_log: who changed what and when, for leads. */
static const char migration_3[] =
  "CREATE TABLE credentials ("
  "  agent_id TEXT PRIMARY KEY REFERENCES agents (id) ON DELETE CASCADE,"
  "  password_hash TEXT NOT NULL,"
  "  changed_at INTEGER NOT NULL"
  ") WITHOUT ROWID;"

  "CREATE TABLE sessions ("
  "  token_hash BLOB PRIMARY KEY,"
  "  agent_id TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  address TEXT"
  ") WITHOUT ROWID;"
  "CREATE INDEX sessions_by_agent ON sessions (agent_id);"

  "CREATE TABLE mutations ("
  "  client_id TEXT NOT NULL,"
  "  mutation_id INTEGER NOT NULL,"
  "  method TEXT NOT NULL,"
  "  response TEXT NOT NULL,"
  "  at INTEGER NOT NULL,"
  "  PRIMARY KEY (client_id, mutation_id)"
  ") WITHOUT ROWID;"

  "CREATE TABLE audit_log ("
  "  seq INTEGER PRIMARY KEY,"
  "  at INTEGER NOT NULL,"
  /* No foreign key: the log outlives the records and agents it names. */
  "  agent_id TEXT,"
  "  action TEXT NOT NULL,"
  "  type TEXT,"
  "  record_id TEXT,"
  "  modseq INTEGER,"
  "  detail TEXT"
  ");"
  "CREATE INDEX audit_log_by_record ON audit_log (record_id, seq);"
  "CREATE INDEX audit_log_by_agent ON audit_log (agent_id, seq);";

/* 4: new customers, cases and interactions are indexed for search when their
 * transaction commits, not row by row. FTS5 writes out what it has gathered in
 * memory at every savepoint and at the end of every statement that has one,
 * so indexing from the insert trigger made one tiny segment per record, plus
 * the merges they caused: two thirds of the server's time per write, which
 * runs each record in savepoints. Now the insert triggers only note the row
 * in fts_pending, and the store indexes the noted rows in one statement per
 * table before COMMIT (_fl_store_index_pending_search, also before a search
 * inside a transaction). The update and delete triggers leave alone a row
 * still waiting there: it is indexed as it is at commit, or not at all if it
 * is gone by then. */
#define CUSTOMERS_FTS_AI \
  "customers_fts_ai AFTER INSERT ON customers BEGIN" \
  "  INSERT OR IGNORE INTO fts_pending (source, pk) VALUES ('customers', NEW.pk);" \
  "END"

#define CASES_FTS_AI \
  "cases_fts_ai AFTER INSERT ON cases BEGIN" \
  "  INSERT OR IGNORE INTO fts_pending (source, pk) VALUES ('cases', NEW.pk);" \
  "END"

#define INTERACTIONS_FTS_AI \
  "interactions_fts_ai AFTER INSERT ON interactions BEGIN" \
  "  INSERT OR IGNORE INTO fts_pending (source, pk) VALUES ('interactions', NEW.pk);" \
  "END"

static const char migration_4[] =
  "CREATE TABLE fts_pending ("
  "  source TEXT NOT NULL,"
  "  pk INTEGER NOT NULL,"
  "  PRIMARY KEY (source, pk)"
  ") WITHOUT ROWID;"

  "DROP TRIGGER customers_fts_ai;"
  "CREATE TRIGGER " CUSTOMERS_FTS_AI ";"
  "DROP TRIGGER customers_fts_ad;"
  "CREATE TRIGGER customers_fts_ad AFTER DELETE ON customers"
  "  WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'bulk_load')"
  "    AND NOT EXISTS (SELECT 1 FROM fts_pending WHERE source = 'customers' AND pk = OLD.pk) BEGIN"
  "  INSERT INTO customer_fts (customer_fts, rowid, name, organisation, emails, phones)"
  "    VALUES ('delete', OLD.pk, OLD.name, OLD.organisation, OLD.emails, OLD.phones);"
  "END;"
  "DROP TRIGGER customers_fts_au;"
  "CREATE TRIGGER customers_fts_au AFTER UPDATE OF name, organisation, emails, phones ON customers"
  "  WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'bulk_load')"
  "    AND (OLD.name IS NOT NEW.name OR OLD.organisation IS NOT NEW.organisation"
  "    OR OLD.emails IS NOT NEW.emails OR OLD.phones IS NOT NEW.phones)"
  "    AND NOT EXISTS (SELECT 1 FROM fts_pending WHERE source = 'customers' AND pk = OLD.pk) BEGIN"
  "  INSERT INTO customer_fts (customer_fts, rowid, name, organisation, emails, phones)"
  "    VALUES ('delete', OLD.pk, OLD.name, OLD.organisation, OLD.emails, OLD.phones);"
  "  INSERT INTO customer_fts (rowid, name, organisation, emails, phones)"
  "    VALUES (NEW.pk, NEW.name, NEW.organisation, NEW.emails, NEW.phones);"
  "END;"

  "DROP TRIGGER cases_fts_ai;"
  "CREATE TRIGGER " CASES_FTS_AI ";"
  "DROP TRIGGER cases_fts_ad;"
  "CREATE TRIGGER cases_fts_ad AFTER DELETE ON cases"
  "  WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'bulk_load')"
  "    AND NOT EXISTS (SELECT 1 FROM fts_pending WHERE source = 'cases' AND pk = OLD.pk) BEGIN"
  "  INSERT INTO case_fts (case_fts, rowid, subject, description)"
  "    VALUES ('delete', OLD.pk, OLD.subject, OLD.description);"
  "END;"
  "DROP TRIGGER cases_fts_au;"
  "CREATE TRIGGER cases_fts_au AFTER UPDATE OF subject, description ON cases"
  "  WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'bulk_load')"
  "    AND (OLD.subject IS NOT NEW.subject OR OLD.description IS NOT NEW.description)"
  "    AND NOT EXISTS (SELECT 1 FROM fts_pending WHERE source = 'cases' AND pk = OLD.pk) BEGIN"
  "  INSERT INTO case_fts (case_fts, rowid, subject, description)"
  "    VALUES ('delete', OLD.pk, OLD.subject, OLD.description);"
  "  INSERT INTO case_fts (rowid, subject, description)"
  "    VALUES (NEW.pk, NEW.subject, NEW.description);"
  "END;"

  "DROP TRIGGER interactions_fts_ai;"
  "CREATE TRIGGER " INTERACTIONS_FTS_AI ";"
  "DROP TRIGGER interactions_fts_ad;"
  "CREATE TRIGGER interactions_fts_ad AFTER DELETE ON interactions"
  "  WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'bulk_load')"
  "    AND NOT EXISTS (SELECT 1 FROM fts_pending WHERE source = 'interactions' AND pk = OLD.pk) BEGIN"
  "  INSERT INTO interaction_fts (interaction_fts, rowid, body)"
  "    VALUES ('delete', OLD.pk, OLD.body);"
  "END;"
  "DROP TRIGGER interactions_fts_au;"
  "CREATE TRIGGER interactions_fts_au AFTER UPDATE OF body ON interactions"
  "  WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'bulk_load') AND OLD.body IS NOT NEW.body"
  "    AND NOT EXISTS (SELECT 1 FROM fts_pending WHERE source = 'interactions' AND pk = OLD.pk) BEGIN"
  "  INSERT INTO interaction_fts (interaction_fts, rowid, body)"
  "    VALUES ('delete', OLD.pk, OLD.body);"
  "  INSERT INTO interaction_fts (rowid, body) VALUES (NEW.pk, NEW.body);"
  "END;";

/* 5: what only a desktop's local copy uses. The server's database has these
 * tables too, empty, for the same reason as migration 3.
 * - sync_state: what the sync engine remembers between runs, as key/value: a
 *   type's JMAP state ("state:Case"), an initial sync's position, the server's
 *   address, the login, the desktop's client id and its mutation counter;
 * - sync_seen: the ids a full (re)sync of a type has seen, so that records the
 *   server no longer has can be swept at its end;
 * - outbox: local changes not yet acknowledged by the server, in the order they
 *   were made; base_modseq is the record's modseq the change was made on, for
 *   telling a concurrent edit on the server from our own;
 * - conflicts: changes the server refused, with both versions, for a person to
 *   resolve. */
static const char migration_5[] =
  "CREATE TABLE sync_state ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT"
  ") WITHOUT ROWID;"

  "CREATE TABLE sync_seen ("
  "  type TEXT NOT NULL,"
  "  id TEXT NOT NULL,"
  "  PRIMARY KEY (type, id)"
  ") WITHOUT ROWID;"

  "CREATE TABLE outbox ("
  "  seq INTEGER PRIMARY KEY,"
  "  mutation_id INTEGER NOT NULL,"
  "  type TEXT NOT NULL,"
  "  op TEXT NOT NULL CHECK (op IN ('create', 'update', 'destroy')),"
  "  record_id TEXT NOT NULL,"
  "  payload TEXT,"
  "  base_modseq INTEGER NOT NULL DEFAULT 0,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX outbox_by_record ON outbox (record_id, seq);"

  "CREATE TABLE conflicts ("
  "  seq INTEGER PRIMARY KEY,"
  "  type TEXT NOT NULL,"
  "  record_id TEXT NOT NULL,"
  "  op TEXT NOT NULL,"
  "  reason TEXT NOT NULL,"
  "  local TEXT,"
  "  server TEXT,"
  "  at INTEGER NOT NULL"
  ");"
  "CREATE INDEX conflicts_by_record ON conflicts (record_id);";

/* A desktop's first sync copies the cases that are active or were touched in
 * the last days (see fl_store_query_where_in_scope()); the second half of that
 * needs cases by their last change. */
static const char migration_6[] =
  "CREATE INDEX cases_by_update ON cases (updated_at);";

/* An agent's own queue ("My cases"), in the team queue's order: its first page
 * and its count are read off the index instead of sorting the agent's open
 * cases or walking the whole team queue for them. */
static const char migration_7[] =
  "CREATE INDEX cases_active_by_assignee ON cases"
  " (assignee_id, priority_rank DESC, coalesce (sla_due_at, 9223372036854775807), created_at, id)"
  " WHERE status IN ('new', 'open', 'pending', 'escalated');";

/* The console's Customers and Known flaws lists, in name and title order: a
 * page deep in them is read off the index instead of sorting every customer
 * (at 95,000 customers a page took 180–290 ms, and it grows with the table). */
static const char migration_8[] =
  "CREATE INDEX customers_by_name ON customers (name, id);"
  "CREATE INDEX flaws_by_title ON flaws (title, id);";

/* 9: the idempotency ledger (see migration 3) becomes a table in the order
 * the calls came, with (client_id, mutation_id) in an index of its own. Keyed
 * by them, a stored response (a kilobyte or two: it holds the records
 * created) went into the middle of the table, into its desktop's part, where
 * a page holds two of them: nearly every call split a page, dirtying three
 * leaves and their parent. That was 133 of the 361 pages the commit of a
 * group of 26 two-call requests wrote to the log, more than the cases,
 * notes, indexes and search index together. Now the responses are appended
 * at the table's end and only the small index entries go to each desktop's
 * part of the index. Same lookups, same refusal of a second (client_id,
 * mutation_id). */
static const char migration_9[] =
  "CREATE TABLE mutations_by_seq ("
  "  seq INTEGER PRIMARY KEY,"
  "  client_id TEXT NOT NULL,"
  "  mutation_id INTEGER NOT NULL,"
  "  method TEXT NOT NULL,"
  "  response TEXT NOT NULL,"
  "  at INTEGER NOT NULL,"
  "  UNIQUE (client_id, mutation_id)"
  ");"
  "INSERT INTO mutations_by_seq (client_id, mutation_id, method, response, at)"
  "  SELECT client_id, mutation_id, method, response, at FROM mutations ORDER BY at;"
  "DROP TABLE mutations;"
  "ALTER TABLE mutations_by_seq RENAME TO mutations;";

/* The secondary indexes of the current schema, "name ON table (columns)". A bulk
 * load drops them and builds them again at its end: one sort beats a million
 * inserts at random pages. Keep this in step with the migrations; a test
 * compares it with what the migrations create. */
static const char * const secondary_indexes[] = {
  "products_by_sku ON products (sku)",
  "customers_by_name ON customers (name, id)",
  "customer_keys_by_customer ON customer_keys (customer_pk, key)",
  "ownerships_by_customer ON ownerships (customer_id)",
  "ownerships_by_product ON ownerships (product_id)",
  "flaws_by_product ON flaws (product_id)",
  "flaws_by_title ON flaws (title, id)",
  "cases_by_customer ON cases (customer_id, created_at, id)",
  "cases_by_assignee ON cases (assignee_id, status)",
  "cases_by_status ON cases (status, tier)",
  "cases_by_update ON cases (updated_at)",
  "cases_active_queue ON cases"
  " (priority_rank DESC, coalesce (sla_due_at, 9223372036854775807), created_at, id)"
  " WHERE status IN ('new', 'open', 'pending', 'escalated')",
  "cases_active_by_assignee ON cases"
  " (assignee_id, priority_rank DESC, coalesce (sla_due_at, 9223372036854775807), created_at, id)"
  " WHERE status IN ('new', 'open', 'pending', 'escalated')",
  "case_flaws_by_flaw ON case_flaws (flaw_id)",
  "interactions_by_customer ON interactions (customer_id, at, id)",
  "interactions_by_case ON interactions (case_id, at)",
  "offer_outcomes_by_customer ON offer_outcomes (customer_id, at, id)",
  "offer_outcomes_by_case ON offer_outcomes (case_id)",
  "sessions_by_agent ON sessions (agent_id)",
  "audit_log_by_record ON audit_log (record_id, seq)",
  "audit_log_by_agent ON audit_log (agent_id, seq)",
  "outbox_by_record ON outbox (record_id, seq)",
  "conflicts_by_record ON conflicts (record_id)",
};

const char * const *
_fl_store_get_secondary_indexes (guint *n_indexes)
{
  *n_indexes = G_N_ELEMENTS (secondary_indexes);
  return secondary_indexes;
}

/* The triggers above; see fl_store_begin_bulk_load(). */
static const char * const fts_insert_triggers[] = {
  CUSTOMERS_FTS_AI,
  CASES_FTS_AI,
  INTERACTIONS_FTS_AI,
  FLAWS_FTS_AI,
};

const char * const *
_fl_store_get_fts_insert_triggers (guint *n_triggers)
{
  *n_triggers = G_N_ELEMENTS (fts_insert_triggers);
  return fts_insert_triggers;
}

static const char * const migrations[] = {
  migration_1,
  migration_2,
  migration_3,
  migration_4,
  migration_5,
  migration_6,
  migration_7,
  migration_8,
  migration_9,
};

const char * const *
_fl_store_get_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}

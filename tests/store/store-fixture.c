/* store-fixture.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Temporary stores and record builders for the store tests.
 */
#include "config.h"

#include "fl-test-util.h"

#include <glib/gstdio.h>

#include "store-fixture.h"

gint64
test_time (double days)
{
  return G_GINT64_CONSTANT (1735689600) * G_USEC_PER_SEC + (gint64) (days * FL_USEC_PER_DAY);
}

void
store_fixture_setup (StoreFixture  *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("frontline-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "store.db", NULL);
  fixture->store = fl_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

void
store_fixture_teardown (StoreFixture  *fixture,
                        gconstpointer  data)
{
  if (fixture->store != NULL)
    g_assert_finalize_object (fixture->store);
  fl_test_remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

void
store_fixture_reopen (StoreFixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_finalize_object (fixture->store);
  fixture->store = fl_store_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
put_or_fail (FlStore  *store,
             gpointer  entity)
{
  g_autoptr(GError) error = NULL;

  fl_store_put (store, FL_ENTITY (entity), FL_STORE_PUT_ASSIGN_MODSEQ, &error);
  g_assert_no_error (error);
}

FlAgent *
make_agent (FlStore     *store,
            const char  *login,
            FlAgentRole  role)
{
  FlAgent *agent = fl_agent_new ();
  g_autofree char *name = g_strdup_printf ("Agent %s", login);

  fl_agent_set_login (agent, login);
  fl_agent_set_display_name (agent, name);
  fl_agent_set_alias (agent, "Sam");
  fl_agent_set_role (agent, role);
  put_or_fail (store, agent);
  return agent;
}

FlProduct *
make_product (FlStore    *store,
              const char *name,
              const char *line,
              const char *version)
{
  FlProduct *product = fl_product_new ();
  g_autofree char *sku = g_strdup_printf ("SKU-%s", name);

  fl_product_set_sku (product, sku);
  fl_product_set_name (product, name);
  fl_product_set_line (product, line);
  fl_product_set_version (product, version);
  fl_product_set_price_cents (product, 19900);
  put_or_fail (store, product);
  return product;
}

FlCustomer *
make_customer (FlStore    *store,
               const char *name,
               const char *email,
               const char *phone)
{
  FlCustomer *customer = fl_customer_new ();
  const char *emails[] = { email, NULL };
  const char *phones[] = { phone, NULL };

  fl_customer_set_name (customer, name);
  if (email != NULL)
    fl_customer_set_emails (customer, emails);
  if (phone != NULL)
    fl_customer_set_phones (customer, phones);
  put_or_fail (store, customer);
  return customer;
}

FlCase *
make_case (FlStore    *store,
           FlCustomer *customer,
           FlProduct  *product,
           const char *version,
           const char *subject,
           gint64      created_at)
{
  FlCase *the_case = fl_case_new ();

  fl_case_set_customer_id (the_case, fl_entity_get_id (FL_ENTITY (customer)));
  if (product != NULL)
    fl_case_set_product_id (the_case, fl_entity_get_id (FL_ENTITY (product)));
  fl_case_set_product_version (the_case, version);
  fl_case_set_subject (the_case, subject);
  fl_entity_set_created_at (FL_ENTITY (the_case), created_at);
  put_or_fail (store, the_case);
  return the_case;
}

FlInteraction *
make_interaction (FlStore           *store,
                  FlCase            *the_case,
                  FlInteractionKind  kind,
                  const char        *body,
                  gint64             at)
{
  FlInteraction *interaction = fl_interaction_new ();

  fl_interaction_set_case_id (interaction, fl_entity_get_id (FL_ENTITY (the_case)));
  fl_interaction_set_kind (interaction, kind);
  fl_interaction_set_body (interaction, body);
  fl_interaction_set_at (interaction, at);
  put_or_fail (store, interaction);
  return interaction;
}

FlFlaw *
make_flaw (FlStore            *store,
           FlProduct          *product,
           const char         *title,
           const char         *symptoms,
           const char * const *versions,
           FlFlawStatus        status)
{
  FlFlaw *flaw = fl_flaw_new ();

  fl_flaw_set_product_id (flaw, fl_entity_get_id (FL_ENTITY (product)));
  fl_flaw_set_title (flaw, title);
  fl_flaw_set_symptoms (flaw, symptoms);
  fl_flaw_set_affected_versions (flaw, versions);
  fl_flaw_set_status (flaw, status);
  put_or_fail (store, flaw);
  return flaw;
}

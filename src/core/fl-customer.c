/* fl-customer.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlCustomer: Someone we support: a person, possibly at an organisation, with the ways to reach them.
 */
#define G_LOG_DOMAIN "Frontline-Core"

#include "config.h"

#include <string.h>

#include "fl-core-error.h"
#include "fl-core-error-private.h"

#include "fl-enum-types.h"
#include "fl-customer.h"

struct _FlCustomer
{
  FlEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (FlCustomer, fl_customer, FL_TYPE_ENTITY)

/* Indexed by FlCustomerField minus FL_ENTITY_N_BASE_FIELDS. */
static const FlFieldInfo customer_fields[] = {
  /* Full name as the customer gives it */
  { "name", FL_FIELD_TEXT, FL_FIELD_REQUIRED, 200 },
  { "organisation", FL_FIELD_TEXT, FL_FIELD_NONE, 200 },
  { "emails", FL_FIELD_TEXT_LIST, FL_FIELD_NONE, 320 },
  /* As typed; the store indexes the digits for caller-ID lookup */
  { "phones", FL_FIELD_TEXT_LIST, FL_FIELD_NONE, 40 },
  /* Support plan name, e.g. "Care+" */
  { "plan", FL_FIELD_TEXT, FL_FIELD_NONE, 60 },
  { "notes", FL_FIELD_TEXT, FL_FIELD_NONE, 20000 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (customer_fields) == FL_CUSTOMER_N_FIELDS - FL_ENTITY_N_BASE_FIELDS);

/* Loose on purpose: the goal is to catch a phone typed into the e-mail box, not to
 * second-guess RFC 5322. */
static gboolean
looks_like_email (const char *text)
{
  const char *at = strchr (text, '@');

  return at != NULL && at != text && at[1] != '\0' && strchr (at + 1, '@') == NULL
         && strpbrk (text, " \t\r\n<>,;") == NULL;
}

static gboolean
looks_like_phone (const char *text)
{
  guint digits = 0;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (strchr (" +-().x/", *p) == NULL)
        return FALSE;
    }
  return digits >= 3;
}

static gboolean
fl_customer_validate (FlEntity  *entity,
                      GError   **error)
{
  FlCustomer *self = FL_CUSTOMER (entity);
  const char * const *emails = fl_customer_get_emails (self);
  const char * const *phones = fl_customer_get_phones (self);

  for (guint i = 0; emails[i] != NULL; i++)
    if (!looks_like_email (emails[i]))
      {
        g_autofree char *quoted = _fl_core_error_quote (emails[i], 60);

        g_set_error (error, FL_CORE_ERROR, FL_CORE_ERROR_INVALID,
                     "Customer.emails: “%s” is not an e-mail address", quoted);
        return FALSE;
      }

  for (guint i = 0; phones[i] != NULL; i++)
    if (!looks_like_phone (phones[i]))
      {
        g_autofree char *quoted = _fl_core_error_quote (phones[i], 60);

        g_set_error (error, FL_CORE_ERROR, FL_CORE_ERROR_INVALID,
                     "Customer.phones: “%s” is not a phone number", quoted);
        return FALSE;
      }

  return TRUE;
}

static void
fl_customer_class_init (FlCustomerClass *klass)
{
  FL_ENTITY_CLASS (klass)->validate = fl_customer_validate;

  fl_entity_class_install_fields (FL_ENTITY_CLASS (klass), "Customer", "customers",
                                  customer_fields, G_N_ELEMENTS (customer_fields));
}

static void
fl_customer_init (FlCustomer *self)
{
}

FlCustomer *
fl_customer_new (void)
{
  return g_object_new (FL_TYPE_CUSTOMER, NULL);
}

const char *
fl_customer_get_name (FlCustomer *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_CUSTOMER_FIELD_NAME);
}

void
fl_customer_set_name (FlCustomer      *self,
                     const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_CUSTOMER_FIELD_NAME, value);
}

const char *
fl_customer_get_organisation (FlCustomer *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_CUSTOMER_FIELD_ORGANISATION);
}

void
fl_customer_set_organisation (FlCustomer      *self,
                             const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_CUSTOMER_FIELD_ORGANISATION, value);
}

const char * const *
fl_customer_get_emails (FlCustomer *self)
{
  return fl_entity_get_list (FL_ENTITY (self), FL_CUSTOMER_FIELD_EMAILS);
}

void
fl_customer_set_emails (FlCustomer              *self,
                       const char * const *value)
{
  fl_entity_set_list (FL_ENTITY (self), FL_CUSTOMER_FIELD_EMAILS, value);
}

const char * const *
fl_customer_get_phones (FlCustomer *self)
{
  return fl_entity_get_list (FL_ENTITY (self), FL_CUSTOMER_FIELD_PHONES);
}

void
fl_customer_set_phones (FlCustomer              *self,
                       const char * const *value)
{
  fl_entity_set_list (FL_ENTITY (self), FL_CUSTOMER_FIELD_PHONES, value);
}

const char *
fl_customer_get_plan (FlCustomer *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_CUSTOMER_FIELD_PLAN);
}

void
fl_customer_set_plan (FlCustomer      *self,
                     const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_CUSTOMER_FIELD_PLAN, value);
}

const char *
fl_customer_get_notes (FlCustomer *self)
{
  return fl_entity_get_text (FL_ENTITY (self), FL_CUSTOMER_FIELD_NOTES);
}

void
fl_customer_set_notes (FlCustomer      *self,
                      const char *value)
{
  fl_entity_set_text (FL_ENTITY (self), FL_CUSTOMER_FIELD_NOTES, value);
}

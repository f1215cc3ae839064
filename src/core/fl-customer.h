/* fl-customer.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlCustomer: Someone we support: a person, possibly at an organisation, with the ways to reach them.
 * Typed accessors over the field table in fl-customer.c; see fl-entity.h.
 */
#pragma once

#include "fl-entity.h"
#include "fl-enums.h"

G_BEGIN_DECLS

#define FL_TYPE_CUSTOMER (fl_customer_get_type ())
G_DECLARE_FINAL_TYPE (FlCustomer, fl_customer, FL, CUSTOMER, FlEntity)

typedef enum
{
  FL_CUSTOMER_FIELD_NAME = FL_ENTITY_N_BASE_FIELDS,
  FL_CUSTOMER_FIELD_ORGANISATION,
  FL_CUSTOMER_FIELD_EMAILS,
  FL_CUSTOMER_FIELD_PHONES,
  FL_CUSTOMER_FIELD_PLAN,
  FL_CUSTOMER_FIELD_NOTES,
  FL_CUSTOMER_N_FIELDS
} FlCustomerField;

FlCustomer          *fl_customer_new              (void);
const char          *fl_customer_get_name         (FlCustomer *self);
void                 fl_customer_set_name         (FlCustomer *self, const char *value);
const char          *fl_customer_get_organisation (FlCustomer *self);
void                 fl_customer_set_organisation (FlCustomer *self, const char *value);
const char * const  *fl_customer_get_emails       (FlCustomer *self);
void                 fl_customer_set_emails       (FlCustomer *self, const char * const *value);
const char * const  *fl_customer_get_phones       (FlCustomer *self);
void                 fl_customer_set_phones       (FlCustomer *self, const char * const *value);
const char          *fl_customer_get_plan         (FlCustomer *self);
void                 fl_customer_set_plan         (FlCustomer *self, const char *value);
const char          *fl_customer_get_notes        (FlCustomer *self);
void                 fl_customer_set_notes        (FlCustomer *self, const char *value);

G_END_DECLS

/* fl-field.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each entity type describes its fields once, in a table of FlFieldInfo. From that one
 * table come its GObject properties, its JSON codec, its validation and the column
 * mapping of the store, so the four can never disagree about a field.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  FL_FIELD_TEXT,       /* UTF-8 text; max_len counts characters */
  FL_FIELD_ID,         /* a record id (UUID), usually a reference to another record */
  FL_FIELD_INT,        /* a signed 64-bit integer (money is in cents) */
  FL_FIELD_BOOL,
  FL_FIELD_ENUM,       /* one of a registered GEnum; JSON carries the nick */
  FL_FIELD_TIMESTAMP,  /* microseconds since the epoch, 0 = unset; JSON carries UTCDate */
  FL_FIELD_TEXT_LIST,  /* array of text; max_len applies to each item */
  FL_FIELD_ID_LIST,    /* array of record ids */
} FlFieldKind;

typedef enum
{
  FL_FIELD_NONE       = 0,
  FL_FIELD_REQUIRED   = 1 << 0,  /* must be present and not empty on create */
  FL_FIELD_SERVER_SET = 1 << 1,  /* assigned by the server; clients may not write it */
  FL_FIELD_IMMUTABLE  = 1 << 2,  /* set on create, never changed by an update */
} FlFieldFlags;

/* Longest list a list field accepts; longer is a validation error, not a truncation. */
#define FL_FIELD_MAX_LIST_ITEMS 64

typedef struct
{
  const char    *name;           /* snake_case: SQL column, and source of the other names */
  FlFieldKind    kind;
  FlFieldFlags   flags;
  guint          max_len;        /* text: characters; 0 means the default of 1000 */
  GType        (*enum_type) (void);
  int            default_value;  /* enums and bools: the value a new record starts with */

  /* Filled in by fl_entity_class_install_fields(); not to be set by hand. */
  const char    *json_name;      /* camelCase, as in JMAP: "customerId" */
  const char    *property_name;  /* kebab-case GObject property: "customer-id" */
} FlFieldInfo;

G_END_DECLS

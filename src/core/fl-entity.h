/* fl-entity.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FlEntity is the base of every record of the data model (Customer, Case, Flaw…).
 * It owns the fields every record has — a client-assignable UUID id, the server's
 * modseq, created/updated times — and stores the fields each subclass declares in its
 * FlFieldInfo table, exposing them as GObject properties.
 */
#pragma once

#include <glib-object.h>

#include "fl-field.h"

G_BEGIN_DECLS

#define FL_TYPE_ENTITY (fl_entity_get_type ())
G_DECLARE_DERIVABLE_TYPE (FlEntity, fl_entity, FL, ENTITY, GObject)

/* The fields every record has, at the front of every class's field table. */
enum
{
  FL_ENTITY_FIELD_ID,
  FL_ENTITY_FIELD_MODSEQ,
  FL_ENTITY_FIELD_CREATED_AT,
  FL_ENTITY_FIELD_UPDATED_AT,
  FL_ENTITY_N_BASE_FIELDS
};

struct _FlEntityClass
{
  GObjectClass parent_class;

  /*< private >*/
  const char        *type_name;  /* the JMAP type name: "Case" */
  const char        *table_name; /* the store's table: "cases" */
  FlFieldInfo       *fields;     /* base fields first, then the subclass's own */
  guint              n_fields;

  /* Rules across fields or on a field's shape (an e-mail needs an @); called by
   * fl_entity_validate() after every field passed its own checks. */
  gboolean         (*validate)   (FlEntity  *self,
                                  GError   **error);

  gpointer           padding[8];
};

void                fl_entity_class_install_fields (FlEntityClass     *klass,
                                                    const char        *type_name,
                                                    const char        *table_name,
                                                    const FlFieldInfo *fields,
                                                    guint              n_fields);
const FlFieldInfo  *fl_entity_class_get_fields     (FlEntityClass     *klass,
                                                    guint             *n_fields);
int                 fl_entity_class_find_field     (FlEntityClass     *klass,
                                                    const char        *json_name);
const char         *fl_entity_class_get_type_name  (FlEntityClass     *klass);
const char         *fl_entity_class_get_table_name (FlEntityClass     *klass);

const char         *fl_entity_get_type_name        (FlEntity          *self);
const char         *fl_entity_get_id               (FlEntity          *self);
void                fl_entity_set_id               (FlEntity          *self,
                                                    const char        *id);
gint64              fl_entity_get_modseq           (FlEntity          *self);
void                fl_entity_set_modseq           (FlEntity          *self,
                                                    gint64             modseq);
gint64              fl_entity_get_created_at       (FlEntity          *self);
void                fl_entity_set_created_at       (FlEntity          *self,
                                                    gint64             created_at);
gint64              fl_entity_get_updated_at       (FlEntity          *self);
void                fl_entity_set_updated_at       (FlEntity          *self,
                                                    gint64             updated_at);

/* Field access by index into the class's field table, for generic code (codec, store).
 * Typed code uses the subclass accessors, e.g. fl_case_get_subject(). */
const char         *fl_entity_get_text             (FlEntity          *self,
                                                    guint              field);
void                fl_entity_set_text             (FlEntity          *self,
                                                    guint              field,
                                                    const char        *value);
gint64              fl_entity_get_int              (FlEntity          *self,
                                                    guint              field);
void                fl_entity_set_int              (FlEntity          *self,
                                                    guint              field,
                                                    gint64             value);
const char * const *fl_entity_get_list             (FlEntity          *self,
                                                    guint              field);
void                fl_entity_set_list             (FlEntity          *self,
                                                    guint              field,
                                                    const char * const *items);
void                fl_entity_append_to_list       (FlEntity          *self,
                                                    guint              field,
                                                    const char        *item);
gboolean            fl_entity_field_is_set         (FlEntity          *self,
                                                    guint              field);

gboolean            fl_entity_validate             (FlEntity          *self,
                                                    GError           **error);
gboolean            fl_entity_validate_field       (FlEntity          *self,
                                                    guint              field,
                                                    GError           **error);
FlEntity           *fl_entity_copy                 (FlEntity          *self);
gboolean            fl_entity_equal                (FlEntity          *a,
                                                    FlEntity          *b);

FlEntity           *fl_entity_new                  (GType              type);

gboolean            fl_is_valid_id                 (const char        *id);
char               *fl_id_new                      (void);

G_END_DECLS

/* fl-entity.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Field storage, properties and validation shared by every record type. Values live
 * in a small array of unions indexed like the class's field table, which keeps a
 * record compact (the store builds millions of them during an import) and lets the
 * codec and the store walk any record without knowing its type.
 */
#define G_LOG_DOMAIN "Frontline-Core"

#include "config.h"

#include <string.h>

#include "fl-core-error.h"
#include "fl-core-error-private.h"
#include "fl-entity.h"
#include "fl-timestamp.h"

typedef union
{
  char   *text;   /* TEXT, ID */
  gint64  number; /* INT, BOOL, ENUM, TIMESTAMP */
  char  **list;   /* TEXT_LIST, ID_LIST; NULL means empty */
} FlValue;

typedef struct
{
  FlValue *values;
} FlEntityPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (FlEntity, fl_entity, G_TYPE_OBJECT)

static guint notify_signal_id;

#define DEFAULT_MAX_TEXT 1000

static const FlFieldInfo base_fields[FL_ENTITY_N_BASE_FIELDS] = {
  [FL_ENTITY_FIELD_ID]         = { "id", FL_FIELD_ID, FL_FIELD_REQUIRED | FL_FIELD_IMMUTABLE },
  [FL_ENTITY_FIELD_MODSEQ]     = { "modseq", FL_FIELD_INT, FL_FIELD_SERVER_SET },
  [FL_ENTITY_FIELD_CREATED_AT] = { "created_at", FL_FIELD_TIMESTAMP, FL_FIELD_SERVER_SET },
  [FL_ENTITY_FIELD_UPDATED_AT] = { "updated_at", FL_FIELD_TIMESTAMP, FL_FIELD_SERVER_SET },
};

static inline gboolean
kind_is_text (FlFieldKind kind)
{
  return kind == FL_FIELD_TEXT || kind == FL_FIELD_ID;
}

static inline gboolean
kind_is_list (FlFieldKind kind)
{
  return kind == FL_FIELD_TEXT_LIST || kind == FL_FIELD_ID_LIST;
}

static inline const FlFieldInfo *
entity_field (FlEntity *self,
              guint     field)
{
  FlEntityClass *klass = FL_ENTITY_GET_CLASS (self);

  g_assert (field < klass->n_fields);
  return &klass->fields[field];
}

static inline FlValue *
entity_value (FlEntity *self,
              guint     field)
{
  FlEntityPrivate *priv = fl_entity_get_instance_private (self);

  g_assert (priv->values != NULL);
  g_assert (field < FL_ENTITY_GET_CLASS (self)->n_fields);
  return &priv->values[field];
}

/* "customer_id" -> "customerId" (JSON, as in JMAP) */
static char *
snake_to_camel (const char *snake)
{
  GString *out = g_string_new (NULL);
  gboolean upper_next = FALSE;

  for (const char *p = snake; *p; p++)
    {
      if (*p == '_')
        upper_next = TRUE;
      else
        {
          g_string_append_c (out, upper_next ? g_ascii_toupper (*p) : *p);
          upper_next = FALSE;
        }
    }
  return g_string_free (out, FALSE);
}

static void
fl_entity_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FlEntity *self = FL_ENTITY (object);
  guint field = prop_id - 1;
  const FlFieldInfo *info = entity_field (self, field);
  FlValue *v = entity_value (self, field);

  switch (info->kind)
    {
    case FL_FIELD_TEXT:
    case FL_FIELD_ID:
      g_value_set_string (value, v->text);
      break;
    case FL_FIELD_INT:
    case FL_FIELD_TIMESTAMP:
      g_value_set_int64 (value, v->number);
      break;
    case FL_FIELD_BOOL:
      g_value_set_boolean (value, v->number != 0);
      break;
    case FL_FIELD_ENUM:
      g_value_set_enum (value, (int) v->number);
      break;
    case FL_FIELD_TEXT_LIST:
    case FL_FIELD_ID_LIST:
      g_value_set_boxed (value, v->list);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_entity_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  FlEntity *self = FL_ENTITY (object);
  guint field = prop_id - 1;
  const FlFieldInfo *info = entity_field (self, field);

  switch (info->kind)
    {
    case FL_FIELD_TEXT:
    case FL_FIELD_ID:
      fl_entity_set_text (self, field, g_value_get_string (value));
      break;
    case FL_FIELD_INT:
    case FL_FIELD_TIMESTAMP:
      fl_entity_set_int (self, field, g_value_get_int64 (value));
      break;
    case FL_FIELD_BOOL:
      fl_entity_set_int (self, field, g_value_get_boolean (value));
      break;
    case FL_FIELD_ENUM:
      fl_entity_set_int (self, field, g_value_get_enum (value));
      break;
    case FL_FIELD_TEXT_LIST:
    case FL_FIELD_ID_LIST:
      fl_entity_set_list (self, field, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_entity_constructed (GObject *object)
{
  FlEntity *self = FL_ENTITY (object);
  FlEntityPrivate *priv = fl_entity_get_instance_private (self);
  FlEntityClass *klass = FL_ENTITY_GET_CLASS (self);
  gint64 now = fl_timestamp_now ();

  G_OBJECT_CLASS (fl_entity_parent_class)->constructed (object);

  /* The values array is sized by the concrete class, which is only known for
   * certain once construction reaches here (instance_init sees each parent class
   * in turn). No property is construct-time, so nothing was set before this. */
  g_assert (klass->fields != NULL);
  priv->values = g_new0 (FlValue, klass->n_fields);

  for (guint i = 0; i < klass->n_fields; i++)
    {
      const FlFieldInfo *info = &klass->fields[i];

      if (info->kind == FL_FIELD_ENUM || info->kind == FL_FIELD_BOOL)
        priv->values[i].number = info->default_value;
    }

  /* Records are born with their identity: clients create records offline, so the id
   * must never wait for a server. */
  priv->values[FL_ENTITY_FIELD_ID].text = fl_id_new ();
  priv->values[FL_ENTITY_FIELD_CREATED_AT].number = now;
  priv->values[FL_ENTITY_FIELD_UPDATED_AT].number = now;
}

static void
fl_entity_finalize (GObject *object)
{
  FlEntity *self = FL_ENTITY (object);
  FlEntityPrivate *priv = fl_entity_get_instance_private (self);
  FlEntityClass *klass = FL_ENTITY_GET_CLASS (self);

  if (priv->values != NULL)
    {
      for (guint i = 0; i < klass->n_fields; i++)
        {
          if (kind_is_text (klass->fields[i].kind))
            g_free (priv->values[i].text);
          else if (kind_is_list (klass->fields[i].kind))
            g_strfreev (priv->values[i].list);
        }
      g_clear_pointer (&priv->values, g_free);
    }

  G_OBJECT_CLASS (fl_entity_parent_class)->finalize (object);
}

static void
fl_entity_class_init (FlEntityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = fl_entity_constructed;
  object_class->finalize = fl_entity_finalize;
  object_class->get_property = fl_entity_get_property;
  object_class->set_property = fl_entity_set_property;

  notify_signal_id = g_signal_lookup ("notify", G_TYPE_OBJECT);
}

static void
fl_entity_init (FlEntity *self)
{
}

static GParamSpec *
param_spec_for_field (const FlFieldInfo *info)
{
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  switch (info->kind)
    {
    case FL_FIELD_TEXT:
    case FL_FIELD_ID:
      return g_param_spec_string (info->property_name, NULL, NULL, NULL, flags);
    case FL_FIELD_INT:
    case FL_FIELD_TIMESTAMP:
      return g_param_spec_int64 (info->property_name, NULL, NULL,
                                 G_MININT64, G_MAXINT64, 0, flags);
    case FL_FIELD_BOOL:
      return g_param_spec_boolean (info->property_name, NULL, NULL,
                                   info->default_value != 0, flags);
    case FL_FIELD_ENUM:
      return g_param_spec_enum (info->property_name, NULL, NULL,
                                info->enum_type (), info->default_value, flags);
    case FL_FIELD_TEXT_LIST:
    case FL_FIELD_ID_LIST:
      return g_param_spec_boxed (info->property_name, NULL, NULL, G_TYPE_STRV, flags);
    default:
      g_assert_not_reached ();
    }
}

/**
 * fl_entity_class_install_fields:
 * @klass: a subclass's class, from its class_init
 * @type_name: the JMAP type name ("Case")
 * @table_name: the store table ("cases")
 * @fields: the subclass's own fields, in the order of its field enum
 * @n_fields: how many
 *
 * Builds the class's full field table (base fields first) and installs one
 * GObject property per field, whose id is the field's index plus one.
 */
void
fl_entity_class_install_fields (FlEntityClass     *klass,
                                const char        *type_name,
                                const char        *table_name,
                                const FlFieldInfo *fields,
                                guint              n_fields)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  guint total = FL_ENTITY_N_BASE_FIELDS + n_fields;

  g_return_if_fail (FL_IS_ENTITY_CLASS (klass));
  g_return_if_fail (klass->fields == NULL);

  /* GObject does not inherit get/set_property: each class that installs
   * properties must name its own accessors. Every record's are the generic ones. */
  object_class->get_property = fl_entity_get_property;
  object_class->set_property = fl_entity_set_property;

  klass->type_name = g_intern_string (type_name);
  klass->table_name = g_intern_string (table_name);
  klass->n_fields = total;
  /* Lives as long as the class, i.e. for the life of the process. */
  klass->fields = g_new0 (FlFieldInfo, total);
  memcpy (klass->fields, base_fields, sizeof base_fields);
  memcpy (klass->fields + FL_ENTITY_N_BASE_FIELDS, fields, n_fields * sizeof *fields);

  for (guint i = 0; i < total; i++)
    {
      FlFieldInfo *info = &klass->fields[i];
      g_autofree char *camel = snake_to_camel (info->name);
      g_autofree char *kebab = g_strdelimit (g_strdup (info->name), "_", '-');

      info->json_name = g_intern_string (camel);
      info->property_name = g_intern_string (kebab);
      if (info->max_len == 0)
        info->max_len = info->kind == FL_FIELD_ID || info->kind == FL_FIELD_ID_LIST
                        ? 36 : DEFAULT_MAX_TEXT;

      g_object_class_install_property (object_class, i + 1, param_spec_for_field (info));
    }
}

const FlFieldInfo *
fl_entity_class_get_fields (FlEntityClass *klass,
                            guint         *n_fields)
{
  g_return_val_if_fail (FL_IS_ENTITY_CLASS (klass), NULL);

  if (n_fields != NULL)
    *n_fields = klass->n_fields;
  return klass->fields;
}

int
fl_entity_class_find_field (FlEntityClass *klass,
                            const char    *json_name)
{
  g_return_val_if_fail (FL_IS_ENTITY_CLASS (klass), -1);
  g_return_val_if_fail (json_name != NULL, -1);

  for (guint i = 0; i < klass->n_fields; i++)
    if (strcmp (klass->fields[i].json_name, json_name) == 0)
      return i;
  return -1;
}

const char *
fl_entity_class_get_type_name (FlEntityClass *klass)
{
  g_return_val_if_fail (FL_IS_ENTITY_CLASS (klass), NULL);
  return klass->type_name;
}

const char *
fl_entity_class_get_table_name (FlEntityClass *klass)
{
  g_return_val_if_fail (FL_IS_ENTITY_CLASS (klass), NULL);
  return klass->table_name;
}

const char *
fl_entity_get_type_name (FlEntity *self)
{
  g_return_val_if_fail (FL_IS_ENTITY (self), NULL);
  return FL_ENTITY_GET_CLASS (self)->type_name;
}

static void
notify_field (FlEntity *self,
              guint     field)
{
  GParamSpec *pspec;

  /* Records built in bulk by the store or an import have nobody listening;
   * skip the property lookup then. */
  if (!g_signal_has_handler_pending (self, notify_signal_id, 0, TRUE))
    return;

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self),
                                        entity_field (self, field)->property_name);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

const char *
fl_entity_get_text (FlEntity *self,
                    guint     field)
{
  g_return_val_if_fail (FL_IS_ENTITY (self), NULL);
  g_return_val_if_fail (kind_is_text (entity_field (self, field)->kind), NULL);

  return entity_value (self, field)->text;
}

void
fl_entity_set_text (FlEntity   *self,
                    guint       field,
                    const char *value)
{
  FlValue *v;

  g_return_if_fail (FL_IS_ENTITY (self));
  g_return_if_fail (kind_is_text (entity_field (self, field)->kind));

  v = entity_value (self, field);
  if (g_strcmp0 (v->text, value) == 0)
    return;

  g_free (v->text);
  v->text = g_strdup (value);
  notify_field (self, field);
}

gint64
fl_entity_get_int (FlEntity *self,
                   guint     field)
{
  g_return_val_if_fail (FL_IS_ENTITY (self), 0);
  g_return_val_if_fail (!kind_is_text (entity_field (self, field)->kind)
                        && !kind_is_list (entity_field (self, field)->kind), 0);

  return entity_value (self, field)->number;
}

void
fl_entity_set_int (FlEntity *self,
                   guint     field,
                   gint64    value)
{
  FlValue *v;

  g_return_if_fail (FL_IS_ENTITY (self));
  g_return_if_fail (!kind_is_text (entity_field (self, field)->kind)
                    && !kind_is_list (entity_field (self, field)->kind));

  v = entity_value (self, field);
  if (v->number == value)
    return;

  v->number = value;
  notify_field (self, field);
}

/**
 * fl_entity_get_list:
 *
 * Returns: (transfer none) (array zero-terminated=1): the items; never %NULL
 */
const char * const *
fl_entity_get_list (FlEntity *self,
                    guint     field)
{
  static const char * const empty[] = { NULL };
  FlValue *v;

  g_return_val_if_fail (FL_IS_ENTITY (self), empty);
  g_return_val_if_fail (kind_is_list (entity_field (self, field)->kind), empty);

  v = entity_value (self, field);
  return v->list != NULL ? (const char * const *) v->list : empty;
}

void
fl_entity_set_list (FlEntity           *self,
                    guint               field,
                    const char * const *items)
{
  FlValue *v;

  g_return_if_fail (FL_IS_ENTITY (self));
  g_return_if_fail (kind_is_list (entity_field (self, field)->kind));

  v = entity_value (self, field);
  if ((v->list == NULL || v->list[0] == NULL) && (items == NULL || items[0] == NULL))
    return;
  if (v->list != NULL && items != NULL && g_strv_equal ((const char * const *) v->list, items))
    return;

  g_strfreev (v->list);
  v->list = items != NULL && items[0] != NULL ? g_strdupv ((char **) items) : NULL;
  notify_field (self, field);
}

void
fl_entity_append_to_list (FlEntity   *self,
                          guint       field,
                          const char *item)
{
  FlValue *v;
  guint len;

  g_return_if_fail (FL_IS_ENTITY (self));
  g_return_if_fail (kind_is_list (entity_field (self, field)->kind));
  g_return_if_fail (item != NULL);

  v = entity_value (self, field);
  len = v->list != NULL ? g_strv_length (v->list) : 0;
  v->list = g_renew (char *, v->list, len + 2);
  v->list[len] = g_strdup (item);
  v->list[len + 1] = NULL;
  notify_field (self, field);
}

gboolean
fl_entity_field_is_set (FlEntity *self,
                        guint     field)
{
  const FlFieldInfo *info;
  FlValue *v;

  g_return_val_if_fail (FL_IS_ENTITY (self), FALSE);

  info = entity_field (self, field);
  v = entity_value (self, field);

  if (kind_is_text (info->kind))
    return v->text != NULL && v->text[0] != '\0';
  if (kind_is_list (info->kind))
    return v->list != NULL && v->list[0] != NULL;
  if (info->kind == FL_FIELD_TIMESTAMP)
    return v->number != 0;
  return TRUE;
}

const char *
fl_entity_get_id (FlEntity *self)
{
  return fl_entity_get_text (self, FL_ENTITY_FIELD_ID);
}

void
fl_entity_set_id (FlEntity   *self,
                  const char *id)
{
  fl_entity_set_text (self, FL_ENTITY_FIELD_ID, id);
}

gint64
fl_entity_get_modseq (FlEntity *self)
{
  return fl_entity_get_int (self, FL_ENTITY_FIELD_MODSEQ);
}

void
fl_entity_set_modseq (FlEntity *self,
                      gint64    modseq)
{
  fl_entity_set_int (self, FL_ENTITY_FIELD_MODSEQ, modseq);
}

gint64
fl_entity_get_created_at (FlEntity *self)
{
  return fl_entity_get_int (self, FL_ENTITY_FIELD_CREATED_AT);
}

void
fl_entity_set_created_at (FlEntity *self,
                          gint64    created_at)
{
  fl_entity_set_int (self, FL_ENTITY_FIELD_CREATED_AT, created_at);
}

gint64
fl_entity_get_updated_at (FlEntity *self)
{
  return fl_entity_get_int (self, FL_ENTITY_FIELD_UPDATED_AT);
}

void
fl_entity_set_updated_at (FlEntity *self,
                          gint64    updated_at)
{
  fl_entity_set_int (self, FL_ENTITY_FIELD_UPDATED_AT, updated_at);
}

/**
 * fl_id_new:
 *
 * A new record id: a UUID version 7 (RFC 9562), whose first 48 bits are the
 * Unix time in milliseconds and the rest random. Ids made later sort later, so
 * a new record lands at the end of the id index instead of at a random page —
 * which keeps writes and foreign-key checks in cache as tables grow.
 *
 * Returns: (transfer full): the id, in lower case
 */
char *
fl_id_new (void)
{
  static const char hex[] = "0123456789abcdef";
  guint64 ms = (guint64) (g_get_real_time () / 1000);
  guint8 bytes[16];
  char *out = g_malloc (37);
  char *p = out;

  for (guint i = 0; i < 6; i++)
    bytes[i] = (guint8) (ms >> (40 - 8 * i));
  for (guint i = 6; i < 16; i++)
    bytes[i] = (guint8) g_random_int_range (0, 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;  /* version 7 */
  bytes[8] = (bytes[8] & 0x3f) | 0x80;  /* RFC variant */

  for (guint i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        *p++ = '-';
      *p++ = hex[bytes[i] >> 4];
      *p++ = hex[bytes[i] & 0xf];
    }
  *p = '\0';
  return out;
}

/**
 * fl_is_valid_id:
 *
 * Record ids are UUIDs in their canonical lower- or upper-case text form.
 */
gboolean
fl_is_valid_id (const char *id)
{
  return id != NULL && g_uuid_string_is_valid (id);
}

static gboolean
validate_text (const char        *type_name,
               const FlFieldInfo *info,
               const char        *text,
               GError           **error)
{
  if (info->kind == FL_FIELD_ID || info->kind == FL_FIELD_ID_LIST)
    {
      if (!fl_is_valid_id (text))
        {
          g_autofree char *quoted = _fl_core_error_quote (text, 40);

          g_set_error (error, FL_CORE_ERROR, FL_CORE_ERROR_INVALID,
                       "%s.%s: “%s” is not a valid id (a UUID is expected)",
                       type_name, info->json_name, quoted);
          return FALSE;
        }
      return TRUE;
    }

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, FL_CORE_ERROR, FL_CORE_ERROR_INVALID,
                   "%s.%s: the text is not valid UTF-8", type_name, info->json_name);
      return FALSE;
    }

  if (g_utf8_strlen (text, -1) > (glong) info->max_len)
    {
      g_set_error (error, FL_CORE_ERROR, FL_CORE_ERROR_TOO_LONG,
                   "%s.%s: too long (at most %u characters)",
                   type_name, info->json_name, info->max_len);
      return FALSE;
    }

  return TRUE;
}

/**
 * fl_entity_validate_field:
 *
 * Checks one field against its declaration: presence when required, id format,
 * length, list size and enum range. The message names the type and field.
 */
gboolean
fl_entity_validate_field (FlEntity *self,
                          guint     field,
                          GError  **error)
{
  const char *type_name;
  const FlFieldInfo *info;
  FlValue *v;

  g_return_val_if_fail (FL_IS_ENTITY (self), FALSE);

  type_name = fl_entity_get_type_name (self);
  info = entity_field (self, field);
  v = entity_value (self, field);

  if ((info->flags & FL_FIELD_REQUIRED) && !fl_entity_field_is_set (self, field))
    {
      g_set_error (error, FL_CORE_ERROR, FL_CORE_ERROR_MISSING,
                   "%s.%s: is required", type_name, info->json_name);
      return FALSE;
    }

  switch (info->kind)
    {
    case FL_FIELD_TEXT:
    case FL_FIELD_ID:
      return v->text == NULL || validate_text (type_name, info, v->text, error);

    case FL_FIELD_TEXT_LIST:
    case FL_FIELD_ID_LIST:
      if (v->list != NULL && g_strv_length (v->list) > FL_FIELD_MAX_LIST_ITEMS)
        {
          g_set_error (error, FL_CORE_ERROR, FL_CORE_ERROR_TOO_LONG,
                       "%s.%s: too many items (at most %d)",
                       type_name, info->json_name, FL_FIELD_MAX_LIST_ITEMS);
          return FALSE;
        }
      for (guint i = 0; v->list != NULL && v->list[i] != NULL; i++)
        if (!validate_text (type_name, info, v->list[i], error))
          return FALSE;
      return TRUE;

    case FL_FIELD_ENUM:
      {
        g_autoptr(GEnumClass) enum_class = g_type_class_ref (info->enum_type ());

        if (g_enum_get_value (enum_class, (int) v->number) == NULL)
          {
            g_set_error (error, FL_CORE_ERROR, FL_CORE_ERROR_UNKNOWN_VALUE,
                         "%s.%s: %" G_GINT64_FORMAT " is not a known value",
                         type_name, info->json_name, v->number);
            return FALSE;
          }
        return TRUE;
      }

    case FL_FIELD_TIMESTAMP:
      if (v->number < 0 || v->number > FL_TIMESTAMP_MAX)
        {
          g_set_error (error, FL_CORE_ERROR, FL_CORE_ERROR_INVALID,
                       "%s.%s: the date is out of range", type_name, info->json_name);
          return FALSE;
        }
      return TRUE;

    case FL_FIELD_INT:
    case FL_FIELD_BOOL:
    default:
      return TRUE;
    }
}

/**
 * fl_entity_validate:
 *
 * Checks every field; the first problem found is reported.
 */
gboolean
fl_entity_validate (FlEntity *self,
                    GError  **error)
{
  guint n_fields;

  g_return_val_if_fail (FL_IS_ENTITY (self), FALSE);

  fl_entity_class_get_fields (FL_ENTITY_GET_CLASS (self), &n_fields);
  for (guint i = 0; i < n_fields; i++)
    if (!fl_entity_validate_field (self, i, error))
      return FALSE;

  if (FL_ENTITY_GET_CLASS (self)->validate != NULL)
    return FL_ENTITY_GET_CLASS (self)->validate (self, error);

  return TRUE;
}

FlEntity *
fl_entity_new (GType type)
{
  g_return_val_if_fail (g_type_is_a (type, FL_TYPE_ENTITY), NULL);
  g_return_val_if_fail (!G_TYPE_IS_ABSTRACT (type), NULL);

  return g_object_new (type, NULL);
}

/**
 * fl_entity_copy:
 *
 * Returns: (transfer full): a record of the same type with the same values
 */
FlEntity *
fl_entity_copy (FlEntity *self)
{
  FlEntity *copy;
  FlEntityPrivate *src;
  FlEntityPrivate *dst;
  FlEntityClass *klass;

  g_return_val_if_fail (FL_IS_ENTITY (self), NULL);

  klass = FL_ENTITY_GET_CLASS (self);
  copy = fl_entity_new (G_OBJECT_TYPE (self));
  src = fl_entity_get_instance_private (self);
  dst = fl_entity_get_instance_private (copy);

  for (guint i = 0; i < klass->n_fields; i++)
    {
      FlFieldKind kind = klass->fields[i].kind;

      if (kind_is_text (kind))
        {
          g_free (dst->values[i].text);
          dst->values[i].text = g_strdup (src->values[i].text);
        }
      else if (kind_is_list (kind))
        dst->values[i].list = g_strdupv (src->values[i].list);
      else
        dst->values[i].number = src->values[i].number;
    }

  return copy;
}

gboolean
fl_entity_equal (FlEntity *a,
                 FlEntity *b)
{
  FlEntityClass *klass;

  g_return_val_if_fail (FL_IS_ENTITY (a), FALSE);
  g_return_val_if_fail (FL_IS_ENTITY (b), FALSE);

  if (G_OBJECT_TYPE (a) != G_OBJECT_TYPE (b))
    return FALSE;

  klass = FL_ENTITY_GET_CLASS (a);
  for (guint i = 0; i < klass->n_fields; i++)
    {
      FlFieldKind kind = klass->fields[i].kind;

      if (kind_is_text (kind))
        {
          if (g_strcmp0 (fl_entity_get_text (a, i), fl_entity_get_text (b, i)) != 0)
            return FALSE;
        }
      else if (kind_is_list (kind))
        {
          if (!g_strv_equal (fl_entity_get_list (a, i), fl_entity_get_list (b, i)))
            return FALSE;
        }
      else if (fl_entity_get_int (a, i) != fl_entity_get_int (b, i))
        return FALSE;
    }

  return TRUE;
}

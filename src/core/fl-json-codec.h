/* fl-json-codec.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JSON form of every record, as it travels between desktop and server (JMAP
 * style: camelCase names, UTCDate times, enum nicks, null for unset). Decoding is
 * strict: an unknown field, a wrong type or an unknown value is an error naming the
 * field, never a silent drop.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "fl-entity.h"

G_BEGIN_DECLS

typedef enum
{
  FL_JSON_DECODE_DEFAULT          = 0,
  /* The input comes from the store or the server: accept modseq, createdAt and
   * updatedAt, which a client may not set. */
  FL_JSON_DECODE_TRUSTED          = 1 << 0,
} FlJsonDecodeFlags;

JsonNode *fl_json_encode        (FlEntity           *entity);
char     *fl_json_encode_string (FlEntity           *entity);
FlEntity *fl_json_decode        (GType               type,
                                 JsonNode           *node,
                                 FlJsonDecodeFlags   flags,
                                 GError            **error);
FlEntity *fl_json_decode_string (GType               type,
                                 const char         *text,
                                 gssize              length,
                                 FlJsonDecodeFlags   flags,
                                 GError            **error);
FlEntity *fl_json_patch         (FlEntity           *entity,
                                 JsonNode           *patch,
                                 FlJsonDecodeFlags   flags,
                                 GError            **error);

G_END_DECLS

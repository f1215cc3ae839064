/* fl-flaw-match.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small immutable item for the known-flaws panel. The score is positive, higher
 * is better (bm25 turned around, so callers need not know SQLite's sign).
 */
#define G_LOG_DOMAIN "Frontline-Store"

#include "config.h"

#include "fl-flaw-match.h"

struct _FlFlawMatch
{
  GObject  parent_instance;

  FlFlaw  *flaw;
  double   score;
  gint64   linked_case_count;
};

G_DEFINE_FINAL_TYPE (FlFlawMatch, fl_flaw_match, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FLAW,
  PROP_SCORE,
  PROP_LINKED_CASE_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fl_flaw_match_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FlFlawMatch *self = FL_FLAW_MATCH (object);

  switch (prop_id)
    {
    case PROP_FLAW:
      g_value_set_object (value, self->flaw);
      break;
    case PROP_SCORE:
      g_value_set_double (value, self->score);
      break;
    case PROP_LINKED_CASE_COUNT:
      g_value_set_int64 (value, self->linked_case_count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_flaw_match_finalize (GObject *object)
{
  FlFlawMatch *self = FL_FLAW_MATCH (object);

  g_clear_object (&self->flaw);

  G_OBJECT_CLASS (fl_flaw_match_parent_class)->finalize (object);
}

static void
fl_flaw_match_class_init (FlFlawMatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fl_flaw_match_finalize;
  object_class->get_property = fl_flaw_match_get_property;

  properties[PROP_FLAW] =
    g_param_spec_object ("flaw", NULL, NULL, FL_TYPE_FLAW,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCORE] =
    g_param_spec_double ("score", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINKED_CASE_COUNT] =
    g_param_spec_int64 ("linked-case-count", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fl_flaw_match_init (FlFlawMatch *self)
{
}

FlFlawMatch *
fl_flaw_match_new (FlFlaw *flaw,
                   double  score,
                   gint64  linked_case_count)
{
  FlFlawMatch *self;

  g_return_val_if_fail (FL_IS_FLAW (flaw), NULL);

  self = g_object_new (FL_TYPE_FLAW_MATCH, NULL);
  self->flaw = g_object_ref (flaw);
  self->score = MAX (score, 0.0);
  self->linked_case_count = linked_case_count;
  return self;
}

/**
 * fl_flaw_match_get_flaw:
 *
 * Returns: (transfer none): the flaw
 */
FlFlaw *
fl_flaw_match_get_flaw (FlFlawMatch *self)
{
  g_return_val_if_fail (FL_IS_FLAW_MATCH (self), NULL);
  return self->flaw;
}

double
fl_flaw_match_get_score (FlFlawMatch *self)
{
  g_return_val_if_fail (FL_IS_FLAW_MATCH (self), 0);
  return self->score;
}

gint64
fl_flaw_match_get_linked_case_count (FlFlawMatch *self)
{
  g_return_val_if_fail (FL_IS_FLAW_MATCH (self), 0);
  return self->linked_case_count;
}

/* fl-store-handover.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Handing records over to a helper thread in chunks, during a bulk load: the
 * lookup keys (fl-store-keys.c) are worked out on a thread of their own while
 * the rows are written.
 */
#define G_LOG_DOMAIN "Frontline-Store"

#include "config.h"

#include "fl-store-private.h"

static GArray *
new_chunk (FlHandover *handover)
{
  GArray *chunk = g_array_sized_new (FALSE, FALSE, handover->element_size, handover->chunk_size);

  g_array_set_clear_func (chunk, handover->clear_func);
  return chunk;
}

/**
 * _fl_handover_start:
 * @func: the thread: takes chunks with _fl_handover_take() until it has none
 *
 * Starts @func on a thread of its own, to be given chunks of @chunk_size
 * elements of @element_size bytes, each cleared with @clear_func.
 */
void
_fl_handover_start (FlHandover     *handover,
                    const char     *name,
                    gsize           element_size,
                    guint           chunk_size,
                    GDestroyNotify  clear_func,
                    GThreadFunc     func,
                    gpointer        data)
{
  handover->element_size = element_size;
  handover->chunk_size = chunk_size;
  handover->clear_func = clear_func;
  handover->chunks = g_async_queue_new_full ((GDestroyNotify) g_array_unref);
  handover->chunk = new_chunk (handover);
  handover->thread = g_thread_new (name, func, data);
}

/* Copies @element into the chunk being filled; a full chunk goes over. */
void
_fl_handover_give (FlHandover    *handover,
                   gconstpointer  element)
{
  g_return_if_fail (handover->chunk != NULL);

  g_array_append_vals (handover->chunk, element, 1);
  if (handover->chunk->len >= handover->chunk_size)
    {
      g_async_queue_push (handover->chunks, g_steal_pointer (&handover->chunk));
      handover->chunk = new_chunk (handover);
    }
}

/* How long the thread waits for a chunk before it calls its idle function. */
#define IDLE_USEC (100 * G_TIME_SPAN_MILLISECOND)

/**
 * _fl_handover_take:
 * @when_idle: (nullable): called on the thread when no chunk came for a while,
 *   to do what it can ahead of the end
 *
 * On the helper thread: waits for the next chunk.
 *
 * Returns: (transfer full) (nullable): the chunk, or %NULL when there are no more
 */
GArray *
_fl_handover_take (FlHandover *handover,
                   GFunc       when_idle,
                   gpointer    data)
{
  GArray *chunk = NULL;

  if (when_idle != NULL)
    chunk = g_async_queue_timeout_pop (handover->chunks, IDLE_USEC);
  if (chunk == NULL)
    {
      if (when_idle != NULL)
        when_idle (data, NULL);
      chunk = g_async_queue_pop (handover->chunks);
    }

  /* An empty chunk ends the handover. */
  if (chunk->len == 0)
    {
      g_array_unref (chunk);
      return NULL;
    }
  return chunk;
}

/* Gives the last chunk and tells the thread there are no more; again, nothing. */
void
_fl_handover_end (FlHandover *handover)
{
  if (handover->chunk == NULL)
    return;
  if (handover->chunk->len > 0)
    g_async_queue_push (handover->chunks, g_steal_pointer (&handover->chunk));
  g_clear_pointer (&handover->chunk, g_array_unref);
  g_async_queue_push (handover->chunks, new_chunk (handover));
}

/* Ends the handover and waits for the thread to finish; again, nothing. */
void
_fl_handover_finish (FlHandover *handover)
{
  if (handover->thread == NULL)
    return;
  _fl_handover_end (handover);
  g_thread_join (g_steal_pointer (&handover->thread));
}

void
_fl_handover_clear (FlHandover *handover)
{
  _fl_handover_finish (handover);
  g_clear_pointer (&handover->chunk, g_array_unref);
  g_clear_pointer (&handover->chunks, g_async_queue_unref);
}

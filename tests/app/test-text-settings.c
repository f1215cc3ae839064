/* test-text-settings.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The case view as agents with the large-text and high-contrast settings see
 * it: a real case from the demo data through a real sync engine, at 125 % (what GNOME's Large Text setting does)
 * text and in high contrast. It still fits the detail pane of a 1280 px
 * window beside the sidebar and the list, and folds down to a 360 px phone
 * width; its controls are all on screen. Each size is saved as a screenshot.
 */
#define G_LOG_DOMAIN "Frontline-Test"

#include "config.h"

#include <adwaita.h>

#include "app-test-util.h"
#include "fl-app-resources.h"
#include "fl-case-view.h"
#include "fl-test-util.h"

/* What the window leaves the case at 1280 px: minus the sidebar, the list
 * and their separators (fl-window.ui). */
#define DETAIL_WIDTH_AT_1280 (1280 - 200 - 300 - 2)
#define NARROWEST 360
#define DPI_UNIT 1024   /* gtk-xft-dpi is in 1/1024 of a dot per inch */

typedef struct
{
  AppFixture  app;
  GtkWidget  *window;
  FlCaseView *view;
  gboolean    shown;
} Fixture;

static void
on_case_shown (FlCaseView *view,
               FlCase     *the_case,
               Fixture    *fixture)
{
  fixture->shown = TRUE;
}

static void
set_text_scale (double scale)
{
  g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", (int) (96 * DPI_UNIT * scale), NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  app_fixture_set_up (&fixture->app);
  fixture->window = gtk_window_new ();
  fixture->view = g_object_new (FL_TYPE_CASE_VIEW, NULL);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  g_signal_connect (fixture->view, "case-shown", G_CALLBACK (on_case_shown), fixture);
  fl_case_view_set_engine (fixture->view, fixture->app.engine);
  fl_case_view_set_author (fixture->view, fixture->app.agent_id, "Sam");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  set_text_scale (1.0);
  app_fixture_tear_down (&fixture->app);
}

static void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  const char *dir = g_getenv ("FRONTLINE_SCREENSHOT_DIR");
  int width = gtk_widget_get_width (window), height = gtk_widget_get_height (window);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  g_mkdir_with_parents (dir, 0755);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* Every button under @root that is meant to be seen is drawn whole, inside
 * the window. */
static guint
assert_buttons_inside (GtkWidget *root,
                       GtkWidget *window)
{
  guint n = 0;

  if (!gtk_widget_get_visible (root) || GTK_IS_POPOVER (root))
    return 0;
  if (GTK_IS_BUTTON (root) && gtk_widget_get_mapped (root))
    {
      graphene_rect_t bounds;
      int minimum;

      g_assert_true (gtk_widget_compute_bounds (root, window, &bounds));
      /* The measure counts the margins; the bounds do not. */
      gtk_widget_measure (root, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      minimum -= gtk_widget_get_margin_start (root) + gtk_widget_get_margin_end (root);
      g_assert_cmpfloat (bounds.size.width, >=, minimum);
      /* A folded leaflet keeps its other page beside the window: not shown,
       * not cut. What is shown at all is shown whole. */
      if (bounds.origin.x < gtk_widget_get_width (window) && bounds.origin.x + bounds.size.width > 0)
        {
          g_assert_cmpfloat (bounds.origin.x, >=, 0);
          g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (window));
          n++;
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += assert_buttons_inside (child, window);
  return n;
}

static void
show_case_at (Fixture    *fixture,
              int         width,
              const char *screenshot)
{
  int minimum;

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  fixture->shown = FALSE;
  fl_case_view_set_case (fixture->view, fixture->app.case_id);
  FL_TEST_WAIT_FOR (fixture->shown);
  app_test_pause (500);

  /* Fits the width it is given, controls and all. */
  gtk_widget_measure (GTK_WIDGET (fixture->view), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, width);
  g_assert_cmpint (gtk_widget_get_width (fixture->window), ==, width);
  g_assert_cmpuint (assert_buttons_inside (GTK_WIDGET (fixture->view), fixture->window), >, 0);
  save_screenshot (fixture->window, screenshot);
}

static void
test_large_text_high_contrast (Fixture       *fixture,
                               gconstpointer  data)
{
  /* ADW_DEBUG_HIGH_CONTRAST, set in main(), is how libadwaita 1.2 is told. */
  g_assert_true (adw_style_manager_get_high_contrast (adw_style_manager_get_default ()));
  set_text_scale (1.25);
  show_case_at (fixture, DETAIL_WIDTH_AT_1280, "text-125-high-contrast-778.png");
  gtk_window_destroy (GTK_WINDOW (fixture->window));

  fixture->window = gtk_window_new ();
  fixture->view = g_object_new (FL_TYPE_CASE_VIEW, NULL);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  g_signal_connect (fixture->view, "case-shown", G_CALLBACK (on_case_shown), fixture);
  fl_case_view_set_engine (fixture->view, fixture->app.engine);
  show_case_at (fixture, NARROWEST, "text-125-high-contrast-360.png");
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("ADW_DEBUG_HIGH_CONTRAST", "1", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Naming the resource links in its object file, whose constructor registers it. */
  g_assert_nonnull (fl_app_get_resource ());

  g_test_add ("/app/text-settings/large-text-high-contrast", Fixture, NULL,
              fixture_set_up, test_large_text_high_contrast, fixture_tear_down);

  return g_test_run ();
}

/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * libavfilter, opened at run time the first time a graph is needed.
 */
#pragma once

#include <gio/gio.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>

G_BEGIN_DECLS

/* The functions scened calls, typed from libavfilter's own headers. */
typedef struct
{
  __typeof__ (avfilter_graph_alloc) *graph_alloc;
  __typeof__ (avfilter_graph_free) *graph_free;
  __typeof__ (avfilter_get_by_name) *get_by_name;
  __typeof__ (avfilter_graph_create_filter) *graph_create_filter;
  __typeof__ (avfilter_link) *link;
  __typeof__ (avfilter_graph_config) *graph_config;
  __typeof__ (av_buffersrc_parameters_alloc) *buffersrc_parameters_alloc;
  __typeof__ (av_buffersrc_parameters_set) *buffersrc_parameters_set;
  __typeof__ (av_buffersrc_add_frame_flags) *buffersrc_add_frame_flags;
  __typeof__ (av_buffersink_get_frame) *buffersink_get_frame;
} ScdLibavfilter;

const ScdLibavfilter *scd_libavfilter_get (GError **error);

G_END_DECLS

"""Blocks in the editor: going into a definition and back (navigation, breadcrumb), the
block library in the palette, group/ungroup/make-unique as undo commands, and the
mapping of a training run's flat node ids onto what the canvas shows."""

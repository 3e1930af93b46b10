"""Dock widgets around the canvas: palette, inspector, diagnostics, code."""

"""The node canvas: scene, view and the items drawn on it."""

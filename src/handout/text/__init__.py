"""The home of scripts, direction, shaping and line breaks, shared by both renderers."""

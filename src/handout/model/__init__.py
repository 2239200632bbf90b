"""The model: YAML files read safely, and the content, style and manifest built from them."""

"""The handout as one self-contained, accessible HTML file, for phones and portals."""

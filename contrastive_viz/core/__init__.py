"""Pure numerical core: losses, sphere geometry, scenes, embeddings, projection.

Nothing in this package imports Qt or pyqtgraph.
"""

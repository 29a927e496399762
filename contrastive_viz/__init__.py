"""contrastive-viz: make contrastive losses visible.

The package has a pure numpy core (:mod:`contrastive_viz.core`) and a Qt
application beside it (:mod:`contrastive_viz.app`). Importing the core never
loads Qt.
"""

__version__ = "0.1.0"

"""One widget per module; each takes its state object in the constructor."""

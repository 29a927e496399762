"""Small evented models (psygnal) with no Qt: the app's state, testable with no display."""

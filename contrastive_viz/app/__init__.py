"""The Qt application: state objects, workers and views (imports Qt)."""

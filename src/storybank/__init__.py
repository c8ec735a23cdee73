"""storybank: curate, drill and look up behavioral interview stories."""

__version__ = "0.1.0"

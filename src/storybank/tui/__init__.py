"""The full-screen app: the only package of storybank that imports Textual."""

"""Qt-free building blocks shared by view-models: commands and URL rules."""

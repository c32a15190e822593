"""Small widget building blocks shared by the feature packages of ``gui/``."""

"""The core: parse, tree, model, pipeline, render, diff. Pure functions on text."""

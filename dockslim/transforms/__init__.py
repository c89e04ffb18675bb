"""The rewrite passes, one module per pass (dsNNN_name.py), found by the registry."""

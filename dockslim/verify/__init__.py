"""Verify: prove rewrites by rebuilding them on a real container engine.

This package is the adapter that talks to an engine; nothing in the core
(`dockslim/optimizer/`) or in the passes imports it. It reads the core (parse, model,
pipeline, policy) and writes temporary files, runs builds and containers, reads the clock.

- `engine`: the container engine's client; every docker process runs under its one
  supervisor.
- `runtime_libs`: the packages whose libraries built files link, measured in an image.
- `dockerfile`: what verify reads from a Dockerfile's text (base images, files taken from
  other stages, the `# syntax=` line).
- `builds`: the settings, build log, progress lines and the builds of one Dockerfile.
- `checks` (the rebuilt image against the original), `image_config` (config comparison),
  `blame` (per-pass bisection), `repair` (the runtime packages a rewrite lacks),
  `libraries` (runtime libraries, required packages), `attribution` (bytes per pass),
  `layers` (per-layer history side by side), `filesystem` (files removed).
- `job`: one verification, step by step; `run`: `verify` and `verify_all`; `measure`: the
  pull-request bot's before/after sizes.
- `report`: the report's data and JSON; `render` (text, Markdown), `report_html` (HTML).
- `cli`: `dockslim verify` and `dockslim fix --verify`; `fix_options`: the `--verify` options
  of `dockslim fix`, loaded without the rest.

Nothing here is imported by `dockslim check` or `fix`: the package itself imports nothing.
"""

#!/bin/bash
set -euo pipefail
if [ ! -d /srv/site/.git ]; then
  git clone --depth 1 git@git.example.com:web/site.git /srv/site
fi
exec git -C /srv/site pull --ff-only

#!/bin/sh
set -e
# rewrite the settings from the environment before the app starts
perl -pi -e 's/@DB_HOST@/$ENV{DB_HOST}/g' /etc/app.conf
exec "$@"

#!/bin/sh
# Creates the least-privilege role the api and worker connect as, with the password from
# TONGBAN_DB_PASSWORD; the migrations (run as the schema owner) grant it exactly what it needs.
set -e
psql -v ON_ERROR_STOP=1 -v pw="$TONGBAN_DB_PASSWORD" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE tongban_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'pw';
SQL

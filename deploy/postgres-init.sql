-- Run once by the postgres image on an empty volume (docker-entrypoint-initdb.d), as superuser.
-- Two roles, as the README's "PostgreSQL in production" explains: the owner migrates, the app
-- role serves and is bound by row-level security. Change the passwords (and docker-compose.yml).
CREATE ROLE silo_owner LOGIN PASSWORD 'silo-owner-change-me';
CREATE ROLE silo_app   LOGIN PASSWORD 'silo-app-change-me';
CREATE DATABASE silo OWNER silo_owner;
\c silo
REVOKE ALL ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA silo AUTHORIZATION silo_owner;
GRANT USAGE ON SCHEMA silo TO silo_app;
ALTER DEFAULT PRIVILEGES FOR ROLE silo_owner IN SCHEMA silo
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO silo_app;
ALTER DEFAULT PRIVILEGES FOR ROLE silo_owner IN SCHEMA silo
  GRANT USAGE, SELECT ON SEQUENCES TO silo_app;

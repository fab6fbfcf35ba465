-- Console sign-in through a tenant's identity provider: the client the provider knows the console
-- by and the scope it asks for (dev.silo.core.domain.OidcSettings); null: not offered.
ALTER TABLE tenants ADD COLUMN oidc_console_client_id TEXT;
ALTER TABLE tenants ADD COLUMN oidc_console_scope TEXT;

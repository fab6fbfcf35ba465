-- Per-tenant identity providers (OIDC), webhook endpoints and their deliveries.

-- A tenant's OIDC issuer; null when it has none. scope_map is a JSON object of claim value to
-- comma-separated scopes (MetadataJson).
ALTER TABLE tenants ADD COLUMN oidc_issuer TEXT;
ALTER TABLE tenants ADD COLUMN oidc_audience TEXT;
ALTER TABLE tenants ADD COLUMN oidc_jwks_url TEXT;
ALTER TABLE tenants ADD COLUMN oidc_tenant_claim TEXT;
ALTER TABLE tenants ADD COLUMN oidc_scopes_claim TEXT;
ALTER TABLE tenants ADD COLUMN oidc_scope_map TEXT;
CREATE INDEX tenants_by_oidc_issuer ON tenants (oidc_issuer);

-- events: ',object.created,object.deleted,' (commas around each, so LIKE '%,<type>,%' matches
-- one type exactly) or '*' for every type. The signing secret is derived from the master key and
-- the id, never stored.
CREATE TABLE webhooks (
  id         TEXT NOT NULL PRIMARY KEY,
  tenant_id  TEXT NOT NULL REFERENCES tenants (id),
  url        TEXT NOT NULL,
  events     TEXT NOT NULL,
  active     INTEGER NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX webhooks_by_tenant ON webhooks (tenant_id);

-- One row per (event, endpoint), written in the transaction that writes the event, so a committed
-- change is delivered even if the process dies at once. status: pending, delivered, dead.
-- next_attempt_at doubles as the lease: a node that claims a delivery pushes it into the future.
CREATE TABLE webhook_deliveries (
  id              ${sequence_key},
  tenant_id       TEXT NOT NULL REFERENCES tenants (id),
  webhook_id      TEXT NOT NULL,
  event_id        TEXT NOT NULL,
  status          TEXT NOT NULL,
  attempts        INTEGER NOT NULL,
  first_at        BIGINT NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  last_error      TEXT,
  updated_at      BIGINT NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_by_tenant ON webhook_deliveries (tenant_id, webhook_id, id);

${postgresql_only_begin}
CREATE POLICY tenant_isolation ON webhooks
  USING (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global')
  WITH CHECK (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global');
ALTER TABLE webhooks ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhooks FORCE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON webhook_deliveries
  USING (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global')
  WITH CHECK (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global');
ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
${postgresql_only_end}

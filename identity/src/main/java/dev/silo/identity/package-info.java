/**
 * JWTs from tenants' own OIDC identity providers, verified with Nimbus JOSE+JWT against keys
 * fetched from each provider's JWKS URL (cached, refreshed on an unknown key id at most once a
 * minute, never from a private address unless the operator allows it).
 */
package dev.silo.identity;

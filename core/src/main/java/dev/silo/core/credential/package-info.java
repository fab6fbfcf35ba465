/** Tenant API keys: their format, creation (plaintext shown once), listing and revocation. */
package dev.silo.core.credential;

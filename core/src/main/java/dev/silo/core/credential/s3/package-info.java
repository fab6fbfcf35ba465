/**
 * S3 access keys of a tenant: ids with a key version, secrets derived from the master key (never
 * stored), creation (secret shown once), listing, revocation and mount information.
 */
package dev.silo.core.credential.s3;

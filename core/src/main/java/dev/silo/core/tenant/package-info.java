/** Tenants: their lifecycle, their declared configuration and where their blobs live. */
package dev.silo.core.tenant;

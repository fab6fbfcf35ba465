/**
 * TUS 1.0.0 resumable uploads (core, creation, creation-with-upload, creation-defer-length,
 * termination, expiration, checksum) as routes the server appends to the REST API's table, on
 * the same port and with the same authentication, error rendering and CORS.
 */
package dev.silo.api.tus;

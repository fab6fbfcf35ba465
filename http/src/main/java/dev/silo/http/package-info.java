/**
 * Plumbing shared by every HTTP protocol: the Jetty server on virtual threads, the exchange a
 * handler sees, the route table and its matcher, authentication into a RequestContext, request
 * ids, CORS, access logs and the one JSON error renderer.
 */
package dev.silo.http;

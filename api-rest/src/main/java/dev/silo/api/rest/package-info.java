/**
 * The REST API v1: one route table ({@link dev.silo.api.rest.RestApi}), small handlers grouped by
 * resource, JSON views of domain records. Talks to core services only, never to a store.
 */
package dev.silo.api.rest;

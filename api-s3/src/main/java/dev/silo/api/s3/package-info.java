/**
 * The S3-compatible endpoint: its own port and Jetty handler, Signature V4 ({@code sigv4}), one
 * route table with the scope of each operation, one handler class per group of operations, and
 * one error mapper to S3's XML. It speaks for the core's services and never touches a store.
 */
package dev.silo.api.s3;

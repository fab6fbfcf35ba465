/**
 * AWS Signature Version 4 as small pure functions, one per step, and the wrapping streams that
 * verify aws-chunked signatures and declared digests while a body streams; beside it the legacy
 * Signature Version 2, in the same style.
 */
package dev.silo.api.s3.sigv4;

/**
 * Multipart uploads (S3's CreateMultipartUpload … CompleteMultipartUpload): each part is its own
 * blob; completion streams the parts in order through the ordinary write path into one object.
 */
package dev.silo.core.multipart;

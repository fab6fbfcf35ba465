/**
 * The S3-compatible {@link dev.silo.core.spi.BlobStore}: store logic in {@link
 * dev.silo.store.s3.S3BlobStore} over a narrow {@link dev.silo.store.s3.S3Port}, whose only
 * implementation {@link dev.silo.store.s3.SdkS3Port} is the one place that touches the AWS SDK.
 */
package dev.silo.store.s3;

package dev.silo.core.credential.s3;

/** Where S3 clients reach Silo: the public URL of the S3 port and the region to sign for. */
public interface S3Endpoint {
  String url();

  String region();
}

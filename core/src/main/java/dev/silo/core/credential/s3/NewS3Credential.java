package dev.silo.core.credential.s3;

import dev.silo.core.domain.S3Credential;

/** A credential just created: the only moment its secret is handed out. */
public record NewS3Credential(S3Credential credential, String secretAccessKey) {}

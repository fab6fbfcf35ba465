-- What an S3 credential may do (issue 8): comma-separated scopes as api_keys.scopes. Credentials
-- made before scopes existed keep every scope.
ALTER TABLE s3_credentials ADD COLUMN scopes TEXT NOT NULL DEFAULT 'read,write,delete,admin';

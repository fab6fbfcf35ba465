-- TUS concatenation (dev.silo.core.upload.resumable.ResumableUpload#concat): null for an upload
-- of its own, 'partial' for a partial upload, the Upload-Concat value of a final upload.
ALTER TABLE resumable_uploads ADD COLUMN concat TEXT;
-- The Upload-Metadata header of the creation, as the client sent it: a HEAD answers it, as TUS asks.
ALTER TABLE resumable_uploads ADD COLUMN upload_metadata TEXT;

package dev.silo.core.upload;

import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import java.time.Instant;
import java.util.Map;

/** What a client needs to upload: where, how, with which headers, until when. */
public record UploadTicket(
    ObjectId objectId, ObjectInfo pending, String uploadUrl, String method, Map<String, String> headers, Instant expiresAt) {}

/** Presigned uploads: reserve a server-computed key, receive the bytes through a signed URL, complete. */
package dev.silo.core.upload;

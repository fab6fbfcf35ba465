/**
 * Object versioning: the rules of which version is current, delete markers, permanent deletion,
 * restore, listing of versions, and blobs shared between versions. {@link
 * dev.silo.core.version.Versions} holds the in-transaction steps the {@link
 * dev.silo.core.write.Publisher} and the deletions share; {@link
 * dev.silo.core.version.VersionService} is what the protocol adapters (REST, S3) call.
 */
package dev.silo.core.version;

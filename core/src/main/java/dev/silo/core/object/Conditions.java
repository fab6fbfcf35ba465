package dev.silo.core.object;

import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.error.PreconditionFailedException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The conditional headers of a request, evaluated as RFC 9110 orders them. Entity tags are
 * compared strongly for If-Match and weakly for If-None-Match.
 */
public record Conditions(
    String ifMatch, String ifNoneMatch, Instant ifModifiedSince, Instant ifUnmodifiedSince) {

  public static final Conditions NONE = new Conditions(null, null, null, null);

  /** For reads: throws 412, or answers whether the client's copy is current (304). */
  boolean notModified(ObjectInfo current) {
    if (ifMatch != null && !matches(ifMatch, current, false)) {
      throw failed();
    }
    if (ifMatch == null && ifUnmodifiedSince != null && modifiedAfter(current, ifUnmodifiedSince)) {
      throw failed();
    }
    if (ifNoneMatch != null) {
      return matches(ifNoneMatch, current, true);
    }
    return ifModifiedSince != null && !modifiedAfter(current, ifModifiedSince);
  }

  /**
   * For writes: {@code current} is the object being replaced, or null when there is none. An
   * If-Match on a key that holds no object is a 404, as S3 answers it: the client means to replace
   * an object that is not there, or that it may not see.
   */
  public void checkWrite(ObjectInfo current) {
    if (ifMatch != null && current == null) {
      throw ObjectService.notFound();
    }
    if (ifMatch != null && !matches(ifMatch, current, false)) {
      throw failed();
    }
    if (ifNoneMatch != null && current != null && matches(ifNoneMatch, current, true)) {
      throw failed();
    }
  }

  private static boolean matches(String header, ObjectInfo current, boolean weak) {
    if (header.trim().equals("*")) {
      return true;
    }
    for (String raw : header.split(",")) {
      String tag = raw.trim();
      if (tag.startsWith("W/")) {
        if (!weak) {
          continue;
        }
        tag = tag.substring(2);
      }
      if (unquote(tag).equals(current.etag())) {
        return true;
      }
    }
    return false;
  }

  private static String unquote(String tag) {
    return tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")
        ? tag.substring(1, tag.length() - 1)
        : tag;
  }

  private static boolean modifiedAfter(ObjectInfo current, Instant since) {
    return current.updatedAt().truncatedTo(ChronoUnit.SECONDS).isAfter(since);
  }

  private static PreconditionFailedException failed() {
    return new PreconditionFailedException("precondition_failed", "a precondition did not hold");
  }
}

package dev.silo.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.core.domain.Acl;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.ObjectStatus;
import dev.silo.core.domain.StandardHeaders;
import dev.silo.core.domain.Version;
import dev.silo.core.version.ObjectVersion;
import dev.silo.http.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract's JSON shapes, byte for byte: field names, their order, nulls written, absent fields absent. */
class ViewsTest {
  private final Json json = new Json();

  private static ObjectInfo object() {
    return new ObjectInfo(
        new ObjectId("obj_0123456789abcdefghij"),
        new BucketName("photos"),
        new ObjectKey("trips/beach.jpg"),
        5,
        "image/jpeg",
        "5d41402abc4b2a76b9719d911017c592",
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
        ObjectStatus.READY,
        Acl.PRIVATE,
        null,
        Map.of("b", "2", "a", "1"),
        new StandardHeaders("max-age=60", null, null, null, null),
        null,
        null,
        Instant.parse("2026-12-04T10:00:00Z"),
        Instant.parse("2026-12-04T10:00:01.500Z"),
        new Version("018f3a2b4c5d6e7f", false));
  }

  private static final String OBJECT_FIELDS =
      "\"id\":\"obj_0123456789abcdefghij\",\"bucket\":\"photos\",\"key\":\"trips/beach.jpg\",\"size\":5,"
          + "\"content_type\":\"image/jpeg\",\"etag\":\"5d41402abc4b2a76b9719d911017c592\","
          + "\"sha256\":\"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\",\"status\":\"ready\","
          + "\"acl\":\"private\",\"folder\":null,\"metadata\":{\"a\":\"1\",\"b\":\"2\"},"
          + "\"headers\":{\"cache_control\":\"max-age=60\",\"content_disposition\":null,\"content_encoding\":null,"
          + "\"content_language\":null,\"expires\":null},"
          + "\"created_at\":\"2026-12-04T10:00:00Z\",\"updated_at\":\"2026-12-04T10:00:01.500Z\",\"version_id\":\"018f3a2b4c5d6e7f\"";

  private String write(Object view) {
    return new String(json.write(view), StandardCharsets.UTF_8);
  }

  @Test
  void anObjectShowsEveryFieldInTheContractsOrderWithMetadataSorted() {
    assertThat(write(Views.object(object()))).isEqualTo("{" + OBJECT_FIELDS + "}");
  }

  @Test
  void aVersionIsTheObjectWithWhetherItIsTheLatest() {
    assertThat(write(Views.version(new ObjectVersion(object(), false, true))))
        .isEqualTo("{" + OBJECT_FIELDS + ",\"is_latest\":true,\"delete_marker\":false}");
  }

  @Test
  void aDeleteMarkerHasNoneOfTheContentsFields() {
    assertThat(write(Views.version(new ObjectVersion(object(), true, false))))
        .isEqualTo("{\"id\":\"obj_0123456789abcdefghij\",\"bucket\":\"photos\",\"key\":\"trips/beach.jpg\",\"size\":5,"
            + "\"status\":\"ready\",\"created_at\":\"2026-12-04T10:00:00Z\",\"updated_at\":\"2026-12-04T10:00:01.500Z\","
            + "\"version_id\":\"018f3a2b4c5d6e7f\",\"is_latest\":false,\"delete_marker\":true}");
  }
}

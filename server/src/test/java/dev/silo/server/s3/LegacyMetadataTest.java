package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.Api;
import dev.silo.server.it.TestSilo;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * An object whose metadata an older Silo accepted beyond today's limits (the 800-entry update of
 * issue 12) stays readable on every protocol: its entries are left out of the response headers,
 * which could not hold them, and counted in {@code x-amz-missing-meta} / {@code
 * X-Silo-Missing-Meta}, as S3 does; the JSON view still lists them, and an update can trim them.
 */
class LegacyMetadataTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static S3Fixture.Credential cred;
  static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("silo"));
    cred = S3Fixture.tenant(silo, "legacy", null, null);
    s3 = SdkClients.client(silo.s3Url(), cred.accessKeyId(), cred.secret());
  }

  @AfterAll
  static void stop() throws Exception {
    if (s3 != null) {
      s3.close();
    }
    if (silo != null) {
      silo.close();
    }
  }

  @Test
  void anObjectWith800StoredEntriesIsServedWithoutThem() throws Exception {
    Api rest = cred.api();
    Api.Resp put = rest.put("/v1/objects/old.txt", "old bytes", "Content-Type", "text/plain", "X-Silo-Acl", "public");
    assertThat(put.status()).isEqualTo(201);
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < 800; i++) {
      json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
    }
    // what the older Silo stored: no limit on the number of entries
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + silo.dataDir().resolve("silo.db"));
        PreparedStatement s = db.prepareStatement("UPDATE objects SET metadata = ? WHERE id = ?")) {
      s.setString(1, json.append("}").toString());
      s.setString(2, put.json().path("id").asText());
      assertThat(s.executeUpdate()).isEqualTo(1);
    }

    Api anon = silo.anonymous();
    for (Api.Resp r : List.of(rest.get("/v1/objects/old.txt"), rest.head("/v1/objects/old.txt"),
        anon.get("/v1/public/legacy/old.txt"), anon.head("/v1/public/legacy/old.txt"))) {
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.header("X-Silo-Missing-Meta")).hasValue("800");
      assertThat(r.header("X-Silo-Meta-K1")).isEmpty();
    }
    assertThat(rest.get("/v1/objects/old.txt").body()).isEqualTo("old bytes");
    ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket("legacy").key("old.txt"));
    assertThat(got.asUtf8String()).isEqualTo("old bytes");
    assertThat(got.response().missingMeta()).isEqualTo(800);
    assertThat(s3.headObject(b -> b.bucket("legacy").key("old.txt")).missingMeta()).isEqualTo(800);
    assertThat(rest.get("/v1/info/old.txt").json().path("metadata").size()).isEqualTo(800);

    assertThat(rest.patch("/v1/info/old.txt", "{\"metadata\":{\"kept\":\"one\"}}").status()).isEqualTo(200);
    assertThat(s3.headObject(b -> b.bucket("legacy").key("old.txt")).metadata()).containsExactlyEntriesOf(Map.of("kept", "one"));
    assertThat(rest.head("/v1/objects/old.txt").header("X-Silo-Missing-Meta")).isEmpty();
  }
}

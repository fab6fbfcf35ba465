package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.silo.server.it.Api;
import dev.silo.server.it.TestSilo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Scopes on S3 credentials through the AWS SDK for Java v2: a read-only credential reads and lists
 * but every mutating operation is {@code AccessDenied}; the scopes are listed with the credential.
 */
@ExtendWith(NoErrorLogs.class)
class S3CredentialScopesTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static Api api;
  static S3Client full;
  static S3Client readOnly;
  static S3Client noDelete;
  static String readOnlyId;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("silo"));
    api = silo.tenant("scoped", null);
    full = client(null);
    JsonNode ro = create("[\"read\"]");
    readOnlyId = ro.get("access_key_id").asText();
    readOnly = SdkClients.client(silo.s3Url(), readOnlyId, ro.get("secret_access_key").asText());
    JsonNode rw = create("[\"read\",\"write\"]");
    noDelete = SdkClients.client(silo.s3Url(), rw.get("access_key_id").asText(), rw.get("secret_access_key").asText());
    full.putObject(b -> b.bucket("scoped").key("a.txt"), RequestBody.fromString("hello"));
  }

  private static JsonNode create(String scopes) {
    Api.Resp r = api.post("/v1/s3-credentials", "{\"description\":\"scoped\",\"scopes\":" + scopes + "}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  private static S3Client client(String scopes) {
    JsonNode j = scopes == null ? api.post("/v1/s3-credentials", "{}").json() : create(scopes);
    return SdkClients.client(silo.s3Url(), j.get("access_key_id").asText(), j.get("secret_access_key").asText());
  }

  @AfterAll
  static void stop() throws Exception {
    for (S3Client c : new S3Client[] {full, readOnly, noDelete}) {
      if (c != null) {
        c.close();
      }
    }
    if (silo != null) {
      silo.close();
    }
  }

  static String code(Runnable r) {
    try {
      r.run();
      return "none";
    } catch (S3Exception e) {
      return e.statusCode() + " " + e.awsErrorDetails().errorCode();
    }
  }

  @Test
  void aReadOnlyCredentialReadsAndListsButMayNotChangeAnything() {
    assertThat(readOnly.getObjectAsBytes(b -> b.bucket("scoped").key("a.txt")).asUtf8String()).isEqualTo("hello");
    assertThat(readOnly.headObject(b -> b.bucket("scoped").key("a.txt")).contentLength()).isEqualTo(5);
    assertThat(readOnly.listObjectsV2(b -> b.bucket("scoped")).contents()).extracting(o -> o.key()).contains("a.txt");
    assertThat(readOnly.listBuckets().buckets()).extracting(b -> b.name()).contains("scoped");

    List<String> denied = new ArrayList<>();
    denied.add(code(() -> readOnly.putObject(b -> b.bucket("scoped").key("b.txt"), RequestBody.fromString("x"))));
    denied.add(code(() -> readOnly.copyObject(b -> b.sourceBucket("scoped").sourceKey("a.txt")
        .destinationBucket("scoped").destinationKey("c.txt"))));
    denied.add(code(() -> readOnly.deleteObject(b -> b.bucket("scoped").key("a.txt"))));
    denied.add(code(() -> readOnly.deleteObjects(b -> b.bucket("scoped")
        .delete(Delete.builder().objects(ObjectIdentifier.builder().key("a.txt").build()).build()))));
    denied.add(code(() -> readOnly.createBucket(b -> b.bucket("another"))));
    denied.add(code(() -> readOnly.deleteBucket(b -> b.bucket("scoped"))));
    denied.add(code(() -> readOnly.createMultipartUpload(b -> b.bucket("scoped").key("big.bin"))));
    assertThat(denied).allMatch(c -> c.equals("403 AccessDenied"), "every mutating operation is AccessDenied");

    // nothing changed
    assertThat(full.listObjectsV2(b -> b.bucket("scoped")).contents()).extracting(o -> o.key()).containsExactly("a.txt");
    assertThat(full.listBuckets().buckets()).extracting(b -> b.name()).containsExactly("scoped");
  }

  @Test
  void writeWithoutDeleteUploadsButDoesNotDelete() {
    noDelete.putObject(b -> b.bucket("scoped").key("w/new.txt"), RequestBody.fromString("new"));
    assertThat(code(() -> noDelete.deleteObject(b -> b.bucket("scoped").key("w/new.txt")))).isEqualTo("403 AccessDenied");
    full.deleteObject(b -> b.bucket("scoped").key("w/new.txt"));
  }

  @Test
  void scopesAreListedValidatedAndDefaultToAll() {
    Api.Resp list = api.get("/v1/s3-credentials");
    assertThat(list.status()).isEqualTo(200);
    JsonNode ro = null;
    for (JsonNode item : list.json().get("items")) {
      if (item.get("access_key_id").asText().equals(readOnlyId)) {
        ro = item;
      }
      assertThat(item.has("secret_access_key")).isFalse();
    }
    assertThat(ro).isNotNull();
    assertThat(ro.get("scopes").toString()).isEqualTo("[\"read\"]");

    Api.Resp all = api.post("/v1/s3-credentials", "{\"description\":\"all\"}");
    assertThat(all.json().get("scopes").toString()).isEqualTo("[\"admin\",\"delete\",\"read\",\"write\"]");

    Api.Resp byOperator = silo.operator().post("/v1/tenants/scoped/s3-credentials", "{\"scopes\":[\"read\",\"delete\"]}");
    assertThat(byOperator.status()).as(byOperator.toString()).isEqualTo(201);
    assertThat(byOperator.json().get("scopes").toString()).isEqualTo("[\"delete\",\"read\"]");

    Api.Resp bad = api.post("/v1/s3-credentials", "{\"scopes\":[\"root\"]}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.errorCode()).isEqualTo("invalid_scope");
  }
}

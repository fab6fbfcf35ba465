package dev.silo.server.content;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.silo.server.it.Api;
import dev.silo.server.it.TestSilo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV preview through the real server: by key and id, caps, gzip, 415, isolation. */
class CsvPreviewApiTest {
  @TempDir static java.nio.file.Path dir;
  static TestSilo silo;
  static Api acme;
  static Api globex;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("data"));
    acme = silo.tenant("acme");
    globex = silo.tenant("globex");
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
  }

  static String retail(int days) {
    StringBuilder sb = new StringBuilder("date,store,item,sales\n");
    LocalDate d = LocalDate.of(2023, 1, 1);
    for (int day = 0; day < days; day++) {
      for (int store = 1; store <= 3; store++) {
        for (int item = 1; item <= 4; item++) {
          sb.append(d.plusDays(day)).append(',').append(store).append(",sku-").append(item).append(',').append((day * 7 + item * 3) % 41).append('\n');
        }
      }
    }
    return sb.toString();
  }

  @Test
  void previewsByKeyAndById() {
    Api.Resp put = acme.put("/v1/objects/raw/retail.csv", retail(30), "Content-Type", "text/csv");
    assertThat(put.status()).isEqualTo(201);
    Api.Resp r = acme.get("/v1/preview/raw/retail.csv");
    assertThat(r.status()).isEqualTo(200);
    JsonNode p = r.json();
    assertThat(p.get("delimiter").asText()).isEqualTo(",");
    assertThat(p.get("has_header").asBoolean()).isTrue();
    assertThat(p.get("columns").get(0).get("name").asText()).isEqualTo("date");
    assertThat(p.get("columns").get(0).get("type").asText()).isEqualTo("date");
    assertThat(p.get("columns").get(0).get("format").asText()).isEqualTo("yyyy-MM-dd");
    assertThat(p.get("columns").get(3).get("type").asText()).isEqualTo("integer");
    assertThat(p.get("columns").get(3).has("format")).isFalse();
    assertThat(p.get("timestamp_column").asText()).isEqualTo("date");
    assertThat(p.get("target_column").asText()).isEqualTo("sales");
    assertThat(p.get("item_id_column").asText()).isEqualTo("item");
    assertThat(p.get("frequency").asText()).isEqualTo("D");
    assertThat(p.get("frequency_confidence").asDouble()).isGreaterThan(0.9);
    assertThat(p.get("rows")).hasSize(100);
    assertThat(p.get("rows").get(0).get(2).asText()).isEqualTo("sku-1");
    assertThat(p.get("truncated").asBoolean()).isFalse();
    assertThat(p.get("errors")).isEmpty();
    for (String field : new String[] {"columns", "rows", "delimiter", "has_header", "timestamp_column", "target_column",
        "item_id_column", "frequency", "truncated", "bytes_read", "errors"}) {
      assertThat(p.has(field)).as(field).isTrue();
    }

    String id = put.json().get("id").asText();
    JsonNode byId = acme.get("/v1/ids/" + id + "/preview?max_rows=5").json();
    assertThat(byId.get("rows")).hasSize(5);
    assertThat(byId.get("frequency").asText()).isEqualTo("D");
  }

  @Test
  void aFileLargerThanTheCapIsReadFromItsHeadOnly() {
    String big = retail(4000); // ~1 MB, four times the default cap
    assertThat(big.length()).isGreaterThan(1_000_000);
    acme.put("/v1/objects/raw/big.csv", big, "Content-Type", "text/csv");
    JsonNode p = acme.get("/v1/preview/raw/big.csv").json();
    assertThat(p.get("truncated").asBoolean()).isTrue();
    assertThat(p.get("bytes_read").asLong()).isLessThanOrEqualTo(262_144);
    assertThat(p.get("rows")).hasSize(100);
    assertThat(p.get("errors")).isEmpty(); // the cut record is dropped, not reported
    assertThat(p.get("frequency").asText()).isEqualTo("D");

    JsonNode small = acme.get("/v1/preview/raw/big.csv?max_bytes=1000&max_rows=3").json();
    assertThat(small.get("bytes_read").asLong()).isLessThanOrEqualTo(1000);
    assertThat(small.get("rows")).hasSize(3);
    assertThat(small.get("truncated").asBoolean()).isTrue();
  }

  @Test
  void gzipIsDecompressedUnderTheSameCap() throws Exception {
    byte[] gz = gzip(retail(3000)); // ~2.6 MB of text, highly compressible
    acme.put("/v1/objects/raw/sales.csv.gz", gz, "Content-Type", "application/gzip");
    JsonNode p = acme.get("/v1/preview/raw/sales.csv.gz?max_bytes=65536").json();
    assertThat(p.get("compressed").asBoolean()).isTrue();
    assertThat(p.get("bytes_read").asLong()).isLessThanOrEqualTo(65_536);
    assertThat(p.get("bytes_decoded").asLong()).isLessThanOrEqualTo(65_536);
    assertThat(p.get("truncated").asBoolean()).isTrue();
    assertThat(p.get("item_id_column").asText()).isEqualTo("item");
    assertThat(p.get("frequency").asText()).isEqualTo("D");

    acme.put("/v1/objects/raw/tiny.csv.gz", gzip("a,b\n1,2\n"), "Content-Type", "text/csv");
    JsonNode tiny = acme.get("/v1/preview/raw/tiny.csv.gz").json();
    assertThat(tiny.get("truncated").asBoolean()).isFalse();
    assertThat(tiny.get("rows").get(0).get(1).asText()).isEqualTo("2");
  }

  @Test
  void europeanTsvBomAndMalformedInput() {
    acme.put("/v1/objects/raw/de.csv", "\uFEFFDatum;Umsatz\n01.02.2024;12,5\n02.02.2024;13,75\n03.02.2024;9\n",
        "Content-Type", "text/plain; charset=utf-8");
    JsonNode de = acme.get("/v1/preview/raw/de.csv").json();
    assertThat(de.get("delimiter").asText()).isEqualTo(";");
    assertThat(de.get("columns").get(0).get("name").asText()).isEqualTo("Datum");
    assertThat(de.get("columns").get(0).get("format").asText()).isEqualTo("dd.MM.yyyy");
    assertThat(de.get("columns").get(1).get("type").asText()).isEqualTo("decimal");
    assertThat(de.get("target_column").asText()).isEqualTo("Umsatz");

    acme.put("/v1/objects/raw/t.tsv", "ts\tvalue\n1714521600\t1\n1714525200\t2\n1714528800\t3\n", "Content-Type", "text/tab-separated-values");
    JsonNode tsv = acme.get("/v1/preview/raw/t.tsv").json();
    assertThat(tsv.get("delimiter").asText()).isEqualTo("\t");
    assertThat(tsv.get("columns").get(0).get("format").asText()).isEqualTo("epoch_seconds");
    assertThat(tsv.get("frequency").asText()).isEqualTo("H");

    acme.put("/v1/objects/raw/bad.csv", "a,b\n1,2,3\n\"open\n", "Content-Type", "text/csv");
    Api.Resp bad = acme.get("/v1/preview/raw/bad.csv");
    assertThat(bad.status()).isEqualTo(200);
    assertThat(bad.json().get("errors")).isNotEmpty();

    byte[] binary = new byte[4096];
    new java.util.Random(3).nextBytes(binary);
    acme.put("/v1/objects/raw/noise.csv", binary, "Content-Type", "text/csv");
    assertThat(acme.get("/v1/preview/raw/noise.csv").status()).isEqualTo(200);
    acme.put("/v1/objects/raw/empty.csv", "", "Content-Type", "text/csv");
    assertThat(acme.get("/v1/preview/raw/empty.csv").json().get("columns")).isEmpty();
  }

  @Test
  void otherTypesAre415AndBadLimits400() {
    acme.put("/v1/objects/raw/notes.txt", "hello", "Content-Type", "text/plain");
    assertThat(acme.get("/v1/preview/raw/notes.txt").status()).isEqualTo(415);
    acme.put("/v1/objects/raw/pic.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "Content-Type", "image/png");
    Api.Resp png = acme.get("/v1/preview/raw/pic.png");
    assertThat(png.status()).isEqualTo(415);
    assertThat(png.errorCode()).isEqualTo("preview_unsupported");
    acme.put("/v1/objects/raw/ok.csv", "a\n1\n", "Content-Type", "text/csv");
    assertThat(acme.get("/v1/preview/raw/ok.csv?max_bytes=0").status()).isEqualTo(400);
    assertThat(acme.get("/v1/preview/raw/ok.csv?max_bytes=999999999999").status()).isEqualTo(400);
    assertThat(acme.get("/v1/preview/raw/ok.csv?max_rows=abc").status()).isEqualTo(400);
    assertThat(acme.get("/v1/preview/raw/missing.csv").status()).isEqualTo(404);
  }

  @Test
  void anotherTenantsObjectIs404() {
    Api.Resp put = acme.put("/v1/objects/raw/secret.csv", "date,value\n2024-01-01,1\n", "Content-Type", "text/csv");
    String id = put.json().get("id").asText();
    assertThat(globex.get("/v1/preview/raw/secret.csv").status()).isEqualTo(404);
    assertThat(globex.get("/v1/ids/" + id + "/preview").status()).isEqualTo(404);
    assertThat(silo.anonymous().get("/v1/preview/raw/secret.csv").status()).isEqualTo(401);
  }

  static byte[] gzip(String s) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}

package dev.silo.metadata.jdbc;

import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import dev.silo.core.domain.ListingFields;
import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.core.domain.TenantId;
import dev.silo.testkit.PostgresSandbox;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The listing walks the unique key index and stops at its limit (the version listing its own
 * index), on the first execution on a fresh pooled connection too, in a table where one tenant is
 * big and hundreds are small (the shape that made custom plans read and sort every remaining key
 * of the big tenant).
 */
@EnabledIfEnvironmentVariable(
    named = "SILO_TEST_DATABASE_URL",
    matches = ".*\\S.*",
    disabledReason = PostgresSandbox.SKIPPED)
class PostgresListingPlanTest {
  static final TenantId BIG = new TenantId("bigtenant");

  static PostgresSandbox sandbox;
  static JdbcMetadataStore store;

  @BeforeAll
  static void open() throws Exception {
    sandbox = PostgresSandbox.create();
    store = JdbcMetadataStore.open(sandbox.appUrl(), sandbox.ownerUrl());
    try (Connection c = DriverManager.getConnection(sandbox.adminUrl());
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO tenants (id, slug, name, status, max_buckets, allowed_content_types)"
          + " SELECT 't' || n, 't' || n, 'n', 'active', 1, '' FROM generate_series(1, 400) n"
          + " UNION ALL SELECT 'bigtenant', 'bigtenant', 'n', 'active', 1, ''");
      s.execute("INSERT INTO buckets (tenant_id, name) SELECT id, slug FROM tenants");
      s.execute("INSERT INTO objects (id, tenant_id, bucket, object_key, size, status, acl, metadata)"
          + " SELECT 'o' || n || '-' || k, 't' || n, 't' || n, 'logs/' || lpad(k::text, 6, '0'),"
          + " 1, 'ready', 'private', '{}' FROM generate_series(1, 400) n, generate_series(1, 100) k");
      s.execute("INSERT INTO objects (id, tenant_id, bucket, object_key, size, status, acl, metadata)"
          + " SELECT 'big-' || k, 'bigtenant', 'bigtenant', 'logs/' || lpad(k::text, 6, '0'),"
          + " 1, 'ready', 'private', '{}' FROM generate_series(1, 60000) k");
      // versions: three of each key, as many keys as objects
      s.execute("INSERT INTO object_versions (tenant_id, bucket, object_key, version_id, null_version, is_delete_marker,"
          + " noncurrent_since, id, size, status, acl, metadata)"
          + " SELECT 't' || n, 't' || n, 'logs/' || lpad(k::text, 6, '0'), 'v' || v, false, false, v, 'ov' || n || '-' || k || '-' || v,"
          + " 1, 'ready', 'private', '{}' FROM generate_series(1, 400) n, generate_series(1, 100) k, generate_series(1, 3) v");
      s.execute("INSERT INTO object_versions (tenant_id, bucket, object_key, version_id, null_version, is_delete_marker,"
          + " noncurrent_since, id, size, status, acl, metadata)"
          + " SELECT 'bigtenant', 'bigtenant', 'logs/' || lpad(k::text, 6, '0'), 'v' || v, false, false, v, 'bigv-' || k || '-' || v,"
          + " 1, 'ready', 'private', '{}' FROM generate_series(1, 60000) k, generate_series(1, 3) v");
      s.execute("ANALYZE");
    }
  }

  @AfterAll
  static void close() throws Exception {
    if (store != null) {
      store.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  /** In the fields of either listing: the API's, and S3's nine columns. */
  @ParameterizedTest
  @EnumSource(ListingFields.class)
  void theFirstListingOnAFreshConnectionWalksTheKeyIndex(ListingFields fields) {
    assertWalksTheKeyIndex(explain(BIG, "logs/030000", fields));
  }

  /**
   * A connection keeps the plan it made first, whoever it made it for: one made while a small
   * tenant was bound (where the row-security rule, as V3 wrote it, let the planner expect a few
   * rows) walks the key index for the big tenant too.
   */
  @ParameterizedTest
  @EnumSource(ListingFields.class)
  void aPlanMadeForASmallTenantWalksTheKeyIndexForTheBigOne(ListingFields fields) {
    assertWalksTheKeyIndex(explain(new TenantId("t7"), "logs/030000", fields));
  }

  private static void assertWalksTheKeyIndex(String plan) {
    assertThat(plan)
        .contains("Index Scan using objects_tenant_id_bucket_object_key_key")
        .contains("Limit")
        // planned for any values: the custom plans of the first executions are what went wrong
        .contains("object_key > $3")
        .doesNotContain("Sort")
        .doesNotContain("Bitmap");
  }

  /**
   * A delimited page seeks the key index once per row, in one statement: no scan of the tenant's
   * keys; the only sort is of the walked rows (at most a page and one) into walk order. Planned
   * while the big tenant or a small one is bound, as in the listing above, in the fields of either
   * listing.
   */
  @ParameterizedTest
  @CsvSource({"bigtenant, FULL", "t7, FULL", "bigtenant, SUMMARY", "t7, SUMMARY"})
  void aDelimitedWalkSeeksTheKeyIndexOncePerRow(String bound, ListingFields fields) {
    String b = "'" + BIG.value() + "'";
    // run (ANALYZE): a plain EXPLAIN leaves out the recursive step's sub-select
    String plan = explain("EXPLAIN (ANALYZE, TIMING OFF)", new TenantId(bound),
        ObjectsTable.walkQuery(Dialect.POSTGRESQL, true, fields),
        "text, text, text, text, text, int, text, int, int, text, text, text, int, int, text, int, text, int, text, text, text",
        String.join(", ", b, b, "'logs/'", b, b, "6", "'/'", "4", "6", "'/'", "'0'", "chr(1)", "1001", "5", "'logs/'",
            "5", "'logs/'", "6", "'/'", b, b));
    assertThat(plan)
        .contains("Recursive Union")
        .contains("Index Scan using objects_tenant_id_bucket_object_key_key")
        .contains("Index Cond: ((tenant_id = $1) AND (bucket = $2) AND (object_key >= $3))")
        // each step's seek starts past the common prefix, its bound computed before it (not a
        // filter over the prefix's keys behind the row-security filter)
        .containsPattern(
            "Index Cond: \\(\\(tenant_id = \\$4\\) AND \\(bucket = \\$5\\) AND \\(object_key >= \\$\\d+\\)\\)")
        .doesNotContain("strpos")
        // the rows shown are read by key, one index lookup each (a key under a common prefix joins
        // none, and is not looked up to find that out)
        .containsPattern("Index Cond: \\(\\(tenant_id = \\$\\d+\\) AND \\(bucket = \\$\\d+\\) AND \\(object_key = w.shown\\)\\)")
        .doesNotContain("Hash")
        .doesNotContain("Join Filter")
        .doesNotContain("Seq Scan")
        .doesNotContain("Bitmap");
  }

  /**
   * A version listing's page after a version of a key is read in listing order from that key and
   * stops at its limit. Before V27 it was sorted: the generic plan expected one row, and sorted
   * every version from the cursor to the end of the bucket (and before the bound beside the
   * cursor's two ranges, every version of the bucket). Planned while the big tenant or a small one
   * is bound.
   */
  @ParameterizedTest
  @ValueSource(strings = {"bigtenant", "t7"})
  void aVersionPageStartsAtItsCursor(String bound) {
    String b = "'" + BIG.value() + "'";
    String plan = explain("EXPLAIN", new TenantId(bound), VersionsTable.scanQuery(true, false),
        "text, text, text, text, text, text, int",
        String.join(", ", b, b, "'logs/030000'", "'logs/030000'", "'v2'", "'logs/030000'", "257"));
    assertThat(plan)
        .contains("Limit")
        .contains("Index Scan using object_versions_in_listing_order")
        .contains("Index Cond: ((tenant_id = $1) AND (bucket = $2) AND (object_key >= $3))")
        .doesNotContain("Sort")
        .doesNotContain("object_versions_by_age")
        .doesNotContain("Bitmap");
  }

  @Test
  void aPooledConnectionStartsWithGenericPlans() {
    String mode =
        store.unitOfWork(BIG, sql -> sql.first("SHOW plan_cache_mode", r -> r.getString(1)).orElse(""));
    assertThat(mode).isEqualTo("force_generic_plan");
  }

  /**
   * The plan of the store's own listing query of the big tenant's bucket in a unit of work bound to
   * {@code bound}, as the cached statement gets it: EXPLAIN EXECUTE of a prepared statement follows
   * plan_cache_mode (an EXPLAIN with bound parameters would always show a custom plan).
   */
  private static String explain(TenantId bound, String after, ListingFields fields) {
    return explain("EXPLAIN", bound, ObjectsTable.pageQuery(false, fields), "text, text, text, int",
        "'" + BIG.value() + "', '" + BIG.value() + "', '" + after + "', 1001");
  }

  /**
   * The plan of {@code query} prepared, in a unit of work bound to {@code bound}, with parameters of
   * {@code types}, and executed with {@code values}; {@code explain} is the EXPLAIN with its options.
   */
  private static String explain(String explain, TenantId bound, String query, String types, String values) {
    for (int n = 1; query.contains("?"); n++) {
      query = query.replaceFirst("\\?", "\\$" + n);
    }
    String prepared = query;
    return store.unitOfWork(
        bound,
        sql -> {
          sql.update("PREPARE listing_plan (" + types + ") AS " + prepared);
          try {
            return String.join(
                "\n", sql.list(explain + " EXECUTE listing_plan (" + values + ")", row -> row.getString(1)));
          } finally {
            sql.update("DEALLOCATE listing_plan");
          }
        });
  }
}

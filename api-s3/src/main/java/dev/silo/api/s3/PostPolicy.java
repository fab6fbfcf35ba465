package dev.silo.api.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The policy of a browser form upload (S3 POST Object): when it expires and the conditions every
 * field of the form must meet ({@code {"field": "value"}}, {@code ["eq", "$field", "value"]},
 * {@code ["starts-with", "$field", "prefix"]}) and the size of the file ({@code
 * ["content-length-range", min, max]}). Every field the form sends must be named by a condition,
 * except the signature, the policy itself, the file and {@code x-ignore-*} fields, as S3 rules.
 */
record PostPolicy(Instant expiration, List<Condition> conditions, long minSize, long maxSize) {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Form fields no condition needs to name. */
  private static final Set<String> EXEMPT = Set.of("x-amz-signature", "policy", "file", "awsaccesskeyid", "signature");

  /** One condition on a field (lower-case, without the {@code $}). */
  record Condition(String field, String operator, String value) {
    boolean holds(String actual) {
      return actual != null && (operator.equals("eq") ? actual.equals(value) : actual.startsWith(value));
    }
  }

  /** The policy of a form: its {@code policy} field, base64 of JSON; 400 when it is not one. */
  static PostPolicy parse(String base64) {
    JsonNode root;
    try {
      root = JSON.readTree(Base64.getDecoder().decode(base64.strip()));
    } catch (IllegalArgumentException | java.io.IOException e) {
      throw invalid("the policy is not base64-encoded JSON");
    }
    if (root == null || !root.isObject() || !root.path("expiration").isTextual() || !root.path("conditions").isArray()) {
      throw invalid("the policy needs an expiration and a list of conditions");
    }
    Instant expiration;
    try {
      expiration = Instant.parse(root.get("expiration").asText());
    } catch (DateTimeParseException e) {
      throw invalid("the policy's expiration is not an ISO 8601 time");
    }
    List<Condition> conditions = new ArrayList<>();
    long min = 0;
    long max = Long.MAX_VALUE;
    for (JsonNode c : root.get("conditions")) {
      if (c.isObject() && c.size() == 1) {
        var e = c.fields().next();
        if (!e.getValue().isValueNode()) {
          throw invalid("a condition's value must be text");
        }
        conditions.add(new Condition(e.getKey().toLowerCase(Locale.ROOT), "eq", e.getValue().asText()));
      } else if (c.isArray() && c.size() == 3 && c.get(0).isTextual()) {
        String op = c.get(0).asText().toLowerCase(Locale.ROOT);
        if (op.equals("content-length-range")) {
          if (!c.get(1).canConvertToLong() || !c.get(2).canConvertToLong() || c.get(1).asLong() < 0 || c.get(2).asLong() < c.get(1).asLong()) {
            throw invalid("content-length-range needs two sizes, the least first");
          }
          min = c.get(1).asLong();
          max = c.get(2).asLong();
        } else if ((op.equals("eq") || op.equals("starts-with")) && c.get(1).isTextual() && c.get(1).asText().startsWith("$")
            && c.get(2).isValueNode()) {
          conditions.add(new Condition(c.get(1).asText().substring(1).toLowerCase(Locale.ROOT), op, c.get(2).asText()));
        } else {
          throw invalid("a condition is eq, starts-with or content-length-range");
        }
      } else {
        throw invalid("a condition is an object of one field or a list of three");
      }
    }
    return new PostPolicy(expiration, List.copyOf(conditions), min, max);
  }

  /**
   * 403 unless the policy is in force at {@code now} for {@code bucket} and the form's {@code
   * fields} (names lower-case, the key as stored) meet every condition and are each named by one.
   */
  void check(Instant now, String bucket, Map<String, String> fields) {
    if (!now.isBefore(expiration)) {
      throw denied("Invalid according to Policy: Policy expired.");
    }
    Set<String> named = new HashSet<>();
    for (Condition c : conditions) {
      String actual = c.field().equals("bucket") ? bucket : fields.get(c.field());
      if (!c.holds(actual)) {
        throw denied("Invalid according to Policy: Policy Condition failed: [\"" + c.operator() + "\", \"$" + c.field() + "\", \""
            + c.value() + "\"]");
      }
      named.add(c.field());
    }
    for (String field : fields.keySet()) {
      if (!EXEMPT.contains(field) && !field.startsWith("x-ignore-") && !named.contains(field)) {
        throw denied("Invalid according to Policy: Extra input fields: " + field);
      }
    }
  }

  private static S3Error invalid(String message) {
    return new S3Error(400, "InvalidPolicyDocument", message);
  }

  private static S3Error denied(String message) {
    return new S3Error(403, "AccessDenied", message);
  }
}

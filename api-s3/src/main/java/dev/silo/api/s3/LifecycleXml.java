package dev.silo.api.s3;

import dev.silo.core.domain.Lifecycle;
import dev.silo.core.domain.LifecycleRule;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * S3's {@code LifecycleConfiguration} document, read into a bucket's {@link Lifecycle} and written
 * from it. What a rule can say that Silo does not do is refused, never dropped: transitions (there
 * is one storage class), tag and size filters, and keeping a number of newer noncurrent versions.
 */
final class LifecycleXml {
  private static final Set<String> RULE_ELEMENTS =
      Set.of("ID", "Filter", "Prefix", "Status", "Expiration", "NoncurrentVersionExpiration",
          "AbortIncompleteMultipartUpload", "Transition", "NoncurrentVersionTransition");
  private static final SecureRandom RANDOM = new SecureRandom();

  private LifecycleXml() {}

  static Lifecycle read(Element root) {
    if (!"LifecycleConfiguration".equals(root.getLocalName())) {
      throw S3Error.malformedXml();
    }
    List<LifecycleRule> rules = new ArrayList<>();
    for (Element rule : Xml.children(root, "Rule")) {
      rules.add(rule(rule));
    }
    if (rules.isEmpty()) {
      throw S3Error.malformedXml();
    }
    return new Lifecycle(rules);
  }

  private static LifecycleRule rule(Element rule) {
    for (Node n = rule.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && !RULE_ELEMENTS.contains(e.getLocalName())) {
        throw S3Error.malformedXml();
      }
    }
    if (!Xml.children(rule, "Transition").isEmpty() || !Xml.children(rule, "NoncurrentVersionTransition").isEmpty()) {
      throw notImplemented("transitions: Silo has one storage class");
    }
    String id = Xml.text(rule, "ID");
    // S3 names a rule sent without an id
    id = id == null || id.isBlank() ? HexFormat.of().formatHex(randomBytes()) : id.strip();
    boolean enabled =
        switch (String.valueOf(Xml.text(rule, "Status")).strip()) {
          case "Enabled" -> true;
          case "Disabled" -> false;
          default -> throw S3Error.malformedXml();
        };
    String prefix = prefix(rule);
    Integer expirationDays = null;
    LocalDate expirationDate = null;
    boolean expiredMarkers = false;
    Element expiration = only(rule, "Expiration");
    if (expiration != null) {
      expirationDays = days(expiration, "Days", "Expiration");
      expirationDate = date(Xml.text(expiration, "Date"));
      String markers = Xml.text(expiration, "ExpiredObjectDeleteMarker");
      expiredMarkers = markers != null && bool(markers);
      if (expirationDays == null && expirationDate == null && markers == null) {
        throw S3Error.malformedXml();
      }
    }
    Integer noncurrentDays = null;
    Element noncurrent = only(rule, "NoncurrentVersionExpiration");
    if (noncurrent != null) {
      if (Xml.text(noncurrent, "NewerNoncurrentVersions") != null) {
        throw notImplemented("NewerNoncurrentVersions: a rule expires noncurrent versions by their days alone");
      }
      noncurrentDays = days(noncurrent, "NoncurrentDays", "NoncurrentVersionExpiration");
      if (noncurrentDays == null) {
        throw S3Error.malformedXml();
      }
    }
    Integer abortDays = null;
    Element abort = only(rule, "AbortIncompleteMultipartUpload");
    if (abort != null) {
      abortDays = days(abort, "DaysAfterInitiation", "AbortIncompleteMultipartUpload");
      if (abortDays == null) {
        throw S3Error.malformedXml();
      }
    }
    return new LifecycleRule(id, enabled, prefix, expirationDays, expirationDate, expiredMarkers, noncurrentDays, abortDays);
  }

  /** The rule's prefix: in its Filter, or (the older form) the rule's own Prefix; not both. */
  private static String prefix(Element rule) {
    Element filter = only(rule, "Filter");
    String legacy = Xml.text(rule, "Prefix");
    if (filter != null && legacy != null) {
      throw S3Error.malformedXml();
    }
    if (filter == null) {
      return legacy == null ? "" : legacy;
    }
    for (Node n = filter.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && !e.getLocalName().equals("Prefix")) {
        throw switch (e.getLocalName()) {
          case "Tag", "And", "ObjectSizeGreaterThan", "ObjectSizeLessThan" ->
              notImplemented("filters by " + e.getLocalName() + ": Silo's rules filter by prefix");
          default -> S3Error.malformedXml();
        };
      }
    }
    String prefix = Xml.text(filter, "Prefix");
    return prefix == null ? "" : prefix;
  }

  private static Element only(Element parent, String name) {
    List<Element> found = Xml.children(parent, name);
    if (found.size() > 1) {
      throw S3Error.malformedXml();
    }
    return found.isEmpty() ? null : found.getFirst();
  }

  private static Integer days(Element action, String name, String actionName) {
    String text = Xml.text(action, name);
    if (text == null) {
      return null;
    }
    try {
      int days = Integer.parseInt(text.strip());
      if (days > 0) {
        return days;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw S3Error.invalidArgument("'" + name + "' for " + actionName + " action must be a positive integer");
  }

  /** S3 takes an ISO 8601 date or instant, which must be a midnight UTC. */
  private static LocalDate date(String text) {
    if (text == null) {
      return null;
    }
    String t = text.strip();
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t);
      }
      Instant at = Instant.parse(t);
      LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
      if (!day.atStartOfDay(ZoneOffset.UTC).toInstant().equals(at)) {
        throw S3Error.invalidArgument("'Date' must be at midnight GMT");
      }
      return day;
    } catch (DateTimeParseException e) {
      throw S3Error.invalidArgument("'Date' must be an ISO 8601 date at midnight GMT");
    }
  }

  private static boolean bool(String text) {
    return switch (text.strip()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw S3Error.malformedXml();
    };
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return b;
  }

  private static S3Error notImplemented(String what) {
    return new S3Error(501, "NotImplemented", "lifecycle rules with " + what);
  }

  static Xml write(Lifecycle lifecycle) {
    Xml x = Xml.document("LifecycleConfiguration");
    for (LifecycleRule r : lifecycle.rules()) {
      x.open("Rule").el("ID", r.id()).open("Filter").el("Prefix", r.prefix()).close("Filter");
      x.el("Status", r.enabled() ? "Enabled" : "Disabled");
      if (r.expirationDays() != null || r.expirationDate() != null || r.expiredObjectDeleteMarker()) {
        x.open("Expiration");
        if (r.expirationDays() != null) {
          x.el("Days", r.expirationDays().longValue());
        }
        if (r.expirationDate() != null) {
          x.el("Date", r.expirationDate().atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        if (r.expiredObjectDeleteMarker()) {
          x.el("ExpiredObjectDeleteMarker", "true");
        }
        x.close("Expiration");
      }
      if (r.noncurrentDays() != null) {
        x.open("NoncurrentVersionExpiration").el("NoncurrentDays", r.noncurrentDays().longValue()).close("NoncurrentVersionExpiration");
      }
      if (r.abortIncompleteDays() != null) {
        x.open("AbortIncompleteMultipartUpload").el("DaysAfterInitiation", r.abortIncompleteDays().longValue())
            .close("AbortIncompleteMultipartUpload");
      }
      x.close("Rule");
    }
    return x.end("LifecycleConfiguration");
  }
}

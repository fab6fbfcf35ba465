package dev.silo.api.s3;

import dev.silo.core.domain.Lifecycle;
import dev.silo.core.domain.LifecycleRule;
import dev.silo.core.domain.ObjectTags;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * S3's {@code LifecycleConfiguration} document, read into a bucket's {@link Lifecycle} and written
 * from it. What a rule can say that Silo does not do is refused, never dropped: transitions (there
 * is one storage class) and keeping a number of newer noncurrent versions.
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
    Filter filter = filter(rule);
    Integer expirationDays = null;
    LocalDate expirationDate = null;
    boolean expiredMarkers = false;
    Element expiration = Xml.only(rule, "Expiration");
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
    Element noncurrent = Xml.only(rule, "NoncurrentVersionExpiration");
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
    Element abort = Xml.only(rule, "AbortIncompleteMultipartUpload");
    if (abort != null) {
      abortDays = days(abort, "DaysAfterInitiation", "AbortIncompleteMultipartUpload");
      if (abortDays == null) {
        throw S3Error.malformedXml();
      }
    }
    return new LifecycleRule(id, enabled, filter.prefix(), expirationDays, expirationDate, expiredMarkers, noncurrentDays, abortDays,
        filter.tags(), filter.greaterThan(), filter.lessThan());
  }

  /** A rule's filter: its prefix, tags and size bounds (null: none). */
  private record Filter(String prefix, ObjectTags tags, Long greaterThan, Long lessThan) {
    static final Filter ALL = new Filter("", ObjectTags.NONE, null, null);
  }

  /**
   * The rule's filter: its Filter element (a Prefix, a Tag, an ObjectSizeGreaterThan or
   * ObjectSizeLessThan, or an And of several), or (the older form) the rule's own Prefix; not both.
   */
  private static Filter filter(Element rule) {
    Element filter = Xml.only(rule, "Filter");
    String legacy = Xml.text(rule, "Prefix");
    if (filter != null && legacy != null) {
      throw S3Error.malformedXml();
    }
    if (filter == null) {
      return legacy == null ? Filter.ALL : new Filter(legacy, ObjectTags.NONE, null, null);
    }
    List<Element> conditions = elements(filter);
    if (conditions.isEmpty()) {
      return Filter.ALL;
    }
    if (conditions.size() > 1) {
      throw S3Error.malformedXml(); // several conditions go in an And
    }
    Element only = conditions.getFirst();
    return only.getLocalName().equals("And") ? conditions(elements(only), true) : conditions(conditions, false);
  }

  private static Filter conditions(List<Element> elements, boolean and) {
    String prefix = "";
    Map<String, String> tags = new LinkedHashMap<>();
    Long greaterThan = null;
    Long lessThan = null;
    for (Element e : elements) {
      switch (e.getLocalName()) {
        case "Prefix" -> prefix = e.getTextContent();
        case "Tag" -> {
          String key = Xml.text(e, "Key");
          String value = Xml.text(e, "Value");
          if (key == null) {
            throw S3Error.malformedXml();
          }
          if (tags.put(key, value == null ? "" : value) != null) {
            throw S3Error.invalidArgument("Duplicate Tag Keys are not allowed.");
          }
        }
        case "ObjectSizeGreaterThan" -> greaterThan = size(e);
        case "ObjectSizeLessThan" -> lessThan = size(e);
        default -> throw S3Error.malformedXml();
      }
    }
    if (and && elements.size() < 2) {
      throw S3Error.malformedXml(); // an And joins two conditions or more
    }
    return new Filter(prefix, new ObjectTags(tags), greaterThan, lessThan);
  }

  private static long size(Element e) {
    try {
      return Long.parseLong(e.getTextContent().strip());
    } catch (NumberFormatException x) {
      throw S3Error.invalidArgument("'" + e.getLocalName() + "' must be a whole number of bytes");
    }
  }

  private static List<Element> elements(Element parent) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        out.add(e);
      }
    }
    return out;
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
      x.open("Rule").el("ID", r.id()).open("Filter");
      boolean and = r.tags().size() + (r.sizeGreaterThan() == null ? 0 : 1) + (r.sizeLessThan() == null ? 0 : 1)
          + (r.prefix().isEmpty() ? 0 : 1) > 1;
      if (and) {
        x.open("And");
      }
      if (!r.prefix().isEmpty() || !r.filtersBeyondPrefix()) {
        x.el("Prefix", r.prefix());
      }
      r.tags().tags().forEach((k, v) -> x.open("Tag").el("Key", k).el("Value", v).close("Tag"));
      if (r.sizeGreaterThan() != null) {
        x.el("ObjectSizeGreaterThan", r.sizeGreaterThan().longValue());
      }
      if (r.sizeLessThan() != null) {
        x.el("ObjectSizeLessThan", r.sizeLessThan().longValue());
      }
      if (and) {
        x.close("And");
      }
      x.close("Filter");
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

package dev.silo.api.s3;

import dev.silo.core.domain.ObjectTags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * S3's {@code Tagging} document: PutObjectTagging's and PutBucketTagging's body, their Get's
 * answer, a POST form's {@code tagging} field.
 */
final class TaggingXml {
  private TaggingXml() {}

  static ObjectTags read(Element root) {
    return new ObjectTags(tags(root));
  }

  /** The tags of a document, each key once (the holder checks the rest). */
  static Map<String, String> tags(Element root) {
    if (!"Tagging".equals(root.getLocalName())) {
      throw S3Error.malformedXml();
    }
    List<Element> sets = Xml.children(root, "TagSet");
    if (sets.size() != 1) {
      throw S3Error.malformedXml();
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (Element tag : Xml.children(sets.getFirst(), "Tag")) {
      String key = Xml.text(tag, "Key");
      String value = Xml.text(tag, "Value");
      if (key == null) {
        throw S3Error.malformedXml();
      }
      if (tags.put(key, value == null ? "" : value) != null) {
        throw new S3Error(400, "InvalidTag", "Cannot provide multiple Tags with the same key");
      }
    }
    return tags;
  }

  static Xml write(Map<String, String> tags) {
    Xml x = Xml.document("Tagging").open("TagSet");
    tags.forEach((k, v) -> x.open("Tag").el("Key", k).el("Value", v).close("Tag"));
    return x.close("TagSet").end("Tagging");
  }
}

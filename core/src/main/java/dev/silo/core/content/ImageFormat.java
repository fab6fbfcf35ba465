package dev.silo.core.content;

import java.util.Locale;

/** The output formats of image transforms. */
public enum ImageFormat {
  WEBP("image/webp"),
  JPEG("image/jpeg"),
  PNG("image/png"),
  AVIF("image/avif");

  private final String mediaType;

  ImageFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  public String mediaType() {
    return mediaType;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format of a source's media type, or null when it is not one of ours. */
  static ImageFormat ofMediaType(String type) {
    for (ImageFormat f : values()) {
      if (f.mediaType.equals(type)) {
        return f;
      }
    }
    return type.equals("image/jpg") || type.equals("image/pjpeg") ? JPEG : null;
  }
}

package dev.silo.store.fs;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The single guard between names and the filesystem: every path the fs store touches is built
 * here, and nothing built here can point outside the root.
 *
 * <p>Names and spaces are already validated by their records, so in a correct program this guard
 * never refuses anything. It checks again anyway, on plain strings, because a path traversal is
 * the one bug in this module that would let one tenant read another's bytes, and a second,
 * independent check is cheap. Each segment is checked on its own (no separators, no dot
 * segments), and the joined path is normalized and must still sit strictly under the root.
 *
 * <p>The check is lexical: symbolic links inside the root are not resolved, because whoever can
 * create them already owns the data directory.
 *
 * <p>Layout: {@code <root>/<container>/<prefix><shard>/<name>}, where the shard is characters 1
 * and 2 of the name (character 0 is the constant {@code b}), so that no directory grows past a
 * few thousand entries.
 */
public final class SafePath {
  private final Path root;

  public SafePath(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** The directory of a whole container (bucket mode keeps one tenant per container). */
  public Path container(String container) {
    return under(root, root.resolve(segment(container, "container")));
  }

  /** The directory of a space: the container itself, or the prefix directory inside it. */
  public Path space(String container, String prefix) {
    Path containerDir = container(container);
    Path dir = containerDir;
    for (String part : prefixSegments(prefix)) {
      dir = dir.resolve(part);
    }
    return dir.equals(containerDir) ? dir : under(containerDir, dir);
  }

  /** The file of a blob. */
  public Path blob(String container, String prefix, String name) {
    String checked = segment(name, "blob name");
    if (checked.length() < 3) {
      throw refused("blob name");
    }
    // The shard is cut from the name, so it is checked as a segment of its own: a name like
    // "b.." would otherwise climb out of the space.
    String shard = segment(checked.substring(1, 3), "blob name");
    Path spaceDir = space(container, prefix);
    return under(spaceDir, spaceDir.resolve(shard).resolve(checked));
  }

  private static String[] prefixSegments(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.isEmpty()) {
      return new String[0];
    }
    // The prefix is concatenated with the shard in the layout, so it must end in a separator;
    // anything else would silently merge into the shard's name.
    if (!prefix.endsWith("/")) {
      throw refused("prefix");
    }
    String[] parts = prefix.substring(0, prefix.length() - 1).split("/", -1);
    for (String part : parts) {
      segment(part, "prefix");
    }
    return parts;
  }

  private static String segment(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isEmpty()
        || value.equals(".")
        || value.equals("..")
        || value.indexOf('/') >= 0
        || value.indexOf('\\') >= 0
        || value.indexOf(':') >= 0
        || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw refused(what);
    }
    return value;
  }

  /** Each level is checked against its own parent, so a name can escape neither root nor space. */
  private static Path under(Path base, Path candidate) {
    Path normalized;
    try {
      normalized = candidate.normalize();
    } catch (InvalidPathException e) {
      throw refused("path");
    }
    if (!normalized.startsWith(base) || normalized.equals(base)) {
      throw refused("path");
    }
    return normalized;
  }

  private static IllegalArgumentException refused(String what) {
    // The offending value is left out on purpose: it would only ever come from a bug, and an
    // attacker-shaped string does not belong in a log line.
    return new IllegalArgumentException("unsafe " + what + " refused by the blob path guard");
  }
}

package dev.silo.image;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The dozen libvips and GLib functions Silo calls, bound once through the FFM linker. Variadic
 * functions are bound for the one argument shape Silo uses (options, then the terminating NULL).
 * Nothing else in Silo touches native memory.
 */
final class Libvips {
  static final int MAX_COORD = 10_000_000;
  static final int INTERESTING_NONE = 0;
  static final int INTERESTING_CENTRE = 1;
  static final int SIZE_BOTH = 0;
  static final int SIZE_DOWN = 2;

  final MethodHandle init;
  final MethodHandle versionString;
  final MethodHandle cacheSetMax;
  final MethodHandle imageNewFromBuffer;
  final MethodHandle imageGetWidth;
  final MethodHandle imageGetHeight;
  final MethodHandle thumbnailBuffer;
  final MethodHandle extractArea;
  final MethodHandle black;
  final MethodHandle writeToBuffer;
  final MethodHandle errorBuffer;
  final MethodHandle errorClear;
  final MethodHandle gFree;
  final MethodHandle gObjectUnref;

  private Libvips(SymbolLookup vips, SymbolLookup glib, SymbolLookup gobject) {
    Linker l = Linker.nativeLinker();
    init = l.downcallHandle(find(vips, "vips_init"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
    versionString = l.downcallHandle(find(vips, "vips_version_string"), FunctionDescriptor.of(ADDRESS));
    cacheSetMax = l.downcallHandle(find(vips, "vips_cache_set_max"), FunctionDescriptor.ofVoid(JAVA_INT));
    // VipsImage *vips_image_new_from_buffer(const void *buf, size_t len, const char *option_string, ...)
    imageNewFromBuffer =
        l.downcallHandle(
            find(vips, "vips_image_new_from_buffer"),
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS),
            Linker.Option.firstVariadicArg(3));
    imageGetWidth = l.downcallHandle(find(vips, "vips_image_get_width"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
    imageGetHeight = l.downcallHandle(find(vips, "vips_image_get_height"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // int vips_thumbnail_buffer(void *buf, size_t len, VipsImage **out, int width, ...)
    //   "height", int, "crop", VipsInteresting, "size", VipsSize, NULL
    thumbnailBuffer =
        l.downcallHandle(
            find(vips, "vips_thumbnail_buffer"),
            FunctionDescriptor.of(
                JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS),
            Linker.Option.firstVariadicArg(4));
    // int vips_extract_area(VipsImage *in, VipsImage **out, int left, int top, int width, int height, ...)
    extractArea =
        l.downcallHandle(
            find(vips, "vips_extract_area"),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS),
            Linker.Option.firstVariadicArg(6));
    // int vips_black(VipsImage **out, int width, int height, ...)
    black =
        l.downcallHandle(
            find(vips, "vips_black"),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS),
            Linker.Option.firstVariadicArg(3));
    // int vips_image_write_to_buffer(VipsImage *in, const char *suffix, void **buf, size_t *size, ...)
    writeToBuffer =
        l.downcallHandle(
            find(vips, "vips_image_write_to_buffer"),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS),
            Linker.Option.firstVariadicArg(4));
    errorBuffer = l.downcallHandle(find(vips, "vips_error_buffer"), FunctionDescriptor.of(ADDRESS));
    errorClear = l.downcallHandle(find(vips, "vips_error_clear"), FunctionDescriptor.ofVoid());
    gFree = l.downcallHandle(find(glib, "g_free"), FunctionDescriptor.ofVoid(ADDRESS));
    gObjectUnref = l.downcallHandle(find(gobject, "g_object_unref"), FunctionDescriptor.ofVoid(ADDRESS));
  }

  /** Loads and initialises libvips, or throws {@link UnsatisfiedLinkError}/{@link IllegalStateException}. */
  static Libvips load() {
    Arena global = Arena.global();
    SymbolLookup vips = SymbolLookup.libraryLookup("libvips.so.42", global);
    SymbolLookup glib = SymbolLookup.libraryLookup("libglib-2.0.so.0", global);
    SymbolLookup gobject = SymbolLookup.libraryLookup("libgobject-2.0.so.0", global);
    Libvips v = new Libvips(vips, glib, gobject);
    try {
      if ((int) v.init.invokeExact(global.allocateFrom("silo")) != 0) {
        throw new IllegalStateException("vips_init failed: " + v.error());
      }
      // The operation cache keys buffer loads by pointer; Silo frees its buffers after each call,
      // so a cached operation could answer for a different image at a reused address. Off.
      v.cacheSetMax.invokeExact(0);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
    return v;
  }

  String version() {
    try {
      return ((MemorySegment) versionString.invokeExact()).reinterpret(256).getString(0);
    } catch (Throwable t) {
      return "unknown";
    }
  }

  /** The error buffer's text, cleared. Shared by all threads; good enough for a message. */
  String error() {
    try {
      String s = ((MemorySegment) errorBuffer.invokeExact()).reinterpret(4096).getString(0).strip();
      errorClear.invokeExact();
      return s.length() > 300 ? s.substring(0, 300) : s;
    } catch (Throwable t) {
      return "unknown libvips error";
    }
  }

  void unref(MemorySegment image) {
    if (image != null && !image.equals(MemorySegment.NULL)) {
      try {
        gObjectUnref.invokeExact(image);
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    }
  }

  void free(MemorySegment p) {
    if (p != null && !p.equals(MemorySegment.NULL)) {
      try {
        gFree.invokeExact(p);
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    }
  }

  private static MemorySegment find(SymbolLookup lookup, String name) {
    return lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libvips symbol not found: " + name));
  }
}

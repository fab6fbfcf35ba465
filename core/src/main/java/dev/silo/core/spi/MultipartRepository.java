package dev.silo.core.spi;

import dev.silo.core.multipart.MultipartUpload;
import dev.silo.core.multipart.UploadedPart;
import java.util.List;
import java.util.Optional;

/** The bound tenant's unfinished multipart uploads and their parts (each part one blob). */
public interface MultipartRepository {
  /** Throws {@link DuplicateException} if the upload id exists. */
  void insert(MultipartUpload upload);

  Optional<MultipartUpload> find(String uploadId);

  /**
   * Uploads of the bucket whose key starts with {@code prefix}, ordered by key then upload id,
   * after ({@code keyAfter}, {@code idAfter}) when they are not null, at most {@code limit}.
   */
  List<MultipartUpload> list(dev.silo.core.domain.BucketName bucket, String prefix, String keyAfter, String idAfter, int limit);

  /** Records a part; returns the part it replaced (same number), if any. */
  Optional<UploadedPart> putPart(String uploadId, UploadedPart part);

  /** The parts numbered above {@code after}, in order, at most {@code limit}. */
  List<UploadedPart> parts(String uploadId, int after, int limit);

  /** Removes the upload and its part rows (not the blobs). */
  void delete(String uploadId);
}

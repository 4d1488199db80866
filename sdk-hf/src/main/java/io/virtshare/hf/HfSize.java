package io.virtshare.hf;

import java.util.Objects;

/**
 * What an {@code hf://} import would download, from the tree listing alone: the
 * resolved commit, the number of files and their total size.
 *
 * <pre>{@code
 * HfSize size = HfImporter.fromEnvironment().size("hf://openai-community/gpt2?allow=*.safetensors");
 * System.out.println(size.bytes() + " bytes in " + size.files() + " files at " + size.commit());
 * }</pre>
 *
 * @param source the parsed source
 * @param commit the 40-hex commit the revision resolved to
 * @param files how many files would be downloaded
 * @param bytes their total size in bytes
 */
public record HfSize(HfSource source, String commit, long files, long bytes) {
    public HfSize {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(commit, "commit");
    }
}

package io.virtshare.hf;

/**
 * The kinds of Hugging Face repositories, which live under different URLs.
 *
 * <pre>{@code
 * HfRepoType type = HfSource.parse("hf://datasets/acme/reviews").type(); // DATASET
 * }</pre>
 */
public enum HfRepoType {
    /** {@code hf://ns/name} or {@code hf://models/ns/name}. */
    MODEL("models", ""),
    /** {@code hf://datasets/ns/name}. */
    DATASET("datasets", "datasets/"),
    /** {@code hf://spaces/ns/name}. */
    SPACE("spaces", "spaces/");

    private final String api;
    private final String urlPrefix;

    HfRepoType(String api, String urlPrefix) {
        this.api = api;
        this.urlPrefix = urlPrefix;
    }

    /** The API path segment: {@code models}, {@code datasets} or {@code spaces}. */
    public String apiSegment() {
        return api;
    }

    /** The prefix of {@code resolve} URLs: empty for models, {@code datasets/} or {@code spaces/}. */
    public String urlPrefix() {
        return urlPrefix;
    }
}

package io.virtshare.share;

/**
 * Protocol options of a share: {@link VirtiofsOptions} or {@link NinePOptions}.
 *
 * <pre>{@code
 * ShareOptions options = share.options();
 * if (options instanceof VirtiofsOptions v) { System.out.println(v.cache()); }
 * }</pre>
 */
public sealed interface ShareOptions permits VirtiofsOptions, NinePOptions {
}

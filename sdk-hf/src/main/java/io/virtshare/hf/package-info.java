/**
 * {@code hf://} imports from the Hugging Face Hub: {@link io.virtshare.hf.HfImporter}
 * (found by ServiceLoader), {@link io.virtshare.hf.HfSource} for parsing sources, and a
 * size-only dry run ({@link io.virtshare.hf.HfSize}).
 *
 * <pre>{@code
 * Image tiny = ds.images().register("hf://sshleifer/tiny-gpt2");
 * System.out.println(tiny.commit().orElseThrow());
 * }</pre>
 */
package io.virtshare.hf;

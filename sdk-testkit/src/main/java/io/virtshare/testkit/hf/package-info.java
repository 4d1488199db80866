/**
 * A fake Hugging Face Hub for tests, without JUnit: {@link io.virtshare.testkit.hf.FakeHub}
 * serves {@link io.virtshare.testkit.hf.FakeRepo}s over HTTP as the real Hub does, with
 * {@link io.virtshare.testkit.hf.HubFaults fault switches} and a request log.
 *
 * <pre>{@code
 * try (FakeHub hub = FakeHub.start()) {
 *     FakeRepo repo = FakeRepo.model("acme", "tiny").file("config.json", "{}").build();
 *     hub.add(repo);
 *     System.out.println("HF_ENDPOINT=" + hub.endpoint());
 * }
 * }</pre>
 */
package io.virtshare.testkit.hf;

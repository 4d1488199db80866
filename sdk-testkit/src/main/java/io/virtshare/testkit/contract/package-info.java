/**
 * The backend contract test (docker-java's transport TCK is the model): abstract JUnit 5
 * classes every backend's tests extend — {@link io.virtshare.testkit.contract.StorageContract}
 * for pools and volumes, {@link io.virtshare.testkit.contract.VmContract} for VMs and their
 * filesystems — saying with {@link io.virtshare.testkit.contract.BackendCapability} what the
 * backend can do beyond writing definitions. Needs JUnit 5 on the test class path.
 *
 * <pre>{@code
 * class XmlFilesVmContractTest extends VmContract {
 *     protected VirtShare open(Path home) {
 *         return VirtShare.builder().home(home).backend("xml-files").build();
 *     }
 *     protected Set<BackendCapability> capabilities() {
 *         return EnumSet.noneOf(BackendCapability.class);
 *     }
 * }
 * }</pre>
 */
package io.virtshare.testkit.contract;

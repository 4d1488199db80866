/**
 * Service-provider interfaces: what a plug-in implements to extend virtshare, found
 * with {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * ServiceLoader.load(SourceImporter.class).forEach(i -> System.out.println(i.scheme()));
 * }</pre>
 */
package io.virtshare.spi;

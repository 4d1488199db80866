/**
 * Reading and writing libvirt XML without loss: {@link io.virtshare.xml.XmlCodec}.
 *
 * <pre>{@code
 * PoolSpec pool = XmlCodec.defaults().readPool(xml);
 * }</pre>
 */
package io.virtshare.xml;

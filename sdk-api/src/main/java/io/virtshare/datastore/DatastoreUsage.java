package io.virtshare.datastore;

/**
 * The datastore monitor triple OpenNebula's {@code monitor} driver reports, with
 * {@code LIMIT_MB} applied: total is the smaller of the file system and the limit.
 *
 * <pre>{@code
 * DatastoreUsage m = ds.monitor();
 * System.out.println(m.usedMb() + "/" + m.totalMb() + " MB, " + m.freeMb() + " free");
 * }</pre>
 *
 * @param usedMb MB used by images
 * @param totalMb MB the datastore may hold
 * @param freeMb MB still free
 */
public record DatastoreUsage(long usedMb, long totalMb, long freeMb) {
}

package io.virtshare.share.virtiofsd;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daemons of several shares, started together by
 * {@link VirtiofsdLauncher#startAll(io.virtshare.share.VmShares)} and stopped together: closing the
 * group closes every daemon (last started first). Idempotent.
 *
 * <pre>{@code
 * try (VirtiofsdGroup daemons = launcher.startAll(vm)) {   // vm: a VmShares
 *     daemons.daemon("home").ifPresent(d -> System.out.println(d.socket()));
 *     System.out.println(daemons.states());   // {home=Ready[...], models=Ready[...]}
 * }
 * }</pre>
 */
public final class VirtiofsdGroup implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(VirtiofsdGroup.class.getName());

    private final List<Virtiofsd> daemons;

    VirtiofsdGroup(List<Virtiofsd> daemons) {
        this.daemons = List.copyOf(daemons);
    }

    /** The daemons, in start order. */
    public List<Virtiofsd> daemons() {
        return daemons;
    }

    /** The daemon of the share tagged {@code tag}. */
    public Optional<Virtiofsd> daemon(String tag) {
        return daemons.stream().filter(d -> d.share().tag().equals(tag)).findFirst();
    }

    /** Each daemon's state, by tag. */
    public Map<String, VirtiofsdState> states() {
        Map<String, VirtiofsdState> states = new LinkedHashMap<>();
        daemons.forEach(d -> states.put(d.share().tag(), d.state()));
        return Collections.unmodifiableMap(states);
    }

    /** Stops every daemon, last started first. */
    @Override
    public void close() {
        closeAll(daemons);
    }

    static void closeAll(List<Virtiofsd> daemons) {
        List<Virtiofsd> reversed = new ArrayList<>(daemons);
        Collections.reverse(reversed);
        for (Virtiofsd daemon : reversed) {
            try {
                daemon.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "stopping virtiofsd for share ''" + daemon.share().tag() + "'' failed", e);
            }
        }
    }
}

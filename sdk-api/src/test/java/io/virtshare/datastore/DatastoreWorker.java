package io.virtshare.datastore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A separate JVM working on a datastore, for the crash and multi-process tests.
 *
 * <pre>
 * import-slow BASE SOURCE       register SOURCE, pausing at every progress report
 * churn BASE SOURCE SEED_ID N   8 threads x N: register or clone, delete every other; print kept ids
 * import BASE SOURCE NAME       register SOURCE as NAME
 * clone BASE ID NAME            clone image ID as NAME
 * delete BASE ID                delete image ID
 * </pre>
 *
 * <p>With {@code -Dvirtshare.test.halt-at=STEP} the JVM halts at that step, as kill -9 would.
 */
public final class DatastoreWorker {
    private DatastoreWorker() {
    }

    public static void main(String[] args) throws Exception {
        Datastore ds = Datastore.open(Path.of(args[1]));
        switch (args[0]) {
            case "import-slow" -> {
                System.out.println("started");
                System.out.flush();
                ds.images().register(args[2], ImportOptions.defaults().withProgress(p -> {
                    try {
                        Thread.sleep(400);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
                System.out.println("finished");
            }
            case "churn" -> churn(ds, args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "import" -> ds.images().register(args[2], ImportOptions.defaults().withName(args[3]));
            case "clone" -> ds.images().clone(ds.images().get(Integer.parseInt(args[2])), args[3]);
            case "delete" -> ds.images().delete(ds.images().get(Integer.parseInt(args[2])));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void churn(Datastore ds, String source, int seed, int rounds) throws Exception {
        List<Integer> kept = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int worker = t;
            work.add(pool.submit(() -> {
                for (int i = 0; i < rounds; i++) {
                    Image made = worker % 2 == 0 ? ds.images().register(source)
                            : ds.images().clone(ds.images().get(seed), ImportOptions.defaults());
                    if (i % 2 == 1) {
                        ds.images().delete(made);
                    } else {
                        kept.add(made.id());
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : work) {
                f.get();
            }
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(3);
        } finally {
            pool.shutdownNow();
        }
        for (int id : kept) {
            System.out.println(id);
        }
    }
}

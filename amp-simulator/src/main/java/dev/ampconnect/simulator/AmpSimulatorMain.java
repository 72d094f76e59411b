package dev.ampconnect.simulator;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator as a process until it is killed, printing its URI on stdout:
 * {@code ./mvnw -pl amp-simulator compile exec:java -Dexec.args="--port 1602 --reorg-every 50"}
 * (flags: {@link MainArgs#USAGE}, or {@code --help}).
 */
public final class AmpSimulatorMain {

    private AmpSimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        AmpSimulator.Builder builder;
        try {
            builder = MainArgs.parse(args);
        } catch (MainArgs.HelpRequested e) {
            System.out.print(MainArgs.USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("amp-simulator: " + e.getMessage());
            System.err.print(MainArgs.USAGE);
            System.exit(2);
            return;
        }
        AmpSimulator simulator = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "amp-simulator-shutdown"));
        System.out.println("amp-simulator listening on " + simulator.uri() + " (network " + simulator.network()
                + ", head " + simulator.chain().head() + ", tables " + simulator.tables() + ")");
        System.out.flush();
        stopped.await();
    }
}

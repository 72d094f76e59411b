package dev.ampconnect.packaging.e2e;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.VirtualMachine;

/**
 * The JMX beans of a running worker process, reached through the JDK's attach API by pid (the worker needs no
 * JMX port: the attach starts the JVM's local management agent), as an operator's JConsole would see them.
 */
public final class WorkerJmx implements AutoCloseable {

    private final JMXConnector connector;
    private final MBeanServerConnection server;

    private WorkerJmx(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
    }

    /** Connects to the JVM with process id {@code pid} (same user). */
    public static WorkerJmx attach(long pid) {
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                String address = vm.startLocalManagementAgent();
                return new WorkerJmx(JMXConnectorFactory.connect(new JMXServiceURL(address)));
            } finally {
                vm.detach();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot attach to the JMX agent of process " + pid, e);
        }
    }

    /**
     * The numeric attributes of the first bean matching {@code pattern} (e.g.
     * {@code kafka.connect:type=plugins,connector=pg,*}) that has attribute {@code mustHave}, by name.
     */
    public Optional<Map<String, Double>> numericAttributes(String pattern, String mustHave) {
        try {
            for (ObjectName name : server.queryNames(new ObjectName(pattern), null)) {
                Map<String, Double> values = new TreeMap<>();
                for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                    Object value = server.getAttribute(name, attribute.getName());
                    if (value instanceof Number number) {
                        values.put(attribute.getName(), number.doubleValue());
                    }
                }
                if (values.containsKey(mustHave)) {
                    return Optional.of(values);
                }
            }
            return Optional.empty();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read JMX beans " + pattern, e);
        }
    }

    /** The names of every bean matching {@code pattern}, sorted. */
    public java.util.List<String> beanNames(String pattern) {
        try {
            return server.queryNames(new ObjectName(pattern), null).stream().map(ObjectName::toString).sorted().toList();
        } catch (Exception e) {
            throw new IllegalStateException("cannot list JMX beans " + pattern, e);
        }
    }

    /** Attribute {@code attribute} of bean {@code name}, whatever its type (e.g. a string gauge). */
    public Object attribute(String name, String attribute) {
        try {
            return server.getAttribute(new ObjectName(name), attribute);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + attribute + " of JMX bean " + name, e);
        }
    }

    /** Every bean name matching {@code pattern}, for a failure message. */
    public String names(String pattern) {
        try {
            return server.queryNames(new ObjectName(pattern), null).toString();
        } catch (Exception e) {
            return "(cannot list " + pattern + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException e) {
            // the worker may be gone already; nothing to release then
        }
    }
}

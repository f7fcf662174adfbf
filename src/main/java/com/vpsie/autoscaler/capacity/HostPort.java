package com.vpsie.autoscaler.capacity;

/** A host port a container binds; two pods conflict on the same protocol and port unless their IPs differ. */
public record HostPort(String ip, String protocol, int port) {
    public HostPort {
        ip = ip == null || ip.isEmpty() ? "0.0.0.0" : ip;
        protocol = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
    }

    public boolean conflictsWith(HostPort o) {
        return port == o.port && protocol.equals(o.protocol)
                && (ip.equals(o.ip) || ip.equals("0.0.0.0") || o.ip.equals("0.0.0.0"));
    }

    @Override
    public String toString() {
        return port + "/" + protocol;
    }
}

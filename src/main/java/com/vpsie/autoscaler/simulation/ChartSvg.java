package com.vpsie.autoscaler.simulation;

import java.util.List;
import java.util.Locale;

/** Nodes and pending pods over simulated time, as a self-contained SVG. */
final class ChartSvg {
    private static final int W = 900;
    private static final int H = 360;
    private static final int LEFT = 60;
    private static final int RIGHT = 60;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private ChartSvg() {
    }

    static String render(String title, List<Report.Sample> samples) {
        double maxT = samples.isEmpty() ? 1 : Math.max(1, samples.get(samples.size() - 1).seconds());
        int maxNodes = Math.max(1, samples.stream().mapToInt(Report.Sample::nodes).max().orElse(1));
        int maxPending = Math.max(1, samples.stream().mapToInt(Report.Sample::pendingPods).max().orElse(1));
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, H));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\">%s</text>%n", LEFT, escape(title)));
        int x0 = LEFT;
        int x1 = W - RIGHT;
        int y0 = H - BOTTOM;
        int y1 = TOP;
        svg.append(String.format(Locale.ROOT, "<path d=\"M%d %d V%d H%d V%d\" fill=\"none\" stroke=\"#444\"/>%n", x0, y1, y0, x1, y1));
        for (int i = 0; i <= 4; i++) {
            double t = maxT * i / 4;
            int x = (int) (x0 + (x1 - x0) * i / 4.0);
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, y0 + 18, clock(t)));
            int y = (int) (y0 - (y0 - y1) * i / 4.0);
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#1f77b4\">%d</text>%n", x0 - 6, y + 4, Math.round(maxNodes * i / 4.0)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#d62728\">%d</text>%n", x1 + 6, y + 4, Math.round(maxPending * i / 4.0)));
        }
        svg.append(line(samples, maxT, maxNodes, true, x0, x1, y0, y1, "#1f77b4"));
        svg.append(line(samples, maxT, maxPending, false, x0, x1, y0, y1, "#d62728"));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#1f77b4\">VPSie workers (left axis)</text>%n", x0, H - 12));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#d62728\">pending pods (right axis)</text>%n", x0 + 220, H - 12));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">simulated time</text>%n", x1, H - 12));
        return svg.append("</svg>\n").toString();
    }

    private static String line(List<Report.Sample> samples, double maxT, int maxY, boolean nodes, int x0, int x1, int y0, int y1, String color) {
        StringBuilder d = new StringBuilder();
        Integer lastY = null;
        for (Report.Sample s : samples) {
            int x = (int) Math.round(x0 + (x1 - x0) * s.seconds() / maxT);
            int v = nodes ? s.nodes() : s.pendingPods();
            int y = (int) Math.round(y0 - (y0 - y1) * (double) v / maxY);
            if (lastY == null) {
                d.append('M').append(x).append(' ').append(y);
            } else if (y != lastY) {
                // Steps, not slopes: counts change at an instant.
                d.append(" H").append(x).append(" V").append(y);
            }
            lastY = y;
        }
        if (!samples.isEmpty()) {
            d.append(" H").append(x1);
        }
        return String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n", d, color);
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60) : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

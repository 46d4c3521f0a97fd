package dev.fractalsync.render;

import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.Map;

/** Measures that tell a real fractal image from a blank, flat or noise-free one. */
final class ImageChecks {
    private ImageChecks() {
    }

    static double luminanceVariance(int[] argb) {
        double sum = 0;
        double sq = 0;
        for (int p : argb) {
            double l = luminance(p);
            sum += l;
            sq += l * l;
        }
        double mean = sum / argb.length;
        return sq / argb.length - mean * mean;
    }

    /** Share of the most frequent colour (quantized to 4 bits per channel). */
    static double largestBinShare(int[] argb) {
        Map<Integer, Integer> bins = new HashMap<>();
        int max = 0;
        for (int p : argb) {
            int key = ((p >> 20) & 0xf) << 8 | ((p >> 12) & 0xf) << 4 | ((p >> 4) & 0xf);
            max = Math.max(max, bins.merge(key, 1, Integer::sum));
        }
        return (double) max / argb.length;
    }

    static int distinctBins(int[] argb) {
        java.util.Set<Integer> bins = new java.util.HashSet<>();
        for (int p : argb) {
            bins.add(((p >> 20) & 0xf) << 8 | ((p >> 12) & 0xf) << 4 | ((p >> 4) & 0xf));
        }
        return bins.size();
    }

    static double meanAbsDifference(int[] a, int[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += Math.abs(luminance(a[i]) - luminance(b[i]));
        }
        return d / a.length;
    }

    static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    static double luminance(int p) {
        return 0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff);
    }
}

package dev.sculptor.core.dataset;

/**
 * How stored uint8 pixels become network inputs. One way today: {@code UNIT_INTERVAL}, each byte
 * divided by 255 into [0, 1], channels in C×H×W order (every dataset, built-in or uploaded).
 */
public enum Normalisation {
  UNIT_INTERVAL
}

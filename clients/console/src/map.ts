import * as L from "leaflet";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import countries from "world-atlas/countries-110m.json";
import { unwrapRing } from "./map-geometry.js";
import { tileUrl } from "./session.js";

const world = countries as unknown as Topology<{ countries: GeometryCollection }>;

const outline = feature(world, world.objects.countries);
for (const country of outline.features) {
  const g = country.geometry;
  if (g?.type === "Polygon") g.coordinates = g.coordinates.map(unwrapRing);
  else if (g?.type === "MultiPolygon")
    g.coordinates = g.coordinates.map((polygon) => polygon.map(unwrapRing));
}

/**
 * A Leaflet map that needs no network: countries' outlines (Natural Earth, bundled) as the base, and a
 * tile layer on top only when the user configured a tile server. `label` names the map for screen readers;
 * the same facts are always listed beside it in text.
 */
export function createMap(el: HTMLElement, label: string): L.Map {
  el.setAttribute("role", "region");
  el.setAttribute("aria-label", label);
  const map = L.map(el, { worldCopyJump: true, attributionControl: true, zoomSnap: 0.5 }).setView([40, 0], 2);
  L.geoJSON(outline, {
    interactive: false,
    style: { color: "#8a9aa8", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 },
  }).addTo(map);
  map.attributionControl.setPrefix(false).addAttribution("Outlines: Natural Earth");
  const tiles = tileUrl();
  if (tiles) L.tileLayer(tiles, { maxZoom: 18 }).addTo(map);
  return map;
}

/** Fits the map to some bounds once the element has its size (a map made while hidden has none). */
export function fitTo(map: L.Map, bounds: L.LatLngBounds, maxZoom = 12): void {
  requestAnimationFrame(() => {
    map.invalidateSize();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom });
  });
}

export { L };

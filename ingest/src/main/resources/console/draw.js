// Charts and the station map as plain SVG: no library, no tiles, nothing fetched from elsewhere.
const SVG = "http://www.w3.org/2000/svg";

function svg(name, attributes = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function shortNumber(value) {
  const magnitude = Math.abs(value);
  return magnitude >= 100 ? value.toFixed(0) : magnitude >= 1 ? value.toFixed(2) : value.toPrecision(3);
}

// A factor's bucketed series: the min–max band of each bucket and the line of its means.
export function lineChart(points, formatTime) {
  const width = 640, height = 200, left = 52, right = 8, top = 8, bottom = 24;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img" });
  const valued = points.filter((p) => p.mean !== null);
  if (valued.length === 0) return null;
  const times = valued.map((p) => Date.parse(p.time));
  const lows = valued.map((p) => p.min), highs = valued.map((p) => p.max);
  let low = Math.min(...lows), high = Math.max(...highs);
  if (low === high) { low -= 1; high += 1; }
  const t0 = Math.min(...times), t1 = Math.max(...times) || t0 + 1;
  const x = (t) => left + ((t - t0) / Math.max(1, t1 - t0)) * (width - left - right);
  const y = (v) => top + (1 - (v - low) / (high - low)) * (height - top - bottom);
  const band = valued.map((p, i) => `${x(times[i])},${y(p.max)}`)
    .concat(valued.slice().reverse().map((p, i) => `${x(times[valued.length - 1 - i])},${y(p.min)}`));
  chart.append(svg("polygon", { points: band.join(" "), class: "band" }));
  chart.append(svg("polyline", { points: valued.map((p, i) => `${x(times[i])},${y(p.mean)}`).join(" "), class: "line" }));
  if (valued.length === 1) chart.append(svg("circle", { cx: x(times[0]), cy: y(valued[0].mean), r: 3, class: "point" }));
  chart.append(svg("line", { x1: left, y1: top, x2: left, y2: height - bottom, class: "axis" }));
  chart.append(svg("line", { x1: left, y1: height - bottom, x2: width - right, y2: height - bottom, class: "axis" }));
  chart.append(svg("text", { x: left - 4, y: top + 10, class: "label end" }, shortNumber(high)));
  chart.append(svg("text", { x: left - 4, y: height - bottom, class: "label end" }, shortNumber(low)));
  chart.append(svg("text", { x: left, y: height - 6, class: "label" }, formatTime(valued[0].time)));
  chart.append(svg("text", { x: width - right, y: height - 6, class: "label end" }, formatTime(valued[valued.length - 1].time)));
  return chart;
}

// Stations at their coordinates (equirectangular, scaled to their bounding box), coloured by status.
export function stationMap(stations, onSelect) {
  const placed = stations.filter((s) => s.lat !== null && s.lon !== null);
  if (placed.length === 0) return null;
  const width = 640, height = 360, margin = 16;
  const lats = placed.map((s) => s.lat), lons = placed.map((s) => s.lon);
  const south = Math.min(...lats), north = Math.max(...lats), west = Math.min(...lons), east = Math.max(...lons);
  // Keep the map's aspect: a degree of longitude is cos(latitude) of a degree of latitude.
  const squeeze = Math.cos(((south + north) / 2) * Math.PI / 180);
  const spanX = Math.max((east - west) * squeeze, 0.01), spanY = Math.max(north - south, 0.01);
  const scale = Math.min((width - 2 * margin) / spanX, (height - 2 * margin) / spanY);
  const map = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "map", role: "img" });
  map.append(svg("rect", { x: 0, y: 0, width, height, class: "map-ground" }));
  for (const s of placed) {
    const cx = margin + (s.lon - west) * squeeze * scale + (width - 2 * margin - spanX * scale) / 2;
    const cy = margin + (north - s.lat) * scale + (height - 2 * margin - spanY * scale) / 2;
    const open = Object.values(s.openAlerts || {}).reduce((a, b) => a + b, 0);
    const dot = svg("circle", { cx, cy, r: open > 0 ? 7 : 5, class: `dot ${s.status}${open > 0 ? " alerting" : ""}`, "data-station": s.code });
    dot.append(svg("title", {}, `${s.code} ${s.name}`));
    dot.addEventListener("click", () => onSelect(s.code));
    map.append(dot);
  }
  return map;
}

#version 330 core
// Cell colour: a diverging map centred on 0 (negative blue, positive red; or
// the colour-blind-safe purple/orange), then a pattern per cell style so an
// inserted zero never looks like a computed zero.

in vec2 v_uv;
in float v_value;
flat in int v_style;
flat in int v_highlight;
in float v_alpha;

uniform float u_value_scale;  // |value| that maps to full colour
uniform int u_palette;        // 0 blue–white–red, 1 purple–white–orange
uniform vec2 u_cell_pixels;   // size of one cell on screen, for crisp outlines

out vec4 frag_colour;

const int kNormal = 0;
const int kInsertedZero = 1;  // zeros put between δ cells (stride − 1)
const int kPadding = 2;       // outer frame: input padding or the k−1 frame of pδ
const int kRemainder = 3;     // rows/columns no window reaches (ρ)
const int kGap = 4;           // rows/columns between windows when s > k
const int kCropped = 5;       // border removed by eq 9
const int kGreyed = 6;        // eq-5 positions that belong to no weight
const int kPending = 7;       // target not yet computed in this animation

vec3 Diverging(float t) {
  // t in [-1, 1]; endpoints from ColorBrewer RdBu and PuOr.
  vec3 neg = u_palette == 0 ? vec3(0.13, 0.40, 0.67) : vec3(0.33, 0.15, 0.53);
  vec3 pos = u_palette == 0 ? vec3(0.70, 0.09, 0.17) : vec3(0.70, 0.35, 0.02);
  vec3 mid = vec3(0.97, 0.97, 0.97);
  float a = clamp(abs(t), 0.0, 1.0);
  a = sqrt(a);  // small values still visibly tinted
  return t < 0.0 ? mix(mid, neg, a) : mix(mid, pos, a);
}

void main() {
  vec3 colour = Diverging(v_value / max(u_value_scale, 1e-12));
  vec2 px = v_uv * u_cell_pixels;
  float stripe = mod(px.x + px.y, 8.0) < 2.0 ? 1.0 : 0.0;
  if (v_style == kInsertedZero) {
    colour = mix(vec3(0.93, 0.95, 0.80), vec3(0.72, 0.76, 0.45), stripe);
  } else if (v_style == kPadding) {
    colour = mix(vec3(0.90, 0.90, 0.92), vec3(0.70, 0.72, 0.78), stripe);
  } else if (v_style == kRemainder) {
    float cross = mod(px.x - px.y, 8.0) < 2.0 ? 1.0 : stripe;
    colour = mix(vec3(0.78, 0.78, 0.78), vec3(0.45, 0.45, 0.45), cross);
  } else if (v_style == kGap) {
    colour = mix(vec3(0.85, 0.85, 0.85), vec3(0.55, 0.55, 0.55), stripe);
  } else if (v_style == kCropped) {
    colour = mix(colour, vec3(0.6), 0.6);
  } else if (v_style == kGreyed) {
    colour = mix(colour, vec3(0.55), 0.75);
  } else if (v_style == kPending) {
    colour = vec3(0.92);
  }
  // Outline: thicker and coloured for highlighted cells.
  vec2 edge = min(px, u_cell_pixels - px);
  float d = min(edge.x, edge.y);
  if (v_highlight == 2 && d < max(3.0, u_cell_pixels.x * 0.12)) {
    colour = vec3(1.0, 0.78, 0.0);  // target: amber
  } else if (v_highlight == 1 && d < max(2.0, u_cell_pixels.x * 0.08)) {
    colour = vec3(0.0, 0.75, 0.35);  // operand under the window: green
  }
  frag_colour = vec4(colour, v_alpha);
}

// Shared by grid.frag and lod.frag (each gets "#version 330 core" and this
// file prepended at load time): the colour of one cell from its value,
// style and highlight. A diverging map centred on 0 (negative blue, positive
// red; or the colour-blind-safe purple/orange), then a pattern per style so
// an inserted zero never looks like a computed zero.

uniform int u_palette;  // 0 blue–white–red, 1 purple–white–orange

const int kNormal = 0;
const int kInsertedZero = 1;  // zeros put between δ cells (stride − 1)
const int kPadding = 2;       // outer frame: input padding or the k−1 frame of pδ
const int kRemainder = 3;     // rows/columns no window reaches (ρ)
const int kGap = 4;           // rows/columns between windows when s > k
const int kCropped = 5;       // border removed by eq 9
const int kGreyed = 6;        // eq-5 positions that belong to no weight (hatched)
const int kPending = 7;       // target not yet computed in this animation
const int kHole = 8;          // between the taps of a dilated kernel, read by no window

vec3 Diverging(float t) {
  // t in [-1, 1]; endpoints from ColorBrewer RdBu and PuOr.
  vec3 neg = u_palette == 0 ? vec3(0.13, 0.40, 0.67) : vec3(0.33, 0.15, 0.53);
  vec3 pos = u_palette == 0 ? vec3(0.70, 0.09, 0.17) : vec3(0.70, 0.35, 0.02);
  vec3 mid = vec3(0.97, 0.97, 0.97);
  float a = clamp(abs(t), 0.0, 1.0);
  a = sqrt(a);  // small values still visibly tinted
  return t < 0.0 ? mix(mid, neg, a) : mix(mid, pos, a);
}

// value: already divided by its tensor's colour scale (±1 = full colour;
// each tensor has its own, CellInstance::shade).
// px: position inside the cell in screen pixels (for hatching; pass a
// constant when cells are too small to hatch).
vec3 CellColour(float value, int style, vec2 px) {
  vec3 colour = Diverging(value);
  float stripe = mod(px.x + px.y, 8.0) < 2.0 ? 1.0 : 0.0;
  if (style == kInsertedZero) {
    colour = mix(vec3(0.93, 0.95, 0.80), vec3(0.72, 0.76, 0.45), stripe);
  } else if (style == kPadding) {
    colour = mix(vec3(0.90, 0.90, 0.92), vec3(0.70, 0.72, 0.78), stripe);
  } else if (style == kRemainder) {
    float cross = mod(px.x - px.y, 8.0) < 2.0 ? 1.0 : stripe;
    colour = mix(vec3(0.78, 0.78, 0.78), vec3(0.45, 0.45, 0.45), cross);
  } else if (style == kGap) {
    colour = mix(vec3(0.85, 0.85, 0.85), vec3(0.55, 0.55, 0.55), stripe);
  } else if (style == kCropped) {
    colour = mix(colour, vec3(0.6), 0.6);
  } else if (style == kGreyed) {
    // No weight: the value stays faintly visible under dense dark hatching
    // the other way round from the frames, so it never reads as a gradient.
    float hatch = mod(px.x - px.y, 6.0) < 2.5 ? 1.0 : 0.0;
    colour = mix(mix(colour, vec3(0.82), 0.7), vec3(0.30, 0.30, 0.34), hatch);
  } else if (style == kHole) {
    // A hole of the dilated kernel: a pale cell with a dark ring, like a
    // punched hole, so it never reads as a stride gap's stripes.
    float r = length(mod(px, 8.0) - vec2(4.0));
    float ring = r > 1.5 && r < 3.0 ? 1.0 : 0.0;
    colour = mix(vec3(0.90, 0.88, 0.95), vec3(0.45, 0.40, 0.60), ring);
  } else if (style == kPending) {
    colour = vec3(0.92);
  }
  return colour;
}

const vec3 kTargetColour = vec3(1.0, 0.78, 0.0);   // amber
const vec3 kOperandColour = vec3(0.0, 0.75, 0.35); // green

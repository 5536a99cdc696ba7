// One instanced cell: its colour (cell_colour.glsl) plus an outline that is
// thicker and coloured for highlighted cells.

in vec2 v_uv;
in float v_value;
flat in int v_style;
flat in int v_highlight;
in float v_alpha;

uniform vec2 u_cell_pixels;   // size of one cell on screen, for crisp outlines

out vec4 frag_colour;

void main() {
  vec2 px = v_uv * u_cell_pixels;
  vec3 colour = CellColour(v_value, v_style, px);
  vec2 edge = min(px, u_cell_pixels - px);
  float d = min(edge.x, edge.y);
  if (v_highlight == 2 && d < max(3.0, u_cell_pixels.x * 0.12)) {
    colour = kTargetColour;
  } else if (v_highlight == 1 && d < max(2.0, u_cell_pixels.x * 0.08)) {
    colour = kOperandColour;
  }
  frag_colour = vec4(colour, v_alpha);
}

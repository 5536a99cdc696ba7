// A texel holds (value, style, highlight, alpha) of the cell at that
// integer canvas position; alpha 0 where there is no cell.

in vec2 v_canvas;

uniform sampler2D u_cells;
uniform float u_progress;  // unused here, kept for a uniform interface

out vec4 frag_colour;

void main() {
  vec4 cell = texelFetch(u_cells, ivec2(floor(v_canvas)), 0);
  if (cell.a <= 0.0) discard;
  vec3 colour = CellColour(cell.r, int(cell.g + 0.5), vec2(1.0));
  int highlight = int(cell.b + 0.5);
  if (highlight == 2) colour = kTargetColour;
  else if (highlight == 1) colour = mix(colour, kOperandColour, 0.7);
  frag_colour = vec4(colour, cell.a);
}

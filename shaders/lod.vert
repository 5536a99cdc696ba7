// Far-zoom path: the cells that sit still are one texture over the whole
// canvas (one texel per cell, since the layout is on an integer grid), drawn
// as a single quad. Thousands of sub-pixel quads cost a software rasteriser
// far more than one textured quad.

layout(location = 0) in vec2 a_corner;  // [0,1]^2

uniform vec4 u_view;     // canvas unit → NDC, as in grid.vert
uniform vec2 u_extent;   // canvas size covered by the texture (units)

out vec2 v_canvas;       // canvas position

void main() {
  v_canvas = a_corner * u_extent;
  gl_Position = vec4(v_canvas * u_view.xy + u_view.zw, 0.0, 1.0);
}

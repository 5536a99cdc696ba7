// One instanced quad per tensor cell. Every cell carries where it was
// (a_from) and where it goes (a_to); u_progress (already eased) moves it.
// Mode 1 turns the cell by 180°·progress instead of sliding, which is how
// the kernel rotation of eq 8 is animated: about the midpoint of the two
// cells' centres, the one pivot a half turn carries a_from onto a_to by
// (canvas_model.h TurnPivot).

layout(location = 0) in vec2 a_corner;     // quad corner in [0,1]^2
layout(location = 1) in vec2 a_from;       // cell top-left before the animation (canvas units)
layout(location = 2) in vec2 a_to;         // cell top-left after the animation
layout(location = 4) in float a_value;     // the number ÷ its tensor's colour scale
layout(location = 5) in float a_style;     // CellStyle (see grid_renderer.h)
layout(location = 6) in float a_highlight; // 0 none, 1 term under the window, 2 target
layout(location = 7) in vec2 a_alpha;      // opacity before / after
layout(location = 8) in float a_mode;      // 0 slide, 1 rotate about the pivot

uniform vec4 u_view;      // canvas unit → NDC: ndc = pos * u_view.xy + u_view.zw
uniform float u_progress; // eased 0..1
uniform float u_gap;      // fraction of the cell left as grid line

out vec2 v_uv;
out float v_value;
flat out int v_style;
flat out int v_highlight;
out float v_alpha;

void main() {
  vec2 corner = mix(vec2(u_gap * 0.5), vec2(1.0 - u_gap * 0.5), a_corner);
  vec2 pos;
  if (a_mode > 0.5) {
    float angle = 3.14159265 * u_progress;
    mat2 turn = mat2(cos(angle), sin(angle), -sin(angle), cos(angle));
    vec2 pivot = (a_from + a_to + 1.0) * 0.5;
    pos = pivot + turn * (a_from + corner - pivot);
  } else {
    pos = mix(a_from, a_to, u_progress) + corner;
  }
  gl_Position = vec4(pos * u_view.xy + u_view.zw, 0.0, 1.0);
  v_uv = a_corner;
  v_value = a_value;
  v_style = int(a_style + 0.5);
  v_highlight = int(a_highlight + 0.5);
  v_alpha = mix(a_alpha.x, a_alpha.y, u_progress);
}

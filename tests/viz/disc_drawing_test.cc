// The topology view's message dots (viz/panels/disc_drawing.h): a disc written straight into the
// draw list must be the very disc Dear ImGui's AddCircleFilled makes (same corners, colours and
// triangles), anti-aliased or not, so that batching the dots cannot change the picture.

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "tests/viz/null_imgui.h"
#include "viz/panels/disc_drawing.h"

using namespace dsim;
using namespace dsim::viz;

namespace {

struct Drawn {
  std::vector<ImDrawVert> vertices;
  std::vector<unsigned int> indices;  // relative to the first vertex drawn
};

// What `draw_into` adds to a fresh window's draw list.
template <typename DrawInto>
Drawn drawn_by(bool anti_aliased, DrawInto draw_into) {
  ImGui::NewFrame();
  ImGui::Begin("discs");
  ImDrawList* list = ImGui::GetWindowDrawList();
  if (!anti_aliased) list->Flags &= ~ImDrawListFlags_AntiAliasedFill;
  int first_vertex = list->VtxBuffer.Size;
  int first_index = list->IdxBuffer.Size;
  unsigned int base = list->_VtxCurrentIdx;
  draw_into(list);
  Drawn drawn;
  for (int i = first_vertex; i < list->VtxBuffer.Size; ++i) drawn.vertices.push_back(list->VtxBuffer[i]);
  for (int i = first_index; i < list->IdxBuffer.Size; ++i) drawn.indices.push_back(list->IdxBuffer[i] - base);
  ImGui::End();
  ImGui::EndFrame();
  return drawn;
}

void check_same(const Drawn& ours, const Drawn& imgui) {
  REQUIRE(ours.vertices.size() == imgui.vertices.size());
  REQUIRE(ours.indices == imgui.indices);
  for (std::size_t i = 0; i < ours.vertices.size(); ++i) {
    CHECK(ours.vertices[i].pos.x == Approx(imgui.vertices[i].pos.x).margin(1e-3));
    CHECK(ours.vertices[i].pos.y == Approx(imgui.vertices[i].pos.y).margin(1e-3));
    CHECK(ours.vertices[i].col == imgui.vertices[i].col);
  }
}

}  // namespace

TEST_CASE("a disc is the one AddCircleFilled draws, corners, fringe and triangles", "[viz][topology]") {
  testing::NullImGui imgui;
  const ImU32 colour = IM_COL32(120, 200, 60, 255);
  for (float radius : {5.5f, 11.0f, 3.0f}) {
    for (bool anti_aliased : {true, false}) {
      CAPTURE(radius, anti_aliased);
      ImVec2 centre(100.25f, 80.5f);
      Drawn theirs = drawn_by(anti_aliased, [&](ImDrawList* list) { list->AddCircleFilled(centre, radius, colour); });
      Drawn ours = drawn_by(anti_aliased, [&](ImDrawList* list) { DiscDrawer(list, radius).add(centre, radius, colour); });
      // A 5.5-pixel dot has 12 sides: 24 vertices anti-aliased (a fan and its fringe), 12 without.
      if (radius == 5.5f) CHECK(ours.vertices.size() == (anti_aliased ? 24u : 12u));
      check_same(ours, theirs);
    }
  }
}

TEST_CASE("an outlined dot is its rim's colour under its fill, half a pixel either side of the radius", "[viz][topology]") {
  testing::NullImGui imgui;
  const ImU32 fill = IM_COL32(120, 200, 60, 255);
  const ImU32 rim = IM_COL32(20, 20, 20, 200);
  ImVec2 centre(50, 50);
  // The sides stay those of the 5.5-pixel dot (12) for both discs.
  Drawn theirs = drawn_by(true, [&](ImDrawList* list) {
    list->AddCircleFilled(centre, 6.0f, rim, 12);
    list->AddCircleFilled(centre, 5.0f, fill, 12);
  });
  Drawn ours = drawn_by(true, [&](ImDrawList* list) { DiscDrawer(list, 5.5f).add_outlined(centre, 5.5f, fill, rim); });
  check_same(ours, theirs);
  // No more vertices than the filled circle and anti-aliased stroke it replaces (48 both ways): what
  // it saves is the work of making them (a path and a normal per corner per dot).
  Drawn stroked = drawn_by(true, [&](ImDrawList* list) {
    list->AddCircleFilled(centre, 5.5f, fill);
    list->AddCircle(centre, 5.5f, rim, 0, 1.0f);
  });
  CHECK(ours.vertices.size() == 48);
  CHECK(ours.vertices.size() <= stroked.vertices.size());
}

TEST_CASE("a transparent or empty disc draws nothing", "[viz][topology]") {
  testing::NullImGui imgui;
  Drawn none = drawn_by(true, [&](ImDrawList* list) {
    DiscDrawer dots(list, 5.5f);
    dots.add(ImVec2(10, 10), 5.5f, IM_COL32(255, 0, 0, 0));
    dots.add(ImVec2(10, 10), 0.0f, IM_COL32(255, 0, 0, 255));
  });
  CHECK(none.vertices.empty());
  CHECK(none.indices.empty());
}

// Small anti-aliased filled discs written straight into a draw list (see disc_drawing.h).
#include "viz/panels/disc_drawing.h"

#include <algorithm>
#include <cmath>

namespace dsim::viz {

DiscDrawer::DiscDrawer(ImDrawList* draw, float radius) : draw_(draw) {
  // AddCircleFilled's automatic count: up to 48 sides it walks its 48-point table in whole steps
  // (10 sides asked are drawn as 48 / (48 / 10) = 12), beyond that it uses the count as it is.
  constexpr int kTablePoints = 48;  // IM_DRAWLIST_ARCFAST_SAMPLE_MAX
  int sides = std::max(3, draw->_CalcCircleAutoSegmentCount(radius));
  if (sides <= kTablePoints) sides = kTablePoints / (kTablePoints / sides);
  constexpr float kTwoPi = 6.28318531f;
  unit_.reserve(static_cast<std::size_t>(sides));
  for (int i = 0; i < sides; ++i) {
    float angle = kTwoPi * static_cast<float>(i) / static_cast<float>(sides);
    unit_.emplace_back(std::cos(angle), std::sin(angle));
  }
  anti_aliased_ = (draw->Flags & ImDrawListFlags_AntiAliasedFill) != 0;
  // Dear ImGui moves each corner half a fringe along its averaged edge normals, scaled so that
  // the fringe's edges lie half a fringe from the polygon's edges: for a regular polygon that is
  // radial, 0.5 * fringe / cos(pi / sides) (AddConvexPolyFilled, imgui_draw.cpp).
  fringe_ = 0.5f * draw->_FringeScale / std::cos(kTwoPi / 2 / static_cast<float>(sides));
}

void DiscDrawer::add(ImVec2 centre, float radius, ImU32 colour) {
  if ((colour & IM_COL32_A_MASK) == 0 || radius <= 0) return;
  const int sides = static_cast<int>(unit_.size());
  const ImVec2 uv = ImGui::GetFontTexUvWhitePixel();
  if (!anti_aliased_) {
    draw_->PrimReserve((sides - 2) * 3, sides);
    ImDrawVert* vertex = draw_->_VtxWritePtr;
    ImDrawIdx* index = draw_->_IdxWritePtr;
    auto base = static_cast<unsigned int>(draw_->_VtxCurrentIdx);
    for (int i = 0; i < sides; ++i) {
      vertex[i].pos = ImVec2(centre.x + unit_[static_cast<std::size_t>(i)].x * radius,
                             centre.y + unit_[static_cast<std::size_t>(i)].y * radius);
      vertex[i].uv = uv;
      vertex[i].col = colour;
    }
    for (int i = 2; i < sides; ++i) {
      *index++ = static_cast<ImDrawIdx>(base);
      *index++ = static_cast<ImDrawIdx>(base + static_cast<unsigned int>(i - 1));
      *index++ = static_cast<ImDrawIdx>(base + static_cast<unsigned int>(i));
    }
    draw_->_VtxWritePtr += sides;
    draw_->_IdxWritePtr = index;
    draw_->_VtxCurrentIdx += static_cast<unsigned int>(sides);
    return;
  }
  // Corner i is vertex 2i (inside the fringe, full colour) and 2i+1 (outside, transparent).
  draw_->PrimReserve((sides - 2) * 3 + sides * 6, sides * 2);
  ImDrawVert* vertex = draw_->_VtxWritePtr;
  ImDrawIdx* index = draw_->_IdxWritePtr;
  auto base = static_cast<unsigned int>(draw_->_VtxCurrentIdx);
  const ImU32 transparent = colour & ~IM_COL32_A_MASK;
  const float inner = radius - fringe_;
  const float outer = radius + fringe_;
  for (int i = 0; i < sides; ++i) {
    ImVec2 unit = unit_[static_cast<std::size_t>(i)];
    vertex[2 * i].pos = ImVec2(centre.x + unit.x * inner, centre.y + unit.y * inner);
    vertex[2 * i].uv = uv;
    vertex[2 * i].col = colour;
    vertex[2 * i + 1].pos = ImVec2(centre.x + unit.x * outer, centre.y + unit.y * outer);
    vertex[2 * i + 1].uv = uv;
    vertex[2 * i + 1].col = transparent;
  }
  auto at = [base](int vertex_number) { return static_cast<ImDrawIdx>(base + static_cast<unsigned int>(vertex_number)); };
  for (int i = 2; i < sides; ++i) {
    *index++ = at(0);
    *index++ = at(2 * (i - 1));
    *index++ = at(2 * i);
  }
  for (int i0 = sides - 1, i1 = 0; i1 < sides; i0 = i1++) {
    *index++ = at(2 * i1);
    *index++ = at(2 * i0);
    *index++ = at(2 * i0 + 1);
    *index++ = at(2 * i0 + 1);
    *index++ = at(2 * i1 + 1);
    *index++ = at(2 * i1);
  }
  draw_->_VtxWritePtr += sides * 2;
  draw_->_IdxWritePtr = index;
  draw_->_VtxCurrentIdx += static_cast<unsigned int>(sides * 2);
}

}  // namespace dsim::viz

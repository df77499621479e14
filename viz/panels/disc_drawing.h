// Small anti-aliased filled discs written straight into a draw list: the topology view's message
// dots, up to a few thousand a frame. Dear ImGui's AddCircleFilled builds a path, then works out an
// edge normal per vertex with a square root, for every dot; a disc of a given number of sides has
// the same shape every time, so here its outline is computed once and each dot is a translation:
// the same vertices Dear ImGui would make (a fan of `sides` triangles, and a one-pixel fringe fading
// to transparent when the list anti-aliases fills), without the per-dot work. An outlined dot is
// two discs (the outline's colour under the fill): as many vertices as a fill and a one-pixel
// anti-aliased stroke, without the stroke's path.
#pragma once

#include <vector>

#include <imgui.h>

namespace dsim::viz {

class DiscDrawer {
 public:
  // Discs of about `radius` pixels on `draw`, with as many sides as Dear ImGui would give a circle
  // of that radius.
  DiscDrawer(ImDrawList* draw, float radius);

  // A filled disc of `radius` (close to the one given above: the sides stay as chosen there).
  void add(ImVec2 centre, float radius, ImU32 colour);
  // A disc of `radius` in `fill` with a one-pixel rim in `rim`, centred on the radius, as
  // AddCircleFilled followed by AddCircle(thickness 1) draws it.
  void add_outlined(ImVec2 centre, float radius, ImU32 fill, ImU32 rim) {
    add(centre, radius + 0.5f, rim);
    add(centre, radius - 0.5f, fill);
  }

  int sides() const { return static_cast<int>(unit_.size()); }

 private:
  ImDrawList* draw_;
  std::vector<ImVec2> unit_;  // the outline's corners on the unit circle, from angle 0
  bool anti_aliased_ = true;
  float fringe_ = 0.5f;  // how far the fringe's inner and outer corners sit from the outline
};

}  // namespace dsim::viz
